// `hookwarden` command line: check one hook payload, run a policy's tests.
import * as fs from "node:fs";
import { parseArgs } from "node:util";

import {
    checkPayload,
    combineLayers,
    defaultPolicyLayer,
    Engine,
    HARNESSES,
    isHarness,
    loadNative,
    loadPolicyFiles,
    logRecord,
    runPolicyTests,
    type Harness,
    type Policy,
    type PolicyError,
} from "./engine";

const USAGE = `Usage:
  hookwarden check [--policy FILE]... [--harness claude|codex|copilot|vscode|auto] [--event NAME]
                   [--format harness|decision] [--untrusted] < event.json
      Decides one hook event. Prints the answer in the harness's output dialect (exit 0), or with
      --format decision the engine's decision with its full trace, redacted as the decision log
      stores it. Without --policy the built-in default policy applies.
  hookwarden test [--policy FILE]...
      Runs the policy's embedded tests; exits 1 if any fails.
  hookwarden lint [--policy FILE]...
      Reports every problem in the policy files; exits 1 on errors.
`;

function formatError(e: PolicyError): string {
    return `${e.file}:${e.line}:${e.column}: ${e.severity}${e.field ? ` [${e.field}]` : ""}: ${e.message}`;
}

function loadPolicy(files: string[]): Policy {
    return files.length > 0 ? loadPolicyFiles(files) : combineLayers([defaultPolicyLayer()]);
}

function readStdin(): string {
    try {
        return fs.readFileSync(0, "utf8");
    } catch {
        return "";
    }
}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (!command || command === "--help" || command === "-h" || command === "help") {
        process.stdout.write(USAGE);
        return command ? 0 : 2;
    }
    const { values } = parseArgs({
        args: rest,
        options: {
            policy: { type: "string", multiple: true },
            harness: { type: "string" },
            event: { type: "string" },
            format: { type: "string" },
            untrusted: { type: "boolean" },
        },
        strict: true,
    });
    const files = values.policy ?? [];
    switch (command) {
        case "check": {
            const harness = values.harness ?? "auto";
            if (harness !== "auto" && !isHarness(harness)) {
                process.stderr.write(`hookwarden: --harness must be one of ${HARNESSES.join(", ")} or auto, got "${harness}"\n`);
                return 2;
            }
            const format = values.format ?? "harness";
            if (format !== "harness" && format !== "decision") {
                process.stderr.write(`hookwarden: --format must be harness or decision, got "${format}"\n`);
                return 2;
            }
            const policy = loadPolicy(files);
            for (const e of policy.errors) {
                process.stderr.write(`${formatError(e)}\n`);
            }
            const engine = new Engine(policy, { trusted: !values.untrusted });
            const result = await checkPayload(engine, harness as Harness | "auto", readStdin(), values.event !== undefined ? { event: values.event } : {});
            if (format === "decision") {
                const record = logRecord(result.event, result.decision, loadNative());
                process.stdout.write(`${JSON.stringify(record.decision, null, 2)}\n`);
            } else {
                process.stdout.write(`${result.answer.stdout}\n`);
            }
            return 0;
        }
        case "test": {
            const policy = loadPolicy(files);
            for (const e of policy.errors) {
                process.stderr.write(`${formatError(e)}\n`);
            }
            if (policy.errors.some((e) => e.severity === "error")) {
                process.stdout.write("The policy has errors; fix them before its tests can run.\n");
                return 1;
            }
            if (policy.tests.length === 0) {
                process.stdout.write("The policy has no tests.\n");
                return 1;
            }
            const results = await runPolicyTests(new Engine(policy), policy.tests);
            let failed = 0;
            for (const r of results) {
                const where = `${r.test.position.file}:${r.test.position.line}`;
                if (r.passed) {
                    process.stdout.write(`ok   ${r.test.name} (${r.decision})\n`);
                } else {
                    failed++;
                    process.stdout.write(`FAIL ${r.test.name} at ${where}: ${r.failure ?? ""}\n     reason: ${r.reason}\n`);
                }
            }
            process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
            return failed > 0 ? 1 : 0;
        }
        case "lint": {
            const policy = loadPolicy(files);
            for (const e of policy.errors) {
                process.stdout.write(`${formatError(e)}\n`);
            }
            const errors = policy.errors.filter((e) => e.severity === "error").length;
            process.stdout.write(`${policy.hooks.length} hooks, ${policy.tests.length} tests, ${errors} errors, ${policy.errors.length - errors} warnings\n`);
            return errors > 0 ? 1 : 0;
        }
        default:
            process.stderr.write(`hookwarden: unknown command "${command}"\n${USAGE}`);
            return 2;
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`hookwarden: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
    },
);
