import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

import { checkPayload } from "../../src/engine";
import { claudePre, engineFor, tempDir } from "./helpers";

const hook = (name: string, body: string, event = "PreToolUse"): string => `{ "name": "${name}", "event": "${event}", ${body} }`;
const policy = (...hooks: string[]): string => `{ "hooks": [ ${hooks.join(", ")} ] }`;

describe("merge", () => {
    it("deny > ask > allow, and the first deny ends the chain", async () => {
        const engine = engineFor(policy(hook("asks", '"module": "./allow-with-rewrite.js#askAlways"'), hook("denies", '"module": "./allow-with-rewrite.js#denyAlways"'), hook("never-runs", '"module": "./allow-with-rewrite.js#throws"')));
        const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(decision.decision, "deny");
        assert.match(decision.reason, /^denies: module denies/);
        assert.deepEqual(decision.trace.map((t) => `${t.hook}:${t.outcome}`), ["asks:ask", "denies:deny"]);
    });

    it("ask wins over allow and keeps the asking hook's reason", async () => {
        const engine = engineFor(policy(hook("rewrites", '"module": "./allow-with-rewrite.js#addDryRun"'), hook("asks", '"module": "./allow-with-rewrite.js#askAlways"')));
        const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre("make")));
        assert.equal(decision.decision, "ask");
        assert.equal(decision.reason, "asks: module asks");
    });

    it("input rewrites accumulate and later hooks see them; contexts are collected", async () => {
        const engine = engineFor(policy(hook("dry", '"module": "./allow-with-rewrite.js#addDryRun"'), hook("verbose", '"module": "./allow-with-rewrite.js#addVerbose"')));
        const { decision, answer } = await checkPayload(engine, "claude", JSON.stringify(claudePre("make deploy")));
        assert.equal(decision.decision, "allow");
        assert.deepEqual(decision.updatedInput, { command: "make deploy --dry-run --verbose" });
        assert.equal(decision.additionalContext, "verbose on");
        assert.deepEqual(decision.trace.map((t) => t.rewroteInput), [true, true]);
        const out = JSON.parse(answer.stdout) as { hookSpecificOutput: Record<string, unknown> };
        assert.deepEqual(out.hookSpecificOutput["updatedInput"], { command: "make deploy --dry-run --verbose" });
    });

    it("every hook that ran is in the trace with its latency in microseconds", async () => {
        const engine = engineFor(policy(hook("a", '"module": "./allow-with-rewrite.js#addDryRun"'), hook("b", '"command": "true"')));
        const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(decision.trace.length, 2);
        for (const t of decision.trace) {
            assert.equal(typeof t.latencyUs, "number");
            assert.ok(t.latencyUs >= 0);
        }
        assert.ok((decision.trace[1]?.latencyUs ?? 0) > 100, "spawning sh takes more than 100 µs");
    });

    it("match: tool groups, globs, harnesses", async () => {
        const engine = engineFor(policy(hook("shell-only", '"match": { "tool": "@shell", "harness": "codex" }, "module": "./allow-with-rewrite.js#denyAlways"'), hook("mcp", '"match": { "tool": "mcp__*" }, "module": "./allow-with-rewrite.js#askAlways"')));
        const claude = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(claude.decision.decision, "allow", "harness filter excludes claude");
        const codex = await checkPayload(engine, "codex", JSON.stringify({ ...claudePre("ls"), turn_id: "t" }));
        assert.equal(codex.decision.decision, "deny");
        const mcp = await checkPayload(engine, "claude", JSON.stringify({ ...claudePre("x"), tool_name: "mcp__github__create_issue", tool_input: {} }));
        assert.equal(mcp.decision.decision, "ask");
        const vs = await checkPayload(engine, "vscode", JSON.stringify({ hook_event_name: "PreToolUse", session_id: "s", cwd: "/", tool_name: "run_in_terminal", tool_input: { command: "ls" }, tool_use_id: "call_1__vscode-1" }));
        assert.equal(vs.decision.decision, "allow");
    });
});

