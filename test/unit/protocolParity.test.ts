// One protocol table (protocol/dialects.json) for the relay and the engine: every fail-mode answer
// the relay binary renders is the answer the engine renders for the same harness, event and
// verdict, and each drift the two once had is pinned by a test of its own.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { BLOCKING_EVENTS, checkPayload, DecisionLog, EngineServer, EVENT_NAMES, HARNESSES, normalizeEventName, shortFormToPayload, type EventName, type Harness, type Verdict } from "../../src/engine";
import { engineFor, ROOT, tempDir } from "./helpers";

const RELAY = path.join(ROOT, "native", "target", "release", "hookwarden-relay");
const VERDICTS: Verdict[] = ["allow", "ask", "deny"];

/** A private runtime dir whose one registration points at a socket nobody listens on. */
function unreachableEngine(cwd: string, failMode: Record<string, string>): string {
    const dir = path.join(tempDir(), "run");
    fs.mkdirSync(dir, { mode: 0o700 });
    const entry = { v: 1, socket: path.join(dir, "nobody.sock"), token: "t", pid: process.pid, roots: [cwd], failMode };
    fs.writeFileSync(path.join(dir, "engine-parity.json"), JSON.stringify(entry), { mode: 0o600 });
    return dir;
}

interface RelayRun {
    answer: unknown;
    reason: string;
    runtimeDir: string;
}

