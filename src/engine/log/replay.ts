// Replay: the logged events decided again by another policy (the one in force, or an unsaved
// editor buffer), listing the decisions whose verdict would change. The inputs are the logged,
// redacted ones: a rule that keys on a secret's exact text sees the redaction label instead.
import type { Verdict } from "../decision";
import type { Engine } from "../dispatch";
import { isEventName, isHarness, type NormalizedEvent } from "../events";
import { decidingEntry } from "./explain";
import type { LogRecord } from "./redact";

export interface ReplayChange {
    id: string;
    before: Verdict;
    after: Verdict;
    /** The hook that decided before and would decide now. */
    beforeHook?: string;
    afterHook?: string;
    reason: string;
}

export interface ReplayResult {
    replayed: number;
    changed: ReplayChange[];
    /** Records that cannot be replayed (no event, an unknown harness), with why. */
    skipped: { id: string; why: string }[];
}

/** The event a record logged, as the engine would have received it. */
export function eventOf(r: LogRecord): NormalizedEvent | string {
    if (!isHarness(r.harness)) {
        return `unknown harness "${r.harness}"`;
    }
    if (!isEventName(r.event)) {
        return `unknown event "${r.event}"`;
    }
    return {
        harness: r.harness,
        event: r.event,
        cwd: r.cwd,
        raw: {},
        ...(r.toolName !== undefined ? { toolName: r.toolName } : {}),
        ...(r.toolInput ? { toolInput: structuredClone(r.toolInput) } : {}),
        ...(r.toolOutput !== undefined ? { toolOutput: r.toolOutput } : {}),
        ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
        ...(r.sessionId !== undefined ? { sessionId: r.sessionId } : {}),
    };
}

export async function replay(records: readonly LogRecord[], engine: Engine, idOf: (r: LogRecord, i: number) => string = (r, i) => r.id ?? `#${i}`): Promise<ReplayResult> {
    const result: ReplayResult = { replayed: 0, changed: [], skipped: [] };
    for (const [i, r] of records.entries()) {
        const id = idOf(r, i);
        const ev = eventOf(r);
        if (typeof ev === "string") {
            result.skipped.push({ id, why: ev });
            continue;
        }
        const d = await engine.decide(ev);
        result.replayed++;
        if (d.decision !== r.decision.decision) {
            const beforeHook = r.hook?.name ?? decidingEntry(r.decision)?.hook;
            const afterHook = decidingEntry(d)?.hook;
            result.changed.push({ id, before: r.decision.decision, after: d.decision, ...(beforeHook ? { beforeHook } : {}), ...(afterHook ? { afterHook } : {}), reason: d.reason });
        }
    }
    return result;
}
