// The engine server: a Unix domain socket the relay talks to. One request per connection, one
// line each way (see native/relay/README.md). Token-checked, deadline-bounded, concurrent.
import { randomBytes, timingSafeEqual } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

import { answerFor, readPayload, type CheckResult } from "../check";
import type { Engine } from "../dispatch";
import { isHarness, type Harness } from "../events";
import { logRecord, type LogRecord } from "../log/redact";
import type { DecisionLog } from "../log/store";
import { normalizeEvent } from "../adapters";
import { Deduper } from "./dedupe";
import { ensurePrivateDir, pidAlive, runtimeDir, writeFileAtomic } from "./runtimeDir";

/** The request line the relay sends; mirrored in native/relay. */
export interface RelayRequest {
    v: 1;
    token: string;
    harness: string;
    event: string | null;
    cwd?: string;
    payload: string;
}

export interface RegistryEntry {
    v: 1;
    socket: string;
    token: string;
    pid: number;
    roots: string[];
    failMode: Record<string, string>;
    startedAt: string;
}

export interface EngineServerOptions {
    /** Workspace roots this engine serves; the relay picks the longest matching root. */
    roots: string[];
    /** The engine in force (a policy reload swaps it). */
    engine: () => Engine;
    log?: DecisionLog;
    runtimeDir?: string;
    /** Per-connection deadline for reading the request and answering. */
    requestTimeoutMs?: number;
    /** Called after each decision (status bar counts, live views). */
    onDecision?: (result: CheckResult) => void;
    /**
     * Compile the native rule sets inside start() (default true). The extension host passes false
     * and warms up right after activation, so activation stays short.
     */
    warmUpOnStart?: boolean;
}

const MAX_REQUEST_BYTES = 9 * 1024 * 1024;

export class EngineServer {
    readonly token = randomBytes(32).toString("hex");
    readonly dir: string;
    readonly socketPath: string;
    readonly registryFile: string;
    private server: net.Server | undefined;
    private readonly deduper = new Deduper();
    private readonly sockets = new Set<net.Socket>();
    private spoolTimer: NodeJS.Timeout | undefined;
    lastActivity = Date.now();

    constructor(private readonly options: EngineServerOptions) {
        this.dir = options.runtimeDir ?? runtimeDir();
        const id = `${process.pid}-${randomBytes(4).toString("hex")}`;
        this.socketPath = path.join(this.dir, `engine-${id}.sock`);
        this.registryFile = path.join(this.dir, `engine-${id}.json`);
    }

