// What a runner sees of the event: the event itself plus the rewrites of earlier hooks.
import type { NormalizedEvent } from "../events";
import type { Native } from "../native";
import type { RepoStateCache } from "../repoState";

type ShellAnalysis = ReturnType<Native["classifyShell"]>;

export class HookContext {
    private shellMemo: { command: string; analysis: ShellAnalysis } | undefined;

    constructor(
        readonly event: NormalizedEvent,
        readonly native: Native,
        /** The tool input after earlier hooks' rewrites. */
        public toolInput: Record<string, unknown> | undefined,
        /** The tool output after earlier hooks' redactions. */
        public toolOutput: string | undefined,
        readonly home: string,
        /** Workspace roots: what a shell command's deletions are judged against. */
        readonly protectedRoots: string[] = [],
        /** What git can restore in the workspace repositories. */
        readonly repoStates?: RepoStateCache,
    ) {}

    /** The shell analysis of a command, computed once per distinct command. */
    analyzeShell(command: string): ShellAnalysis {
        if (this.shellMemo?.command !== command) {
            const context = { cwd: this.event.cwd, roots: this.protectedRoots, home: this.home, tempDirs: tempDirs() };
            this.shellMemo = { command, analysis: this.native.classifyShell(command, context, this.repoStates?.current()) };
        }
        return this.shellMemo.analysis;
    }

    /**
     * The analysis with the repository state it needs: when the judgement of a deletion needed
     * a workspace's git state that was not read yet, read it and classify again. Without it
     * (git too slow or missing) the first answer stands, where nothing counts as recoverable.
     */
    async analyzeShellWithRepos(command: string): Promise<ShellAnalysis> {
        const first = this.analyzeShell(command);
        if (first.needsRepo.length === 0 || !this.repoStates) {
            return first;
        }
        await this.repoStates.load(first.needsRepo);
        this.shellMemo = undefined;
        return this.analyzeShell(command);
    }
}

/** Temp directories besides /tmp, /var/tmp and /dev/shm (the native side knows those). */
function tempDirs(): string[] {
    const t = process.env["TMPDIR"];
    return t && t.startsWith("/") && t !== "/" ? [t] : [];
}
