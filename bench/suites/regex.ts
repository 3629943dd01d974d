// Workload 1: the seed's 102 benign patterns over the payload's scanned text, three architectures.
import type { PatternSet } from "../../native/napi/index";
import { measure, spawnCall } from "../measure";
import { compileJs, jsMatching } from "../regexJs";
import { SEED_FACTS, SEED_FIGURES, SEED_HERE, SEED_PUBLISHED } from "../seed";
import { fmtRatio } from "../stats";
import { diffNumbers, sameNumbers, type BenchContext, type Suite } from "../suite";

const G = "regex";

export const regexSuite: Suite = {
    id: G,
    title: "Regex workload: 102 patterns over the seed payload",
    description:
        "The seed's 102 benign patterns, every one tested (no early exit), over the scanned text of " +
        "`bench_payload_benchmark_hooks.json` (string values of `tool_input` and `tool_output`, joined by spaces). " +
        "Subprocess: a fresh `node` per call that loads the patterns, compiles them, scans and prints (spawn to exit). " +
        "In-process JS: 102 precompiled `RegExp`s, `.test()` each. Native: one Rust `RegexSet` (`PatternSet.matching`), compiled once.",
    needsSeed: true,
    async run(ctx: BenchContext): Promise<void> {
        const seed = ctx.seed;
        if (!seed) {
            return;
        }
        const { report, config } = ctx;
        const text = seed.payloadText;
        const bytes = Buffer.byteLength(text, "utf8");

        report.check({
            id: "regex.data",
            group: G,
            kind: "assert",
            label: "seed data: pattern count and scanned-text length",
            status: seed.patterns.length === SEED_FACTS.patternCount && bytes === SEED_FACTS.payloadTextBytes ? "PASS" : "FAIL",
            value: `${seed.patterns.length} patterns, ${bytes} bytes`,
            threshold: `${SEED_FACTS.patternCount} patterns, ${SEED_FACTS.payloadTextBytes} bytes`,
        });
        // eslint-disable-next-line no-control-regex
        const ascii = /^[\x00-\x7f]*$/.test(text);
        report.note(
            G,
            ascii
                ? "The scanned text is ASCII, so Rust's Unicode-aware `\\w`, `\\d`, `\\s`, `\\b` and JS's ASCII ones match the same."
                : "The scanned text is NOT ASCII: Rust's Unicode `\\w`/`\\d`/`\\b` and JS's ASCII ones may disagree.",
        );

        // In-process JS: translate (Rust syntax → JS) and compile once.
        const js = compileJs(seed.patterns);
        const adapted = js.translated
            .map((p, i) => ({ p, i }))
            .filter(({ p }) => p.changes.length > 0);
        report.meta["regexAdaptedPatterns"] = adapted.map(({ p, i }) => ({ index: i, rust: p.original, js: `/${p.source}/${p.flags}`, changes: p.changes }));
        report.note(
            G,
            adapted.length === 0
                ? `JS flavour: all ${seed.patterns.length} patterns compile and are used verbatim as JS RegExps (no inline flags, no Rust-only syntax); none needed adapting.`
                : `JS flavour: ${adapted.length} pattern(s) adapted: ` +
                      adapted.map(({ p, i }) => `#${i} \`${p.original}\` → \`/${p.source}/${p.flags}\` (${p.changes.join("; ")})`).join(", "),
        );
        const jsFound = jsMatching(js.regexes, text);
        report.meta["regexMatchingPatterns"] = jsFound;

        // Native: one set, compiled once.
        const native = ctx.native;
        let nativeOk = false;
        let set: PatternSet | undefined;
        if (!native) {
            report.skip(G, `native rows: ${ctx.nativeError ?? "native module unavailable"}`);
        } else {
            set = native.PatternSet.compile(seed.patterns.map((regex, i) => ({ name: `benign${i}`, regex })));
            const errors = set.errors;
            if (errors.length > 0) {
                report.check({
                    id: "regex.native.compile",
                    group: G,
                    kind: "assert",
                    label: "native PatternSet compiles all 102 patterns",
                    status: "FAIL",
                    detail: errors.map((e) => `#${e.index}: ${e.message}`).join("; "),
                });
                set = undefined;
            } else {
                const nativeFound = set.matching(text);
                nativeOk = sameNumbers(jsFound, nativeFound);
                report.check({
                    id: "regex.agree",
                    group: G,
                    kind: "assert",
                    label: "JS loop and native PatternSet find the same matching patterns",
                    status: nativeOk ? "PASS" : "FAIL",
                    value: `JS ${jsFound.length}, native ${nativeFound.length} of ${seed.patterns.length}`,
                    detail: nativeOk
                        ? `seed's Python found ${SEED_FACTS.pythonMatches}`
                        : diffNumbers(jsFound, nativeFound, "JS", "native"),
                });
            }
        }

        // Subprocess: check its answer once, then time it.
        const spawnOnce = spawnCall(process.execPath, [ctx.oneShot, "regex", seed.payloadFile, seed.patternsFile]);
        const childFound = (JSON.parse(spawnOnce()) as { matching: number[] }).matching;
        report.check({
            id: "regex.subprocess.agree",
            group: G,
            kind: "assert",
            label: "fresh-process JS finds the same patterns as in-process JS",
            status: sameNumbers(childFound, jsFound) ? "PASS" : "FAIL",
            value: `${childFound.length}`,
        });

        const S = SEED_FIGURES.regex;
        report.addRow(
            measure({
                id: "regex.subprocess",
                group: G,
                label: "fresh node process per call (JS RegExps)",
                architecture: "subprocess",
                counts: config.subprocess,
                call: spawnOnce,
            }),
            { [SEED_PUBLISHED]: S.subprocess },
        );
        report.addRow(
            measure({
                id: "regex.js",
                group: G,
                label: "in-process JS: 102 RegExp.test() loop",
                architecture: "in-process JS",
                counts: config.inProcess,
                call: () => jsMatching(js.regexes, text),
                info: { matches: jsFound.length },
            }),
            { [SEED_PUBLISHED]: S.inProcess, [SEED_HERE]: S.inProcessHere },
        );
        if (set && native) {
            const compiled = set;
            report.addRow(
                measure({
                    id: "regex.native",
                    group: G,
                    label: "native: PatternSet.matching (one RegexSet pass)",
                    architecture: "native",
                    counts: config.inProcess,
                    call: () => compiled.matching(text),
                }),
                { [SEED_PUBLISHED]: S.native },
            );
            // What any one-pass automaton pays here: the same call with one pattern that never
            // matches and has no literal to skip to, so the walk over every byte is all that is left.
            const walkOnly = native.PatternSet.compile([{ name: "walk-only", regex: "[q-z]{9}" }]);
            if (walkOnly.errors.length === 0 && walkOnly.matching(text).length === 0) {
                report.addRow(
                    measure({
                        id: "regex.native-walk",
                        group: G,
                        label: "native, 1 pattern that never matches (`[q-z]{9}`): the walk and the call alone",
                        architecture: "native",
                        counts: config.inProcess,
                        call: () => walkOnly.matching(text),
                    }),
                );
                const bound = report.ratio("regex.walk-bound", G, "bound of one-pass designs: in-process JS → native walk alone", "regex.js", "regex.native-walk");
                report.note(
                    G,
                    `The JS baseline is V8's irregexp, which compiles each pattern to machine code; the seed's 59x was measured against Python's \`re\`, 5x slower here. Any one-pass automaton (Rust's lazy DFA here, walked in four interleaved slices) must still touch every byte, and that alone, with the call's string conversion, is ${fmtRatio(bound.value)} faster than the JS loop in this run: the bound of this design on this machine, whatever the patterns.`,
                );
            }
        }

        report.ratio("regex.architectural", G, "architectural: subprocess → in-process JS", "regex.subprocess", "regex.js", {
            [SEED_PUBLISHED]: S.subprocess / S.inProcess,
        });
        const compilation = report.ratio("regex.compilation", G, "compilation: in-process JS → native", "regex.js", "regex.native", {
            [SEED_PUBLISHED]: S.inProcess / S.native,
        });
        report.ratio("regex.combined", G, "combined: subprocess → native", "regex.subprocess", "regex.native", {
            [SEED_PUBLISHED]: S.combined,
        });

        report.check({
            id: "floor.regex.native50x",
            group: G,
            kind: "floor",
            label: "native regex ≥ 50x faster than the JS loop at 102 patterns (mean)",
            status: !set ? "SKIP" : nativeOk && compilation.value >= 50 ? "PASS" : "FAIL",
            value: fmtRatio(compilation.value),
            threshold: "≥ 50x",
            ...(set && !nativeOk ? { detail: "native result disagrees with JS: its timing does not count" } : {}),
        });
    },
};
