// `hookwarden` command line: check one hook payload, run a policy's tests.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

import {
    checkPayload,
    DecisionLog,
    Engine,
    EngineServer,
    layerPaths,
    assembleEngine,
    HARNESSES,
    isHarness,
    loadLayeredPolicy,
    loadNative,
    loadPolicyFiles,
    logRecord,
    runPolicyTests,
    type Harness,
    type Policy,
} from "./engine";
import { logCommand } from "./cliLog";
import { formatDiagnostic, LINT_FORMATS, lintJson, lintSarif, lintText, TEST_REPORTERS, testReport, type TestReporter } from "./cliFormats";
import { REGISTRATION_TARGETS, type RegistrationTarget } from "./registration/harnesses";
import { install, registrationStatus, uninstall } from "./registration/install";

const USAGE = `Usage:
  hookwarden check [--policy FILE]... [--root DIR] [--harness claude|codex|copilot|vscode|auto] [--event NAME]
                   [--format harness|decision] [--untrusted] < event.json
      Decides one hook event. Prints the answer in the harness's output dialect (exit 0), or with
      --format decision the engine's decision with its full trace, redacted as the decision log
      stores it. Without --policy the layers apply as the engine applies them: the built-in
      default policy, then machine, user, and DIR/.vscode/hooks.json (DIR: the current directory).
      With --policy, exactly the files given, in order.
  hookwarden test [--policy FILE]... [--root DIR] [--reporter spec|tap|junit]
      Runs the policy's embedded tests; exits 1 if any fails.
  hookwarden lint [--policy FILE]... [--root DIR] [--format text|json|sarif]
      Reports every problem in the policy files (file:line:column code severity message, or
      JSON, or SARIF 2.1.0 for code scanning); exits 1 on errors. Without --policy, the layers
      the engine would load where it runs.
  hookwarden serve [--root DIR]... [--policy FILE]... [--idle-exit-ms N] [--log FILE] [--trust-workspace]
      Runs the engine headless for agents used outside VS Code: the relay finds it through the
      private runtime directory. Without --policy it loads the layers (the built-in default,
      machine, user, and DIR/.vscode/hooks.json of the first root). Workspace command/module hooks run only with
      --trust-workspace. Exits after N ms without a request (default 600000; 0 = never).
  hookwarden log [--log FILE | --root DIR] [--follow] [--verdict allow|ask|deny]... [--hook NAME]...
                 [--since 1h] [--limit N] [--format table|json]
      The decision log (a \`hookwarden serve\` log by default, or the file given; rotated files
      included): the last N decisions (default 50) with verdict, origin, deciding hook, latency and
      the input's summary. --follow prints new decisions as an engine writes them (Ctrl-C stops).
  hookwarden install [--harness claude|codex|copilot]... [--relay PATH]
  hookwarden uninstall [--harness claude|codex|copilot]...
  hookwarden status
      Registers the relay in each harness's user-level config (~/.claude/settings.json,
      ~/.codex/hooks.json, ~/.copilot/hooks/hookwarden.json), removes it, or shows where it is.
`;

const formatError = formatDiagnostic;

