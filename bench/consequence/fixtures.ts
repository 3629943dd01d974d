// Real fixtures for the consequence corpus: git workspaces in the states the cases name, a fake
// HOME with fake credentials, a directory outside every workspace and every temp dir, and a
// scratch directory under the temp dir. Commands are only classified, never run, so nothing real
// is ever deleted; the fixtures exist so that a classifier that reads the file system and git
// state (issue 8) sees the state each case's expectation assumes.
//
// Where: the workspaces, HOME and the outside directory live under `bench/.cache/consequence/`
// (git-ignored, inside the repository). That place is neither a temp dir (/tmp, /var/tmp,
// $TMPDIR, /dev/shm) nor anyone's real home, so "outside the workspace and outside every temp dir"
// holds for it. Only the `tmpws` workspace (the workspace rules under /tmp) and the scratch
// directory are made under the temp dir. HOOKWARDEN_EVAL_DIR moves the private place elsewhere.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Repository states a case can ask for (see `buildWorkspace`). */
export const SETUPS = ["dirty", "clean", "untracked", "staged", "stash", "tmpws"] as const;
export type Setup = (typeof SETUPS)[number];

export interface Fixtures {
    /** The private, non-temp directory holding everything below but `tmpws` and `tmp`. */
    base: string;
    workspaces: Record<Setup, string>;
    home: string;
    /** A directory outside every workspace, the home directory and every temp dir. */
    outside: string;
    /** A scratch directory under the temp dir. */
    tmp: string;
    /** A GitHub-shaped token made for this run (never stored in the source). */
    githubToken: string;
    dispose(): void;
}

const TEMP_ROOTS = ["/tmp", "/var/tmp", "/dev/shm"];

function isUnder(p: string, dir: string): boolean {
    const rel = path.relative(dir, p);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function tempRoots(): string[] {
    const roots = [...TEMP_ROOTS, os.tmpdir(), ...(process.env["TMPDIR"] ? [process.env["TMPDIR"]] : [])];
    return roots.flatMap((r) => {
        try {
            return [r, fs.realpathSync(r)];
        } catch {
            return [r];
        }
    });
}

function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

/** git with no user or system configuration of this machine. */
function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: {
            PATH: process.env["PATH"] ?? "/usr/bin:/bin",
            GIT_CONFIG_NOSYSTEM: "1",
            GIT_CONFIG_GLOBAL: "/dev/null",
            GIT_AUTHOR_NAME: "Fixture",
            GIT_AUTHOR_EMAIL: "fixture@example.invalid",
            GIT_COMMITTER_NAME: "Fixture",
            GIT_COMMITTER_EMAIL: "fixture@example.invalid",
        },
    });
}

const GITIGNORE = ["node_modules/", "dist/", "target/", "build/", "coverage/", "*.log", ".env", ""].join("\n");

/** Tracked files every workspace commits first. */
const TRACKED: Record<string, string> = {
    ".gitignore": GITIGNORE,
    ".env.example": "DATABASE_URL=\nAPI_KEY=\n",
    "README.md": "# app\n\nA fixture project.\n",
    "package.json": `${JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "node --test", build: "tsc" } }, null, 2)}\n`,
    Makefile: "build:\n\ttsc\n",
    "src/index.ts": "export const main = () => 1;\n",
    "src/util.ts": "export const add = (a: number, b: number) => a + b;\n",
    "src/config.ts": "export const port = 3000;\n",
    "lib/a.js": "module.exports = 'a';\n",
    "lib/b.js": "module.exports = 'b';\n",
    "lib/sub/c.js": "module.exports = 'c';\n",
    "docs/guide.md": "# Guide\n",
    "docs/api.md": "# API\n",
    "scripts/build.sh": "#!/bin/sh\ntsc\n",
    "test/index.test.ts": "import '../src/index';\n",
    "config/app.json": '{ "name": "app" }\n',
    "config/db.json": '{ "host": "localhost" }\n',
};

