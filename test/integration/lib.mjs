/* global fetch, performance */
// Shared by the integration run and the demo: a real VS Code (code-server on Node 24, from
// .vscode-test/) started with a fresh HOME, extensions dir and runtime dir, the packaged VSIX
// installed, Playwright driving Debian's chromium, and the relay binary played against it.
// See ../../../shared/reference/real-vscode-offline.md for why each flag is here.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { CHROMIUM, CS_ENTRY, NODE24, cleanEnv } from "../../scripts/setup-vscode.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PAYLOADS = path.join(ROOT, "test", "fixtures", "payloads");
export const EXTRA_PAYLOADS = path.join(ROOT, "test", "integration", "fixtures");
export const EXTENSION_ID = "hookwarden.hookwarden";

export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

/** A fresh run folder with home/, ext/, data/, tmp/, rt/ (0700) and ws/. Short paths: sockets live here. */
export function makeRunDir(parent, name) {
    const dir = path.join(parent, name);
    fs.rmSync(dir, { recursive: true, force: true });
    for (const sub of ["home", "ext", "data", "tmp", "ws"]) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
    }
    fs.mkdirSync(path.join(dir, "rt"), { mode: 0o700 });
    return dir;
}

function csEnv(run, extra = {}) {
    return cleanEnv({ HOME: path.join(run, "home"), TMPDIR: path.join(run, "tmp"), HOOKWARDEN_RUNTIME_DIR: path.join(run, "rt"), NODE_DISABLE_COMPILE_CACHE: "1", XDG_RUNTIME_DIR: "", ...extra });
}

export function installVsix(run, vsix) {
    const r = spawnSync(NODE24, [CS_ENTRY, "--user-data-dir", path.join(run, "data"), "--extensions-dir", path.join(run, "ext"), "--install-extension", vsix], { env: csEnv(run), encoding: "utf8" });
    if (r.status !== 0) {
        throw new Error(`--install-extension failed: ${r.stdout}${r.stderr}`);
    }
    const dir = fs.readdirSync(path.join(run, "ext")).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    if (!dir) {
        throw new Error(`the VSIX did not install into ${run}/ext: ${r.stdout}`);
    }
    return path.join(run, "ext", dir);
}

/**
 * Starts code-server in its own process group (stop() kills the group). `trust: false` keeps
 * workspace trust on, so the folder opens untrusted; `testDriver` turns on the smoke-test driver
 * that makes the workbench honour `?payload=`.
 */
export async function startCodeServer(run, { port, trust = true, testDriver = false, env = {} } = {}) {
    fs.writeFileSync(path.join(run, "config.yaml"), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [CS_ENTRY, "--config", path.join(run, "config.yaml"), "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-getting-started-override", "--user-data-dir", path.join(run, "data"), "--extensions-dir", path.join(run, "ext")];
    if (trust) {
        args.push("--disable-workspace-trust");
    }
    if (testDriver) {
        args.push("--vscode-option", "enable-smoke-test-driver");
    }
    args.push(path.join(run, "ws"));
    const out = fs.openSync(path.join(run, "cs.log"), "a");
    const child = spawn(NODE24, args, { env: csEnv(run, env), detached: true, stdio: ["ignore", out, out] });
    const stop = () => {
        try {
            process.kill(-child.pid, "SIGTERM");
        } catch {
            // already gone
        }
    };
    const deadline = Date.now() + 30_000;
    for (;;) {
        try {
            const res = await fetch(`http://127.0.0.1:${port}/healthz`);
            if (res.ok) {
                break;
            }
        } catch {
            // not up yet
        }
        if (Date.now() > deadline || child.exitCode !== null) {
            stop();
            throw new Error(`code-server did not come up; see ${run}/cs.log`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return { child, stop, url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.join(run, "ws"))}` };
}

export async function launchBrowser() {
    const { chromium } = await import("playwright-core");
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}

/** The workbench URL with a test payload (vscode-remote:// URIs, as the reference requires). */
export function payloadUrl(port, folder, entries) {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = entries.map(([k, v]) => [k, remote(v)]);
    return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fixture payload with its cwd moved into the workspace (the relay picks the engine by cwd). */
export function payload(name, cwd) {
    const file = fs.existsSync(path.join(EXTRA_PAYLOADS, `${name}.json`)) ? path.join(EXTRA_PAYLOADS, `${name}.json`) : path.join(PAYLOADS, `${name}.json`);
    const obj = JSON.parse(fs.readFileSync(file, "utf8"));
    obj.cwd = cwd;
    return JSON.stringify(obj);
}

/** Runs the relay as a harness would: payload on stdin, the answer on stdout, exit 0. */
export function callRelay(relay, harness, body, runtimeDir, event) {
    const t0 = performance.now();
    const args = ["--harness", harness, ...(event ? ["--event", event] : [])];
    const r = spawnSync(relay, args, { input: body, encoding: "utf8", env: { PATH: process.env.PATH, HOOKWARDEN_RUNTIME_DIR: runtimeDir }, timeout: 15_000 });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr, ms: performance.now() - t0 };
}

/** The decision a relay answer carries, in any dialect. */
export function verdictOf(stdout) {
    if (stdout === "" || stdout === "{}") {
        return "allow";
    }
    const o = JSON.parse(stdout);
    const d = o.hookSpecificOutput?.permissionDecision ?? o.permissionDecision ?? o.decision ?? "allow";
    return d === "block" ? "deny" : d;
}

export async function waitFor(what, fn, timeoutMs = 20_000, everyMs = 100) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await fn();
        if (v) {
            return v;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

/** The engine registry entries in a runtime dir (one per running engine). */
export function registryEntries(runtimeDir) {
    if (!fs.existsSync(runtimeDir)) {
        return [];
    }
    return fs.readdirSync(runtimeDir).filter((f) => /^engine-.*\.json$/.test(f)).map((f) => JSON.parse(fs.readFileSync(path.join(runtimeDir, f), "utf8")));
}

export const SAMPLE_POLICY = `// Sample workspace policy for Hookwarden's integration tests and demo.
{
  "failMode": { "PreToolUse": "deny" },
  "hooks": [
    { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell",
      "options": { "deny": ["destructive-fs", "destructive-git", "remote-code-exec"], "ask": ["privilege"] } },
    { "name": "redact-secrets", "event": "PostToolUse", "classifier": "secrets", "options": { "action": "redact", "scan": ["output"] } }
  ]
}
`;

/**
 * The runner scripts' tiny test harness: `test` runs one case and records PASS/FAIL (never throws),
 * `assert` fails a case with a message, `results` collects every outcome.
 */
export function testRecorder() {
    const results = [];
    const say = (s) => process.stdout.write(`${s}\n`);
    async function test(name, fn) {
        const t0 = Date.now();
        try {
            await fn();
            results.push({ name, ok: true, ms: Date.now() - t0 });
            say(`PASS ${name} (${Date.now() - t0} ms)`);
        } catch (err) {
            results.push({ name, ok: false, ms: Date.now() - t0, error: String(err?.stack ?? err) });
            say(`FAIL ${name}: ${err?.message ?? err}`);
        }
    }
    function assert(cond, message) {
        if (!cond) {
            throw new Error(message);
        }
    }
    return { results, say, test, assert };
}
