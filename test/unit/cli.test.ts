// `hookwarden check` end to end as a process, over the payload fixtures of every harness.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { FIXTURES, ROOT, tempDir } from "./helpers";

const CLI = path.join(ROOT, "bin", "hookwarden.js");
const HARNESSES = ["claude", "codex", "copilot", "vscode"] as const;
const AWS_KEY = "AKIAZ7QH4TJ3XW5LMN2P";
const GH_TOKEN_PREFIX = "ghp_Zq3xT8";

function cli(args: string[], stdin: string, options: { cwd?: string; home?: string } = {}): { status: number | null; stdout: string; stderr: string } {
    const env = options.home ? { ...process.env, HOME: options.home } : process.env;
    const r = spawnSync(process.execPath, [CLI, ...args], { input: stdin, encoding: "utf8", env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function check(name: string, harness: string, format = "harness"): Record<string, unknown> {
    const payload = fs.readFileSync(path.join(FIXTURES, "payloads", `${name}.${harness}.json`), "utf8");
    const event = name === "output-secrets" ? "postToolUse" : "preToolUse";
    const r = cli(["check", "--harness", harness, "--format", format, ...(harness === "copilot" ? ["--event", event] : [])], payload);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    return JSON.parse(r.stdout) as Record<string, unknown>;
}

function permission(out: Record<string, unknown>, harness: string): { decision: unknown; reason: unknown } {
    if (harness === "copilot") {
        return { decision: out["permissionDecision"], reason: out["permissionDecisionReason"] };
    }
    const s = out["hookSpecificOutput"] as Record<string, unknown>;
    assert.equal(s["hookEventName"], "PreToolUse");
    return { decision: s["permissionDecision"], reason: s["permissionDecisionReason"] };
}

describe("hookwarden check (default policy) in every harness's dialect", () => {
    for (const harness of HARNESSES) {
        it(`${harness}: rm -rf is denied`, () => {
            const p = permission(check("rm-rf", harness), harness);
            assert.equal(p.decision, "deny");
            assert.match(String(p.reason), /shell-safety: .*rm/);
        });
        it(`${harness}: curl | bash is denied`, () => {
            const p = permission(check("curl-bash", harness), harness);
            assert.equal(p.decision, "deny");
            assert.match(String(p.reason), /remote-code|curl|pipe/i);
        });
        it(`${harness}: npm test is allowed`, () => {
            assert.equal(permission(check("npm-test", harness), harness).decision, "allow");
        });
        it(`${harness}: secrets in tool output are redacted`, () => {
            const out = check("output-secrets", harness);
            const text = JSON.stringify(out);
            assert.ok(!text.includes(AWS_KEY) && !text.includes(GH_TOKEN_PREFIX), "no raw secret in the answer");
            if (harness === "copilot") {
                const result = out["modifiedResult"] as Record<string, unknown>;
                assert.match(String(result["textResultForLlm"]), /\[REDACTED:[^\]]*aws[^\]]*\][\s\S]*\[REDACTED:[^\]]*github[^\]]*\]/);
            } else {
                const s = out["hookSpecificOutput"] as Record<string, unknown>;
                assert.match(String(s["additionalContext"]), /contained secrets/);
            }
            const d = check("output-secrets", harness, "decision");
            assert.equal(d["decision"], "allow");
            assert.match(String(d["updatedOutput"]), /\[REDACTED:[^\]]+\][\s\S]*\[REDACTED:[^\]]+\]/);
            assert.ok(!JSON.stringify(d).includes(AWS_KEY) && !JSON.stringify(d).includes(GH_TOKEN_PREFIX), "the decision is redacted as the log stores it");
            const trace = d["trace"] as { hook: string; findings: { ruleId: string }[]; notes?: string[] }[];
            const redaction = trace.find((t) => t.hook === "redact-secrets-in-output");
            assert.ok(redaction && redaction.findings.length >= 2, "both secrets are findings in the trace");
            if (harness !== "copilot") {
                assert.ok(trace.some((t) => (t.notes ?? []).some((n) => /cannot replace a tool's output/.test(n))), "the trace says the harness cannot rewrite output");
            }
        });
    }

    it("--format decision prints the full trace with latencies", () => {
        const d = check("rm-rf", "claude", "decision");
        assert.equal(d["decision"], "deny");
        const trace = d["trace"] as { hook: string; latencyUs: number; findings: { ruleId: string; category: string; span: { start: number; end: number } }[] }[];
        assert.equal(trace[0]?.hook, "shell-safety");
        assert.ok((trace[0]?.findings.length ?? 0) > 0);
        assert.equal(trace[0]?.findings[0]?.category, "destructive-fs");
        assert.equal(typeof trace[0]?.latencyUs, "number");
    });

    it("malformed input is denied explicitly, exit 0", () => {
        const r = cli(["check", "--harness", "claude"], "{oops");
        assert.equal(r.status, 0);
        const out = JSON.parse(r.stdout) as { hookSpecificOutput: Record<string, unknown> };
        assert.equal(out.hookSpecificOutput["permissionDecision"], "deny");
    });

    it("bad flags exit 2 with a message", () => {
        const r = cli(["check", "--harness", "emacs"], "{}");
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--harness must be one of/);
    });
});