/** Ignored build output and the ignored `.env`, present in every workspace. */
function writeIgnored(ws: string, token: string): void {
    write(path.join(ws, "node_modules/leftpad/index.js"), "module.exports = (s) => s;\n");
    write(path.join(ws, "node_modules/leftpad/package.json"), '{ "name": "leftpad" }\n');
    write(path.join(ws, "node_modules/.cache/babel/x.json"), "{}\n");
    write(path.join(ws, "dist/bundle.js"), "console.log(1);\n");
    write(path.join(ws, "dist/index.html"), "<html></html>\n");
    write(path.join(ws, "target/debug/app"), "ELF\n");
    write(path.join(ws, "build/out.o"), "obj\n");
    write(path.join(ws, "coverage/lcov.info"), "TN:\n");
    write(path.join(ws, "debug.log"), "log line\n");
    write(path.join(ws, ".env"), `DATABASE_URL=postgres://app:fixture-pass@localhost/app\nGITHUB_TOKEN=${token}\n`);
}

/** The uncommitted work of the `dirty` state (also `untracked` uses its untracked part). */
function writeUntracked(ws: string): void {
    write(path.join(ws, "notes.txt"), "my notes, never committed\n");
    write(path.join(ws, "src/draft.ts"), "// work in progress\n");
    write(path.join(ws, "src/new/a.ts"), "export const a = 1;\n");
    write(path.join(ws, "src/new/b.ts"), "export const b = 2;\n");
    write(path.join(ws, "src/new/c.json"), "{}\n");
    write(path.join(ws, "scratch/x.txt"), "scratch notes\n");
}

function writeModified(ws: string): void {
    fs.appendFileSync(path.join(ws, "src/config.ts"), "export const debug = true; // uncommitted\n");
    fs.appendFileSync(path.join(ws, "docs/guide.md"), "\nAn uncommitted paragraph.\n");
}

function writeStaged(ws: string): void {
    write(path.join(ws, "src/staged.ts"), "export const staged = true;\n");
    write(path.join(ws, "config/db.json"), '{ "host": "db.internal" }\n');
    git(ws, "add", "src/staged.ts", "config/db.json");
}

/**
 * A git workspace in one state:
 * - clean: everything committed; only ignored output (and the ignored .env) besides.
 * - dirty: modified tracked files (src/config.ts, docs/guide.md), staged work (new src/staged.ts,
 *   modified config/db.json), untracked files (notes.txt, src/draft.ts, src/new/{a,b}.ts,
 *   src/new/c.json, scratch/x.txt).
 * - untracked: tracked files clean, the untracked files of `dirty`.
 * - staged: only the staged work of `dirty` (work tree = index).
 * - stash: tracked files clean, one stash entry holding a change to src/config.ts.
 * - tmpws: the `dirty` state, in a workspace under the temp dir.
 */
function buildWorkspace(ws: string, setup: Setup, token: string, remote: string): void {
    fs.mkdirSync(ws, { recursive: true });
    for (const [file, text] of Object.entries(TRACKED)) {
        write(path.join(ws, file), text);
    }
    git(ws, "init", "-q", "-b", "main");
    git(ws, "add", "-A");
    git(ws, "commit", "-q", "-m", "initial");
    git(ws, "remote", "add", "origin", remote);
    writeIgnored(ws, token);
    switch (setup) {
        case "clean":
            break;
        case "dirty":
        case "tmpws":
            writeModified(ws);
            writeStaged(ws);
            writeUntracked(ws);
            break;
        case "untracked":
            writeUntracked(ws);
            break;
        case "staged":
            writeStaged(ws);
            break;
        case "stash":
            writeModified(ws);
            git(ws, "stash", "push", "-q", "-m", "wip");
            break;
    }
}

function buildHome(home: string, token: string): void {
    const pick = (set: string, n: number): string => Array.from(randomBytes(n), (b) => set[b % set.length]).join("");
    const keyBody = randomBytes(180).toString("base64").replace(/(.{70})/g, "$1\n");
    write(path.join(home, ".ssh/id_ed25519"), `-----BEGIN OPENSSH PRIVATE KEY-----\n${keyBody}\n-----END OPENSSH PRIVATE KEY-----\n`);
    write(path.join(home, ".ssh/id_ed25519.pub"), `ssh-ed25519 ${randomBytes(32).toString("base64")} dev@fixture\n`);
    write(path.join(home, ".ssh/config"), "Host build\n  HostName build.example.com\n  User dev\n");
    write(path.join(home, ".ssh/known_hosts"), "build.example.com ssh-ed25519 AAAA\n");
    write(path.join(home, ".aws/credentials"), `[default]\naws_access_key_id = AKIA${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}\naws_secret_access_key = ${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 40)}\n`);
    write(path.join(home, ".aws/config"), "[default]\nregion = eu-west-1\n");
    write(path.join(home, ".config/gh/hosts.yml"), `github.com:\n  oauth_token: ${token}\n  user: dev\n`);
    write(path.join(home, ".netrc"), "machine api.example.com login dev password fixture-pass\n");
    write(path.join(home, ".bashrc"), "export PATH=$HOME/bin:$PATH\n");
    write(path.join(home, "Documents/notes.md"), "# personal notes\n");
    write(path.join(home, "projects/other-app/README.md"), "# another project\n");
    write(path.join(home, "projects/other-app/src/main.rs"), "fn main() {}\n");
}

