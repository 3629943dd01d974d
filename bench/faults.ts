// `npm run faults`: every fault the engine must survive, each with its expected outcome and the
// observed one, counted, in bench/results/faults.md. `--short` (run by the test command) runs the
// same faults with smaller counts and writes test/artifacts/faults.md instead, so a test run never
// changes a tracked file. Exit code 1 when any fault's observed outcome is not the expected one.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { checkPayload, DecisionLog, Engine, PolicyHost, type CheckResult, type LogRecord } from "../src/engine";
import { parsePolicyText } from "../src/engine/policy/load";
import { combineLayers } from "../src/engine/policy/layers";

const ROOT = path.resolve(__dirname, "..", "..");
const RELAY = path.join(ROOT, "native", "target", "release", "hookwarden-relay");
const CLI = path.join(ROOT, "out", "src", "cli.js");
const FIXTURE_MODULE = path.join(ROOT, "test", "fixtures", "hooks", "allow-with-rewrite.js");
const SHORT = process.argv.includes("--short");
/** The AWS key id of test/fixtures/payloads/output-secrets.*.json. */
const FIXTURE_SECRET = "AKIAZ7QH4TJ3XW5LMN2P";

interface Row {
    group: string;
    fault: string;
    expected: string;
    observed: string;
    runs: number;
    failOpen: number;
    crashes: number;
    ok: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hookwarden-faults-"));

function say(s: string): void {
    process.stdout.write(`${s}\n`);
}

/** Printable, one table cell, and no path of this machine's temporary directory. */
function cell(s: string): string {
    return s
        .split(tmp)
        .join("<tmp>")
        // Control characters and undecodable bytes (a garbage-printing hook's output) as "?".
        .replace(/\p{Cc}|\ufffd/gu, "?")
        .replace(/\|/g, "\\|");
}

function record(row: Omit<Row, "ok"> & { ok?: boolean }): void {
    const ok = row.ok ?? (row.failOpen === 0 && row.crashes === 0);
    rows.push({ ...row, fault: cell(row.fault), expected: cell(row.expected), observed: cell(row.observed), ok });
    say(`${ok ? "ok  " : "FAIL"} ${row.group}: ${row.fault}: ${row.observed}`);
}

function claudePre(command: string, id: string, cwd = tmp): string {
    return JSON.stringify({ session_id: "faults", cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: id });
}

function engineWith(hooks: unknown[], dir = tmp): Engine {
    // Named as a file in `dir` so module paths resolve there; nothing is written.
    const text = JSON.stringify({ hooks });
    return new Engine(combineLayers([parsePolicyText(text, path.join(dir, "hooks.json"), "workspace")]));
}

function pidAlive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return !/^\d+ \(.*\) Z/.test(stat);
    } catch {
        return false;
    }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- command hooks -------------------------------------------------------------------------
async function commandHooks(): Promise<void> {
    const timeoutMs = 500;
    const pidFile = path.join(tmp, "child.pid");
    const cases: { fault: string; command: string; expect: "deny" | "allow"; payloadBytes?: number; check?: () => string | undefined }[] = [
        { fault: "hangs (sleep 30)", command: "sleep 30", expect: "deny" },
        { fault: "crashes (exit 1)", command: "echo oops >&2; exit 1", expect: "deny" },
        { fault: "killed by a signal (kill -9 $$)", command: "kill -9 $$", expect: "deny" },
        { fault: "prints garbage (2 KB of random bytes)", command: "head -c 2048 /dev/urandom", expect: "deny" },
        { fault: "prints 100 MB", command: "head -c 100000000 /dev/zero | tr '\\0' a", expect: "deny" },
        { fault: "closes stdin early, then answers allow", command: `exec 0<&-; echo '{"decision":"allow"}'`, expect: "allow", payloadBytes: 4 * 1024 * 1024 },
        { fault: "never reads a 4 MB stdin, answers deny", command: `echo '{"decision":"deny","reason":"no"}'`, expect: "deny", payloadBytes: 4 * 1024 * 1024 },
        {
            fault: "leaves a child behind and hangs (group ended at the timeout)",
            command: `sleep 1000 >/dev/null 2>&1 & echo $! > ${pidFile}; sleep 30`,
            expect: "deny",
            check: () => leftover(pidFile),
        },
        {
            fault: "leaves a child behind and exits 0 (group ended at exit)",
            command: `sleep 1000 >/dev/null 2>&1 & echo $! > ${pidFile}; exit 0`,
            expect: "allow",
            check: () => leftover(pidFile),
        },
    ];
    for (const c of cases) {
        fs.rmSync(pidFile, { force: true });
        const engine = engineWith([{ name: "faulty", event: "PreToolUse", command: c.command, timeoutMs, onError: "deny" }]);
        const padding = c.payloadBytes ? "x".repeat(c.payloadBytes) : "";
        const t0 = performance.now();
        let crashes = 0;
        let r: CheckResult | undefined;
        try {
            r = await checkPayload(engine, "claude", claudePre(`echo ${padding}`, "c1"));
        } catch (e) {
            crashes++;
            notes.push(`command hook "${c.fault}": threw ${String(e)}`);
        }
        const ms = performance.now() - t0;
        await sleep(50);
        const problem = c.check?.();
        const verdict = r?.decision.decision ?? "none";
        const error = r?.decision.trace[0]?.error;
        const inTime = ms < timeoutMs + 1500;
        record({
            group: "command hook",
            fault: c.fault,
            expected: `${c.expect}${c.expect === "allow" || c.command.includes("decision") ? " (its answer)" : " (onError)"} within ${timeoutMs} ms + spawn${c.check ? "; no process left" : ""}`,
            observed: `${verdict} in ${ms.toFixed(0)} ms${error ? ` (${error.slice(0, 80)})` : ""}${problem ? `; ${problem}` : ""}`,
            runs: 1,
            failOpen: verdict === "allow" && c.expect === "deny" ? 1 : 0,
            crashes,
            ok: verdict === c.expect && crashes === 0 && inTime && !problem,
        });
    }
}

