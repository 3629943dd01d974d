// The engine server over a real Unix socket (the relay's side is tested in native/relay and e2e).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { DecisionLog, EngineServer, removeStaleEntries, type RegistryEntry } from "../../src/engine";
import { claudePre, engineFor, tempDir } from "./helpers";

function request(socketPath: string, line: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
        const s = net.createConnection(socketPath);
        let data = "";
        s.on("data", (b) => (data += b.toString("utf8")));
        s.on("end", () => {
            try {
                resolve(JSON.parse(data) as Record<string, unknown>);
            } catch (e) {
                reject(e as Error);
            }
        });
        s.on("error", reject);
        s.write(`${line}\n`);
    });
}

/** The server logs after answering: let that run. */
function flush(): Promise<void> {
    return new Promise((r) => setTimeout(r, 20));
}

describe("engine server", () => {
    const dir = path.join(tempDir(), "rt");
    const log = new DecisionLog(path.join(tempDir(), "decisions.jsonl"));
    const engine = engineFor('{ "hooks": [ { "name": "deny-rm", "event": "PreToolUse", "match": { "tool": "@shell" }, "command": "grep -q rm && exit 2 || true" } ] }');
    const server = new EngineServer({ roots: ["/home/u"], engine: () => engine, log, runtimeDir: dir });
    let entry: RegistryEntry;

    before(async () => {
        await server.start();
        entry = JSON.parse(fs.readFileSync(server.registryFile, "utf8")) as RegistryEntry;
    });
    after(async () => {
        await server.stop();
    });

    it("registers privately: dir 0700, registry and socket 0600", () => {
        assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
        assert.equal(fs.statSync(server.registryFile).mode & 0o777, 0o600);
        assert.equal(fs.statSync(server.socketPath).mode & 0o777, 0o600);
        assert.deepEqual(entry.roots, ["/home/u"]);
        assert.equal(entry.pid, process.pid);
        assert.equal(entry.token.length, 64);
    });

    it("answers a relay request in the harness's dialect and logs it", async () => {
        const out = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload: JSON.stringify(claudePre("rm -rf x")) }));
        assert.equal(out["decision"], "deny");
        const answer = JSON.parse(String(out["stdout"])) as { hookSpecificOutput: Record<string, unknown> };
        assert.equal(answer.hookSpecificOutput["permissionDecision"], "deny");
        await flush();
        const { records } = log.read();
        assert.equal(records.at(-1)?.decision.decision, "deny");
    });

    it("rejects a wrong token without deciding", async () => {
        const out = await request(server.socketPath, JSON.stringify({ v: 1, token: "0".repeat(64), harness: "claude", event: null, payload: "{}" }));
        assert.equal(out["error"], "bad token");
        assert.equal(out["stdout"], undefined);
    });

    it("answers concurrent requests", async () => {
        const outs = await Promise.all(
            Array.from({ length: 20 }, (_, i) => request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload: JSON.stringify({ ...claudePre(i % 2 ? "rm a" : "ls"), session_id: `s${i}` }) }))),
        );
        assert.deepEqual(outs.map((o) => o["decision"]), Array.from({ length: 20 }, (_, i) => (i % 2 ? "deny" : "allow")));
    });

    it("decides the same tool call once and marks the second answer a duplicate", async () => {
        const payload = JSON.stringify({ ...claudePre("rm dup"), session_id: "dup-session" });
        const first = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload }));
        const copilotPayload = JSON.stringify({ hook_event_name: "PreToolUse", session_id: "dup-session", cwd: "/home/u/proj", tool_name: "Bash", tool_input: { command: "rm dup" } });
        const second = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "copilot", event: null, payload: copilotPayload }));
        assert.equal(first["duplicate"], undefined);
        assert.equal(second["duplicate"], true);
        assert.equal(second["decision"], "deny");
        assert.equal((JSON.parse(String(second["stdout"])) as Record<string, unknown>)["permissionDecision"], "deny", "rendered in the second caller's dialect");
        await flush();
        assert.equal(log.read().records.at(-1)?.decision.duplicate, true);
    });

    it("decides again when the same command comes with another tool-use id", async () => {
        const call = (id: string): string => JSON.stringify({ ...claudePre("rm again"), session_id: "again-session", tool_use_id: id });
        const first = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload: call("toolu_1") }));
        const repeat = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload: call("toolu_1") }));
        const second = await request(server.socketPath, JSON.stringify({ v: 1, token: entry.token, harness: "claude", event: null, payload: call("toolu_2") }));
        assert.equal(first["duplicate"], undefined);
        assert.equal(repeat["duplicate"], true, "the same id again is the same call");
        assert.equal(second["duplicate"], undefined, "another id is another call");
        assert.equal(second["decision"], "deny");
    });

    it("ingests the relay's spool records into the log, redacted", () => {
        fs.mkdirSync(path.join(dir, "spool"), { recursive: true, mode: 0o700 });
        const payload = JSON.stringify({ hook_event_name: "PreToolUse", session_id: "sp", cwd: "/", tool_name: "Bash", tool_input: { command: "echo postgres://u:hunter2hunter2@db/x" } });
        fs.writeFileSync(path.join(dir, "spool", "1-1.json"), JSON.stringify({ v: 1, time: 1_700_000_000_000, harness: "claude", event: null, cwd: "/", payload, decision: "deny", reason: "no engine" }), { mode: 0o600 });
        assert.equal(server.ingestSpool(), 1);
        const last = log.read().records.at(-1);
        assert.equal(last?.spooled, true);
        assert.equal(last?.origin, "fail-mode", "a spooled record says the relay's fail mode decided it");
        assert.equal(last?.revision, undefined, "no policy revision decided a spooled event");
        assert.ok(!JSON.stringify(last).includes("hunter2hunter2"), "the spooled payload is redacted");
        assert.equal(fs.readdirSync(path.join(dir, "spool")).length, 0);
    });

    it("removes stale entries of dead engines", () => {
        const stale = path.join(dir, "engine-999999-deadbeef.json");
        fs.writeFileSync(stale, "{}", { mode: 0o600 });
        fs.writeFileSync(stale.replace(".json", ".sock"), "");
        assert.deepEqual(removeStaleEntries(dir), [stale]);
        assert.ok(!fs.existsSync(stale));
        assert.ok(fs.existsSync(server.registryFile), "a live engine's entry stays");
    });

    it("stop removes the socket and the registry entry", async () => {
        const other = new EngineServer({ roots: ["/"], engine: () => engine, runtimeDir: dir });
        await other.start();
        assert.ok(fs.existsSync(other.socketPath));
        await other.stop();
        assert.ok(!fs.existsSync(other.socketPath) && !fs.existsSync(other.registryFile));
    });
});