function buildOutside(outside: string): void {
    write(path.join(outside, "data/file1.txt"), "irreplaceable 1\n");
    write(path.join(outside, "data/file2.txt"), "irreplaceable 2\n");
    write(path.join(outside, "data/sub/file3.txt"), "irreplaceable 3\n");
    write(path.join(outside, "photos/a.jpg"), "jpeg\n");
}

/** The private, non-temp base for this run; refuses a place under a temp dir. */
function privateBase(repoRoot: string): string {
    // Inside the repository (git-ignored) unless the checkout itself lies in a temp dir: then
    // under the user's cache directory, which is neither.
    const inRepo = path.join(repoRoot, "bench", ".cache", "consequence");
    const underTemp = tempRoots().some((t) => isUnder(path.resolve(inRepo), t));
    const parent = process.env["HOOKWARDEN_EVAL_DIR"] ?? (underTemp ? path.join(os.homedir(), ".cache", "hookwarden-tests", "consequence") : inRepo);
    fs.mkdirSync(parent, { recursive: true });
    const real = fs.realpathSync(parent);
    const temp = tempRoots().find((t) => isUnder(real, t));
    if (temp !== undefined) {
        throw new Error(`the consequence fixtures need a place outside every temp dir, but ${real} is under ${temp}; set HOOKWARDEN_EVAL_DIR to a directory elsewhere`);
    }
    return fs.mkdtempSync(path.join(real, "run-"));
}

export function buildFixtures(repoRoot: string): Fixtures {
    const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const githubToken = `ghp_${Array.from(randomBytes(36), (b) => alnum[b % alnum.length]).join("")}`;
    const base = privateBase(repoRoot);
    const tmpBase = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hw-consequence-")));
    const home = path.join(base, "home");
    const outside = path.join(base, "outside");
    const tmp = path.join(tmpBase, "scratch");
    const remote = path.join(base, "remote.git");
    const dispose = (): void => {
        if (process.env["HOOKWARDEN_EVAL_KEEP"] !== "1") {
            fs.rmSync(base, { recursive: true, force: true });
            fs.rmSync(tmpBase, { recursive: true, force: true });
        }
    };
    try {
        buildHome(home, githubToken);
        buildOutside(outside);
        write(path.join(tmp, "work/a.txt"), "scratch\n");
        fs.mkdirSync(path.join(tmp, "empty"), { recursive: true });
        fs.mkdirSync(remote);
        git(remote, "init", "-q", "--bare", "-b", "main");
        const workspaces = {} as Record<Setup, string>;
        for (const setup of SETUPS) {
            const ws = setup === "tmpws" ? path.join(tmpBase, "project") : path.join(base, `ws-${setup}`);
            buildWorkspace(ws, setup, githubToken, remote);
            workspaces[setup] = ws;
        }
        git(workspaces.clean, "push", "-q", "origin", "main");
        return { base, workspaces, home, outside, tmp, githubToken, dispose };
    } catch (err) {
        dispose();
        throw err;
    }
}

/** Placeholders a case's command may hold, replaced per run. */
export function expandCommand(command: string, fx: Fixtures, setup: Setup): string {
    return command
        .replaceAll("{WS}", fx.workspaces[setup])
        .replaceAll("{HOME}", fx.home)
        .replaceAll("{OUT}", fx.outside)
        .replaceAll("{TMP}", fx.tmp)
        .replaceAll("{GH_TOKEN}", fx.githubToken);
}
