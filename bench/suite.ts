// What a suite (one workload: its rows, ratios and checks) gets to work with. To add rows, write a
// Suite and list it in run.ts.
import * as path from "node:path";

import type { Native } from "../src/engine/native";
import type { BenchConfig } from "./config";
import type { Report } from "./report";
import type { SeedData } from "./seed";

export interface BenchContext {
    config: BenchConfig;
    report: Report;
    /** The seed's data, or undefined when ../shared is absent. */
    seed: SeedData | undefined;
    /** The native binding, or undefined (with nativeError) when it could not be loaded. */
    native: Native | undefined;
    nativeError: string | undefined;
    /** Compiled oneShot.js, the fresh-process entry point. */
    oneShot: string;
}

export interface Suite {
    id: string;
    title: string;
    description?: string;
    /** Skipped (and recorded as skipped) when the seed data is absent. */
    needsSeed: boolean;
    run(ctx: BenchContext): Promise<void>;
}

export function oneShotPath(): string {
    return path.join(__dirname, "oneShot.js");
}

/** Sorted copy, for comparing sets of indices. */
export function sortedNumbers(xs: readonly number[]): number[] {
    return [...xs].sort((a, b) => a - b);
}

export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
    const x = sortedNumbers(a);
    const y = sortedNumbers(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Describes how two index sets differ, e.g. "only JS: 3, 17; only native: 42". */
export function diffNumbers(a: readonly number[], b: readonly number[], an: string, bn: string): string {
    const sa = new Set(a);
    const sb = new Set(b);
    const onlyA = sortedNumbers(a.filter((v) => !sb.has(v)));
    const onlyB = sortedNumbers(b.filter((v) => !sa.has(v)));
    const parts: string[] = [];
    if (onlyA.length > 0) {
        parts.push(`only ${an}: ${onlyA.join(", ")}`);
    }
    if (onlyB.length > 0) {
        parts.push(`only ${bn}: ${onlyB.join(", ")}`);
    }
    return parts.join("; ");
}