    async start(): Promise<void> {
        ensurePrivateDir(this.dir);
        removeStaleEntries(this.dir);
        if (this.options.warmUpOnStart !== false) {
            this.options.engine().warmUp();
        }
        const server = net.createServer((socket) => this.handle(socket));
        this.server = server;
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(this.socketPath, () => {
                server.off("error", reject);
                resolve();
            });
        });
        fs.chmodSync(this.socketPath, 0o600);
        this.writeRegistry();
        this.ingestSpool();
        this.spoolTimer = setInterval(() => this.ingestSpool(), 30_000);
        this.spoolTimer.unref();
    }

    /** Rewrites the registry entry (roots or fail mode changed). */
    writeRegistry(): void {
        const entry: RegistryEntry = {
            v: 1,
            socket: this.socketPath,
            token: this.token,
            pid: process.pid,
            roots: this.options.roots.map((r) => path.resolve(r)),
            failMode: { ...this.options.engine().policy.failMode },
            startedAt: new Date().toISOString(),
        };
        writeFileAtomic(this.registryFile, `${JSON.stringify(entry)}\n`);
    }

    async stop(): Promise<void> {
        clearInterval(this.spoolTimer);
        for (const f of [this.registryFile, this.socketPath]) {
            fs.rmSync(f, { force: true });
        }
        for (const s of this.sockets) {
            s.destroy();
        }
        const server = this.server;
        this.server = undefined;
        if (server) {
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    }

    private handle(socket: net.Socket): void {
        this.sockets.add(socket);
        this.lastActivity = Date.now();
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const reply = (obj: Record<string, unknown>): void => {
            if (!done) {
                done = true;
                socket.end(`${JSON.stringify({ v: 1, ...obj })}\n`);
            }
        };
        socket.setTimeout(this.options.requestTimeoutMs ?? 30_000, () => {
            reply({ error: "request timed out" });
            socket.destroy();
        });
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
        socket.on("data", (b: Buffer) => {
            if (done) {
                return;
            }
            size += b.length;
            if (size > MAX_REQUEST_BYTES) {
                reply({ error: "request too large" });
                return;
            }
            const nl = b.indexOf(10);
            if (nl < 0) {
                chunks.push(b);
                return;
            }
            chunks.push(b.subarray(0, nl));
            const line = Buffer.concat(chunks).toString("utf8");
            done = true; // one request per connection
            this.answer(line).then(
                (out) => socket.end(`${JSON.stringify({ v: 1, ...out })}\n`),
                (err: unknown) => socket.end(`${JSON.stringify({ v: 1, error: err instanceof Error ? err.message : String(err) })}\n`),
            );
        });
    }

    private async answer(line: string): Promise<Record<string, unknown>> {
        let req: RelayRequest;
        try {
            req = JSON.parse(line) as RelayRequest;
        } catch {
            return { error: "the request is not JSON" };
        }
        if (!tokenMatches(req.token, this.token)) {
            return { error: "bad token" };
        }
        if (typeof req.payload !== "string") {
            return { error: "the request has no payload" };
        }
        const harness: Harness | "auto" = isHarness(req.harness) ? req.harness : "auto";
        const engine = this.options.engine();
        const options = { ...(typeof req.event === "string" ? { event: req.event } : {}), ...(typeof req.cwd === "string" ? { defaultCwd: req.cwd } : {}) };
        const read = readPayload(engine, harness, req.payload, options);
        let result: CheckResult;
        if ("failed" in read) {
            result = read.failed;
        } else {
            const event = read.event;
            const decision = await this.deduper.decide(event, () => engine.decide(event));
            result = answerFor(decision.duplicate ? { ...decision, harness: event.harness } : decision, event);
        }
        // Logged before the answer leaves: an engine killed after answering would otherwise lose the
        // decision (the relay got an answer, so it spools nothing). A kill between the two leaves the
        // event logged and spooled by the relay's fail mode; the spool ingest skips it (sameCall).
        this.options.log?.append(logRecord(result.event, result.decision, engine.nativeModule, { policy: engine.policy }));
        setImmediate(() => this.options.onDecision?.(result));
        return { stdout: result.answer.stdout, decision: result.decision.decision, ...(result.decision.duplicate ? { duplicate: true } : {}) };
    }

    /** Events the relay decided alone (no engine answered) enter the log now, redacted. */
    ingestSpool(): number {
        const log = this.options.log;
        const spool = path.join(this.dir, "spool");
        if (!log || !fs.existsSync(spool)) {
            return 0;
        }
        let n = 0;
        const names = fs.readdirSync(spool).filter((f) => f.endsWith(".json"));
        // Calls already in the log: an engine killed between logging and answering (see answer()).
        const logged = new Map<string, number[]>();
        for (const r of names.length > 0 ? log.read().records : []) {
            logged.set(callOfRecord(r), [...(logged.get(callOfRecord(r)) ?? []), Date.parse(r.time)]);
        }
        for (const name of names) {
            const file = path.join(spool, name);
            try {
                const rec = JSON.parse(fs.readFileSync(file, "utf8")) as { time: number; harness: string; event: string | null; cwd: string; payload: string; decision: string; reason: string };
                const harness: Harness = isHarness(rec.harness) ? rec.harness : "claude";
                let event;
                try {
                    event = normalizeEvent(harness, JSON.parse(rec.payload), { ...(rec.event ? { event: rec.event } : {}), defaultCwd: rec.cwd });
                } catch {
                    event = { harness, event: "PreToolUse" as const, cwd: rec.cwd, raw: {} };
                }
                const verdict = rec.decision === "allow" ? ("allow" as const) : rec.decision === "ask" ? ("ask" as const) : ("deny" as const);
                const decision = { decision: verdict, reason: rec.reason, event: event.event, harness, latencyUs: 0, trace: [{ hook: "relay-fail-mode", layer: "", runner: "engine" as const, outcome: verdict, reason: rec.reason, latencyUs: 0, findings: [] }] };
                const record = logRecord(event, decision, this.options.engine().nativeModule, { now: new Date(rec.time), spooled: true });
                // Logged by an engine shortly before the relay gave up on it: the same call, once.
                if ((logged.get(callOfRecord(record)) ?? []).some((t) => t <= rec.time && rec.time - t < SAME_CALL_WINDOW_MS)) {
                    fs.rmSync(file, { force: true });
                    continue;
                }
                if (log.append(record)) {
                    fs.rmSync(file, { force: true });
                    n++;
                }
            } catch {
                // A torn spool file (the relay was killed mid-write): leave it for a person to look at.
            }
        }
        return n;
    }
}

/** Longer than any relay deadline (at most 25 s as registered). */
const SAME_CALL_WINDOW_MS = 60_000;

/** What identifies one call in the log: its tool-use id where the harness sends one, else its content
 * (redacted values compare equal: the same redaction ran). */
function callOfRecord(r: LogRecord): string {
    return JSON.stringify([r.harness, r.event, r.sessionId ?? null, r.toolUseId ?? null, r.toolName ?? null, r.toolInput ?? null, r.prompt ?? null]);
}

function tokenMatches(given: unknown, expected: string): boolean {
    if (typeof given !== "string" || given.length !== expected.length) {
        return false;
    }
    return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Registry entries and sockets of engines that died without cleaning up. */
export function removeStaleEntries(dir: string): string[] {
    const removed: string[] = [];
    for (const name of fs.readdirSync(dir)) {
        const m = /^engine-(\d+)-[0-9a-f]+\.json$/.exec(name);
        if (!m) {
            continue;
        }
        if (!pidAlive(Number(m[1]))) {
            const file = path.join(dir, name);
            fs.rmSync(file, { force: true });
            fs.rmSync(file.replace(/\.json$/, ".sock"), { force: true });
            removed.push(file);
        }
    }
    return removed;
}
