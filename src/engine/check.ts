// One hook call end to end: payload text → normalised event → decision → the harness's answer.
// Whatever goes wrong, the answer is explicit: a payload that cannot be read is denied with a
// reason (fail closed), never left to the harness's fail-open handling.
import { detectHarness, normalizeEvent, normalizeEventName, PayloadError, renderAnswer, renderFailModeAnswer, type HarnessAnswer } from "./adapters";
import type { Decision } from "./decision";
import type { Engine } from "./dispatch";
import { isHarness, type EventName, type Harness, type NormalizedEvent } from "./events";

export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
/** No harness nests this deep; the engine's walks over values (redaction, tool output) recurse per level. */
export const MAX_PAYLOAD_DEPTH = 64;

/** The path of the first value nested deeper than `max` levels (a walk without recursion), if any. */
export function nestedDeeperThan(value: unknown, max: number): string | undefined {
    const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: "" }];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
        if (item.v === null || typeof item.v !== "object") {
            continue;
        }
        if (item.depth >= max) {
            return item.path.slice(0, 200) || "the top";
        }
        for (const [k, v] of Object.entries(item.v)) {
            stack.push({ v, depth: item.depth + 1, path: Array.isArray(item.v) ? `${item.path}[${k}]` : `${item.path}${item.path ? "." : ""}${k}` });
        }
    }
    return undefined;
}

export interface CheckResult {
    answer: HarnessAnswer;
    decision: Decision;
    event: NormalizedEvent;
}

export interface CheckOptions {
    /** Event name from the registration, for payloads that carry none (Copilot camelCase). */
    event?: string;
    defaultCwd?: string;
}

function malformed(harness: Harness, message: string, engine: Engine, hint: string | undefined): CheckResult {
    // Without a readable event, assume the strictest: a PreToolUse (unless the registration names the event).
    const eventName: EventName = (hint !== undefined ? normalizeEventName(hint) : undefined) ?? "PreToolUse";
    const event: NormalizedEvent = { harness, event: eventName, cwd: process.cwd(), raw: {} };
    const verdict = engine.failMode(eventName);
    const decision: Decision = {
        decision: verdict,
        reason: `Hookwarden could not read the hook payload: ${message}`,
        event: eventName,
        harness,
        latencyUs: 0,
        trace: [{ hook: "payload", layer: "", runner: "engine", outcome: verdict, reason: message, latencyUs: 0, findings: [], error: message }],
    };
    return { answer: renderFailModeAnswer(harness, eventName, verdict, decision.reason), decision, event };
}

/** Reads a payload into an event, or (when it cannot be read) the fail-mode answer. */
export function readPayload(engine: Engine, harness: Harness | "auto", text: string, options: CheckOptions = {}): { event: NormalizedEvent } | { failed: CheckResult } {
    const fallbackHarness: Harness = isHarness(harness) ? harness : "claude";
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
        return { failed: malformed(fallbackHarness, `the payload is larger than ${MAX_PAYLOAD_BYTES} bytes`, engine, options.event) };
    }
    let payload: unknown;
    try {
        payload = JSON.parse(text);
    } catch (err) {
        return { failed: malformed(fallbackHarness, `invalid JSON (${(err as Error).message})`, engine, options.event) };
    }
    const deep = nestedDeeperThan(payload, MAX_PAYLOAD_DEPTH);
    if (deep) {
        return { failed: malformed(fallbackHarness, `the payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels (at ${deep})`, engine, options.event) };
    }
    const resolved: Harness = harness === "auto" ? (typeof payload === "object" && payload !== null && !Array.isArray(payload) ? detectHarness(payload as Record<string, unknown>) : "claude") : harness;
    try {
        return { event: normalizeEvent(resolved, payload, { ...(options.event !== undefined ? { event: options.event } : {}), ...(options.defaultCwd !== undefined ? { defaultCwd: options.defaultCwd } : {}) }) };
    } catch (err) {
        if (err instanceof PayloadError) {
            return { failed: malformed(resolved, err.field ? `${err.field}: ${err.message}` : err.message, engine, options.event) };
        }
        throw err;
    }
}

/** Renders a decision for the event's harness; what the harness cannot do goes into the trace. */
export function answerFor(decision: Decision, event: NormalizedEvent): CheckResult {
    const answer = renderAnswer(decision, event);
    if (answer.limitations.length > 0) {
        decision.trace.push({ hook: `${event.harness}-dialect`, layer: "", runner: "engine", outcome: decision.decision, latencyUs: 0, findings: [], notes: answer.limitations });
    }
    return { answer, decision, event };
}

export async function checkPayload(engine: Engine, harness: Harness | "auto", text: string, options: CheckOptions = {}): Promise<CheckResult> {
    const read = readPayload(engine, harness, text, options);
    if ("failed" in read) {
        return read.failed;
    }
    return answerFor(await engine.decide(read.event), read.event);
}