describe("decision log", () => {
    it("skips a torn last line and keeps every whole record", () => {
        const file = path.join(tempDir(), "d.jsonl");
        const log = new DecisionLog(file);
        const rec = { time: "t", harness: "claude", event: "Stop", cwd: "/", decision: { decision: "allow" as const, reason: "", event: "Stop" as const, harness: "claude" as const, latencyUs: 0, trace: [] } };
        log.append(rec);
        log.append(rec);
        fs.appendFileSync(file, '{"time":"t","harn');
        const r = log.read();
        assert.equal(r.records.length, 2);
        assert.deepEqual(r.skipped, [3]);
    });
    it("rotates by size", () => {
        const file = path.join(tempDir(), "d.jsonl");
        const log = new DecisionLog(file, { maxBytes: 300, keep: 2 });
        const rec = { time: "t", harness: "claude", event: "Stop", cwd: "/", decision: { decision: "allow" as const, reason: "x".repeat(100), event: "Stop" as const, harness: "claude" as const, latencyUs: 0, trace: [] } };
        for (let i = 0; i < 6; i++) {
            log.append(rec);
        }
        assert.ok(fs.existsSync(`${file}.1`));
        assert.ok(fs.statSync(file).size <= 300);
    });
    it("a write that fails is reported, not thrown, and later writes recover", () => {
        const dir = tempDir();
        const file = path.join(dir, "d.jsonl");
        const log = new DecisionLog(file);
        fs.mkdirSync(file); // the log path is a directory: every write fails (as on a full or broken disk)
        const rec = { time: "t", harness: "claude", event: "Stop", cwd: "/", decision: { decision: "allow" as const, reason: "", event: "Stop" as const, harness: "claude" as const, latencyUs: 0, trace: [] } };
        assert.equal(log.append(rec), false);
        assert.ok(log.lastError);
        fs.rmdirSync(file);
        assert.equal(log.append(rec), true);
        assert.equal(log.lastError, undefined);
    });
});
