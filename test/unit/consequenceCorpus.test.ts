// The consequence corpus (bench/consequence) is only as good as its fixtures: these tests check
// that every case is well-formed and that each fixture is in the state the labels assume.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { FAMILIES, loadConsequenceCorpus } from "../../bench/consequence/evaluate";
import { buildFixtures, expandCommand, SETUPS, type Fixtures } from "../../bench/consequence/fixtures";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CORPUS = path.join(ROOT, "bench", "consequence", "corpus.jsonl");

function under(p: string, dir: string): boolean {
    const rel = path.relative(fs.realpathSync(dir), p);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

describe("consequence corpus: the cases", () => {
    const cases = loadConsequenceCorpus(CORPUS);

    it("has at least 220 cases, each of a known family, with both verdicts where the family pairs them", () => {
        assert.ok(cases.length >= 220, `only ${cases.length} cases`);
        const families = new Set(cases.map((c) => c.id.split("-")[0]));
        assert.deepEqual([...families].sort(), Object.keys(FAMILIES).sort());
        for (const family of ["ws", "git", "exfil", "code", "tmp"]) {
            const verdicts = new Set(cases.filter((c) => c.id.startsWith(`${family}-`)).map((c) => c.expect));
            assert.ok(verdicts.has("allow") && verdicts.has("deny"), `family ${family} lacks an allow or a deny case`);
        }
    });

    it("uses only the placeholders the fixtures fill", () => {
        for (const c of cases) {
            for (const m of c.command.matchAll(/\{([A-Z_]+)\}/g)) {
                assert.ok(["WS", "HOME", "OUT", "TMP", "GH_TOKEN"].includes(m[1] ?? ""), `${c.id}: unknown placeholder ${m[0]}`);
            }
        }
    });

    it("rejects a malformed line with its place", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hw-corpus-"));
        const bad = path.join(dir, "bad.jsonl");
        fs.writeFileSync(bad, `${JSON.stringify({ id: "x", setup: "dirty", cwd: ".", command: "ls", expect: "maybe", why: "w" })}\n`);
        assert.throws(() => loadConsequenceCorpus(bad), new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: expect "maybe"`));
        fs.rmSync(dir, { recursive: true, force: true });
    });
});

describe("consequence corpus: the fixtures", () => {
    let fx: Fixtures;
    const status = (ws: string): string[] =>
        execFileSync("git", ["status", "--porcelain=v1", "--ignored", "--untracked-files=all"], { cwd: ws, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } })
            .split("\n")
            .filter((l) => l !== "" && !l.startsWith("!! "))
            .sort();

    before(() => {
        fx = buildFixtures(ROOT);
    });
    after(() => fx.dispose());

    it("puts HOME and the outside directory outside every temp dir, and tmpws and the scratch under it", () => {
        for (const p of [fx.home, fx.outside, fx.workspaces.dirty]) {
            for (const t of ["/tmp", "/var/tmp", os.tmpdir()].filter((d) => fs.existsSync(d))) {
                assert.ok(!under(p, t), `${p} is under ${t}`);
            }
        }
        assert.ok(under(fx.workspaces.tmpws, os.tmpdir()) && under(fx.tmp, os.tmpdir()));
        assert.ok(fs.existsSync(path.join(fx.outside, "data", "file1.txt")) && fs.existsSync(path.join(fx.home, ".ssh", "id_ed25519")));
    });

    it("builds each workspace in the state its cases assume", () => {
        const dirtyState = ["?? notes.txt", "?? scratch/x.txt", "?? src/draft.ts", "?? src/new/a.ts", "?? src/new/b.ts", "?? src/new/c.json", " M docs/guide.md", " M src/config.ts", "A  src/staged.ts", "M  config/db.json"].sort();
        assert.deepEqual(status(fx.workspaces.dirty), dirtyState);
        assert.deepEqual(status(fx.workspaces.tmpws), dirtyState);
        assert.deepEqual(status(fx.workspaces.clean), []);
        assert.deepEqual(status(fx.workspaces.untracked), dirtyState.filter((l) => l.startsWith("??")));
        assert.deepEqual(status(fx.workspaces.staged), ["A  src/staged.ts", "M  config/db.json"]);
        assert.deepEqual(status(fx.workspaces.stash), []);
        const stashes = execFileSync("git", ["stash", "list"], { cwd: fx.workspaces.stash, encoding: "utf8" }).trim().split("\n");
        assert.equal(stashes.length, 1);
        for (const setup of SETUPS) {
            const ignored = execFileSync("git", ["check-ignore", "node_modules", "dist", "target", "build", "coverage", "debug.log", ".env"], { cwd: fx.workspaces[setup], encoding: "utf8" });
            assert.equal(ignored.trim().split("\n").length, 7, `${setup}: not every build output is ignored`);
        }
    });

    it("expands every placeholder", () => {
        const cmd = expandCommand("{WS} {HOME} {OUT} {TMP} {GH_TOKEN}", fx, "clean");
        assert.equal(cmd, `${fx.workspaces.clean} ${fx.home} ${fx.outside} ${fx.tmp} ${fx.githubToken}`);
        assert.match(fx.githubToken, /^ghp_[A-Za-z0-9]{36}$/);
    });
});
