// `npm run bench`: runs every suite, writes bench/results/bench.{json,md} and prints the Markdown.
//
// Env: BENCH_QUICK=1 (counts cut ~10x), BENCH_ONLY=regex,ast (only suites whose id contains one of
// these) — both write bench-quick.* / bench-partial.* under out/bench/results instead, so a smoke run
// never overwrites the committed results; HOOKWARDEN_SHARED (the shared folder holding
// corpora/seed-bench; default ../shared next to the repository).
//
// Exit code: 0 for a complete report, performance floors included (a FAIL is a result, not an
// error); 1 when a correctness assertion fails (the numbers would be meaningless) or a suite throws.
import * as os from "node:os";
import * as path from "node:path";

import { loadNative, type Native } from "../src/engine/native";
import { loadConfig, seedDir, sharedDir } from "./config";
import { timerOverheadNs } from "./measure";
import { gitCommit, Report } from "./report";
import { loadSeed, type SeedData } from "./seed";
import type { BenchContext, Suite } from "./suite";
import { oneShotPath } from "./suite";
import { activationSuite } from "./suites/activation";
import { astSuite } from "./suites/ast";
import { consequenceSuite } from "./suites/consequence";
import { decisionsSuite } from "./suites/decisions";
import { loadSuite } from "./suites/load";
import { policySuite } from "./suites/policy";
import { regexSuite } from "./suites/regex";
import { relaySuite } from "./suites/relay";
import { scalingSuite } from "./suites/scaling";
import { vscodeAgentSuite } from "./suites/vscodeAgent";

/** Every suite, in report order. Add new rows (relay end to end, extension activation, ...) here. */
// The relay suite runs first: a parent's fork costs grow with its memory, and the AST suite loads
// web-tree-sitter and its 1.3 MB grammar into this process, which nearly doubles what every later
// spawn costs (floor and hooks alike) and would make the relay rows depend on the suites before.
export const SUITES: Suite[] = [relaySuite, loadSuite, regexSuite, astSuite, consequenceSuite, scalingSuite, policySuite, decisionsSuite, activationSuite, vscodeAgentSuite];

async function main(): Promise<number> {
    const config = loadConfig();
    const report = new Report(config);
    report.machine.timerOverheadNs = timerOverheadNs();
    const commit = gitCommit(config.repoRoot);
    if (commit) {
        report.meta["gitCommit"] = commit;
    }

    let native: Native | undefined;
    let nativeError: string | undefined;
    try {
        native = loadNative();
        report.meta["nativeBindingTarget"] = native.__napiBindingTarget;
    } catch (err) {
        nativeError = (err as Error).message.split("\n")[0];
        report.log(`native module unavailable: ${nativeError}`);
    }

    const dir = seedDir(config.repoRoot);
    let seed: SeedData | undefined;
    if (dir) {
        seed = loadSeed(dir);
        report.meta["seedDir"] = dir;
    }

    const ctx: BenchContext = { config, report, seed, native, nativeError, oneShot: oneShotPath() };
    const suites = SUITES.filter((s) => config.only.length === 0 || config.only.some((o) => s.id.includes(o)));
    let crashed = false;
    for (const suite of suites) {
        report.group({ id: suite.id, title: suite.title, ...(suite.description ? { description: suite.description } : {}) });
        report.log(`\n== ${suite.title}`);
        if (suite.needsSeed && !seed) {
            report.skip(
                suite.id,
                `seed rows skipped: no seed data at ${path.join(sharedDir(config.repoRoot), "corpora", "seed-bench")} (set HOOKWARDEN_SHARED)`,
            );
            continue;
        }
        try {
            await suite.run(ctx);
        } catch (err) {
            crashed = true;
            report.check({
                id: `${suite.id}.error`,
                group: suite.id,
                kind: "assert",
                label: `suite ${suite.id} ran to completion`,
                status: "FAIL",
                detail: err instanceof Error ? err.message : String(err),
            });
        }
    }

    report.meta["loadAverageAtEnd"] = os.loadavg().map((x) => Math.round(x * 100) / 100);
    const base = config.quick ? "bench-quick" : config.only.length > 0 ? "bench-partial" : "bench";
    const files = report.write(base);
    process.stdout.write(`${report.toMarkdown()}\n`);
    report.log(`\nwrote ${files.join(", ")}`);

    const failed = report.failedAssertions();
    if (failed.length > 0 || crashed) {
        report.log(`correctness assertion(s) failed: ${failed.map((c) => c.id).join(", ")}`);
        return 1;
    }
    return 0;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
    },
);
