// Bad input, property-based (fast-check): every harness adapter, end to end through checkPayload
// with the built-in policy, and the policy loader. Arbitrary text and bytes, truncated JSON,
// wrong types, huge numbers, deep nesting, invalid UTF-8: every input gets a well-formed answer in
// the harness's dialect, and nothing throws past the boundary.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { DEFAULT_POLICY_TEXT } from "../../src/engine/policy/defaultPolicy";
import { checkPayload, EVENT_NAMES, HARNESSES, MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH, parsePolicyText, type CheckResult, type Harness } from "../../src/engine";
import { engineFor, FIXTURES } from "./helpers";

const RUNS = 150;
const engine = engineFor(DEFAULT_POLICY_TEXT);

/** Reported by the test command next to the Rust property suites. */
function report(suite: string, runs: number): void {
    process.stdout.write(`# fast-check: ${suite} ${runs} cases\n`);
}

/** fc.assert, with the counterexample cut short (a deep-nesting one runs to megabytes). */
async function holds<T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, numRuns: number): Promise<void> {
    const out = await fc.check(property, { numRuns });
    if (out.failed) {
        const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
        throw new Error(`property failed after ${out.numRuns} runs (seed ${out.seed}): ${cause.slice(0, 600)}\ncounterexample: ${JSON.stringify(out.counterexample).slice(0, 400)}`);
    }
}

/** An answer is one JSON object; a deny is spelled in the harness's own dialect, with a reason. */
function wellFormed(harness: Harness, r: CheckResult): void {
    assert.equal(r.answer.exitCode, 0);
    const out = JSON.parse(r.answer.stdout) as Record<string, unknown>;
    assert.ok(out !== null && typeof out === "object" && !Array.isArray(out), r.answer.stdout);
    assert.ok(r.decision.reason.length > 0, "no reason");
    if (r.decision.decision === "deny" && r.event.event === "PreToolUse") {
        const nested = out["hookSpecificOutput"] as Record<string, unknown> | undefined;
        assert.equal(nested?.["permissionDecision"], "deny", r.answer.stdout);
        if (harness === "copilot") {
            assert.equal(out["permissionDecision"], "deny", r.answer.stdout);
        }
    }
}

/** Text no harness would send: bytes (invalid UTF-8 decoded as the engine's socket decodes it), JSON cut short, JSON of the wrong shape. */
const hostileText = fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString("utf8")),
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 6 }),
    fc.tuple(fc.json({ maxDepth: 6 }), fc.nat()).map(([j, n]) => j.slice(0, n % (j.length + 1))),
    fc.constantFrom("1e999999", "-1e-999999", "123456789012345678901234567890", "null", "[]", '""', "{}", "\u0000", "\uFFFF\uD800"),
    fc.integer({ min: 1, max: 20_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
);

const anyValue = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, "", "x".repeat(5000)));
const eventName = fc.oneof(fc.constantFrom(...EVENT_NAMES, "preToolUse", "errorOccurred", "agentStop"), fc.string({ maxLength: 20 }), anyValue);

/** Objects shaped like a harness's payload whose values have the wrong types. */
const wrongTypes = fc
    .record(
        {
            hook_event_name: eventName,
            hookEventName: eventName,
            session_id: anyValue,
            cwd: anyValue,
            tool_name: fc.oneof(fc.constantFrom("Bash", "bash", "run_in_terminal", "Write", "apply_patch", "mcp__x__y"), anyValue),
            tool_input: anyValue,
            tool_response: anyValue,
            toolName: anyValue,
            toolArgs: anyValue,
            toolResult: anyValue,
            prompt: anyValue,
            turn_id: anyValue,
            permission_mode: anyValue,
        },
        { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o));

/** Valid payloads nested deep where the adapters walk values (tool outputs, tool inputs). */
const deepNesting = fc.tuple(fc.integer({ min: 100, max: 100_000 }), fc.constantFrom("tool_response", "tool_input", "toolResult", "toolArgs")).map(([depth, key]) => {
    const inner = `${'{"a":['.repeat(depth)}"rm -rf /"${"]}".repeat(depth)}`;
    return `{"hook_event_name":"PostToolUse","cwd":"/w","tool_name":"Bash","tool_input":{"command":"ls"},"toolName":"bash","${key}":${inner}}`;
});

