// Load: 64 concurrent callers for 60 s through the relay against one engine (`hookwarden serve`,
// default policy), then the engine driven on to 100,000 events over its socket, its resident
// memory read from /proc at 1,000 events and at 100,000. BENCH_QUICK: 5 s and 10,000 events.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

import { summarizeNs } from "../stats";
import type { BenchContext, Suite } from "../suite";

const G = "load";
const CALLERS = 64;

function rssMiB(pid: number): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
}

function event(cwd: string, n: number): string {
    return JSON.stringify({ session_id: "load", cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_use_id: `toolu_load_${n}`, tool_input: { command: `npm test -- --shard=${n}`, description: "run the tests" } });
}

/** One call through the relay, as a harness makes it; resolves with its latency in ns, rejects on anything but an engine answer. */
function relayCall(relay: string, env: NodeJS.ProcessEnv, body: string): Promise<number> {
    const t0 = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
        const child = spawn(relay, ["--harness", "claude"], { env, stdio: ["pipe", "pipe", "ignore"] });
        let out = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            const ns = Number(process.hrtime.bigint() - t0);
            if (code === 0 && out.includes('"permissionDecision":"allow"') && !out.includes("no engine")) {
                resolve(ns);
            } else {
                reject(new Error(`exit ${code}: ${out.slice(0, 200)}`));
            }
        });
        child.stdin.end(body);
    });
}

/** One request straight to the engine's socket (the relay's protocol), for reaching 100,000 events. */
function socketCall(socket: string, token: string, body: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const s = net.createConnection(socket);
        let data = "";
        s.on("data", (b: Buffer) => (data += b.toString()));
        s.on("end", () => (data.includes('"stdout"') ? resolve() : reject(new Error(data.slice(0, 200)))));
        s.on("error", reject);
        s.write(`${JSON.stringify({ v: 1, token, harness: "claude", event: null, payload: body })}\n`);
    });
}

export const loadSuite: Suite = {
    id: G,
    title: "Load: 64 concurrent callers through the relay, and the engine's memory over 100,000 events",
    description: "Each caller spawns the relay with a 300-byte Claude Code PreToolUse event, one after another, for the duration; every answer must come from the engine. Then the engine is driven to 100,000 events over its socket and its resident memory (VmRSS) compared with its size after the first 1,000.",
    needsSeed: false,
    async run(ctx: BenchContext): Promise<void> {
        const { report, config } = ctx;
        const relay = path.join(config.repoRoot, "native", "target", "release", "hookwarden-relay");
        if (!fs.existsSync(relay)) {
            report.skip(G, `load rows skipped: build the relay first (npm run build:relay): ${relay} is missing`);
            return;
        }
        const seconds = config.quick ? 5 : 60;
        const totalEvents = config.quick ? 10_000 : 100_000;
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "hookwarden-load-"));
        const runtime = path.join(work, "rt");
        fs.mkdirSync(runtime, { mode: 0o700 });
        const project = path.join(work, "project");
        fs.mkdirSync(project);
        const env = { PATH: process.env["PATH"] ?? "", HOOKWARDEN_RUNTIME_DIR: runtime, HOME: work };
        const cli = path.join(config.repoRoot, "out", "src", "cli.js");
        let server: ChildProcess | undefined;
        try {
            server = spawn(process.execPath, [cli, "serve", "--root", project, "--idle-exit-ms", "0", "--log", path.join(work, "decisions.jsonl")], { env, stdio: "ignore" });
            const t0 = Date.now();
            let entry: string | undefined;
            while (!(entry = fs.readdirSync(runtime).find((f) => f.endsWith(".json"))) && Date.now() - t0 < 10_000) {
                await new Promise((r) => setTimeout(r, 20));
            }
            if (!entry || !server.pid) {
                throw new Error("hookwarden serve did not register within 10 s");
            }
            const reg = JSON.parse(fs.readFileSync(path.join(runtime, entry), "utf8")) as { socket: string; token: string };
            let n = 0;
            // Warm-up, then the size after the first 1,000 events.
            for (let i = 0; i < 1000; i++) {
                await socketCall(reg.socket, reg.token, event(project, n++));
            }
            const rssAt1k = rssMiB(server.pid);

            // 64 callers through the relay for the duration.
            const latencies: number[] = [];
            const errors: string[] = [];
            const until = Date.now() + seconds * 1000;
            const caller = async (): Promise<void> => {
                while (Date.now() < until) {
                    try {
                        latencies.push(await relayCall(relay, env, event(project, n++)));
                    } catch (e) {
                        errors.push(String(e));
                    }
                }
            };
            const l0 = Date.now();
            await Promise.all(Array.from({ length: CALLERS }, caller));
            const elapsed = (Date.now() - l0) / 1000;
            report.addRow({ id: "load.relay64", group: G, label: `${CALLERS} callers through the relay for ${seconds} s (latency per call)`, architecture: "relay end to end, concurrent", warmup: 0, stats: summarizeNs(Float64Array.from(latencies)), info: { calls: latencies.length, errors: errors.length, callsPerSecond: Math.round(latencies.length / elapsed) } });
            report.check({ id: "load.errors", group: G, kind: "floor", label: `${CALLERS} callers for ${seconds} s: 0 errors (every answer from the engine)`, status: errors.length === 0 ? "PASS" : "FAIL", value: `${errors.length} of ${latencies.length + errors.length}`, threshold: "0", ...(errors[0] ? { detail: errors[0].slice(0, 200) } : {}) });
            report.note(G, `${latencies.length} calls in ${elapsed.toFixed(1)} s (${Math.round(latencies.length / elapsed)}/s) on ${os.cpus().length} CPUs shared with the callers; p50/p99 include waiting for a CPU.`);

            // On to the total, over the socket (8 at a time), the size sampled on the way: a leak keeps
            // growing from sample to sample, a heap settling flattens out.
            const samples: string[] = [`1,000: ${rssAt1k.toFixed(1)}`];
            const every = totalEvents / 4;
            while (n < totalEvents) {
                const batch = Math.min(8, totalEvents - n);
                await Promise.all(Array.from({ length: batch }, () => socketCall(reg.socket, reg.token, event(project, n++))));
                if (n % every < batch && n < totalEvents) {
                    samples.push(`${n.toLocaleString("en")}: ${rssMiB(server.pid).toFixed(1)}`);
                }
            }
            // Past the duplicate-detection window (5 s), whose recent decisions are held on purpose.
            await new Promise((r) => setTimeout(r, 6000));
            const rssAtEnd = rssMiB(server.pid);
            samples.push(`${totalEvents.toLocaleString("en")} (+6 s): ${rssAtEnd.toFixed(1)}`);
            report.note(G, `Engine VmRSS in MiB by events decided: ${samples.join(" · ")}.`);
            const growth = rssAtEnd - rssAt1k;
            report.check({
                id: "load.rss",
                group: G,
                kind: "floor",
                label: `engine resident memory after ${totalEvents.toLocaleString("en")} events within 20 MiB of its size after 1,000`,
                status: growth <= 20 ? "PASS" : "FAIL",
                value: `${rssAt1k.toFixed(1)} → ${rssAtEnd.toFixed(1)} MiB (${growth >= 0 ? "+" : ""}${growth.toFixed(1)})`,
                threshold: "≤ +20 MiB",
            });
        } finally {
            server?.kill("SIGTERM");
            fs.rmSync(work, { recursive: true, force: true });
        }
    },
};
