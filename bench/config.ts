// Where things are and how many calls each row makes. No workload code here.
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root: the nearest ancestor of this file (source or compiled) that holds package.json. */
export function findRepoRoot(fromDir: string = __dirname): string {
    let dir = fromDir;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "bench"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no repository root (package.json + bench/) above ${fromDir}`);
        }
        dir = parent;
    }
}

/** The shared folder (`../shared` next to the repository), or `HOOKWARDEN_SHARED`. */
export function sharedDir(repoRoot: string): string {
    const override = process.env["HOOKWARDEN_SHARED"];
    return override ? path.resolve(override) : path.resolve(repoRoot, "..", "shared");
}

/** The seed benchmark's data folder, or undefined when it is absent. */
export function seedDir(repoRoot: string): string | undefined {
    const dir = path.join(sharedDir(repoRoot), "corpora", "seed-bench");
    return fs.existsSync(path.join(dir, "benign_patterns_100.json")) ? dir : undefined;
}

/** Warm-up and timed call counts of one row. */
export interface Counts {
    warmup: number;
    iterations: number;
}

export interface BenchConfig {
    repoRoot: string;
    quick: boolean;
    inProcess: Counts;
    subprocess: Counts;
    /** Substrings of suite ids to run (`BENCH_ONLY=regex,ast`); empty runs all. */
    only: string[];
    /** Full runs: bench/results (committed). Quick or partial runs: out/bench/results (ignored). */
    resultsDir: string;
}

export function loadConfig(): BenchConfig {
    const repoRoot = findRepoRoot();
    const quick = process.env["BENCH_QUICK"] === "1";
    const only = (process.env["BENCH_ONLY"] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    return {
        repoRoot,
        quick,
        // The seed's method: 50 + 1,000 in process, 5 + 150 per fresh process. BENCH_QUICK cuts ~10x.
        inProcess: quick ? { warmup: 5, iterations: 100 } : { warmup: 50, iterations: 1000 },
        subprocess: quick ? { warmup: 1, iterations: 15 } : { warmup: 5, iterations: 150 },
        only,
        resultsDir:
            quick || only.length > 0 ? path.join(repoRoot, "out", "bench", "results") : path.join(repoRoot, "bench", "results"),
    };
}
