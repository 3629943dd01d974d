// The same tool call reaching the engine twice (a harness that reads both the Copilot and the
// Claude hook files) is decided once; the second caller gets the same decision marked duplicate.
import type { Decision } from "../decision";
import type { NormalizedEvent } from "../events";

const DEDUPE_EVENTS = new Set(["PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest", "UserPromptSubmit"]);

export function callKey(ev: NormalizedEvent): string | undefined {
    if (!DEDUPE_EVENTS.has(ev.event) || ev.sessionId === undefined) {
        return undefined;
    }
    return JSON.stringify([ev.event, ev.sessionId, ev.toolName ?? null, ev.toolInput ?? null, ev.toolOutput ?? null, ev.prompt ?? null]);
}

export class Deduper {
    private readonly recent = new Map<string, { at: number; toolUseId: string | undefined; decision: Promise<Decision> }>();

    constructor(private readonly windowMs = 5000) {}

    /** Returns the decision of an identical call seen within the window, or runs `decide`. */
    async decide(ev: NormalizedEvent, decide: () => Promise<Decision>): Promise<Decision> {
        const key = callKey(ev);
        const now = Date.now();
        this.prune(now);
        if (key === undefined) {
            return decide();
        }
        const seen = this.recent.get(key);
        // Two calls that carry different tool-use ids are two calls (an agent running the same
        // command again), not one call reaching us twice.
        const sameCall = seen !== undefined && (seen.toolUseId === undefined || ev.toolUseId === undefined || seen.toolUseId === ev.toolUseId);
        if (seen && sameCall) {
            const first = await seen.decision;
            return {
                ...structuredClone(first),
                duplicate: true,
                latencyUs: 0,
                trace: [...structuredClone(first.trace), { hook: "duplicate", layer: "", runner: "engine", outcome: first.decision, reason: `the same ${ev.event} reached the engine ${now - seen.at} ms earlier (from ${first.harness}); decided once`, latencyUs: 0, findings: [] }],
            };
        }
        const decision = decide();
        this.recent.set(key, { at: now, toolUseId: ev.toolUseId, decision });
        decision.catch(() => this.recent.delete(key));
        return decision;
    }

    private prune(now: number): void {
        for (const [k, v] of this.recent) {
            if (now - v.at > this.windowMs) {
                this.recent.delete(k);
            }
        }
    }
}
