// One test per diagnostic code: the compiler reports it, at the right place, with the data a
// quick fix needs. A code nobody tests fails the last test here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";

import { DIAGNOSTICS, DIAGNOSTIC_RULES, loadPolicyFile, offsetInJsonString, parsePolicyText, type DiagnosticRule, type PolicyError } from "../../src/engine";
import { loadNative } from "../../src/engine/native";
import { compiledPatternSet, patternSetOf } from "../../src/engine/policy/compiled";
import { CompileBudget, POLICY_LIMITS } from "../../src/engine/policy/limits";
import { tempDir } from "./helpers";

const dir = tempDir("hookwarden-diag-");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const tested = new Set<DiagnosticRule>();

function compile(text: string, layer = "workspace", options = {}): PolicyError[] {
    return parsePolicyText(text, path.join(dir, "hooks.json"), layer, options).errors;
}

/** What a clean hook gets: nothing but the no-tests hint of the `hook()` template. */
function problems(text: string, options = {}): PolicyError[] {
    return compile(text, "workspace", options).filter((e) => e.rule !== "no-tests");
}

/** Asserts that `text` gets exactly one diagnostic of `rule`, and returns it. */
function expectOne(rule: DiagnosticRule, text: string, layer = "workspace", options = {}): PolicyError {
    tested.add(rule);
    const all = compile(text, layer, options);
    const hits = all.filter((e) => e.rule === rule);
    assert.equal(hits.length, 1, `expected one ${rule}, got ${JSON.stringify(all, null, 1)}`);
    const e = hits[0] as PolicyError;
    assert.equal(e.code, DIAGNOSTICS[rule].code);
    return e;
}

/** The text a diagnostic's range covers. */
function covered(text: string, e: PolicyError): string {
    return text.slice(e.offset, e.offset + e.length);
}

const hook = (extra: string): string => `{ "hooks": [ { "name": "h", "event": "PreToolUse", ${extra} } ], "tests": [] }`;
const shell = (options: string): string => hook(`"match": { "tool": "@shell" }, "classifier": "shell", "options": ${options}`);