describe("module runner", () => {
    it("loads a module once and caches it", async () => {
        // The fixture drops itself from Node's require cache on every call, so a runner that
        // required it again would run it again and the count it reports would move.
        const engine = engineFor(policy(hook("count", '"module": "./allow-with-rewrite.js#loadCount"')));
        const first = await checkPayload(engine, "claude", JSON.stringify(claudePre("a")));
        const second = await checkPayload(engine, "claude", JSON.stringify(claudePre("b")));
        assert.match(first.decision.trace[0]?.reason ?? "", /^\d+$/, "the fixture reports its load count");
        assert.equal(second.decision.trace[0]?.reason, first.decision.trace[0]?.reason, "the second event reuses the loaded module");
    });
    it("a module hook in a busy loop gets onError at its timeout, and other events are answered meanwhile", async () => {
        const spinning = engineFor(policy(hook("spins", '"module": "./allow-with-rewrite.js#spins", "timeoutMs": 1500, "onError": "deny"')));
        const other = engineFor(policy(hook("dry", '"module": "./allow-with-rewrite.js#addDryRun"')));
        let stuckDone = false;
        const stuck = checkPayload(spinning, "claude", JSON.stringify(claudePre("x"))).finally(() => (stuckDone = true));
        for (let i = 0; i < 5; i++) {
            const { decision } = await checkPayload(other, "claude", JSON.stringify(claudePre(`ls ${i}`)));
            assert.equal(decision.decision, "allow");
            assert.ok(!stuckDone, `event ${i} was answered only after the busy loop's timeout`);
        }
        const { decision } = await stuck;
        assert.equal(decision.decision, "deny");
        assert.match(decision.trace[0]?.error ?? "", /timed out after 1500 ms \(its worker was ended\)/);
    });
    for (const [name, expectError] of [["throws", /boom/], ["notAnAnswer", /expected a JSON object/], ["notAFunction", /a number, not a function/]] as const) {
        it(`a module that ${name} goes to onError (deny by default)`, async () => {
            const engine = engineFor(policy(hook("m", `"module": "./allow-with-rewrite.js#${name}"`)));
            const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
            assert.equal(decision.decision, "deny");
            assert.match(decision.trace[0]?.error ?? "", expectError);
        });
    }
    it("a module that never settles times out into onError", async () => {
        const engine = engineFor(policy(hook("m", '"module": "./allow-with-rewrite.js#hangs", "timeoutMs": 50, "onError": "ask"')));
        const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(decision.decision, "ask");
        assert.match(decision.trace[0]?.error ?? "", /timed out after 50 ms/);
    });
});

/** Gone, or a zombie waiting for a reaper (it no longer runs). */
function isGone(pid: number): boolean {
    try {
        return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return true;
    }
}

describe("command runner", () => {
    const run = async (command: string, extra = ""): Promise<Awaited<ReturnType<typeof checkPayload>>["decision"]> => {
        const engine = engineFor(policy(hook("c", `"command": ${JSON.stringify(command)}${extra}`)));
        return (await checkPayload(engine, "claude", JSON.stringify(claudePre("rm -rf /", "/")))).decision;
    };
    it("gets the event as JSON on stdin (Claude's keys)", async () => {
        const d = await run(`node -e 'const e=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log(JSON.stringify({decision: e.tool_input.command.startsWith("rm") ? "deny" : "allow", reason: e.hook_event_name + " " + e.harness}))'`);
        assert.equal(d.decision, "deny");
        assert.equal(d.reason, "c: PreToolUse claude");
    });
    it("empty stdout with exit 0 allows", async () => {
        assert.equal((await run("cat > /dev/null")).decision, "allow");
    });
    it("accepts Claude-style hookSpecificOutput answers", async () => {
        const d = await run(`echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"why"}}'`);
        assert.equal(d.decision, "ask");
        assert.equal(d.reason, "c: why");
    });
    it("exit 2 denies with stderr as the reason", async () => {
        const d = await run("echo 'not on main' >&2; exit 2");
        assert.equal(d.decision, "deny");
        assert.equal(d.reason, "c: not on main");
    });
    it("any other exit goes to onError", async () => {
        const d = await run("exit 3", ', "onError": "ask"');
        assert.equal(d.decision, "ask");
        assert.match(d.trace[0]?.error ?? "", /exited with code 3/);
    });
    it("garbage on stdout goes to onError (deny by default)", async () => {
        const d = await run("echo 'this is not json'");
        assert.equal(d.decision, "deny");
        assert.match(d.trace[0]?.error ?? "", /not JSON/);
    });
    it("an invalid verdict is an error, not an allow", async () => {
        const d = await run(`echo '{"decision":"maybe"}'`);
        assert.equal(d.decision, "deny");
        assert.match(d.trace[0]?.error ?? "", /expected "allow", "ask" or "deny"/);
    });
    it("a hook that hangs is killed with its whole process group", async () => {
        const dir = tempDir();
        const pidFile = path.join(dir, "grandchild.pid");
        const d = await run(`sleep 30 & echo $! > ${pidFile}; wait`, ', "timeoutMs": 300');
        assert.equal(d.decision, "deny");
        assert.match(d.trace[0]?.error ?? "", /timed out after 300 ms/);
        const pid = Number(fs.readFileSync(pidFile, "utf8"));
        await new Promise((r) => setTimeout(r, 100));
        assert.ok(isGone(pid), "the grandchild is gone");
    });
    it("stdout beyond the cap is an error", async () => {
        const d = await run("head -c 2000000 /dev/zero | tr '\\0' 'a'");
        assert.equal(d.decision, "deny");
        assert.match(d.trace[0]?.error ?? "", /more than 1048576 bytes/);
    });
});