function leftover(pidFile: string): string | undefined {
    const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8").trim() : "0");
    if (!pid) {
        return "the hook did not record its child";
    }
    if (pidAlive(pid)) {
        process.kill(pid, "SIGKILL");
        return `child ${pid} still running`;
    }
    return undefined;
}

// ---- module hooks --------------------------------------------------------------------------
async function moduleHooks(): Promise<void> {
    const dir = path.dirname(FIXTURE_MODULE);
    const timeoutMs = 400;
    for (const [fault, exportName] of [
        ["throws", "throws"],
        ["returns garbage (42)", "notAnAnswer"],
        ["never resolves", "hangs"],
        ["blocks with a busy loop", "spins"],
    ] as const) {
        const faulty = engineWith([{ name: "faulty", event: "PreToolUse", module: `./allow-with-rewrite.js#${exportName}`, timeoutMs, onError: "deny" }], dir);
        const healthy = engineWith([{ name: "healthy", event: "PreToolUse", module: "./allow-with-rewrite.js#addDryRun" }], dir);
        // Two warm workers, as a running engine has: the faulty hook takes one, the other events the
        // other (starting a worker on a loaded machine can itself take longer than the deadline).
        await Promise.all([0, 1].map((i) => checkPayload(healthy, "claude", claudePre("warm", `w${i}`))));
        const t0 = performance.now();
        let crashes = 0;
        let ms = 0;
        const stuck = checkPayload(faulty, "claude", claudePre("ls", "m1")).then(
            (r) => {
                ms = performance.now() - t0;
                return r;
            },
            (e: unknown) => {
                crashes++;
                notes.push(`module hook "${fault}": threw ${String(e)}`);
                return undefined;
            },
        );
        // Other events meanwhile, each with its own deadline of timeoutMs.
        const others: number[] = [];
        let late = 0;
        while (performance.now() - t0 < timeoutMs) {
            const s = performance.now();
            await checkPayload(healthy, "claude", claudePre("make", `o${others.length}`));
            const took = performance.now() - s;
            others.push(took);
            if (took > timeoutMs) {
                late++;
            }
        }
        const r = await stuck;
        const verdict = r?.decision.decision ?? "none";
        record({
            group: "module hook",
            fault,
            expected: `deny (onError) within ${timeoutMs} ms; other events answered within their deadline`,
            observed: `${verdict} in ${ms.toFixed(0)} ms; ${others.length} other events, slowest ${Math.max(...others).toFixed(1)} ms, ${late} late`,
            runs: 1 + others.length,
            failOpen: verdict === "allow" ? 1 : 0,
            crashes,
            ok: verdict === "deny" && crashes === 0 && late === 0 && ms < timeoutMs + 1000,
        });
    }
    // The price of the worker: an event with one trivial module hook against one with no hook.
    const n = SHORT ? 200 : 2000;
    const bare = engineWith([], dir);
    const withModule = engineWith([{ name: "trivial", event: "PreToolUse", module: "./allow-with-rewrite.js#askAlways" }], dir);
    const time = async (e: Engine): Promise<number> => {
        for (let i = 0; i < 50; i++) {
            await checkPayload(e, "claude", claudePre("ls", `w${i}`));
        }
        const s = performance.now();
        for (let i = 0; i < n; i++) {
            await checkPayload(e, "claude", claudePre("ls", `t${i}`));
        }
        return ((performance.now() - s) * 1000) / n;
    };
    const base = await time(bare);
    const worker = await time(withModule);
    notes.push(`Module hooks run in worker threads. Cost, same run: an event with no hook ${base.toFixed(0)} µs, with one trivial module hook ${worker.toFixed(0)} µs (${n} events each; the difference, ${(worker - base).toFixed(0)} µs, is the round trip to the worker plus the hook).`);
}