describe("diagnostic codes", () => {
    it("HW001 syntax: invalid JSON at the error", () => {
        const text = '{ "hooks": [] ';
        const e = expectOne("syntax", text);
        assert.equal(e.line, 1);
        assert.equal(e.severity, "error");
    });

    it("HW002 wrong-type", () => {
        const text = '{ "hooks": {} }';
        assert.equal(covered(text, expectOne("wrong-type", text)), "{}");
    });

    it("HW003 wrong-value", () => {
        const text = hook(`"classifier": "shell", "onError": "maybe"`);
        assert.equal(covered(text, expectOne("wrong-value", text)), '"maybe"');
    });

    it("HW004 missing-field", () => {
        expectOne("missing-field", "{}");
    });

    it("HW005 unknown-field, with the did-you-mean", () => {
        const text = hook(`"classifier": "shell", "timeoutMS": 5`);
        const e = expectOne("unknown-field", text);
        assert.equal(covered(text, e), '"timeoutMS"');
        assert.equal(e.data?.replacement, "timeoutMs");
    });

    it("HW006 runner-count", () => {
        expectOne("runner-count", hook(`"classifier": "shell", "command": "true"`));
    });

    it("HW007 over-budget", () => {
        expectOne("over-budget", `{ "hooks": [], "tests": [], "x": ${"[".repeat(100)}${"]".repeat(100)} }`);
    });

    it("HW008 unreadable, HW009 not-a-file, HW010 too-large, from the file itself", () => {
        for (const rule of ["unreadable", "not-a-file", "too-large"] as const) {
            tested.add(rule);
        }
        assert.equal(loadPolicyFile(path.join(dir, "missing.json"), "workspace").errors[0]?.code, "HW008");
        assert.equal(loadPolicyFile(dir, "workspace").errors[0]?.code, "HW009");
        const big = path.join(dir, "big.json");
        fs.writeFileSync(big, " ".repeat(1024 * 1024 + 1));
        assert.equal(loadPolicyFile(big, "workspace").errors[0]?.code, "HW010");
    });

    it("HW011 internal: a bug of the loader breaks the layer instead of throwing", () => {
        tested.add("internal");
        // A getter that throws stands in for a loader bug: the text is not a string.
        const errors = parsePolicyText({ length: 1, charCodeAt: () => { throw new Error("boom"); } } as unknown as string, path.join(dir, "hooks.json"), "workspace").errors;
        assert.equal(errors[0]?.code, "HW011");
        assert.match(errors[0]?.message ?? "", /boom/);
    });

    it("HW020 unknown-event, with the did-you-mean", () => {
        const text = '{ "hooks": [ { "name": "h", "event": "PreToolUes", "classifier": "shell" } ], "tests": [] }';
        const e = expectOne("unknown-event", text);
        assert.equal(covered(text, e), '"PreToolUes"');
        assert.equal(e.data?.replacement, "PreToolUse");
    });

    it("HW021 unknown-classifier, with the did-you-mean", () => {
        const e = expectOne("unknown-classifier", hook(`"classifier": "shel"`));
        assert.equal(e.data?.replacement, "shell");
    });

    it("HW022 unknown-category in options.deny, with the did-you-mean, on the string", () => {
        const text = shell(`{ "deny": ["destructive-fs", "destructve-git"] }`);
        const e = expectOne("unknown-category", text);
        assert.equal(covered(text, e), '"destructve-git"');
        assert.equal(e.data?.replacement, "destructive-git");
        assert.equal(e.severity, "error");
    });

    it("HW023 unknown-tool-group", () => {
        const e = expectOne("unknown-tool-group", hook(`"match": { "tool": "@shel" }, "classifier": "shell"`));
        assert.equal(e.data?.replacement, "@shell");
    });

    it("HW024 unknown-harness", () => {
        const e = expectOne("unknown-harness", hook(`"match": { "harness": "claud" }, "classifier": "shell"`));
        assert.equal(e.data?.replacement, "claude");
    });

    it("HW025 unknown-tool: a name no harness uses is a warning with the did-you-mean; globs and MCP names are not checked", () => {
        const e = expectOne("unknown-tool", hook(`"match": { "tool": ["Bsh", "mcp__github__*", "Notebook*", "mcp__x__y"] }, "classifier": "shell"`));
        assert.equal(e.severity, "warning");
        assert.equal(e.data?.replacement, "Bash");
        assert.equal(problems(hook(`"match": { "tool": ["Bash", "run_in_terminal", "TodoWrite"] }, "classifier": "shell"`)).length, 0);
    });

    it("HW026 unknown-default-hook", () => {
        expectOne("unknown-default-hook", '{ "defaults": { "disable": ["shell-safty"] }, "hooks": [] }', "user");
    });

    it("HW030 invalid-regex: at the character the regex compiler blames, inside the JSON string", () => {
        // The decoded pattern is `\d+(ab`; the compiler blames the unclosed group at byte 3.
        const text = hook(`"classifier": "patterns", "options": { "patterns": { "p": "\\\\d+(ab" } }`);
        const e = expectOne("invalid-regex", text);
        assert.equal(text[e.offset], "(", `range starts at ${JSON.stringify(text.slice(e.offset, e.offset + 5))}`);
        assert.equal(e.length, 1);
        assert.match(e.message, /does not compile/);
    });

    it("HW031 invalid-glob", () => {
        const text = hook(`"classifier": "paths", "options": { "deny": ["src/[a-"] }`);
        assert.equal(covered(text, expectOne("invalid-glob", text)), '"src/[a-"');
    });

    it("HW040 option-not-applicable: names the classifier it belongs to", () => {
        const text = shell(`{ "action": "deny" }`);
        const e = expectOne("option-not-applicable", text);
        assert.equal(covered(text, e), '"action"');
        assert.match(e.message, /"secrets"/);
    });

    it("HW041 options-without-classifier", () => {
        expectOne("options-without-classifier", hook(`"command": "true", "options": {}`));
    });

    it("HW042 duplicate-name, with the first declaration as a related location", () => {
        const text = '{ "hooks": [ { "name": "a", "event": "Stop", "classifier": "injection" }, { "name": "a", "event": "Stop", "classifier": "injection" } ], "tests": [] }';
        const e = expectOne("duplicate-name", text);
        assert.equal(e.related?.length, 1);
        assert.ok((e.related?.[0]?.offset ?? Infinity) < e.offset);
    });

    it("HW043 payload-and-short-form", () => {
        expectOne("payload-and-short-form", '{ "hooks": [], "tests": [ { "payload": {}, "event": "Stop", "expect": "allow" } ] }');
    });

    it("HW044 defaults-in-workspace", () => {
        expectOne("defaults-in-workspace", '{ "defaults": { "enabled": false }, "hooks": [] }');
    });

    it("HW050 command-not-found: a script path that does not exist, and a program not on the PATH", () => {
        const e = expectOne("command-not-found", hook(`"command": "./scripts/nope.sh --fast"`));
        assert.equal(e.severity, "warning");
        assert.equal(e.data?.program, path.join(dir, "scripts", "nope.sh"));
        tested.delete("command-not-found");
        expectOne("command-not-found", hook(`"command": "hookwarden-no-such-program-xyz"`));
        assert.equal(problems(hook(`"command": "node -e 0"`)).length, 0, "node is on the PATH");
        assert.equal(problems(hook(`"command": "FOO=1 $HOME/x.sh"`)).length, 0, "shell expansions are not checked");
    });

    it("HW051 command-not-executable", () => {
        fs.writeFileSync(path.join(dir, "plain.sh"), "#!/bin/sh\n");
        fs.chmodSync(path.join(dir, "plain.sh"), 0o644);
        const e = expectOne("command-not-executable", hook(`"command": "./plain.sh"`));
        assert.equal(e.data?.program, path.join(dir, "plain.sh"));
        fs.chmodSync(path.join(dir, "plain.sh"), 0o755);
        assert.equal(problems(hook(`"command": "./plain.sh"`)).length, 0);
    });

    it("HW052 module-not-found", () => {
        expectOne("module-not-found", hook(`"module": "./nope.js#check"`));
    });

    it("HW053 module-export-missing (read from the text, never run)", () => {
        fs.writeFileSync(path.join(dir, "mod.js"), "exports.check = () => ({ verdict: 'allow' });\n");
        expectOne("module-export-missing", hook(`"module": "./mod.js#chek"`));
        assert.equal(problems(hook(`"module": "./mod.js#check"`)).length, 0);
    });

    it("HW054 timeout-over-deadline: at or above the relay deadline, with a timeout that fits", () => {
        const text = hook(`"command": "node -e 0", "timeoutMs": 20000`);
        const e = expectOne("timeout-over-deadline", text);
        assert.equal(covered(text, e), "20000");
        assert.equal(e.data?.maxTimeoutMs, 19000);
        assert.equal(problems(hook(`"command": "node -e 0", "timeoutMs": 20000`), { relayDeadlineMs: 25000 }).length, 0, "the deadline is the setting's");
    });

    it("HW060 test-unknown-hook", () => {
        const text = '{ "hooks": [ { "name": "guard", "event": "PreToolUse", "classifier": "shell" } ], "tests": [ { "event": "PreToolUse", "tool": "Bash", "input": { "command": "ls" }, "expect": "allow", "hook": "gaurd" } ] }';
        const e = expectOne("test-unknown-hook", text);
        assert.equal(covered(text, e), '"gaurd"');
        assert.equal(e.data?.replacement, "guard");
    });

    it("HW061 no-tests: a hint on a policy with hooks and no tests, not on one with tests", () => {
        const e = expectOne("no-tests", '{ "hooks": [ { "name": "guard", "event": "PreToolUse", "classifier": "shell" } ] }');
        assert.equal(e.severity, "info");
        assert.equal(e.data?.hook, "guard");
        assert.equal(compile('{ "hooks": [] }').length, 0);
    });

    it("every code is tested above, and codes are unique", () => {
        assert.deepEqual(DIAGNOSTIC_RULES.filter((r) => !tested.has(r)), []);
        const codes = DIAGNOSTIC_RULES.map((r) => DIAGNOSTICS[r].code);
        assert.equal(new Set(codes).size, codes.length);
    });
});