describe("workspace trust", () => {
    it("holds back workspace command and module hooks in an untrusted workspace, classifiers still run", async () => {
        const text = policy(hook("cmd", '"command": "exit 2"'), hook("mod", '"module": "./allow-with-rewrite.js#denyAlways"'), hook("shell", '"classifier": "shell"'));
        const untrusted = engineFor(text, { trusted: false });
        const { decision } = await checkPayload(untrusted, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(decision.decision, "allow");
        assert.deepEqual(decision.trace.map((t) => `${t.hook}:${t.outcome}`), ["cmd:skipped", "mod:skipped", "shell:allow"]);
        assert.match(decision.trace[0]?.reason ?? "", /trusted workspace/);
        const trusted = engineFor(text, { trusted: true });
        assert.equal((await checkPayload(trusted, "claude", JSON.stringify(claudePre("ls")))).decision.decision, "deny");
    });
    it("user-layer command hooks run even when the workspace is untrusted", async () => {
        const engine = engineFor(policy(hook("cmd", '"command": "exit 2"')), { trusted: false, layer: "user" });
        assert.equal((await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")))).decision.decision, "deny");
    });
});

describe("payload errors fail closed", () => {
    it("invalid JSON on PreToolUse is denied in the harness's dialect", async () => {
        const engine = engineFor(policy());
        const { answer, decision } = await checkPayload(engine, "copilot", "{not json");
        assert.equal(decision.decision, "deny");
        const out = JSON.parse(answer.stdout) as Record<string, unknown>;
        assert.equal(out["permissionDecision"], "deny");
        assert.match(String(out["permissionDecisionReason"]), /could not read the hook payload: invalid JSON/);
    });
    it("an unreadable observe-only event (known from --event) fails open", async () => {
        const engine = engineFor(policy());
        const { decision } = await checkPayload(engine, "copilot", "[]", { event: "sessionEnd" });
        assert.equal(decision.decision, "allow");
    });
});

describe("shell classifier context", () => {
    it("a project under /tmp is not scratch space: deleting what only it holds is denied", async () => {
        const proj = fs.mkdtempSync(path.join(os.tmpdir(), "hw-proj-"));
        fs.mkdirSync(path.join(proj, "victim"));
        fs.writeFileSync(path.join(proj, "victim", "only-copy.txt"), "x");
        try {
            const engine = engineFor(policy(hook("shell", '"match": { "tool": "@shell" }, "classifier": "shell"')));
            const inside = await checkPayload(engine, "claude", JSON.stringify(claudePre(`rm -rf ${proj}/victim`, proj)));
            assert.equal(inside.decision.decision, "deny");
            assert.match(inside.decision.reason, /not under version control/);
            const scratch = await checkPayload(engine, "claude", JSON.stringify(claudePre("rm -rf /tmp/other-scratch", proj)));
            assert.equal(scratch.decision.decision, "allow");
        } finally {
            fs.rmSync(proj, { recursive: true, force: true });
        }
    });
    it("the engine's workspace roots are protected even when the cwd is elsewhere", async () => {
        const ws = fs.mkdtempSync(path.join(os.tmpdir(), "hw-ws-"));
        fs.mkdirSync(path.join(ws, "src"));
        fs.writeFileSync(path.join(ws, "src", "main.c"), "int main;");
        try {
            const text = policy(hook("shell", '"match": { "tool": "@shell" }, "classifier": "shell"'));
            const guarded = engineFor(text, { protectedRoots: [ws] });
            assert.equal((await checkPayload(guarded, "claude", JSON.stringify(claudePre(`rm -rf ${ws}/src`, "/home/u")))).decision.decision, "deny");
            // Without the roots, a path under /tmp outside the cwd is scratch space.
            const plain = engineFor(text);
            assert.equal((await checkPayload(plain, "claude", JSON.stringify(claudePre(`rm -rf ${ws}/src`, "/home/u")))).decision.decision, "allow");
        } finally {
            fs.rmSync(ws, { recursive: true, force: true });
        }
    });
});
