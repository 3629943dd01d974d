// Summary statistics of per-call timings, the seed's way: mean and nearest-rank percentiles.

export interface Stats {
    /** Timed calls. */
    n: number;
    meanMs: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    minMs: number;
    maxMs: number;
    /** Sample standard deviation. */
    stdevMs: number;
}

const NS_PER_MS = 1e6;

/** Nearest-rank percentile (p in (0, 100]) of an ascending array: the value at rank ceil(p/100 * n). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
    const n = sorted.length;
    if (n === 0) {
        return Number.NaN;
    }
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return sorted[rank - 1] as number;
}

/** Summarizes per-call durations given in nanoseconds; results in milliseconds. */
export function summarizeNs(samplesNs: Float64Array): Stats {
    const n = samplesNs.length;
    const sorted = Float64Array.from(samplesNs).sort();
    let sum = 0;
    for (const v of sorted) {
        sum += v;
    }
    const mean = n > 0 ? sum / n : Number.NaN;
    let sq = 0;
    for (const v of sorted) {
        sq += (v - mean) * (v - mean);
    }
    const stdev = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
    return {
        n,
        meanMs: mean / NS_PER_MS,
        p50Ms: nearestRank(sorted, 50) / NS_PER_MS,
        p95Ms: nearestRank(sorted, 95) / NS_PER_MS,
        p99Ms: nearestRank(sorted, 99) / NS_PER_MS,
        minMs: (n > 0 ? (sorted[0] as number) : Number.NaN) / NS_PER_MS,
        maxMs: (n > 0 ? (sorted[n - 1] as number) : Number.NaN) / NS_PER_MS,
        stdevMs: stdev / NS_PER_MS,
    };
}

/** `a / b`, or NaN when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number {
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) {
        return Number.NaN;
    }
    return a / b;
}

/** Milliseconds with µs resolution and up to 4 significant digits below 1 µs (e.g. 0.0003). */
export function fmtMs(ms: number | undefined): string {
    if (ms === undefined || !Number.isFinite(ms)) {
        return "–";
    }
    if (ms >= 100) {
        return ms.toFixed(1);
    }
    if (ms >= 1) {
        return ms.toFixed(3);
    }
    if (ms >= 0.001) {
        return ms.toFixed(4);
    }
    return ms.toPrecision(2);
}

/** A ratio as `123x`, `12.3x` or `1.23x`. */
export function fmtRatio(r: number | undefined): string {
    if (r === undefined || !Number.isFinite(r)) {
        return "–";
    }
    if (r >= 100) {
        return `${Math.round(r).toLocaleString("en-US")}x`;
    }
    if (r >= 10) {
        return `${r.toFixed(1)}x`;
    }
    return `${r.toFixed(2)}x`;
}