describe("offsetInJsonString", () => {
    it("maps a decoded UTF-8 byte offset to the raw literal, escapes and non-ASCII included", () => {
        assert.equal(offsetInJsonString('"abc"', 1), 2);
        assert.equal(offsetInJsonString('"\\\\d("', 2), 4); // `\d(`: byte 2 is "(", raw index 4
        assert.equal(offsetInJsonString('"é("', 2), 2); // é is two bytes
        assert.equal(offsetInJsonString('"\\u00e9("', 2), 7);
        assert.equal(offsetInJsonString('"ab"', 99), 3, "never past the closing quote");
    });
});

describe("compiled pattern sets are shared, and still charge the compile budget", () => {
    it("the same list gives the same set with its first compile's cost; the budget is charged on every load", () => {
        const native = loadNative();
        const patterns = [{ name: "ticket", regex: "TICKET-[0-9]{4}-shared-test" }];
        const first = patternSetOf(native, patterns);
        const again = patternSetOf(native, patterns);
        assert.equal(again.value, first.value, "compiled once");
        assert.equal(again.costMs, first.costMs);
        assert.ok(first.costMs > 0);
        // A layer whose compile took longer than its budget is over budget on a reload too.
        const budget = new CompileBudget({ ...POLICY_LIMITS, compileMs: first.costMs / 2 });
        budget.charged(again);
        assert.match(budget.take("patterns", 1) ?? "", /over the .* ms budget/);
        assert.equal(compiledPatternSet(native, patterns), first.value, "the runner scans with the compiler's set");
    });
});
