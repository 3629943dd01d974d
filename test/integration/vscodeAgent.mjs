/* global fetch, indexedDB */
// VS Code's own agent (Copilot Chat built into code-server 4.139.1, Agent mode, the "Local"
// harness) governed by Hookwarden: a scripted model on 127.0.0.1 (the built-in BYOK "Custom
// Endpoint" provider, no GitHub sign-in) asks for tool calls; VS Code runs the hook files the
// extension's own registration wrote (~/.copilot/hooks and, with chat.useClaudeHooks, the Claude
// settings), the relay asks the extension's engine, VS Code obeys. The recipe and why each step
// is needed: ../../../shared/reference/vscode-own-agent-offline.md.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { ROOT, freePort, waitFor } from "./lib.mjs";

export const FAKE_MODEL = path.join(ROOT, "test", "e2e", "fake-model.mjs");
export const HOOKS_LOG_NAME = "GitHub Copilot Chat Hooks.log";

/** User settings and the BYOK model: VS Code's agent talks to the scripted model only. */
export function writeAgentSettings(run, llmPort, extraSettings = {}) {
    const user = path.join(run, "data", "User");
    fs.mkdirSync(user, { recursive: true });
    const settings = { "telemetry.telemetryLevel": "off", "workbench.startupEditor": "none", "chat.defaultModel": "gpt-fake", ...extraSettings };
    fs.writeFileSync(path.join(user, "settings.json"), `${JSON.stringify(settings, null, 2)}\n`);
    const models = [
        {
            name: "FakeEndpoint",
            vendor: "customendpoint",
            apiKey: "dummy-key",
            apiType: "chat-completions",
            models: [{ id: "gpt-fake", name: "Fake GPT", url: `http://127.0.0.1:${llmPort}/v1/chat/completions`, toolCalling: true, vision: false, maxInputTokens: 128000, maxOutputTokens: 4096 }],
        },
    ];
    fs.writeFileSync(path.join(user, "chatLanguageModels.json"), `${JSON.stringify(models, null, 2)}\n`);
}

/** The scripted model server; `configure` posts scripts to it. */
export async function startFakeModel(run) {
    const port = await freePort();
    const log = path.join(run, "fake-model.jsonl");
    const out = fs.openSync(path.join(run, "fake-model.out"), "a");
    const child = spawn(process.execPath, [FAKE_MODEL, "--port", String(port), "--log", log, "--exit-after-s", "900"], { stdio: ["ignore", out, out] });
    await waitFor("the scripted model server", async () => {
        try {
            return (await fetch(`http://127.0.0.1:${port}/v1/models`)).ok;
        } catch {
            return false;
        }
    }, 10_000);
    return {
        port,
        log,
        configure: async (config) => (await fetch(`http://127.0.0.1:${port}/__fake/config`, { method: "POST", body: JSON.stringify(config) })).json(),
        requests: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []),
        stop: () => child.kill(),
    };
}

/**
 * Seeds the workbench's storage before it loads (same origin): without the migration key the
 * first start disables the built-in Copilot Chat and asks for a GitHub sign-in.
 */
export async function seedChatStorage(page, origin) {
    await page.goto(`${origin}/healthz`);
    await page.evaluate(async () => {
        const db = await new Promise((res, rej) => {
            const q = indexedDB.open("vscode-web-state-db-global", 1);
            q.onupgradeneeded = () => q.result.createObjectStore("ItemTable");
            q.onsuccess = () => res(q.result);
            q.onerror = () => rej(q.error);
        });
        await new Promise((res, rej) => {
            const tx = db.transaction("ItemTable", "readwrite");
            tx.objectStore("ItemTable").put("true", "builtinChatExtensionEnablementMigration");
            tx.oncomplete = res;
            tx.onerror = () => rej(tx.error);
        });
        db.close();
    });
}

export const CHAT_INPUT = ".interactive-input-part .interactive-input-editor .monaco-editor";

/** Runs a command from the command palette. */
export async function runCommand(page, title) {
    await page.keyboard.press("F1");
    await page.keyboard.type(title);
    await page.waitForTimeout(400);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
}

/**
 * Registers the relay the way a user does after a marketplace install: the extension's first-run
 * question ("Register"), or, when its toast is already tucked away, the same command from the
 * command palette.
 */
export async function registerThroughExtension(page, home) {
    const button = page.locator(".notification-toast .monaco-button", { hasText: /^Register$/ }).first();
    const how = await button
        .waitFor({ timeout: 20_000 })
        .then(() => button.click())
        .then(() => "the first-run question")
        .catch(async () => {
            await runCommand(page, "Hookwarden: Register the Relay with Agent Harnesses");
            return "the command palette";
        });
    await waitFor("the registration files", () => fs.existsSync(path.join(home, ".copilot", "hooks", "hookwarden.json")) && fs.existsSync(path.join(home, ".claude", "settings.json")), 15_000);
    return how;
}

