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

/** The text a free-text filter searches (lower case). */
export function haystackOf(r: LogRecord): string {
    return [r.summary ?? "", r.toolName ?? "", r.decision.reason, r.hook?.name ?? "", r.harness, r.event, r.id ?? ""].join("\u0000").toLowerCase();
}

/** Cached per record for the one-off filters (the panel's view keeps its own). */
const haystacks = new WeakMap<LogRecord, string>();
function haystack(r: LogRecord): string {
    let h = haystacks.get(r);
    if (h === undefined) {
        h = haystackOf(r);
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
    return matchesRest(r, f);
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
    // One pass over the filter: a record counts for every facet when nothing fails, and for the
    // one failing facet alone when exactly that facet fails (its count shows what choosing it gives).
    if (!matchesRest(r, f)) {
        return false;
    }
    let failing: Facet | undefined;
    for (const facet of FACETS) {
        const wanted = f[FILTER_OF[facet]] as string[] | undefined;
        if (wanted && wanted.length > 0 && !wanted.includes(facetValue(r, facet))) {
            if (failing !== undefined) {
                return false;
            }
            failing = facet;
        }
    }
    for (const facet of failing === undefined ? FACETS : [failing]) {
        const v = facetValue(r, facet);
        out[facet][v] = (out[facet][v] ?? 0) + 1;
    }
    return failing === undefined;
}

/** The filter's parts that are not facets: the time range and the free text. */
function matchesRest(r: LogRecord, f: LogFilter): boolean {
    if (f.since !== undefined || f.until !== undefined) {
        const t = timeOf(r);
        if ((f.since !== undefined && t < f.since) || (f.until !== undefined && t > f.until)) {
            return false;
        }
    }
    return f.text ? haystack(r).includes(f.text.toLowerCase()) : true;
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

function percentile(sorted: ArrayLike<number>, p: number): number {
    if (sorted.length === 0) {
        return 0;
    }
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * The summary kept up to date as records arrive: verdict counts and, per hook, its latencies in
 * order (a new one is inserted where it belongs), so an append does not sort everything again.
 */
export class SummaryBuilder {
    private readonly verdicts: Record<string, number> = { allow: 0, ask: 0, deny: 0 };
    private readonly lat = new Map<string, number[]>();
    private total = 0;

    static of(records: readonly LogRecord[]): SummaryBuilder {
        const b = new SummaryBuilder();
        const unsorted = new Map<string, number[]>();
        for (const r of records) {
            b.count(r, (hook, us) => {
                let list = unsorted.get(hook);
                if (!list) {
                    list = [];
                    unsorted.set(hook, list);
                }
                list.push(us);
            });
        }
        for (const [hook, us] of unsorted) {
            b.lat.set(hook, Array.from(Float64Array.from(us).sort()));
        }
        return b;
    }

    add(r: LogRecord): void {
        this.count(r, (hook, us) => {
            let list = this.lat.get(hook);
            if (!list) {
                list = [];
                this.lat.set(hook, list);
            }
            let lo = 0;
            let hi = list.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if ((list[mid] as number) <= us) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            list.splice(lo, 0, us);
        });
    }

    private count(r: LogRecord, latency: (hook: string, us: number) => void): void {
        this.total++;
        this.verdicts[r.decision.decision] = (this.verdicts[r.decision.decision] ?? 0) + 1;
        for (const t of r.decision.trace) {
            if (t.outcome !== "skipped" && t.runner !== "engine") {
                latency(t.hook, t.latencyUs);
            }
        }
    }

    result(policyHooks: readonly string[] = []): LogSummary {
        const latency = [...this.lat.entries()].map(([hook, us]) => ({ hook, runs: us.length, p50Us: percentile(us, 50), p95Us: percentile(us, 95) })).sort((a, b) => b.p95Us - a.p95Us);
        return { total: this.total, verdicts: { ...this.verdicts }, latency, neverMatched: policyHooks.filter((h) => !this.lat.has(h)) };
    }
}

export function summarize(records: readonly LogRecord[], policyHooks: readonly string[] = []): LogSummary {
    return SummaryBuilder.of(records).result(policyHooks);
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