function relay(harness: Harness, event: string, payload: string, runtimeDir: string): RelayRun {
    const r = spawnSync(RELAY, ["--harness", harness, "--event", event, "--runtime-dir", runtimeDir, "--deadline-ms", "3000"], { input: payload, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", HOME: path.dirname(runtimeDir) } });
    assert.equal(r.status, 0, `relay exit ${r.status}: ${r.stderr}`);
    // The relay logs the reason it answered with as its last stderr line.
    const reason = /hookwarden-relay: (.*)\s*$/.exec(r.stderr)?.[1] ?? "";
    return { answer: JSON.parse(r.stdout) as unknown, reason, runtimeDir };
}

function payloadFor(harness: Harness, event: EventName, cwd: string): string {
    const tool = event === "PreToolUse" || event === "PostToolUse" || event === "PostToolUseFailure" || event === "PermissionRequest";
    return JSON.stringify(shortFormToPayload(harness, { event, cwd, ...(tool ? { tool: "Bash", input: { command: "ls" } } : {}) }));
}

describe("one protocol table for the relay and the engine", { skip: !fs.existsSync(RELAY) && "the relay is not built (npm run build:relay)" }, () => {
    it("every (harness, event, fail-mode verdict): the relay binary and the engine answer the same", async () => {
        const cwd = tempDir();
        let cases = 0;
        for (const harness of HARNESSES) {
            for (const event of EVENT_NAMES) {
                for (const asked of VERDICTS) {
                    // The engine's own fail-mode path: a payload it cannot read, under a policy naming this
                    // fail mode. The layers merge it with the built-in default's (a blocking event never
                    // goes below deny), and the registry the relay reads carries that merged verdict.
                    const engine = engineFor(JSON.stringify({ failMode: { [event]: asked }, hooks: [] }));
                    const verdict = engine.failMode(event);
                    const run = relay(harness, event, payloadFor(harness, event, cwd), unreachableEngine(cwd, { [event]: verdict }));
                    assert.ok(run.reason.endsWith(`fail mode for ${event} is ${verdict}`), `${harness} ${event} ${verdict}: ${run.reason}`);
                    const checked = await checkPayload(engine, harness, "{ not json", { event });
                    assert.equal(checked.decision.decision, verdict);
                    // Same reason on both sides, so the answers can be compared whole.
                    const quoted = (s: string): string => JSON.stringify(s).slice(1, -1);
                    const engineAnswer = JSON.parse(checked.answer.stdout.split(quoted(checked.decision.reason)).join(quoted(run.reason))) as unknown;
                    assert.deepEqual(run.answer, engineAnswer, `${harness} ${event} fail mode ${verdict}`);
                    cases++;
                }
            }
        }
        assert.equal(cases, HARNESSES.length * EVENT_NAMES.length * VERDICTS.length);
    });

    it("without a registered fail mode, the relay's default is the engine's: deny exactly for the blocking events", () => {
        const cwd = tempDir();
        for (const event of EVENT_NAMES) {
            const run = relay("claude", event, payloadFor("claude", event, cwd), unreachableEngine(cwd, {}));
            const expected = BLOCKING_EVENTS.has(event) ? "deny" : "allow";
            assert.ok(run.reason.endsWith(`fail mode for ${event} is ${expected}`), `${event}: ${run.reason}`);
            assert.equal(engineFor('{ "hooks": [] }').failMode(event), expected);
        }
    });
});

describe("drifts the table removed", { skip: !fs.existsSync(RELAY) && "the relay is not built (npm run build:relay)" }, () => {
    it("Copilot's errorOccurred: the relay spools it under the engine's event name, one a policy can hold", () => {
        const cwd = tempDir();
        const runtimeDir = unreachableEngine(cwd, { Notification: "deny" });
        const run = relay("copilot", "errorOccurred", JSON.stringify({ sessionId: "s", timestamp: 0, cwd, error: { message: "boom" } }), runtimeDir);
        assert.ok(run.reason.endsWith("fail mode for Notification is deny"), run.reason);
        const spooled = fs.readdirSync(path.join(runtimeDir, "spool")).filter((f) => f.endsWith(".json"));
        const record = JSON.parse(fs.readFileSync(path.join(runtimeDir, "spool", spooled[0] ?? ""), "utf8")) as { event: string };
        assert.equal(record.event, normalizeEventName("errorOccurred"));
        assert.equal(record.event, "Notification");
    });

    it("a fail mode of ask for Codex: the relay answers deny, as the engine does (Codex cannot ask)", async () => {
        const cwd = tempDir();
        const run = relay("codex", "PreToolUse", payloadFor("codex", "PreToolUse", cwd), unreachableEngine(cwd, { PreToolUse: "ask" }));
        const answer = run.answer as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
        assert.equal(answer.hookSpecificOutput.permissionDecision, "deny");
        assert.match(answer.hookSpecificOutput.permissionDecisionReason, /^Needs approval: /);
        const engine = engineFor('{ "failMode": { "PreToolUse": "ask" }, "hooks": [] }');
        const checked = await checkPayload(engine, "codex", "[]", { event: "PreToolUse" });
        assert.equal((JSON.parse(checked.answer.stdout) as typeof answer).hookSpecificOutput.permissionDecision, "deny");
    });

    it("the blocking events are listed once, in protocol/dialects.json", () => {
        const table = JSON.parse(fs.readFileSync(path.join(ROOT, "protocol", "dialects.json"), "utf8")) as { events: Record<string, { blocking: boolean }> };
        assert.deepEqual(
            Object.entries(table.events)
                .filter(([, e]) => e.blocking)
                .map(([name]) => name)
                .sort(),
            [...BLOCKING_EVENTS].sort(),
        );
        // A second list in the code, in either language, would be a copy that can drift.
        const copies: string[] = [];
        const walk = (dir: string): void => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory()) {
                    walk(file);
                } else if (/\.(ts|rs)$/.test(entry.name)) {
                    const text = fs.readFileSync(file, "utf8").replace(/\s+/g, " ");
                    if (/"PreToolUse"\s*[,|]\s*"UserPromptSubmit"\s*[,|]\s*"PermissionRequest"/.test(text)) {
                        copies.push(path.relative(ROOT, file));
                    }
                }
            }
        };
        walk(path.join(ROOT, "src"));
        walk(path.join(ROOT, "native", "relay", "src"));
        assert.deepEqual(copies, []);
    });

    it("a spooled record keeps its verdict in the log: an allowed event is not logged as a deny", () => {
        const dir = path.join(tempDir(), "rt");
        const log = new DecisionLog(path.join(tempDir(), "decisions.jsonl"));
        const server = new EngineServer({ roots: ["/"], engine: () => engineFor('{ "hooks": [] }'), log, runtimeDir: dir });
        try {
            fs.mkdirSync(path.join(dir, "spool"), { recursive: true, mode: 0o700 });
            const payload = JSON.stringify({ hook_event_name: "PostToolUse", session_id: "s", cwd: "/", tool_name: "Bash", tool_input: {}, tool_response: "ok" });
            fs.writeFileSync(path.join(dir, "spool", "1-1.json"), JSON.stringify({ v: 1, time: 1, harness: "claude", event: "PostToolUse", cwd: "/", payload, decision: "allow", reason: "no engine" }), { mode: 0o600 });
            assert.equal(server.ingestSpool(), 1);
            const decision = log.read().records.at(-1)?.decision;
            assert.equal(decision?.decision, "allow");
            assert.deepEqual(
                decision?.trace.map((t) => t.outcome),
                ["allow"],
            );
        } finally {
            void server.stop();
        }
    });
});