describe("hookwarden check without --policy loads the layers, the built-in default first", () => {
    const home = tempDir();
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, ".vscode"));
    // A workspace that tries to lift the default, and adds one restriction of its own.
    fs.writeFileSync(
        path.join(ws, ".vscode", "hooks.json"),
        JSON.stringify({ failMode: "allow", defaults: { enabled: false }, hooks: [{ name: "no-npm", event: "PreToolUse", match: { tool: "@shell" }, classifier: "patterns", options: { patterns: { npm: "^npm " } } }] }),
    );
    const pre = (command: string): string => JSON.stringify({ session_id: "s", cwd: ws, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: "t" });
    const decided = (r: { stdout: string }): unknown => (JSON.parse(r.stdout) as { decision: string }).decision;
    for (const [how, args, cwd] of [["from the current directory", [], ws], ["with --root", ["--root", ws], home]] as const) {
        it(`${how}: the workspace's own hook applies, and it cannot lift the default`, () => {
            const npm = cli(["check", "--harness", "claude", "--format", "decision", ...args], pre("npm test"), { cwd, home });
            assert.equal(npm.status, 0, npm.stderr);
            assert.equal(decided(npm), "deny", "the workspace layer's hook");
            assert.match(npm.stderr, /"defaults" is ignored in a workspace policy/);
            const rm = cli(["check", "--harness", "claude", "--format", "decision", ...args], pre("rm -rf ~"), { cwd, home });
            assert.equal(decided(rm), "deny", "the default layer");
        });
    }
});

describe("hookwarden test", () => {
    it("passes the default policy's embedded tests", () => {
        const r = cli(["test"], "");
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /6 passed, 0 failed/);
    });
    it("exits non-zero when a test fails, naming it and its line", () => {
        const dir = tempDir();
        const file = path.join(dir, "hooks.json");
        fs.writeFileSync(file, JSON.stringify({ hooks: [], tests: [{ name: "should deny", event: "PreToolUse", tool: "Bash", input: { command: "ls" }, expect: "deny" }] }, null, 2));
        const r = cli(["test", "--policy", file], "");
        assert.equal(r.status, 1);
        assert.match(r.stdout, /FAIL should deny at .*hooks\.json:\d+:\d+: expected deny, got allow/);
    });
    it("reports policy errors with file:line:column", () => {
        const r = cli(["lint", "--policy", path.join(FIXTURES, "policies", "invalid", "bad-event.json")], "");
        assert.equal(r.status, 1);
        assert.match(r.stdout, /bad-event\.json:1:\d+ HW020 error Unknown event "PreToolUs".* \[hooks\[0\]\.event\]/);
    });
});

