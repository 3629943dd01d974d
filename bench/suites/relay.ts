// The end-to-end hook call: what a harness actually pays per event. `sh -c '<relay> --harness
// claude'` with a 1 KB PreToolUse event against a running engine (a separate `hookwarden serve`
// process with the default policy), next to `sh -c true` (the floor) and the same policy as a
// `node` command hook. Plus throughput with 8 concurrent callers.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { measure, spawnCall } from "../measure";
import { fmtRatio, summarizeNs } from "../stats";
import type { BenchContext, Suite } from "../suite";

const G = "relay";
const CALLS = 500;

/** Replaced in each call's payload by the call's number, so the engine decides every call (an
 * identical tool call within seconds would be answered as a duplicate). Same width as the number. */
const CALL_NUMBER = "#######";

function numbered(payload: string): () => string {
    let n = 0;
    return () => payload.replace(CALL_NUMBER, String(n++ % 10_000_000).padStart(CALL_NUMBER.length, "0"));
}

/** A Claude Code PreToolUse payload of about 1 KB: a harmless build command with a long description. */
function payload(cwd: string): string {
    const base = { session_id: "bench-session", transcript_path: "/tmp/bench/transcript.jsonl", cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_use_id: `toolu_bench_${CALL_NUMBER}`, tool_input: { command: "npm run build && npm test -- --reporter=dot", description: "" } };
    const pad = 1024 - Buffer.byteLength(JSON.stringify(base));
    base.tool_input.description = "Build the project and run the unit tests. ".repeat(Math.ceil(pad / 42)).slice(0, Math.max(0, pad));
    return JSON.stringify(base);
}

/** The default policy as a `node` command hook: load the engine, decide, print the Claude answer. */
function nodeHookScript(repoRoot: string): string {
    const engine = path.join(repoRoot, "out", "src", "engine", "index.js");
    return `const e = require(${JSON.stringify(engine)});
const engine = new e.Engine(e.combineLayers([e.defaultPolicyLayer()]));
e.checkPayload(engine, "claude", require("fs").readFileSync(0, "utf8")).then((r) => process.stdout.write(r.answer.stdout + "\\n"));
`;
}

function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    return new Promise((resolve) => {
        const tick = (): void => {
            if (check()) {
                resolve(true);
            } else if (Date.now() > until) {
                resolve(false);
            } else {
                setTimeout(tick, 20);
            }
        };
        tick();
    });
}

