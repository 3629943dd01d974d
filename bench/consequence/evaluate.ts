// The consequence corpus (bench/consequence/corpus.jsonl) under the default policy, on real
// fixtures (./fixtures.ts). Each case names the repository state it needs, the cwd inside the
// workspace, the command, the expected verdict and one line why. The engine is built per
// workspace as `hookwarden serve --root <workspace>` builds it: the workspace as its root
// (protectedRoots), HOME as its home, the event's cwd inside the workspace.
import * as fs from "node:fs";
import * as path from "node:path";

import { combineLayers, defaultPolicyLayer, Engine, normalizeEvent } from "../../src/engine";
import { buildFixtures, expandCommand, SETUPS, type Fixtures, type Setup } from "./fixtures";

export type Verdict = "allow" | "ask" | "deny";

export interface ConsequenceCase {
    id: string;
    setup: Setup;
    /** Relative to the workspace. */
    cwd: string;
    /** May hold {WS}, {HOME}, {OUT}, {TMP}, {GH_TOKEN} (./fixtures.ts). */
    command: string;
    expect: Verdict;
    why: string;
}

export interface ConsequenceResult {
    case: ConsequenceCase;
    got: Verdict;
    reason: string;
    ok: boolean;
}

export interface ConsequenceReport {
    cases: number;
    correct: number;
    share: number;
    target: number;
    pass: boolean;
    /** Per family (the id's prefix) and per expected verdict. */
    byFamily: { family: string; cases: number; correct: number }[];
    byExpected: Record<Verdict, { cases: number; correct: number; got: Record<Verdict, number> }>;
    disagreements: { id: string; setup: Setup; cwd: string; command: string; expected: Verdict; got: Verdict; why: string; reason: string }[];
}

/** The target: share of the corpus decided exactly as labelled. */
export const CONSEQUENCE_TARGET = 0.98;

const VERDICTS: readonly Verdict[] = ["allow", "ask", "deny"];

/** Reads and checks the corpus; a bad line is an error naming the line. */
export function loadConsequenceCorpus(file: string): ConsequenceCase[] {
    const ids = new Set<string>();
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => {
            if (line.trim() === "") {
                return [];
            }
            const where = `${file}:${i + 1}`;
            let c: ConsequenceCase;
            try {
                c = JSON.parse(line) as ConsequenceCase;
            } catch (err) {
                throw new Error(`${where}: not JSON: ${err instanceof Error ? err.message : String(err)}`);
            }
            for (const k of ["id", "setup", "cwd", "command", "expect", "why"] as const) {
                if (typeof c[k] !== "string" || c[k] === "") {
                    throw new Error(`${where}: field "${k}" must be a non-empty string`);
                }
            }
            if (!(SETUPS as readonly string[]).includes(c.setup)) {
                throw new Error(`${where}: setup "${c.setup}" is not one of ${SETUPS.join(", ")}`);
            }
            if (!VERDICTS.includes(c.expect)) {
                throw new Error(`${where}: expect "${c.expect}" is not one of ${VERDICTS.join(", ")}`);
            }
            if (path.isAbsolute(c.cwd) || c.cwd.split("/").includes("..")) {
                throw new Error(`${where}: cwd "${c.cwd}" must be relative and inside the workspace`);
            }
            if (ids.has(c.id)) {
                throw new Error(`${where}: id "${c.id}" appears twice`);
            }
            ids.add(c.id);
            return [c];
        });
}

/** Decides every case on fresh fixtures; HOME is the fixture home for the whole run. */
export async function evaluateConsequences(corpusFile: string, repoRoot: string): Promise<{ report: ConsequenceReport; results: ConsequenceResult[] }> {
    const cases = loadConsequenceCorpus(corpusFile);
    const fx: Fixtures = buildFixtures(repoRoot);
    const savedHome = process.env["HOME"];
    // `hookwarden serve` takes its home from the environment (os.homedir()); so does this run.
    process.env["HOME"] = fx.home;
    try {
        const results: ConsequenceResult[] = [];
        const policy = combineLayers([defaultPolicyLayer()]);
        const engines = new Map<Setup, Engine>();
        for (const c of cases) {
            const ws = fx.workspaces[c.setup];
            let engine = engines.get(c.setup);
            if (!engine) {
                engine = new Engine(policy, { home: fx.home, protectedRoots: [ws], trusted: false });
                engines.set(c.setup, engine);
            }
            const cwd = path.join(ws, c.cwd);
            if (!fs.existsSync(cwd)) {
                throw new Error(`case ${c.id}: cwd ${c.cwd} does not exist in the ${c.setup} workspace`);
            }
            const command = expandCommand(c.command, fx, c.setup);
            const ev = normalizeEvent("claude", { hook_event_name: "PreToolUse", session_id: "eval-consequence", cwd, permission_mode: "default", tool_name: "Bash", tool_input: { command } });
            const d = await engine.decide(ev);
            const reason = withPlaceholders(d.reason, fx, c.setup, repoRoot);
            results.push({ case: c, got: d.decision, reason, ok: d.decision === c.expect });
        }
        return { report: summarize(results), results };
    } finally {
        if (savedHome === undefined) {
            delete process.env["HOME"];
        } else {
            process.env["HOME"] = savedHome;
        }
        fx.dispose();
    }
}