describe("hookwarden lint: where it runs, and for CI", () => {
    /** A folder whose .vscode/hooks.json has an unknown category at a known place. */
    function brokenWorkspace(): { dir: string; home: string; file: string } {
        const dir = tempDir();
        const home = tempDir();
        const file = path.join(dir, ".vscode", "hooks.json");
        fs.mkdirSync(path.dirname(file));
        fs.writeFileSync(file, '{\n  "hooks": [\n    { "name": "s", "event": "PreToolUse", "classifier": "shell", "options": { "deny": ["destructve-fs"] } }\n  ],\n  "tests": []\n}\n');
        return { dir, home, file };
    }

    it("with no --policy, checks the folder's .vscode/hooks.json: file:line:column code severity message, exit 1", () => {
        const { dir, home } = brokenWorkspace();
        const r = cli(["lint"], "", { cwd: dir, home });
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /\.vscode\/hooks\.json:3:88 HW022 error Unknown shell category "destructve-fs"\. Did you mean "destructive-fs"\?/);
    });

    it("--format json gives the diagnostics with code, range and quick-fix data", () => {
        const { dir, home } = brokenWorkspace();
        const r = cli(["lint", "--format", "json"], "", { cwd: dir, home });
        assert.equal(r.status, 1);
        const out = JSON.parse(r.stdout) as { diagnostics: { code: string; line: number; column: number; length: number; data?: { replacement?: string } }[] };
        const d = out.diagnostics.find((x) => x.code === "HW022");
        assert.deepEqual([d?.line, d?.column, d?.length, d?.data?.replacement], [3, 88, 15, "destructive-fs"]);
    });

    it("--format sarif is SARIF 2.1.0 with the rule, the level and the region relative to the checkout", () => {
        const { dir, home } = brokenWorkspace();
        const r = cli(["lint", "--format", "sarif"], "", { cwd: dir, home });
        assert.equal(r.status, 1);
        const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endColumn: number } } }[] }[] }[] };
        assert.equal(log.version, "2.1.0");
        const run = log.runs[0];
        const result = run?.results.find((x) => x.ruleId === "HW022");
        assert.ok(result, r.stdout);
        assert.equal(result.level, "error");
        assert.equal(run?.tool.driver.rules[result.ruleIndex]?.id, "HW022");
        assert.deepEqual(result.locations[0]?.physicalLocation.artifactLocation, { uri: ".vscode/hooks.json", uriBaseId: "%SRCROOT%" });
        assert.deepEqual(result.locations[0]?.physicalLocation.region && [result.locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startColumn, result.locations[0].physicalLocation.region.endColumn], [3, 88, 103]);
    });

    it("rejects an unknown --format", () => {
        assert.equal(cli(["lint", "--format", "xml"], "").status, 2);
    });
});

describe("hookwarden test --reporter", () => {
    const dir = tempDir();
    const file = path.join(dir, "hooks.json");
    fs.writeFileSync(
        file,
        JSON.stringify({
            hooks: [{ name: "guard", event: "PreToolUse", match: { tool: "@shell" }, classifier: "shell" }],
            tests: [
                { name: "rm -rf / is denied", event: "PreToolUse", tool: "Bash", input: { command: "rm -rf /" }, expect: "deny", hook: "guard" },
                { name: "ls is denied <wrongly>", event: "PreToolUse", tool: "Bash", input: { command: "ls" }, expect: "deny" },
            ],
        }),
    );

    it("tap: a plan, ok / not ok with the expected and actual verdict", () => {
        const r = cli(["test", "--policy", file, "--reporter", "tap"], "");
        assert.equal(r.status, 1);
        assert.match(r.stdout, /^TAP version 13\n1\.\.2\nok 1 - rm -rf \/ is denied\nnot ok 2 - ls is denied <wrongly>\n {2}---\n {2}message: "expected deny, got allow"\n {2}expected: deny\n {2}actual: allow/);
    });

    it("junit: one testcase per test, the failure with its message, XML-escaped", () => {
        const r = cli(["test", "--policy", file, "--reporter", "junit"], "");
        assert.equal(r.status, 1);
        assert.match(r.stdout, /<testsuites tests="2" failures="1">/);
        assert.match(r.stdout, /<testcase name="ls is denied &lt;wrongly&gt;"[^>]*line="\d+">\n\s*<failure message="expected deny, got allow"/);
    });

    it("a test's hook must be the one that decides", () => {
        const other = path.join(dir, "other.json");
        fs.writeFileSync(other, JSON.stringify({ hooks: [{ name: "guard", event: "PreToolUse", match: { tool: "@shell" }, classifier: "shell" }, { name: "second", event: "PreToolUse", classifier: "injection" }], tests: [{ name: "t", event: "PreToolUse", tool: "Bash", input: { command: "rm -rf /" }, expect: "deny", hook: "second" }] }));
        const r = cli(["test", "--policy", other], "");
        assert.equal(r.status, 1);
        assert.match(r.stdout, /expected the hook "second" to decide, decided by guard/);
    });
});