function version(): string {
    try {
        return String((JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0");
    } catch {
        return "0.0.0";
    }
}

/** The files given, or the layers the engine would load for the workspace at `root`. */
function loadPolicy(files: string[], root: string | undefined): Policy {
    return files.length > 0 ? loadPolicyFiles(files) : loadLayeredPolicy(layerPaths({ workspaceRoot: path.resolve(root ?? process.cwd()) }));
}

/** Per-workspace decision log under ~/.hookwarden/logs, named after the root. */
function defaultLogFile(root: string): string {
    const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
    return path.join(os.homedir(), ".hookwarden", "logs", `${path.basename(root) || "root"}-${id}`, "decisions.jsonl");
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
            harness: { type: "string", multiple: true },
            event: { type: "string" },
            format: { type: "string" },
            reporter: { type: "string" },
            untrusted: { type: "boolean" },
            root: { type: "string", multiple: true },
            "idle-exit-ms": { type: "string" },
            log: { type: "string" },
            "trust-workspace": { type: "boolean" },
            relay: { type: "string" },
            follow: { type: "boolean" },
            verdict: { type: "string", multiple: true },
            hook: { type: "string", multiple: true },
            since: { type: "string" },
            limit: { type: "string" },
        },
        strict: true,
    });
    const files = values.policy ?? [];
    switch (command) {
        case "check": {
            const harness = values.harness?.at(-1) ?? "auto";
            if (harness !== "auto" && !isHarness(harness)) {
                process.stderr.write(`hookwarden: --harness must be one of ${HARNESSES.join(", ")} or auto, got "${harness}"\n`);
                return 2;
            }
            const format = values.format ?? "harness";
            if (format !== "harness" && format !== "decision") {
                process.stderr.write(`hookwarden: --format must be harness or decision, got "${format}"\n`);
                return 2;
            }
            const policy = loadPolicy(files, values.root?.at(-1));
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
            const reporter = values.reporter ?? "spec";
            if (!(TEST_REPORTERS as readonly string[]).includes(reporter)) {
                process.stderr.write(`hookwarden: --reporter must be one of ${TEST_REPORTERS.join(", ")}, got "${reporter}"\n`);
                return 2;
            }
            const policy = loadPolicy(files, values.root?.at(-1));
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
            process.stdout.write(testReport(results, reporter as TestReporter));
            return results.some((r) => !r.passed) ? 1 : 0;
        }
        case "lint": {
            const format = values.format ?? "text";
            if (!(LINT_FORMATS as readonly string[]).includes(format)) {
                process.stderr.write(`hookwarden: --format must be one of ${LINT_FORMATS.join(", ")}, got "${format}"\n`);
                return 2;
            }
            const policy = loadPolicy(files, values.root?.at(-1));
            const summary = { hooks: policy.hooks.length, tests: policy.tests.length };
            process.stdout.write(format === "sarif" ? lintSarif(policy.errors, version()) : format === "json" ? lintJson(policy.errors, summary) : lintText(policy.errors, summary));
            return policy.errors.some((e) => e.severity === "error") ? 1 : 0;
        }
        case "serve": {
            const roots = (values.root ?? ["/"]).map((r) => path.resolve(r));
            const idle = Number(values["idle-exit-ms"] ?? "600000");
            if (!Number.isFinite(idle) || idle < 0) {
                process.stderr.write(`hookwarden: --idle-exit-ms must be a number of milliseconds, got "${values["idle-exit-ms"] ?? ""}"\n`);
                return 2;
            }
            const host = assembleEngine({ roots, files, trusted: values["trust-workspace"] ?? false });
            for (const e of host.errors) {
                process.stderr.write(`${formatError(e)}\n`);
            }
            const log = new DecisionLog(values.log ?? defaultLogFile(roots[0] ?? "/"));
            const server = new EngineServer({ roots, engine: () => host.engine, log });
            await server.start();
            host.watch();
            host.onReload((r) => {
                server.writeRegistry();
                process.stderr.write(r.applied ? `hookwarden: policy reloaded (${r.errors.length} problems)\n` : `hookwarden: the edited policy has errors; the last good policy stays in force\n`);
                for (const e of r.errors) {
                    process.stderr.write(`${formatError(e)}\n`);
                }
            });
            process.stderr.write(`hookwarden: serving ${roots.join(", ")} on ${server.socketPath}; log ${log.file}\n`);
            let idleTimer: NodeJS.Timeout | undefined;
            await new Promise<void>((resolve) => {
                process.once("SIGTERM", () => resolve());
                process.once("SIGINT", () => resolve());
                if (idle > 0) {
                    idleTimer = setInterval(() => {
                        if (Date.now() - server.lastActivity > idle) {
                            resolve();
                        }
                    }, Math.min(1000, idle));
                }
            });
            clearInterval(idleTimer);
            host.dispose();
            await server.stop();
            process.stderr.write("hookwarden: stopped\n");
            return 0;
        }
        case "install":
        case "uninstall": {
            const targets = values.harness ?? [];
            for (const t of targets) {
                if (!(REGISTRATION_TARGETS as string[]).includes(t)) {
                    process.stderr.write(`hookwarden: --harness must be one of ${REGISTRATION_TARGETS.join(", ")}, got "${t}"\n`);
                    return 2;
                }
            }
            const selected = targets.length > 0 ? (targets as RegistrationTarget[]) : undefined;
            const home = os.homedir();
            let results;
            if (command === "install") {
                const relaySource = path.resolve(values.relay ?? path.join(__dirname, "..", "..", "native", "target", "release", "hookwarden-relay"));
                if (!fs.existsSync(relaySource)) {
                    process.stderr.write(`hookwarden: the relay binary is missing at ${relaySource} (build it with \`npm run build:relay\`, or pass --relay PATH)\n`);
                    return 1;
                }
                results = install({ home, relaySource, ...(selected ? { targets: selected } : {}), serveCommand: [process.execPath, path.join(__dirname, "cli.js"), "serve"] });
            } else {
                results = uninstall({ home, ...(selected ? { targets: selected } : {}) });
            }
            for (const r of results) {
                process.stdout.write(`${r.target.padEnd(8)} ${r.changed ? (command === "install" ? "registered in" : "removed from") : "unchanged:"} ${r.file}${r.note ? ` (${r.note})` : ""}\n`);
            }
            return 0;
        }
        case "log": {
            const limit = values.limit === undefined ? 50 : Number(values.limit);
            if (!Number.isInteger(limit) || limit <= 0) {
                process.stderr.write(`hookwarden: --limit must be a positive whole number, got "${values.limit}"\n`);
                return 2;
            }
            const file = values.log ?? defaultLogFile(path.resolve(values.root?.[0] ?? process.cwd()));
            return logCommand(
                { file, follow: values.follow === true, verdicts: values.verdict ?? [], hooks: values.hook ?? [], ...(values.since !== undefined ? { since: values.since } : {}), format: values.format ?? "table", limit },
                (s) => process.stdout.write(s),
            );
        }
        case "status": {
            for (const s of registrationStatus(os.homedir())) {
                process.stdout.write(`${s.target.padEnd(8)} ${s.found ? "found" : "not found"}, ${s.registered ? "registered" : "not registered"}: ${s.file}\n`);
            }
            return 0;
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
