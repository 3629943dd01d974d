// The engine's answer to one event, and the rules for merging hook verdicts into it.
import type { EventName, Harness } from "./events";

export type Verdict = "allow" | "ask" | "deny";

export const VERDICTS: readonly Verdict[] = ["allow", "ask", "deny"];

const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

/** deny > ask > allow. */
export function stricter(a: Verdict, b: Verdict): Verdict {
    return RANK[b] > RANK[a] ? b : a;
}

export interface TraceFinding {
    ruleId: string;
    category: string;
    severity: string;
    /** Byte span in the scanned text named by `field`. */
    span: { start: number; end: number };
    message: string;
    /** Which text was scanned: `tool_input.command`, `tool_output`, `prompt`, ... */
    field: string;
}

export type Runner = "classifier" | "command" | "module" | "engine";

export interface TraceEntry {
    hook: string;
    /** The policy layer (machine, user, workspace, default, or a file given on the command line). */
    layer: string;
    runner: Runner;
    /** `skipped` for a hook held back (untrusted workspace, disabled); `error` went to onError. */
    outcome: Verdict | "skipped";
    reason?: string;
    latencyUs: number;
    findings: TraceFinding[];
    /** Set when the hook failed (timeout, crash, bad output) and `onError` decided. */
    error?: string;
    rewroteInput?: boolean;
    redactedOutput?: boolean;
    /** Ran again after a workspace hook rewrote the input or output, to judge the rewrite. */
    recheck?: boolean;
    /** Things the harness cannot do with this hook's answer (e.g. rewrite a tool's output). */
    notes?: string[];
}

export interface Decision {
    decision: Verdict;
    reason: string;
    updatedInput?: Record<string, unknown>;
    updatedOutput?: string;
    additionalContext?: string;
    event: EventName;
    harness: Harness;
    toolName?: string;
    /** Microseconds from receiving the event to the decision. */
    latencyUs: number;
    trace: TraceEntry[];
    /** The same tool call already reached the engine (a harness reading two hook files): decided once. */
    duplicate?: boolean;
}

/** What a single hook answered, before merging. */
export interface HookResult {
    verdict: Verdict;
    reason?: string;
    updatedInput?: Record<string, unknown>;
    updatedOutput?: string;
    additionalContext?: string;
    findings?: TraceFinding[];
    notes?: string[];
}

export function isVerdict(s: unknown): s is Verdict {
    return s === "allow" || s === "ask" || s === "deny";
}
