// Issue 11: the policy compiler on a 500-hook policy (parse, check, compile every glob and regex,
// the semantic checks included), as the engine, `hookwarden lint` and the editor run it on every
// load, reload and keystroke; and the edit → diagnostic time measured in the real extension host.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { loadNative } from "../../src/engine/native";
import { clearCompiledPatternSets } from "../../src/engine/policy/compiled";
import { parsePolicyText } from "../../src/engine/policy/load";
import { measure } from "../measure";
import type { BenchContext, Suite } from "../suite";

const G = "policy";
const HOOKS = 500;
const COMPILE_TARGET_MS = 20;
const EDIT_TARGET_MS = 150;

/** A realistic mix: shell, paths, patterns, secrets classifiers and command hooks, with a test each tenth hook. */
export function bigPolicy(n: number): string {
    const hooks: string[] = [];
    const tests: string[] = [];
    for (let i = 0; i < n; i++) {
        const name = `hook-${i}`;
        switch (i % 5) {
            case 0:
                hooks.push(`{ "name": "${name}", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell", "options": { "deny": ["destructive-fs", "destructive-git"], "ask": ["privilege"] } }`);
                break;
            case 1:
                hooks.push(`{ "name": "${name}", "event": "PreToolUse", "match": { "tool": ["@edit", "Write"], "paths": ["src/**/gen${i}/*.ts"] }, "classifier": "paths", "options": { "deny": ["secrets/${i}/**", "**/.env.${i}"], "access": "write" } }`);
                break;
            case 2:
                hooks.push(`{ "name": "${name}", "event": "PostToolUse", "classifier": "patterns", "options": { "patterns": { "ticket${i}": "TICKET-${i}-[0-9]{4}" }, "action": "redact" } }`);
                break;
            case 3:
                hooks.push(`{ "name": "${name}", "event": ["PostToolUse", "UserPromptSubmit"], "classifier": "secrets", "options": { "action": "redact", "scan": ["output", "prompt"] } }`);
                break;
            default:
                hooks.push(`{ "name": "${name}", "event": "Stop", "command": "node -e 0", "timeoutMs": 2000, "onError": "allow" }`);
        }
        if (i % 10 === 0) {
            tests.push(`{ "name": "t${i}", "event": "PreToolUse", "tool": "Bash", "input": { "command": "ls" }, "expect": "allow" }`);
        }
    }
    return `// ${n} hooks\n{\n  "hooks": [\n    ${hooks.join(",\n    ")}\n  ],\n  "tests": [\n    ${tests.join(",\n    ")}\n  ]\n}\n`;
}

export const policySuite: Suite = {
    id: G,
    title: "Policy compiler: a 500-hook policy, and edit → diagnostic in the editor",
    description:
        `Parsing, checking and compiling a ${HOOKS}-hook policy (\`parsePolicyText\`: the one compiler the engine, \`hookwarden lint\` and the editor share), ` +
        "every glob and regex compiled natively and every semantic check run. The editor row is the debounce plus the compile, measured inside code-server's extension host by the integration run.",
    needsSeed: false,
    run(ctx: BenchContext): Promise<void> {
        const { report } = ctx;
        const text = bigPolicy(HOOKS);
        const file = path.join(os.tmpdir(), "hookwarden-bench-policy", "hooks.json");
        const first = parsePolicyText(text, file, "workspace");
        const problems = first.errors.filter((e) => e.severity !== "info");
        report.check({
            id: "policy.valid",
            group: G,
            kind: "assert",
            label: `the ${HOOKS}-hook policy compiles without errors or warnings`,
            status: first.hooks.length === HOOKS && problems.length === 0 ? "PASS" : "FAIL",
            value: `${first.hooks.length} hooks, ${problems.length} problems`,
            ...(problems.length > 0 ? { detail: problems.slice(0, 3).map((e) => `${e.code} ${e.message}`).join(" | ") } : {}),
        });
        const native = loadNative();
        const cold = report.addRow(
            measure({
                id: "policy.compile500.cold",
                group: G,
                label: `compile and check a ${HOOKS}-hook policy, cold (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`,
                architecture: "in-process JS + native",
                counts: ctx.config.quick ? { warmup: 2, iterations: 10 } : { warmup: 5, iterations: 60 },
                call: () => {
                    clearCompiledPatternSets(native);
                    return parsePolicyText(text, file, "workspace");
                },
                info: { hooks: HOOKS, bytes: Buffer.byteLength(text) },
            }),
        );
        const warm = report.addRow(
            measure({
                id: "policy.compile500.recheck",
                group: G,
                label: `re-check it after an edit (pattern sets reused)`,
                architecture: "in-process JS + native",
                counts: ctx.config.quick ? { warmup: 2, iterations: 10 } : { warmup: 5, iterations: 60 },
                call: () => parsePolicyText(text, file, "workspace"),
                info: { hooks: HOOKS, bytes: Buffer.byteLength(text) },
            }),
        );
        for (const [row, what] of [
            [cold, "cold"],
            [warm, "re-check"],
        ] as const) {
            report.check({
                id: `${row.id}.target`,
                group: G,
                kind: "floor",
                label: `compile and check a ${HOOKS}-hook policy (${what}) under ${COMPILE_TARGET_MS} ms (p50)`,
                status: row.stats.p50Ms < COMPILE_TARGET_MS ? "PASS" : "FAIL",
                value: `${row.stats.p50Ms.toFixed(2)} ms`,
                threshold: `< ${COMPILE_TARGET_MS} ms`,
            });
        }
        const integration = path.join(ctx.config.repoRoot, "test", "artifacts", "integration.json");
        const edit = fs.existsSync(integration) ? (JSON.parse(fs.readFileSync(integration, "utf8")) as { info?: { policyEditToDiagnosticMs?: number } }).info?.policyEditToDiagnosticMs : undefined;
        if (edit === undefined) {
            report.skip(G, "edit → diagnostic not measured: run `node test/integration/run.mjs` first (it writes test/artifacts/integration.json)");
        } else {
            report.check({
                id: "policy.editToDiagnostic.target",
                group: G,
                kind: "floor",
                label: `edit → diagnostic in the extension host under ${EDIT_TARGET_MS} ms`,
                status: edit < EDIT_TARGET_MS ? "PASS" : "FAIL",
                value: `${edit.toFixed(1)} ms`,
                threshold: `< ${EDIT_TARGET_MS} ms`,
            });
        }
        return Promise.resolve();
    },
};
