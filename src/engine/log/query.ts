// Filtering and summarising decision-log records: the panel, the CLI and the bench share this.
// No Node or VS Code imports: the panel's webview bundles it too.
import type { LogRecord } from "./redact";

export interface LogFilter {
    verdicts?: string[];
    harnesses?: string[];
    events?: string[];
    /** Deciding hook names; `(none)` for records no hook decided. */
    hooks?: string[];
    origins?: string[];
    /** Case-insensitive, over the summary, tool, reason and hook. */
    text?: string;
    /** Epoch milliseconds, inclusive. */
    since?: number;
    until?: number;
}

export const FACETS = ["verdict", "harness", "event", "hook", "origin"] as const;
export type Facet = (typeof FACETS)[number];

export const NO_HOOK = "(none)";

export function facetValue(r: LogRecord, facet: Facet): string {
    switch (facet) {
        case "verdict":
            return r.decision.decision;
        case "harness":
            return r.harness;
        case "event":
            return r.event;
        case "hook":
            return r.hook?.name ?? NO_HOOK;
        case "origin":
            return r.origin ?? (r.spooled ? "fail-mode" : r.decision.duplicate ? "duplicate" : "hook");
    }
}

const FILTER_OF: Record<Facet, keyof LogFilter> = { verdict: "verdicts", harness: "harnesses", event: "events", hook: "hooks", origin: "origins" };

/** The text a free-text filter searches, lower-cased once per record. */
const haystacks = new WeakMap<LogRecord, string>();
function haystack(r: LogRecord): string {
    let h = haystacks.get(r);
    if (h === undefined) {
        h = [r.summary ?? "", r.toolName ?? "", r.decision.reason, r.hook?.name ?? "", r.harness, r.event, r.id ?? ""].join("\u0000").toLowerCase();
        haystacks.set(r, h);
    }
    return h;
}

/** Epoch ms of a record's time (parsed once). */
const times = new WeakMap<LogRecord, number>();
export function timeOf(r: LogRecord): number {
    let t = times.get(r);
    if (t === undefined) {
        t = Date.parse(r.time);
        times.set(r, t);
    }
    return t;
}

export function matches(r: LogRecord, f: LogFilter, except?: Facet): boolean {
    for (const facet of FACETS) {
        const wanted = f[FILTER_OF[facet]] as string[] | undefined;
        if (facet !== except && wanted && wanted.length > 0 && !wanted.includes(facetValue(r, facet))) {
            return false;
        }
    }
    if (f.since !== undefined || f.until !== undefined) {
        const t = timeOf(r);
        if ((f.since !== undefined && t < f.since) || (f.until !== undefined && t > f.until)) {
            return false;
        }
    }
    if (f.text) {
        return haystack(r).includes(f.text.toLowerCase());
    }
    return true;
}

export function filterRecords(records: readonly LogRecord[], f: LogFilter): LogRecord[] {
    return records.filter((r) => matches(r, f));
}

/**
 * Per-facet counts: for each facet, how many records each value would show with every OTHER
 * filter applied (so picking a value shows exactly its count).
 */
export function facetCounts(records: readonly LogRecord[], f: LogFilter): Record<Facet, Record<string, number>> {
    const out = Object.fromEntries(FACETS.map((k) => [k, {} as Record<string, number>])) as Record<Facet, Record<string, number>>;
    for (const r of records) {
        countFacets(out, r, f);
    }
    return out;
}

/** Adds one record to facet counts; returns whether it matches the whole filter. */
export function countFacets(out: Record<Facet, Record<string, number>>, r: LogRecord, f: LogFilter): boolean {
    const all = matches(r, f);
    for (const facet of FACETS) {
        if (all || matches(r, f, facet)) {
            const v = facetValue(r, facet);
            out[facet][v] = (out[facet][v] ?? 0) + 1;
        }
    }
    return all;
}

export interface HookLatency {
    hook: string;
    runs: number;
    p50Us: number;
    p95Us: number;
}

export interface LogSummary {
    total: number;
    verdicts: Record<string, number>;
    /** Per hook over every trace entry that ran (not only deciding ones), slowest p95 first. */
    latency: HookLatency[];
    /** Hooks of the policy that never matched (ran on) any record shown. */
    neverMatched: string[];
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) {
        return 0;
    }
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function summarize(records: readonly LogRecord[], policyHooks: readonly string[] = []): LogSummary {
    const verdicts: Record<string, number> = { allow: 0, ask: 0, deny: 0 };
    const lat = new Map<string, number[]>();
    for (const r of records) {
        verdicts[r.decision.decision] = (verdicts[r.decision.decision] ?? 0) + 1;
        for (const t of r.decision.trace) {
            if (t.outcome === "skipped" || t.runner === "engine") {
                continue;
            }
            let list = lat.get(t.hook);
            if (!list) {
                list = [];
                lat.set(t.hook, list);
            }
            list.push(t.latencyUs);
        }
    }
    const latency = [...lat.entries()]
        .map(([hook, us]) => {
            us.sort((a, b) => a - b);
            return { hook, runs: us.length, p50Us: percentile(us, 50), p95Us: percentile(us, 95) };
        })
        .sort((a, b) => b.p95Us - a.p95Us);
    return { total: records.length, verdicts, latency, neverMatched: policyHooks.filter((h) => !lat.has(h)) };
}

/** `30s`, `15m`, `1h`, `2d` → milliseconds; undefined when it is not a duration. */
export function parseDuration(s: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(s.trim());
    if (!m) {
        return undefined;
    }
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
    return Number(m[1]) * unit;
}

/** A stable id for records from logs written before records carried one. */
export function recordId(r: LogRecord, index: number): string {
    return r.id ?? `${r.time}#${index}`;
}