/** Types a prompt into the Chat view (Agent mode, Local harness: the defaults) and sends it. */
export async function sendPrompt(page, prompt) {
    await page.waitForSelector(CHAT_INPUT, { timeout: 30_000 });
    // Toasts (the BYOK utility-model hint, Hookwarden's own) sit over the chat input.
    if ((await page.locator(".notifications-toasts.visible .notification-toast").count()) > 0) {
        await runCommand(page, "Notifications: Clear All Notifications");
    }
    await page.click(CHAT_INPUT);
    await page.keyboard.type(prompt);
    await page.keyboard.press("Enter");
}

/** VS Code's own hooks log ("GitHub Copilot Chat Hooks" output channel), or "". */
export function hooksLog(run) {
    const logs = path.join(run, "data", "logs");
    if (!fs.existsSync(logs)) {
        return "";
    }
    const file = fs
        .readdirSync(logs, { recursive: true })
        .map(String)
        .find((f) => path.basename(f) === HOOKS_LOG_NAME);
    return file ? fs.readFileSync(path.join(logs, file), "utf8") : "";
}

/** The scripted model's requests that belong to one script token. */
export function scriptRequests(model, token) {
    return model.requests().filter((r) => r.api === "chat" && typeof r.decision?.why === "string" && r.decision.why.includes(`script ${token}`));
}

/** Waits until the model has given the script's final answer and VS Code's Stop hook ran after it. */
export async function waitForTurnEnd(run, model, token, stopsBefore, timeoutMs = 90_000) {
    await waitFor(`the scripted model's final answer for ${token}`, () => scriptRequests(model, token).some((r) => r.decision.kind === "text"), timeoutMs, 250);
    await waitFor(`VS Code's Stop hook after ${token}`, () => stopCount(run) > stopsBefore, 20_000, 250);
}

/** How many Stop hooks VS Code has completed, from its own hooks log. */
export function stopCount(run) {
    return (hooksLog(run).match(/\[Stop\][^\n]*Completed/g) ?? []).length;
}

/**
 * The decision logs the extension wrote (one per workspace storage: a reopened window may get a
 * new one), as records in time order.
 */
export function decisionRecords(run) {
    const user = path.join(run, "data", "User");
    return fs
        .readdirSync(user, { recursive: true })
        .map(String)
        .filter((f) => path.basename(f) === "decisions.jsonl")
        .flatMap((f) => fs.readFileSync(path.join(user, f), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)))
        .sort((a, b) => a.time.localeCompare(b.time));
}

/**
 * VS Code's hooks log parsed into executions: one per event fired, each with the hooks it ran
 * (`[#<n>] [<Event>] Running: <hook>`, `Input: …` with tool_input elided by VS Code,
 * `Completed (<kind>) in <ms>ms[, no output]`, `Output: <the hook's answer>`).
 */
export function hookExecutions(run) {
    const byId = new Map();
    for (const line of hooksLog(run).split("\n")) {
        const m = /\[#(\d+)\] \[(\w+)\] (.*)$/.exec(line);
        if (!m) {
            continue;
        }
        const [, id, event, rest] = m;
        const ex = byId.get(id) ?? { id: Number(id), event, hooks: [] };
        byId.set(id, ex);
        const hook = ex.hooks.at(-1);
        let g;
        if ((g = /^Running: (.*)$/.exec(rest))) {
            let spec;
            try {
                spec = JSON.parse(g[1]);
            } catch {
                spec = { command: g[1] };
            }
            ex.hooks.push({ command: String(spec.command ?? spec.linux ?? g[1]), spec });
        } else if (hook && (g = /^Input: (.*)$/.exec(rest))) {
            hook.input = g[1];
        } else if (hook && (g = /^Completed \((\w+)\) in (\d+)ms/.exec(rest))) {
            hook.result = g[1];
            hook.ms = Number(g[2]);
        } else if (hook && (g = /^Output: (.*)$/.exec(rest))) {
            hook.output = g[1];
        } else if (hook && (g = /^Error: (.*)$/.exec(rest))) {
            hook.error = g[1];
        }
    }
    return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The permission decision a hook's logged output carries ("allow" when it printed nothing). */
export function loggedDecision(hook) {
    if (!hook.output) {
        return "allow";
    }
    try {
        const o = JSON.parse(hook.output);
        return o.hookSpecificOutput?.permissionDecision ?? o.permissionDecision ?? (o.decision === "block" ? "deny" : "allow");
    } catch {
        return "unreadable";
    }
}
