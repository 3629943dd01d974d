// What a runner sees of the event: the event itself plus the rewrites of earlier hooks.
import type { NormalizedEvent } from "../events";
import type { Native } from "../native";

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
        /** Workspace roots: under /tmp they are still not scratch space for the shell classifier. */
        readonly protectedRoots: string[] = [],
    ) {}

    /** The shell analysis of a command, computed once per distinct command. */
    analyzeShell(command: string): ShellAnalysis {
        if (this.shellMemo?.command !== command) {
            this.shellMemo = { command, analysis: this.native.classifyShell(command, this.event.cwd, this.protectedRoots) };
        }
        return this.shellMemo.analysis;
    }
}
