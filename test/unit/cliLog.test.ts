// `hookwarden log` as a process: the last decisions of a log written by an engine, filtered,
// as a table or JSON lines; bad options named; --follow prints what is appended.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";

import { checkPayload, DecisionLog, logRecord } from "../../src/engine";
import { claudePre, engineFor, ROOT, tempDir } from "./helpers";

const CLI = path.join(ROOT, "bin", "hookwarden.js");
const engine = engineFor(`{ "hooks": [ { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell", "options": { "deny": ["destructive-fs"], "ask": ["privilege"] } } ] }`);

async function writeSession(log: DecisionLog, commands: string[]): Promise<void> {
    for (const c of commands) {
        const r = await checkPayload(engine, "claude", JSON.stringify(claudePre(c)));
        log.append(logRecord(r.event, r.decision, engine.nativeModule, { policy: engine.policy }));
    }
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, "log", ...args], { encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hookwarden log", () => {
    it("prints the decisions as a table, filtered by verdict and hook", async () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        await writeSession(new DecisionLog(file), ["rm -rf /", "sudo ls", "npm test", "rm -rf ~"]);
        const all = cli(["--log", file]);
        assert.equal(all.status, 0, all.stderr);
        const lines = all.stdout.trim().split("\n");
        assert.match(lines[0] ?? "", /^TIME +HARNESS +EVENT +TOOL +VERDICT +ORIGIN +HOOK +LATENCY +INPUT$/);
        assert.equal(lines.length, 5);
        const denies = cli(["--log", file, "--verdict", "deny", "--format", "json"]);
        const recs = denies.stdout.trim().split("\n").map((l) => JSON.parse(l) as { summary: string; hook: { name: string } });
        assert.deepEqual(
            recs.map((r) => r.summary),
            ["rm -rf /", "rm -rf ~"],
        );
        assert.ok(recs.every((r) => r.hook.name === "shell-safety"));
        assert.equal(cli(["--log", file, "--hook", "nope", "--format", "json"]).stdout, "");
        assert.equal(cli(["--log", file, "--since", "1h", "--format", "json"]).stdout.trim().split("\n").length, 4);
    });

    it("names a bad option", () => {
        const r = cli(["--log", "/nonexistent.jsonl", "--verdict", "maybe"]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--verdict must be one of allow, ask, deny, got "maybe"/);
        assert.match(cli(["--log", "/x.jsonl", "--since", "soonish"]).stderr, /--since must be a duration/);
    });

    it("--follow prints decisions appended by another engine", async () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        const log = new DecisionLog(file);
        await writeSession(log, ["ls"]);
        const child = spawn(process.execPath, [CLI, "log", "--log", file, "--follow", "--format", "json"], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
        try {
            const wait = async (n: number): Promise<void> => {
                const deadline = Date.now() + 5000;
                while (out.trim().split("\n").filter(Boolean).length < n) {
                    assert.ok(Date.now() < deadline, `timed out; got ${out}`);
                    await new Promise((r) => setTimeout(r, 20));
                }
            };
            await wait(1);
            await writeSession(log, ["rm -rf /"]);
            await wait(2);
            const last = JSON.parse(out.trim().split("\n").at(-1) ?? "") as { decision: { decision: string } };
            assert.equal(last.decision.decision, "deny");
        } finally {
            child.kill("SIGINT");
        }
    });
});
