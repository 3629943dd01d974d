// The shell decision by consequence: what reading the repository state adds to a decision. A real
// git repository (a few thousand tracked files, ignored build output, untracked and modified work)
// and the engine with the default policy, as `hookwarden serve --root` runs it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { checkPayload, combineLayers, defaultPolicyLayer, Engine, RepoStateCache } from "../../src/engine";
import { measureAsync } from "../measure";
import { fmtMs } from "../stats";
import type { BenchContext, Suite } from "../suite";

const G = "consequence";
/** The cached repository state may add at most this to a decision (p50). */
const CACHED_EXTRA_TARGET_MS = 1;
const TRACKED_FILES = 3000;

function makeRepo(): string {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), "hw-bench-repo-"));
    const git = (...args: string[]): void => {
        execFileSync("git", ["-c", "user.email=b@example.test", "-c", "user.name=b", ...args], { cwd: ws, stdio: "ignore" });
    };
    git("init", "-q");
    fs.writeFileSync(path.join(ws, ".gitignore"), "node_modules/\ndist/\n");
    for (let i = 0; i < TRACKED_FILES; i++) {
        const dir = path.join(ws, "src", `m${i % 60}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`);
    }
    git("add", "-A");
    git("commit", "-qm", "init");
    for (let i = 0; i < 200; i++) {
        const dir = path.join(ws, "node_modules", `p${i % 20}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `i${i}.js`), "1;\n");
    }
    fs.appendFileSync(path.join(ws, "src", "m1", "f1.ts"), "// edited\n");
    fs.writeFileSync(path.join(ws, "src", "m2", "scratch.ts"), "// new\n");
    return ws;
}

export const consequenceSuite: Suite = {
    id: G,
    title: "Shell decision with repository state",
    description:
        `The engine's decision (default policy, Claude Code payload) in a real git repository with ${TRACKED_FILES} tracked files, ignored node_modules, ` +
        "one modified and one untracked file. Baseline: a command that deletes nothing (no repository state is read). " +
        "Cached: a deletion judged against the state already read. Uncached: the state dropped before every call, so each decision runs `git status`.",
    needsSeed: false,
    async run(ctx: BenchContext): Promise<void> {
        const { report, config, native } = ctx;
        if (!native) {
            report.skip(G, ctx.nativeError ?? "native module unavailable");
            return;
        }
        const ws = makeRepo();
        try {
            // A long max age: in the cached row nothing changes between calls.
            const repoStates = new RepoStateCache(native, { maxAgeMs: 3_600_000 });
            const engine = new Engine(combineLayers([defaultPolicyLayer()]), { protectedRoots: [ws], repoStates, native });
            const payload = (command: string): string => JSON.stringify({ session_id: "b", cwd: ws, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: "t" });
            const plain = payload("npm test -- --watch=false");
            const cachedDelete = payload("rm -rf node_modules dist");
            const lossy = payload("rm -r src/m2");
            const expect = async (p: string, verdict: string): Promise<boolean> => (await checkPayload(engine, "claude", p)).decision.decision === verdict;
            const sane = (await expect(plain, "allow")) && (await expect(cachedDelete, "allow")) && (await expect(lossy, "deny"));
            report.check({
                id: "consequence.sane",
                group: G,
                kind: "assert",
                label: "ignored output allowed, untracked work denied, harmless command allowed",
                status: sane ? "PASS" : "FAIL",
            });
            const counts = config.inProcess;
            report.addRow(
                await measureAsync({ id: "consequence.plain", group: G, label: "decision: `npm test` (nothing deleted, no state read)", architecture: "in-process JS + native", counts, call: () => checkPayload(engine, "claude", plain) }),
            );
            report.addRow(
                await measureAsync({ id: "consequence.cached", group: G, label: "decision: `rm -rf node_modules dist`, repository state cached", architecture: "in-process JS + native", counts, call: () => checkPayload(engine, "claude", cachedDelete) }),
            );
            report.addRow(
                await measureAsync({ id: "consequence.cached.deny", group: G, label: "decision: `rm -r src/m2` (untracked work: deny), state cached", architecture: "in-process JS + native", counts, call: () => checkPayload(engine, "claude", lossy) }),
            );
            report.addRow(
                await measureAsync({
                    id: "consequence.uncached",
                    group: G,
                    label: "decision: `rm -rf node_modules dist`, state read with `git status` every call",
                    architecture: "in-process JS + native + git",
                    counts: config.subprocess,
                    call: () => {
                        repoStates.invalidate();
                        return checkPayload(engine, "claude", cachedDelete);
                    },
                }),
            );
            report.ratio("consequence.cached.vs.plain", G, "cached deletion decision / no-deletion decision", "consequence.cached", "consequence.plain");
            report.ratio("consequence.uncached.vs.cached", G, "uncached / cached (what the cache saves)", "consequence.uncached", "consequence.cached");
            const plainP50 = report.row("consequence.plain")?.stats.p50Ms;
            const cachedP50 = report.row("consequence.cached")?.stats.p50Ms;
            const extra = plainP50 !== undefined && cachedP50 !== undefined ? cachedP50 - plainP50 : undefined;
            report.check({
                id: "floor.consequence.cachedExtra",
                group: G,
                kind: "floor",
                label: "repository state, cached, adds well under 1 ms to a decision (p50 difference)",
                status: extra === undefined ? "SKIP" : sane && extra < CACHED_EXTRA_TARGET_MS ? "PASS" : "FAIL",
                value: extra === undefined ? "–" : `${fmtMs(Math.max(0, extra))} ms`,
                threshold: `< ${CACHED_EXTRA_TARGET_MS} ms`,
            });
        } finally {
            fs.rmSync(ws, { recursive: true, force: true });
        }
    },
};