// ---- engine killed mid-stream --------------------------------------------------------------
interface Served {
    child: ReturnType<typeof spawn>;
    registry: string;
}

async function serve(runtime: string, ws: string, policy: string, log: string, home: string): Promise<Served> {
    const before = new Set(fs.existsSync(runtime) ? fs.readdirSync(runtime) : []);
    const child = spawn(process.execPath, [CLI, "serve", "--root", ws, "--policy", policy, "--log", log, "--idle-exit-ms", "0"], { env: { ...process.env, HOOKWARDEN_RUNTIME_DIR: runtime, HOME: home }, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
    const t0 = Date.now();
    for (;;) {
        const entry = fs.existsSync(runtime) ? fs.readdirSync(runtime).find((f) => f.startsWith(`engine-${child.pid}-`) && f.endsWith(".json") && !before.has(f)) : undefined;
        if (entry) {
            return { child, registry: path.join(runtime, entry) };
        }
        if (Date.now() - t0 > 20_000) {
            child.kill("SIGKILL");
            throw new Error(`the engine did not register: ${err}`);
        }
        await sleep(50);
    }
}

let relayPanics = 0;

function relayCall(runtime: string, home: string, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(RELAY, ["--harness", "claude", "--deadline-ms", "5000"], { env: { PATH: process.env["PATH"] ?? "", HOME: home, HOOKWARDEN_RUNTIME_DIR: runtime } });
        let out = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString()));
        child.stderr.on("data", (b: Buffer) => {
            if (b.toString().includes("panicked") || b.toString().includes("internal error in the relay")) {
                relayPanics++;
            }
        });
        child.on("error", reject);
        child.on("close", () => resolve(out.trim()));
        child.stdin.end(body);
    });
}

function readLog(file: string): LogRecord[] {
    return new DecisionLog(file).read().records;
}

