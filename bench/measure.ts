// The one timing loop. A row is a named callable plus its call counts; measure() warms it up, times
// every call on its own with process.hrtime.bigint(), and returns the summary.
import { spawnSync } from "node:child_process";

import type { Counts } from "./config";
import { summarizeNs, type Stats } from "./stats";

/** How the work of a row is hosted: the seed's three architectures, plus room for more. */
export type Architecture =
    | "subprocess" // a fresh process per call
    | "in-process JS" // the extension host's own language
    | "native" // the Rust module through napi
    | (string & Record<never, never>); // e.g. "relay end to end", "extension activation"

export interface RowSpec {
    /** Stable id, used in bench.json and by ratios/checks: e.g. `regex.native`. */
    id: string;
    /** Group (workload) the row belongs to: e.g. `regex`. */
    group: string;
    label: string;
    architecture: Architecture;
    counts: Counts;
    /** One call. Its result is kept alive (so the call cannot be optimized away) but not inspected. */
    call: () => unknown;
    /** Free-form facts shown with the row (node count, matches found, ...). */
    info?: Record<string, string | number | boolean>;
}

export interface AsyncRowSpec extends Omit<RowSpec, "call"> {
    call: () => Promise<unknown>;
}

export interface RowResult {
    id: string;
    group: string;
    label: string;
    architecture: string;
    warmup: number;
    stats: Stats;
    info?: Record<string, string | number | boolean>;
}

let sink: unknown;
/** Keeps the last result reachable; read by nobody. */
export function blackhole(): unknown {
    return sink;
}

/** Times a synchronous row. */
export function measure(spec: RowSpec): RowResult {
    const { warmup, iterations } = spec.counts;
    for (let i = 0; i < warmup; i++) {
        sink = spec.call();
    }
    const samples = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
        const t0 = process.hrtime.bigint();
        sink = spec.call();
        const t1 = process.hrtime.bigint();
        samples[i] = Number(t1 - t0);
    }
    return result(spec, samples);
}

/** Times an asynchronous row (each call awaited before the next starts). */
export async function measureAsync(spec: AsyncRowSpec): Promise<RowResult> {
    const { warmup, iterations } = spec.counts;
    for (let i = 0; i < warmup; i++) {
        sink = await spec.call();
    }
    const samples = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
        const t0 = process.hrtime.bigint();
        sink = await spec.call();
        const t1 = process.hrtime.bigint();
        samples[i] = Number(t1 - t0);
    }
    return result(spec, samples);
}

function result(spec: RowSpec | AsyncRowSpec, samples: Float64Array): RowResult {
    const out: RowResult = {
        id: spec.id,
        group: spec.group,
        label: spec.label,
        architecture: spec.architecture,
        warmup: spec.counts.warmup,
        stats: summarizeNs(samples),
    };
    if (spec.info) {
        out.info = spec.info;
    }
    return out;
}

/**
 * A call that spawns `command args` and waits for it to exit (spawn to exit, stdout collected).
 * Throws if the process fails, so a broken subprocess row cannot pass for a fast one.
 */
export function spawnCall(command: string, args: string[], input?: string): () => string {
    return () => {
        const r = spawnSync(command, args, {
            encoding: "utf8",
            input,
            stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
            maxBuffer: 16 * 1024 * 1024,
        });
        if (r.error) {
            throw r.error;
        }
        if (r.status !== 0) {
            throw new Error(`${command} ${args.join(" ")} exited ${r.status ?? r.signal}: ${r.stderr}`);
        }
        return r.stdout;
    };
}

/** Cost of the timer itself: median of back-to-back hrtime.bigint() pairs, in ns. */
export function timerOverheadNs(samples = 10_000): number {
    const d = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
        const t0 = process.hrtime.bigint();
        const t1 = process.hrtime.bigint();
        d[i] = Number(t1 - t0);
    }
    d.sort();
    return d[Math.floor(samples / 2)] as number;
}