/**
 * The engine's reason with the run's paths and token put back as placeholders, so the committed
 * report holds no path of this machine (reasons may cut a path short with "…": a cut prefix of a
 * known path becomes its placeholder too).
 */
function withPlaceholders(reason: string, fx: Fixtures, setup: Setup, repoRoot: string): string {
    const known: [string, string][] = [
        [fx.workspaces[setup], "{WS}"],
        [fx.home, "{HOME}"],
        [fx.outside, "{OUT}"],
        [fx.tmp, "{TMP}"],
        ...SETUPS.map((s): [string, string] => [fx.workspaces[s], `{WS:${s}}`]),
        [path.dirname(fx.tmp), "{TMPBASE}"],
        [fx.base, "{BASE}"],
        [repoRoot, "{REPO}"],
    ];
    let out = reason.replaceAll(fx.githubToken, "ghp_<generated>");
    for (const [p, name] of known) {
        out = out.replaceAll(p, name);
    }
    return out.replace(/\/[^\s`'"()]*…/g, (cut) => {
        const prefix = cut.slice(0, -1);
        const hit = known.find(([p]) => p.startsWith(prefix));
        return hit ? `{${hit[1].slice(1, -1)}…}` : cut;
    });
}

function summarize(results: ConsequenceResult[]): ConsequenceReport {
    const correct = results.filter((r) => r.ok).length;
    const families = new Map<string, { family: string; cases: number; correct: number }>();
    const byExpected = Object.fromEntries(VERDICTS.map((v) => [v, { cases: 0, correct: 0, got: { allow: 0, ask: 0, deny: 0 } }])) as ConsequenceReport["byExpected"];
    for (const r of results) {
        const family = r.case.id.split("-")[0] ?? r.case.id;
        const f = families.get(family) ?? { family, cases: 0, correct: 0 };
        families.set(family, f);
        f.cases++;
        f.correct += r.ok ? 1 : 0;
        const e = byExpected[r.case.expect];
        e.cases++;
        e.correct += r.ok ? 1 : 0;
        e.got[r.got]++;
    }
    const share = results.length === 0 ? 0 : correct / results.length;
    return {
        cases: results.length,
        correct,
        share,
        target: CONSEQUENCE_TARGET,
        pass: share >= CONSEQUENCE_TARGET,
        byFamily: [...families.values()],
        byExpected,
        disagreements: results
            .filter((r) => !r.ok)
            .map((r) => ({ id: r.case.id, setup: r.case.setup, cwd: r.case.cwd, command: r.case.command, expected: r.case.expect, got: r.got, why: r.case.why, reason: r.reason })),
    };
}

/** What the id prefixes mean, for the report. */
export const FAMILIES: Record<string, string> = {
    out: "deletion/overwrite outside the workspace, the home directory and system paths",
    ws: "deletion/overwrite inside the workspace, by file state",
    git: "git commands that discard work, by repository state",
    exfil: "secret-bearing data sent to a network sink, and the same sink with harmless data",
    code: "code from nowhere: downloads, decoded blobs, eval of fetched text fed to a shell",
    tmp: "scratch space: temp dirs, and a workspace that itself lives under /tmp",
    same: "unchanged from today: privilege, package installs, dynamic commands, secret reads",
    ok: "harmless everyday agent commands",
};

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The markdown section of eval-shell.md for the consequence corpus. */
export function consequenceMarkdown(r: ConsequenceReport): string[] {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    return [
        "# Shell classifier vs the consequence corpus (default policy, real fixtures)",
        "",
        `${r.cases} cases from \`bench/consequence/corpus.jsonl\`, each decided on a real git workspace in the state it names (\`bench/consequence/fixtures.ts\`), with a fake HOME holding fake credentials. "Correct" means the default policy's verdict equals the label exactly (allow, ask or deny).`,
        "",
        `Correct: **${r.correct}/${r.cases} = ${pct(r.share)}** (target ≥ ${pct(r.target)}): **${r.pass ? "PASS" : "FAIL"}**.`,
        "",
        "| family | what | cases | correct |",
        "|---|---|---:|---:|",
        ...r.byFamily.map((f) => `| ${f.family} | ${FAMILIES[f.family] ?? ""} | ${f.cases} | ${f.correct} |`),
        "",
        "| expected | cases | correct | got allow | got ask | got deny |",
        "|---|---:|---:|---:|---:|---:|",
        ...VERDICTS.map((v) => `| ${v} | ${r.byExpected[v].cases} | ${r.byExpected[v].correct} | ${r.byExpected[v].got.allow} | ${r.byExpected[v].got.ask} | ${r.byExpected[v].got.deny} |`),
        "",
        "## Consequence disagreements",
        "",
        "| id | setup | cwd | command | expected | got | why (label) | engine's reason |",
        "|---|---|---|---|---|---|---|---|",
        ...r.disagreements.map((d) => `| ${d.id} | ${d.setup} | ${d.cwd} | \`${cell(d.command)}\` | ${d.expected} | ${d.got} | ${cell(d.why)} | ${cell(d.reason)} |`),
        "",
    ];
}