async function engineKilled(): Promise<void> {
    const total = SHORT ? 200 : 1000;
    const callers = 8;
    const dir = fs.mkdtempSync(path.join(tmp, "kill-"));
    const runtime = path.join(dir, "run");
    fs.mkdirSync(runtime, { mode: 0o700 });
    const ws = path.join(dir, "ws");
    fs.mkdirSync(ws);
    const home = path.join(dir, "home");
    fs.mkdirSync(home);
    const policy = path.join(dir, "hooks.json");
    fs.writeFileSync(policy, JSON.stringify({ hooks: [{ name: "shell-safety", event: "PreToolUse", match: { tool: "@shell" }, classifier: "shell", options: { deny: ["destructive-fs"] } }] }));
    const log = path.join(dir, "decisions.jsonl");
    const first = await serve(runtime, ws, policy, log, home);
    const answers: string[] = new Array<string>(total);
    let next = 0;
    let killedAt = -1;
    const killAfter = Math.floor(total * 0.4);
    const worker = async (): Promise<void> => {
        for (let i = next++; i < total; i = next++) {
            if (i === killAfter && killedAt < 0) {
                killedAt = i;
                first.child.kill("SIGKILL");
            }
            // Each event is its own call: a distinct session marks it in the log and the spool.
            // Every event carries a fixture secret: the log must hold it redacted, whether the engine
            // logged the event or ingested it from the relay's spool.
            answers[i] = await relayCall(runtime, home, JSON.stringify({ session_id: `ev-${i}`, cwd: ws, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: `AWS_ACCESS_KEY_ID=${FIXTURE_SECRET} rm -rf ~ && echo ${i}` }, tool_use_id: `t-${i}` }));
        }
    };
    await Promise.all(Array.from({ length: callers }, () => worker()));
    // The next engine ingests what the relay spooled while none answered.
    fs.rmSync(first.registry, { force: true });
    const second = await serve(runtime, ws, policy, log, home);
    const spoolDir = path.join(runtime, "spool");
    const spooled = (): number => (fs.existsSync(spoolDir) ? fs.readdirSync(spoolDir).filter((f) => f.endsWith(".json")).length : 0);
    const i0 = Date.now();
    while (spooled() > 0 && Date.now() - i0 < 30_000) {
        await sleep(50);
    }
    const ingestMs = Date.now() - i0;
    await sleep(200);
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("close", r));
    const spoolLeft = fs.existsSync(path.join(runtime, "spool")) ? fs.readdirSync(path.join(runtime, "spool")).filter((f) => f.endsWith(".json")) : [];
    const seen = new Map<string, number>();
    for (const r of readLog(log)) {
        if (r.sessionId?.startsWith("ev-")) {
            seen.set(r.sessionId, (seen.get(r.sessionId) ?? 0) + 1);
        }
    }
    for (const f of spoolLeft) {
        const rec = JSON.parse(fs.readFileSync(path.join(runtime, "spool", f), "utf8")) as { payload: string };
        const id = (JSON.parse(rec.payload) as { session_id: string }).session_id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    let failOpen = 0;
    let unanswered = 0;
    let fromFailMode = 0;
    for (const a of answers) {
        if (!a) {
            unanswered++;
            continue;
        }
        const v = JSON.parse(a) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
        if (v.hookSpecificOutput?.permissionDecision !== "deny") {
            failOpen++;
        }
        if (v.hookSpecificOutput?.permissionDecisionReason?.includes("no engine answered")) {
            fromFailMode++;
        }
    }
    const secretsInLog = fs.readFileSync(log, "utf8").split(FIXTURE_SECRET).length - 1;
    const lost = Array.from({ length: total }, (_, i) => `ev-${i}`).filter((id) => !seen.has(id)).length;
    const duplicated = [...seen.values()].filter((n) => n > 1).length;
    record({
        group: "engine",
        fault: `SIGKILL after ${killAfter} of ${total} events from ${callers} concurrent callers (through the relay)`,
        expected: "every event answered (engine or fail mode), none allowed, each in the log or the spool exactly once, its secret redacted",
        observed: `${total - unanswered} answered (${fromFailMode} by the fail mode), ${failOpen} fail-open, ${lost} lost, ${duplicated} duplicated, ${relayPanics} relay panics, ${secretsInLog} unredacted secrets in the log; ${spoolLeft.length} left in the spool after the next engine's ingest (${ingestMs} ms)`,
        runs: total,
        failOpen,
        crashes: unanswered + relayPanics,
        ok: failOpen === 0 && unanswered === 0 && lost === 0 && duplicated === 0 && relayPanics === 0 && secretsInLog === 0,
    });
}

// ---- the decision log cannot be written ----------------------------------------------------
async function logFailures(): Promise<void> {
    const engine = engineWith([{ name: "shell-safety", event: "PreToolUse", match: { tool: "@shell" }, classifier: "shell", options: { deny: ["destructive-fs"] } }]);
    const readOnly = path.join(tmp, "ro");
    fs.mkdirSync(readOnly);
    const cases: [string, () => DecisionLog][] = [
        ["a read-only log directory", () => {
            const log = new DecisionLog(path.join(readOnly, "decisions.jsonl"));
            fs.chmodSync(readOnly, 0o500);
            return log;
        }],
        ["a full disk (the log is /dev/full)", () => {
            const file = path.join(tmp, "full.jsonl");
            fs.symlinkSync("/dev/full", file);
            return new DecisionLog(file);
        }],
    ];
    for (const [fault, make] of cases) {
        const log = make();
        const n = 50;
        let failOpen = 0;
        let crashes = 0;
        let failedWrites = 0;
        for (let i = 0; i < n; i++) {
            try {
                const r = await checkPayload(engine, "claude", claudePre("rm -rf ~/x", `l${i}`));
                if (r.decision.decision !== "deny") {
                    failOpen++;
                }
                if (!log.append({ time: "", harness: "claude", event: "PreToolUse", cwd: tmp, decision: r.decision })) {
                    failedWrites++;
                }
            } catch (e) {
                crashes++;
                notes.push(`log "${fault}": threw ${String(e)}`);
            }
        }
        // Running as root ignores a directory's write bit: then the write simply succeeds.
        const asRoot = process.getuid?.() === 0 && fault.includes("read-only");
        record({
            group: "decision log",
            fault,
            expected: "decisions go on; the write failure is kept (lastError), nothing throws",
            observed: `${n - failOpen} of ${n} decided; ${failedWrites} writes failed${log.lastError ? ` (${(log.lastError as NodeJS.ErrnoException).code ?? log.lastError.message})` : ""}${asRoot ? "; running as root, the directory's mode does not stop writes" : ""}`,
            runs: n,
            failOpen,
            crashes,
            ok: failOpen === 0 && crashes === 0 && (asRoot || failedWrites === n),
        });
        fs.chmodSync(readOnly, 0o700);
    }
}

