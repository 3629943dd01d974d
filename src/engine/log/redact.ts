// Secrets never reach the decision log: every string of a record passes the secrets redactor
// before it is stored or printed.
import type { Decision } from "../decision";
import type { NormalizedEvent } from "../events";
import type { Native } from "../native";
import type { Policy } from "../policy/model";
import { mapStrings } from "../text";
import { decidingHook, decisionId, inputSummary, originOf, policyRevision, recordNotes, type DecidingHook, type Origin } from "./explain";

export function redactForLog<T>(value: T, native: Native): T {
    return mapStrings(value, (s) => (s.length < 8 ? s : native.redactSecrets(s).text)) as T;
}

/** Tool output kept in a record (the rest is cut: the log is for explaining, not archiving). */
export const MAX_LOGGED_OUTPUT = 4096;

/** One decision-log record: the event as received (redacted), the decision and why. */
export interface LogRecord {
    /** Unique per decision (older logs have none; readers derive one from the line). */
    id?: string;
    time: string;
    harness: string;
    event: string;
    toolName?: string;
    cwd: string;
    sessionId?: string;
    /** One line: the command, the path, the prompt's start. */
    summary?: string;
    /** The harness's id of the tool call, when it sends one (tells a repeated command from a retry). */
    toolUseId?: string;
    toolInput?: Record<string, unknown>;
    toolOutput?: string;
    prompt?: string;
    decision: Decision;
    /** What produced the verdict: a hook, no hook, a hook's onError, the relay's fail mode, a duplicate. */
    origin?: Origin;
    /** The hook whose verdict stands, with its layer and where it is declared. */
    hook?: DecidingHook;
    /** A hash of the compiled policy that decided (unknown for the relay's fail mode). */
    revision?: string;
    /** What the harness could not do with the answer, collected from the trace. */
    notes?: string[];
    /** Decided by the relay's fail mode while no engine answered; ingested later from the spool. */
    spooled?: boolean;
}

export interface LogRecordOptions {
    now?: Date;
    /** The policy that decided: gives the deciding hook's position and the revision. */
    policy?: Policy;
    /** Set for events the relay decided alone (its spool). */
    spooled?: boolean;
}

export function logRecord(ev: NormalizedEvent, decision: Decision, native: Native, options: LogRecordOptions | Date = {}): LogRecord {
    const opts: LogRecordOptions = options instanceof Date ? { now: options } : options;
    const origin = originOf(decision, opts.spooled === true);
    const hook = decidingHook(decision, opts.policy);
    const notes = recordNotes(decision);
    const output = ev.toolOutput !== undefined ? (decision.updatedOutput ?? ev.toolOutput) : undefined;
    return redactForLog<LogRecord>(
        {
            id: decisionId(),
            time: (opts.now ?? new Date()).toISOString(),
            harness: ev.harness,
            event: ev.event,
            ...(ev.toolName !== undefined ? { toolName: ev.toolName } : {}),
            cwd: ev.cwd,
            ...(ev.sessionId !== undefined ? { sessionId: ev.sessionId } : {}),
            summary: inputSummary(ev),
            ...(ev.toolUseId !== undefined ? { toolUseId: ev.toolUseId } : {}),
            ...(ev.toolInput ? { toolInput: ev.toolInput } : {}),
            ...(output !== undefined ? { toolOutput: output.length > MAX_LOGGED_OUTPUT ? `${output.slice(0, MAX_LOGGED_OUTPUT)}…` : output } : {}),
            ...(ev.prompt !== undefined ? { prompt: ev.prompt } : {}),
            decision,
            origin,
            ...(hook ? { hook } : {}),
            ...(opts.policy && !opts.spooled ? { revision: policyRevision(opts.policy) } : {}),
            ...(notes.length ? { notes } : {}),
            ...(opts.spooled ? { spooled: true } : {}),
        },
        native,
    );
}
