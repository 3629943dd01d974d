// Workload 3: cost against pattern count. `\btoken{i}\b` for i in 0..N over the 805-byte haystack,
// every pattern counted: a JS RegExp loop against one native set.
import type { PatternSet } from "../../native/napi/index";
import { measure } from "../measure";
import { compileJs, jsMatching } from "../regexJs";
import { SEED_FACTS, SEED_FIGURES, SEED_HERE, SEED_PUBLISHED } from "../seed";
import { fmtMs, fmtRatio, ratio } from "../stats";
import { diffNumbers, sameNumbers, type BenchContext, type Suite } from "../suite";

const G = "scaling";
const SIZES = [10, 50, 100, 500, 1000] as const;
const FLAT_FACTOR = 2;

export function tokenPatterns(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `\\btoken${i}\\b`);
}

export const scalingSuite: Suite = {
    id: G,
    title: "Scaling: 10 → 1,000 patterns",
    description:
        "Patterns `\\btoken{i}\\b` for i in 0..N over `haystack_benchmark_scaling.txt`, every pattern counted (no early exit). " +
        "JS: N precompiled `RegExp`s, `.test()` each; native: one `PatternSet` of N patterns, compiled once per N.",
    needsSeed: true,
    async run(ctx: BenchContext): Promise<void> {
        const seed = ctx.seed;
        if (!seed) {
            return;
        }
        const { report, config } = ctx;
        const text = seed.haystack;
        const bytes = Buffer.byteLength(text, "utf8");
        report.check({
            id: "scaling.data",
            group: G,
            kind: "assert",
            label: "seed data: haystack length",
            status: bytes === SEED_FACTS.haystackBytes ? "PASS" : "FAIL",
            value: `${bytes} bytes`,
            threshold: `${SEED_FACTS.haystackBytes} bytes`,
        });

        const native = ctx.native;
        if (!native) {
            report.skip(G, `native rows: ${ctx.nativeError ?? "native module unavailable"}`);
        }
        const counts: string[] = [];
        const disagreements: string[] = [];
        let nativeOk = native !== undefined;
        for (const n of SIZES) {
            const patterns = tokenPatterns(n);
            const js = compileJs(patterns);
            const jsFound = jsMatching(js.regexes, text);
            let set: PatternSet | undefined;
            if (native) {
                set = native.PatternSet.compile(patterns.map((regex, i) => ({ name: `token${i}`, regex })));
                if (set.errors.length > 0) {
                    disagreements.push(`N=${n}: native compile errors: ${set.errors.map((e) => e.message).join("; ")}`);
                    nativeOk = false;
                    set = undefined;
                } else {
                    const nativeFound = set.matching(text);
                    if (!sameNumbers(jsFound, nativeFound)) {
                        nativeOk = false;
                        disagreements.push(`N=${n}: ${diffNumbers(jsFound, nativeFound, "JS", "native")}`);
                    }
                }
            }
            counts.push(`N=${n}: ${jsFound.length}`);

            const refJs: Record<string, number> = {};
            const refNative: Record<string, number> = {};
            const S = SEED_FIGURES.scaling;
            if (S.inProcess[n] !== undefined) {
                refJs[SEED_PUBLISHED] = S.inProcess[n];
            }
            if (S.inProcessHere[n] !== undefined) {
                refJs[SEED_HERE] = S.inProcessHere[n];
            }
            if (S.native[n] !== undefined) {
                refNative[SEED_PUBLISHED] = S.native[n];
            }
            report.addRow(
                measure({
                    id: `scaling.js.${n}`,
                    group: G,
                    label: `in-process JS: ${n} RegExp.test() loop`,
                    architecture: "in-process JS",
                    counts: config.inProcess,
                    call: () => jsMatching(js.regexes, text),
                    info: { patterns: n, matches: jsFound.length },
                }),
                refJs,
            );
            if (set) {
                const compiled = set;
                report.addRow(
                    measure({
                        id: `scaling.native.${n}`,
                        group: G,
                        label: `native: PatternSet.matching, ${n} patterns`,
                        architecture: "native",
                        counts: config.inProcess,
                        call: () => compiled.matching(text),
                        info: { patterns: n, matches: jsFound.length },
                    }),
                    refNative,
                );
            }
        }
        report.check({
            id: "scaling.agree",
            group: G,
            kind: "assert",
            label: "JS loop and native set find the same patterns at every N",
            status: !native ? "SKIP" : disagreements.length === 0 ? "PASS" : "FAIL",
            value: counts.join(", "),
            ...(disagreements.length > 0 ? { detail: disagreements.join(" | ") } : {}),
        });

        const S = SEED_FIGURES.scaling;
        const nativeFlat = report.ratio("scaling.native.1000/10", G, "native@1000 / native@10", "scaling.native.1000", "scaling.native.10", {
            [SEED_PUBLISHED]: (S.native[1000] ?? NaN) / (S.native[10] ?? NaN),
        });
        report.ratio("scaling.js.1000/10", G, "JS@1000 / JS@10", "scaling.js.1000", "scaling.js.10", {
            [SEED_PUBLISHED]: (S.inProcess[1000] ?? NaN) / (S.inProcess[10] ?? NaN),
            [SEED_HERE]: (S.inProcessHere[1000] ?? NaN) / (S.inProcessHere[10] ?? NaN),
        });

        report.table({
            group: G,
            title: "JS loop vs native by pattern count (means, ms)",
            header: ["N", "JS", "native", "JS / native", `${SEED_PUBLISHED}: Python`, `${SEED_PUBLISHED}: Rust`],
            right: [true, true, true, true, true, true],
            rows: SIZES.map((n) => {
                const j = report.row(`scaling.js.${n}`)?.stats.meanMs;
                const r = report.row(`scaling.native.${n}`)?.stats.meanMs;
                return [String(n), fmtMs(j), fmtMs(r), fmtRatio(ratio(j, r)), fmtMs(S.inProcess[n]), fmtMs(S.native[n])];
            }),
        });

        const have = report.row("scaling.native.1000") !== undefined && report.row("scaling.native.10") !== undefined;
        report.check({
            id: "floor.scaling.nativeFlat",
            group: G,
            kind: "floor",
            label: `native at 1,000 patterns within ${FLAT_FACTOR}x of native at 10 (mean)`,
            status: !have ? "SKIP" : nativeOk && nativeFlat.value <= FLAT_FACTOR ? "PASS" : "FAIL",
            value: fmtRatio(nativeFlat.value),
            threshold: `≤ ${FLAT_FACTOR}x`,
            ...(have && !nativeOk ? { detail: "native result disagrees with JS: its timing does not count" } : {}),
        });
    },
};