// ---- the policy file changes under a running session ---------------------------------------
async function policySwaps(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(tmp, "policy-"));
    const file = path.join(dir, "hooks.json");
    const good = JSON.stringify({ hooks: [{ name: "shell-safety", event: "PreToolUse", match: { tool: "@shell" }, classifier: "shell", options: { deny: ["destructive-fs"] } }] });
    fs.writeFileSync(file, good);
    const host = new PolicyHost({ kind: "files", files: [file] }, {});
    host.watch();
    let reloads = 0;
    host.onReload(() => reloads++);
    const waitReload = async (from: number): Promise<void> => {
        const t0 = Date.now();
        while (reloads === from && Date.now() - t0 < 3000) {
            await sleep(25);
        }
    };
    const steps: [string, () => void][] = [
        ["replaced by a broken one", () => fs.writeFileSync(file, '{ "hooks": [ { "name": "half', "utf8")],
        ["deleted", () => fs.rmSync(file)],
        ["swapped for a symlink to an allow-everything policy", () => {
            const other = path.join(dir, "other.json");
            fs.writeFileSync(other, '{ "hooks": [] }');
            fs.rmSync(file, { force: true });
            fs.symlinkSync(other, file);
        }],
    ];
    for (const [fault, change] of steps) {
        fs.rmSync(file, { force: true });
        fs.writeFileSync(file, good);
        host.reload();
        const before = reloads;
        change();
        await waitReload(before);
        let crashes = 0;
        let r: CheckResult | undefined;
        try {
            r = await checkPayload(host.engine, "claude", claudePre("rm -rf ~/x", "p1"));
        } catch (e) {
            crashes++;
            notes.push(`policy "${fault}": threw ${String(e)}`);
        }
        const verdict = r?.decision.decision ?? "none";
        record({
            group: "policy file",
            fault,
            expected: fault.startsWith("swapped") ? "the new policy applies (a symlink is followed like the file it names), reported as a reload" : "rm -rf still denied (last good policy kept), reported",
            observed: `rm -rf → ${verdict}; ${reloads - before} reload(s) seen; errors: ${host.errors.length ? (host.errors[0]?.message ?? "").split(dir).join("<dir>").slice(0, 90) : "none"}`,
            runs: 1,
            failOpen: !fault.startsWith("swapped") && verdict !== "deny" ? 1 : 0,
            crashes,
            ok: crashes === 0 && (fault.startsWith("swapped") ? reloads > before : verdict === "deny"),
        });
    }
    host.dispose();
}

function markdown(): string {
    const lines = [
        `# Faults${SHORT ? " (short run)" : ""}`,
        "",
        `\`npm run faults\`${SHORT ? " --short" : ""}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, Node ${process.versions.node}. Each fault with its expected and observed outcome.`,
        "",
        "| | fault | expected | observed | runs | fail-open | crashes | |",
        "|---|---|---|---|---|---|---|---|",
        ...rows.map((r) => `| ${r.group} | ${r.fault} | ${r.expected} | ${r.observed} | ${r.runs} | ${r.failOpen} | ${r.crashes} | ${r.ok ? "ok" : "**FAIL**"} |`),
        "",
        `Totals: ${rows.length} faults, ${rows.filter((r) => r.ok).length} as expected; ${rows.reduce((n, r) => n + r.failOpen, 0)} fail-open outcomes; ${rows.reduce((n, r) => n + r.crashes, 0)} crashes, panics or unanswered events.`,
        "",
        "Not covered here: a read-only log directory cannot be shown while running as root (root ignores the directory's mode); a failed log write is kept in the log's lastError and the decisions go on, but it is not yet reported to the user once (issue 12's log owns that).",
        "",
        ...notes.map((n) => `- ${n}`),
        "",
    ];
    return lines.join("\n");
}

async function main(): Promise<number> {
    await commandHooks();
    await moduleHooks();
    await logFailures();
    await policySwaps();
    if (fs.existsSync(RELAY)) {
        await engineKilled();
    } else {
        notes.push(`engine SIGKILL fault skipped: the relay is not built (${path.relative(ROOT, RELAY)}; npm run build:relay)`);
    }
    const out = SHORT ? path.join(ROOT, "test", "artifacts", "faults.md") : path.join(ROOT, "bench", "results", "faults.md");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, markdown());
    say(`\nfaults: ${rows.filter((r) => r.ok).length} of ${rows.length} as expected; written to ${path.relative(ROOT, out)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        process.stderr.write(`faults: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
