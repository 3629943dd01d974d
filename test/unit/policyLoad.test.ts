import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { checkPayload, combineLayers, Engine, loadLayeredPolicy, loadPolicyFile, parsePolicyText, type PolicyError } from "../../src/engine";
import { claudePre, FIXTURES, tempDir } from "./helpers";

const fixture = (name: string): string => path.join(FIXTURES, "policies", name);

/** Errors and warnings; hints (a policy without tests) aside. */
function problems(layer: { errors: PolicyError[] }): PolicyError[] {
    return layer.errors.filter((e) => e.severity !== "info");
}

describe("policy loader", () => {
    it("loads a policy with every field and keeps declaration order", () => {
        const layer = loadPolicyFile(fixture("valid/everything.jsonc"), "workspace");
        assert.deepEqual(problems(layer), []);
        assert.deepEqual(layer.hooks.map((h) => h.name), ["shell-safety", "src-only", "redact", "tickets", "inj", "script", "mod"]);
        const shell = layer.hooks[0];
        assert.equal(shell?.kind, "classifier");
        assert.deepEqual(shell?.events, ["PreToolUse", "PermissionRequest"]);
        assert.deepEqual(shell?.match.harnesses, ["claude", "codex"]);
        assert.equal(shell?.timeoutMs, 1000);
        assert.equal(layer.hooks[4]?.enabled, false);
        assert.equal(layer.hooks[5]?.onError, "allow");
        assert.equal(layer.tests.length, 2);
        assert.equal(layer.failMode.PreToolUse, "deny");
    });

    it("names file, line, column and field for an unknown event, with a suggestion", () => {
        const text = '{\n  "hooks": [\n    { "name": "a", "event": "PreToolUs", "classifier": "shell" }\n  ]\n}\n';
        const layer = parsePolicyText(text, "/p/hooks.json", "workspace");
        assert.equal(problems(layer).length, 1);
        const e = problems(layer)[0];
        assert.equal(e?.file, "/p/hooks.json");
        assert.equal(e?.line, 3);
        assert.equal(e?.column, 29);
        assert.equal(e?.field, "hooks[0].event");
        assert.match(e?.message ?? "", /Unknown event "PreToolUs". Did you mean "PreToolUse"\?/);
        assert.equal(layer.hooks.length, 0, "a broken hook is not half-loaded");
    });

    it("reports JSON syntax errors with their position", () => {
        const layer = loadPolicyFile(fixture("semantic/syntax-error.jsonc"), "workspace");
        assert.ok(layer.errors.length >= 1);
        assert.equal(layer.errors[0]?.line, 3);
        assert.equal(layer.errors[0]?.rule, "syntax");
    });

    it("reports duplicate names at the second declaration", () => {
        const layer = loadPolicyFile(fixture("semantic/duplicate-name.json"), "workspace");
        assert.equal(problems(layer).length, 1);
        assert.equal(layer.errors[0]?.line, 3);
        assert.match(layer.errors[0]?.message ?? "", /Duplicate hook name "a" \(first declared at line 2\)/);
    });

    it("reports a regex that does not compile with its name and the compiler's message", () => {
        const layer = loadPolicyFile(fixture("semantic/bad-regex.json"), "workspace");
        assert.equal(problems(layer).length, 1);
        const e = problems(layer)[0];
        assert.equal(e?.field, "hooks[0].options.patterns.broken");
        assert.equal(e?.rule, "invalid-regex");
        assert.match(e?.message ?? "", /"broken" does not compile/);
        assert.match(e?.message ?? "", /unclosed|group/i);
    });

    it("suggests the right field for a typo", () => {
        const layer = loadPolicyFile(fixture("invalid/unknown-match-field.json"), "workspace");
        assert.match(layer.errors[0]?.message ?? "", /Unknown field "tools". Did you mean "tool"\?/);
        assert.equal(layer.errors[0]?.field, "hooks[0].match.tools");
    });

    it("reports a missing file as an error of its layer", () => {
        const layer = loadPolicyFile("/nonexistent/hooks.json", "user");
        assert.equal(layer.errors[0]?.rule, "unreadable");
    });

    it("a broken layer does not silently drop its rules: the fail mode denies PreToolUse", async () => {
        const dir = tempDir();
        const good = path.join(dir, "good.json");
        const broken = path.join(dir, "broken.json");
        fs.writeFileSync(good, '{ "hooks": [] }');
        fs.writeFileSync(broken, '{ "hooks": [ { "name": "x", "event": "PreToolUse", "classifier": "shell" }, ] ');
        const policy = combineLayers([loadPolicyFile(good, "user"), loadPolicyFile(broken, "workspace")]);
        assert.ok(policy.errors.length > 0);
        const engine = new Engine(policy);
        const pre = await checkPayload(engine, "claude", JSON.stringify(claudePre("ls")));
        assert.equal(pre.decision.decision, "deny");
        assert.match(pre.decision.reason, /broken\.json:1:\d+/);
        const stop = await checkPayload(engine, "claude", JSON.stringify({ hook_event_name: "Stop", session_id: "s", cwd: "/", permission_mode: "default" }));
        assert.equal(stop.decision.decision, "allow", "observe-only events fail open by default");
    });

    it("layers merge machine → user → workspace, and a missing layer file is skipped", () => {
        const home = tempDir();
        const ws = tempDir();
        fs.mkdirSync(path.join(home, ".hookwarden"));
        fs.mkdirSync(path.join(ws, ".vscode"));
        fs.writeFileSync(path.join(home, ".hookwarden", "hooks.json"), '{ "hooks": [ { "name": "u", "event": "Stop", "command": "true" } ] }');
        fs.writeFileSync(path.join(ws, ".vscode", "hooks.json"), '{ "hooks": [ { "name": "w", "event": "Stop", "command": "true" } ] }');
        const policy = loadLayeredPolicy({ machine: path.join(home, "no-machine.json"), user: path.join(home, ".hookwarden", "hooks.json"), workspace: path.join(ws, ".vscode", "hooks.json") });
        assert.deepEqual(
            policy.hooks.filter((h) => h.layer !== "default").map((h) => `${h.layer}:${h.name}`),
            ["user:u", "workspace:w"],
        );
        assert.deepEqual([...new Set(policy.hooks.map((h) => h.layer))], ["default", "user", "workspace"], "the built-in default is the lowest layer");
    });

    it("with no layer file at all the built-in default policy applies", () => {
        const home = tempDir();
        const policy = loadLayeredPolicy({ machine: path.join(home, "m.json"), user: path.join(home, "u.json") });
        assert.ok(policy.hooks.some((h) => h.name === "shell-safety"));
        assert.deepEqual(problems(policy), []);
    });
});
