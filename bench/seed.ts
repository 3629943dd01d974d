// The seed benchmark's data (../shared/corpora/seed-bench) and its published figures.
import * as fs from "node:fs";
import * as path from "node:path";

import { scannedText } from "./regexJs";

export interface SeedData {
    dir: string;
    payloadFile: string;
    patternsFile: string;
    scriptFile: string;
    /** The 102 benign patterns (Rust/Python syntax). */
    patterns: string[];
    /** The payload's scanned text (tool_input values + tool_output, space-joined). */
    payloadText: string;
    /** The build script of the AST workload (43 lines, 1,317 bytes; the seed calls it 45-line). */
    script: string;
    /** The 805-byte haystack of the scaling experiment. */
    haystack: string;
}

export function loadSeed(dir: string): SeedData {
    const file = (name: string): string => path.join(dir, name);
    const payloadFile = file("bench_payload_benchmark_hooks.json");
    const patternsFile = file("benign_patterns_100.json");
    const scriptFile = file("sample_command_benchmark_hooks.sh");
    return {
        dir,
        payloadFile,
        patternsFile,
        scriptFile,
        patterns: JSON.parse(fs.readFileSync(patternsFile, "utf8")) as string[],
        payloadText: scannedText(JSON.parse(fs.readFileSync(payloadFile, "utf8"))),
        script: fs.readFileSync(scriptFile, "utf8"),
        haystack: fs.readFileSync(file("haystack_benchmark_scaling.txt"), "utf8"),
    };
}

/** Facts the seed's README states about its data; the bench checks them. */
export const SEED_FACTS = {
    patternCount: 102,
    payloadTextBytes: 2112,
    pythonMatches: 27,
    astNodes: 394,
    haystackBytes: 805,
};

/** Reference column names. */
export const SEED_PUBLISHED = "seed (published)";
export const SEED_HERE = "seed (Python 3.11, this machine class)";

/**
 * The seed's figures (mean ms), from its README: "Reported (one machine, one run)" and "Measured on
 * this kind of machine". The seed's in-process host language is Python; ours is JS.
 */
export const SEED_FIGURES = {
    regex: { subprocess: 37.4, inProcess: 1.063, native: 0.018, combined: 2143, inProcessHere: 3.24 },
    ast: { subprocess: 38.4, inProcess: 0.148, native: 0.115, combined: 335 },
    scaling: {
        inProcess: { 10: 0.045, 1000: 5.415 } as Record<number, number>,
        native: { 10: 0.0003, 1000: 0.0019 } as Record<number, number>,
        inProcessHere: { 10: 0.15, 1000: 21.9 } as Record<number, number>,
    },
};
