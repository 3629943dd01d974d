// What git can restore in each workspace repository, for the shell classifier's judgement of
// deletions by consequence. Read with `git status --porcelain=v2 -z` (git itself is the
// authority on what it tracks and ignores), cached per repository, and dropped when it may be
// stale: after a tool ran (PostToolUse), when the index changes, or after a short time.
// Nothing here is on the path of an event that deletes nothing.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import type { Native } from "./native";

type RepoStates = InstanceType<Native["RepoStates"]>;

export interface RepoStateOptions {
    /** The most one `git status` may take; beyond it the repository counts as unreadable. */
    timeoutMs?: number;
    /** A state older than this is read again. */
    maxAgeMs?: number;
    /** The git program. */
    git?: string;
}

interface Known {
    /** The repository's top level (or the workspace root when git does not manage it). */
    toplevel: string;
    gitDir?: string;
    readAt: number;
    indexMtimeMs: number;
}

function run(git: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: Buffer; timedOut: boolean }> {
    return new Promise((resolve) => {
        execFile(git, args, { encoding: "buffer", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" } }, (err, stdout) => {
            const timedOut = err !== null && (err as NodeJS.ErrnoException & { killed?: boolean }).killed === true;
            resolve({ ok: err === null, stdout: stdout ?? Buffer.alloc(0), timedOut });
        });
    });
}

function mtimeMs(file: string | undefined): number {
    if (!file) {
        return 0;
    }
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return 0;
    }
}

export class RepoStateCache {
    readonly states: RepoStates;
    /** By workspace root. */
    private readonly known = new Map<string, Known>();
    private readonly timeoutMs: number;
    private readonly maxAgeMs: number;
    private readonly git: string;

    constructor(native: Native, options: RepoStateOptions = {}) {
        this.states = new native.RepoStates();
        this.timeoutMs = options.timeoutMs ?? 1500;
        this.maxAgeMs = options.maxAgeMs ?? 2000;
        this.git = options.git ?? "git";
    }

    /**
     * Fixes `root` as a repository whose state is unknown: nothing in it counts as recoverable.
     * For judging commands with no repository to look at (a corpus of bare command lines).
     */
    assumeUnknown(root: string): void {
        this.states.setUnreadable(root);
        this.known.set(root, { toplevel: root, readAt: Number.POSITIVE_INFINITY, indexMtimeMs: 0 });
    }

    /** Drops every state that may be stale (a tool ran, the user saved a file). */
    invalidate(): void {
        for (const k of this.known.values()) {
            this.states.forget(k.toplevel);
        }
        this.known.clear();
    }

    /** Drops states whose index changed or that are too old; the rest stay in `states`. */
    private prune(now: number): void {
        for (const [root, k] of this.known) {
            const stale = (Number.isFinite(k.readAt) && now - k.readAt > this.maxAgeMs) || (k.gitDir !== undefined && mtimeMs(path.join(k.gitDir, "index")) !== k.indexMtimeMs);
            if (stale) {
                this.states.forget(k.toplevel);
                this.known.delete(root);
            }
        }
    }

    /** The native states, fresh enough to judge by (stale ones are dropped first). */
    current(): RepoStates {
        if (this.known.size > 0) {
            this.prune(Date.now());
        }
        return this.states;
    }

    /**
     * Reads the state of each workspace root's repository. A root already known was asked for
     * again because something changed after it was read: it is read anew.
     */
    async load(roots: readonly string[]): Promise<void> {
        for (const r of roots) {
            const k = this.known.get(r);
            if (k) {
                this.states.forget(k.toplevel);
                this.known.delete(r);
            }
        }
        await Promise.all(roots.map((r) => this.read(r)));
    }

    private async read(root: string): Promise<void> {
        const started = Date.now();
        const where = await run(this.git, ["-C", root, "rev-parse", "--show-toplevel", "--absolute-git-dir"], this.timeoutMs);
        if (!where.ok) {
            if (where.timedOut) {
                this.states.setUnreadable(root);
            } else {
                // Not a repository (or no git at all): nothing in it can be restored.
                this.states.setUnversioned(root);
            }
            this.known.set(root, { toplevel: root, readAt: started, indexMtimeMs: 0 });
            return;
        }
        const [toplevel = root, gitDir] = where.stdout.toString("utf8").trim().split("\n");
        const left = Math.max(100, this.timeoutMs - (Date.now() - started));
        const status = await run(this.git, ["-C", toplevel, "status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignored=matching"], left);
        if (!status.ok) {
            this.states.setUnreadable(toplevel);
        } else {
            let stash = 0;
            try {
                stash = fs.readFileSync(path.join(gitDir ?? path.join(toplevel, ".git"), "logs", "refs", "stash"), "utf8").split("\n").filter(Boolean).length;
            } catch {
                // No stash.
            }
            this.states.set(toplevel, status.stdout, stash, started);
        }
        this.known.set(root, { toplevel, ...(gitDir ? { gitDir } : {}), readAt: started, indexMtimeMs: mtimeMs(gitDir ? path.join(gitDir, "index") : undefined) });
    }
}
