// Secrets never reach the decision log: every string of a record passes the secrets redactor
// before it is stored or printed.
import type { Decision } from "../decision";
import type { NormalizedEvent } from "../events";
import type { Native } from "../native";
import { mapStrings } from "../text";

export function redactForLog<T>(value: T, native: Native): T {
    return mapStrings(value, (s) => (s.length < 8 ? s : native.redactSecrets(s).text)) as T;
}

/** One decision-log record: the event as received (redacted) and the decision. */
export interface LogRecord {
    time: string;
    harness: string;
    event: string;
    toolName?: string;
    cwd: string;
    sessionId?: string;
    /** The harness's id of the tool call, when it sends one (tells a repeated command from a retry). */
    toolUseId?: string;
    toolInput?: Record<string, unknown>;
    prompt?: string;
    decision: Decision;
    /** Decided by the relay's fail mode while no engine answered; ingested later from the spool. */
    spooled?: boolean;
}

export function logRecord(ev: NormalizedEvent, decision: Decision, native: Native, now: Date = new Date()): LogRecord {
    return redactForLog<LogRecord>(
        {
            time: now.toISOString(),
            harness: ev.harness,
            event: ev.event,
            ...(ev.toolName !== undefined ? { toolName: ev.toolName } : {}),
            cwd: ev.cwd,
            ...(ev.sessionId !== undefined ? { sessionId: ev.sessionId } : {}),
            ...(ev.toolUseId !== undefined ? { toolUseId: ev.toolUseId } : {}),
            ...(ev.toolInput ? { toolInput: ev.toolInput } : {}),
            ...(ev.prompt !== undefined ? { prompt: ev.prompt } : {}),
            decision,
        },
        native,
    );
}