async function concurrentThroughput(command: string, nextInput: () => string, callers: number, total: number, env: NodeJS.ProcessEnv): Promise<number> {
    let started = 0;
    const one = (): Promise<void> =>
        new Promise((resolve, reject) => {
            const child = spawn("/bin/sh", ["-c", command], { env, stdio: ["pipe", "pipe", "ignore"] });
            let out = "";
            child.stdout.on("data", (b: Buffer) => (out += b.toString()));
            child.on("error", reject);
            child.on("close", (code) => (code === 0 && out.includes("permissionDecision") ? resolve() : reject(new Error(`relay call failed: exit ${code}, ${out}`))));
            child.stdin.end(nextInput());
        });
    const worker = async (): Promise<void> => {
        while (started < total) {
            started++;
            await one();
        }
    };
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: callers }, worker));
    return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export const relaySuite: Suite = {
    id: G,
    title: "End to end: a harness-style hook call through the relay",
    description:
        "Each call is what a harness does per event: spawn `sh -c '<command>'`, write the event on stdin, read the answer. " +
        "Relay: the native relay hands the 1 KB Claude Code PreToolUse event to a warm engine (`hookwarden serve`, default policy, a separate process) over its Unix socket. " +
        "Floor: `sh -c true`. Node hook: the same default policy as a `node` command hook (loads the engine and the native module per call).",
    needsSeed: false,
    async run(ctx: BenchContext): Promise<void> {
        const { report, config } = ctx;
        const relay = path.join(config.repoRoot, "native", "target", "release", "hookwarden-relay");
        if (!fs.existsSync(relay)) {
            report.skip(G, `relay rows skipped: build the relay first (npm run build:relay): ${relay} is missing`);
            return;
        }
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "hookwarden-bench-"));
        const runtime = path.join(work, "rt");
        fs.mkdirSync(runtime, { mode: 0o700 });
        const project = path.join(work, "project");
        fs.mkdirSync(project);
        const env = { ...process.env, HOOKWARDEN_RUNTIME_DIR: runtime, HOME: work };
        const input = payload(project);
        const hookFile = path.join(work, "hook.js");
        fs.writeFileSync(hookFile, nodeHookScript(config.repoRoot));
        const cli = path.join(config.repoRoot, "out", "src", "cli.js");
        let server: ChildProcess | undefined;
        const previousRuntime = process.env["HOOKWARDEN_RUNTIME_DIR"];
        try {
            server = spawn(process.execPath, [cli, "serve", "--root", project, "--idle-exit-ms", "0", "--log", path.join(work, "decisions.jsonl")], { env, stdio: "ignore" });
            const up = await waitFor(() => fs.readdirSync(runtime).some((f) => f.endsWith(".json")), 10_000);
            if (!up) {
                throw new Error("hookwarden serve did not register within 10 s");
            }
            const relayCmd = `${relay} --harness claude`;
            const sanity = spawnSync("/bin/sh", ["-c", relayCmd], { input, encoding: "utf8", env });
            const answer = JSON.parse(sanity.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
            const reason = answer.hookSpecificOutput?.permissionDecisionReason ?? "";
            report.check({
                id: "relay.engine-answers",
                group: G,
                kind: "assert",
                label: "the relay's answer comes from the engine (not its fail mode)",
                status: answer.hookSpecificOutput?.permissionDecision === "allow" && !reason.includes("no engine") ? "PASS" : "FAIL",
                value: sanity.stdout.trim().slice(0, 160),
            });
            const counts = { warmup: config.quick ? 5 : 20, iterations: config.quick ? 50 : CALLS };
            // spawnCall inherits this process's environment: point it at the bench's runtime dir.
            process.env["HOOKWARDEN_RUNTIME_DIR"] = runtime;
            const run = (sh: string): (() => string) => {
                const next = numbered(input);
                return () => spawnCall("/bin/sh", ["-c", sh], next())();
            };
            report.addRow(measure({ id: "relay.floor", group: G, label: "floor: sh -c true", architecture: "subprocess", counts, call: spawnCall("/bin/sh", ["-c", "true"]) }));
            report.addRow(measure({ id: "relay.relay", group: G, label: "relay: sh -c '<relay> --harness claude' → warm engine", architecture: "relay end to end", counts, call: run(relayCmd), info: { payloadBytes: Buffer.byteLength(input) } }));
            report.addRow(measure({ id: "relay.node", group: G, label: "node command hook: sh -c 'node hook.js' (same policy)", architecture: "subprocess", counts: config.subprocess, call: run(`${process.execPath} ${hookFile}`) }));
            report.note(G, `Spawned from this bench process (resident size ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB at the relay rows): a parent's fork cost grows with its size, and adds the same to the floor, the relay and the node hook. A bigger harness process raises the floor and lowers the node-hook ratio; the Rust-harness rows below show the other end.`);
            report.ratio("relay.vs-floor", G, "relay / floor (target ≤ 2x on p50)", "relay.relay", "relay.floor");
            report.ratio("relay.node-vs-relay", G, "node hook / relay (target ≥ 30x)", "relay.node", "relay.relay");
            const relayRow = report.row("relay.relay");
            const floorRow = report.row("relay.floor");
            const nodeRow = report.row("relay.node");
            if (relayRow && floorRow && nodeRow) {
                const vsFloor = relayRow.stats.p50Ms / floorRow.stats.p50Ms;
                const vsNode = nodeRow.stats.p50Ms / relayRow.stats.p50Ms;
                report.check({ id: "relay.floor-2x", group: G, kind: "floor", label: "Node harness: relay p50 ≤ 2x the `sh -c true` floor", status: vsFloor <= 2 ? "PASS" : "FAIL", value: fmtRatio(vsFloor), threshold: "≤ 2x" });
                report.check({ id: "relay.node-30x", group: G, kind: "floor", label: "Node harness: relay ≥ 30x faster than the node command hook (p50)", status: vsNode >= 30 ? "PASS" : "FAIL", value: fmtRatio(vsNode), threshold: "≥ 30x" });
            }
            // The same three commands spawned by a Rust harness (std::process::Command, as Codex
            // does): a Node parent pays ~3 ms per spawn for forking its large process, which
            // inflates every row above; a Rust parent shows what the commands themselves cost.
            const driver = path.join(config.repoRoot, "native", "target", "release", "examples", "harness_spawn");
            const built = spawnSync("cargo", ["build", "--release", "-p", "hookwarden-relay", "--example", "harness_spawn", "--manifest-path", path.join(config.repoRoot, "native", "Cargo.toml")], { stdio: "ignore" });
            if (built.status === 0 && fs.existsSync(driver)) {
                const payloadFile = path.join(work, "payload.json");
                fs.writeFileSync(payloadFile, input);
                const viaRust = (id: string, label: string, command: string, n: { warmup: number; iterations: number }): void => {
                    const r = spawnSync(driver, [String(n.warmup), String(n.iterations), payloadFile, command], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
                    if (r.status !== 0) {
                        throw new Error(`harness_spawn ${command}: ${r.stderr}`);
                    }
                    const ns = (JSON.parse(r.stdout) as { ns: number[] }).ns;
                    report.addRow({ id, group: G, label, architecture: "spawned by a Rust harness", warmup: n.warmup, stats: summarizeNs(Float64Array.from(ns)) });
                };
                viaRust("relay.rust.floor", "Rust harness → floor: sh -c true", "true", counts);
                viaRust("relay.rust.cat", "Rust harness → sh -c 'cat > /dev/null' (any exec'd binary)", "cat > /dev/null", counts);
                viaRust("relay.rust.relay", "Rust harness → sh -c '<relay> --harness claude' → warm engine", relayCmd, counts);
                viaRust("relay.rust.node", "Rust harness → sh -c 'node hook.js' (same policy)", `${process.execPath} ${hookFile}`, config.subprocess);
                const rf = report.row("relay.rust.floor")?.stats.p50Ms ?? NaN;
                const rr = report.row("relay.rust.relay")?.stats.p50Ms ?? NaN;
                const rn = report.row("relay.rust.node")?.stats.p50Ms ?? NaN;
                report.check({ id: "relay.rust.floor-2x", group: G, kind: "extra", label: "Rust harness: relay p50 ≤ 2x the `sh -c true` floor", status: rr / rf <= 2 ? "PASS" : "FAIL", value: fmtRatio(rr / rf), threshold: "≤ 2x" });
                report.check({ id: "relay.rust.node-30x", group: G, kind: "extra", label: "Rust harness: relay ≥ 30x faster than the node command hook (p50)", status: rn / rr >= 30 ? "PASS" : "FAIL", value: fmtRatio(rn / rr), threshold: "≥ 30x" });
                report.note(G, "The issue's floors are measured on the rows above, spawned from this Node process as `npm run bench` runs them. The Rust-harness checks apply the same ratios to a cheaper spawner (how Codex spawns hooks); they go beyond the targets and are reported, not claimed.");
                report.note(G, "`sh -c true` runs dash's builtin: no program is loaded. Any hook command must exec a binary; the `cat` row shows that cost alone, which is most of the gap between the floor and the relay when a Rust harness spawns.");
            } else {
                report.note(G, "Rust-harness rows skipped: the harness_spawn example did not build.");
            }
            const total = config.quick ? 80 : 800;
            const seq = await concurrentThroughput(relayCmd, numbered(input), 1, Math.floor(total / 4), env);
            const par = await concurrentThroughput(relayCmd, numbered(input), 8, total, env);
            report.table({
                group: G,
                title: "Throughput (relay → warm engine, calls per second)",
                header: ["callers", "calls", "calls/s"],
                rows: [
                    ["1", String(Math.floor(total / 4)), seq.toFixed(0)],
                    ["8", String(total), par.toFixed(0)],
                ],
                right: [true, true, true],
            });
            report.meta["relayThroughput"] = { sequentialPerSecond: Math.round(seq), concurrent8PerSecond: Math.round(par) };
        } finally {
            if (previousRuntime === undefined) {
                delete process.env["HOOKWARDEN_RUNTIME_DIR"];
            } else {
                process.env["HOOKWARDEN_RUNTIME_DIR"] = previousRuntime;
            }
            server?.kill("SIGTERM");
            await waitFor(() => server?.exitCode !== null, 5000);
            fs.rmSync(work, { recursive: true, force: true });
        }
    },
};