describe("bad input: every harness adapter, through checkPayload (fast-check)", () => {
    for (const harness of HARNESSES) {
        it(`${harness}: arbitrary text, bytes and truncated JSON get a well-formed answer`, async () => {
            await holds(
                fc.asyncProperty(hostileText, fc.option(eventName.filter((e) => typeof e === "string")), async (text, event) => {
                    const r = await checkPayload(engine, harness, text, event === null ? {} : { event: event as string });
                    wellFormed(harness, r);
                }),
                RUNS,
            );
            report(`${harness} adapter, arbitrary text`, RUNS);
        });

        it(`${harness}: harness-shaped payloads with wrong types get a well-formed answer`, async () => {
            await holds(
                fc.asyncProperty(wrongTypes, async (text) => {
                    wellFormed(harness, await checkPayload(engine, harness, text));
                }),
                RUNS,
            );
            report(`${harness} adapter, wrong types`, RUNS);
        });

        it(`${harness}: deep nesting in tool inputs and outputs gets a well-formed answer`, async () => {
            const runs = 20;
            await holds(
                fc.asyncProperty(deepNesting, async (text) => {
                    const r = await checkPayload(engine, harness, text);
                    wellFormed(harness, r);
                    assert.match(r.decision.reason, new RegExp(`nested deeper than ${MAX_PAYLOAD_DEPTH} levels`));
                }),
                runs,
            );
            report(`${harness} adapter, deep nesting`, runs);
        });
    }

    it("a payload over the limit is refused with a reason before it is parsed", async () => {
        for (const harness of HARNESSES) {
            // A 10 MB string inside otherwise valid JSON for this harness.
            const text = `{"hook_event_name":"PreToolUse","cwd":"/w","tool_name":"Bash","toolName":"bash","tool_input":{"command":"${"a".repeat(10 * 1024 * 1024)}"}}`;
            const r = await checkPayload(engine, harness, text);
            assert.equal(r.decision.decision, "deny", harness);
            assert.match(r.decision.reason, new RegExp(`larger than ${MAX_PAYLOAD_BYTES} bytes`));
            wellFormed(harness, r);
        }
    });
});

describe("bad input: the policy loader (fast-check)", () => {
    const valid = DEFAULT_POLICY_TEXT;
    const file = `${FIXTURES}/hooks.json`;

    /** Every error names a place inside the text. */
    function errorsArePlaced(text: string): void {
        const layer = parsePolicyText(text, file, "workspace");
        const lines = text.split("\n").length;
        for (const e of layer.errors) {
            assert.ok(e.message.length > 0);
            assert.ok(e.line >= 1 && e.line <= lines + 1 && e.column >= 1, `${e.line}:${e.column} in ${lines} lines: ${e.message}`);
            assert.ok(e.offset >= 0 && e.offset <= text.length, `offset ${e.offset} of ${text.length}`);
        }
    }

    it("arbitrary text, JSON of any shape and a cut or corrupted real policy: errors with a place, never a throw", async () => {
        const cut = fc.nat({ max: valid.length }).map((n) => valid.slice(0, n));
        const corrupted = fc.tuple(fc.nat({ max: valid.length - 1 }), fc.string({ minLength: 1, maxLength: 8 })).map(([at, s]) => valid.slice(0, at) + s + valid.slice(at + 1));
        const shaped = fc.record({ version: anyValue, failMode: anyValue, hooks: fc.oneof(anyValue, fc.array(fc.dictionary(fc.constantFrom("name", "event", "match", "command", "module", "classifier", "options", "timeoutMs", "onError"), anyValue), { maxLength: 4 })), tests: anyValue }, { requiredKeys: [] }).map((o) => JSON.stringify(o, null, 2));
        await holds(fc.property(fc.oneof(hostileText, cut, corrupted, shaped), errorsArePlaced), RUNS * 2);
        report("policy loader", RUNS * 2);
    });
});
