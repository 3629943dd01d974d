// The harness dialects as protocol/dialects.json writes them once for the engine and the relay:
// event spellings, blocking events, and how each verdict is rendered per harness.
import table from "../../protocol/dialects.json";

import type { Verdict } from "./decision";
import type { EventName, Harness } from "./events";

type Template = unknown;
type Renderings = Partial<Record<string, Partial<Record<Verdict, Template>>>>;

interface Extra {
    events: string[];
    paths: string[][];
}

interface OutputReplacement {
    events: string[];
    path: string[];
    mcpToolsOnly: boolean;
    value: Template;
}

interface HarnessDialect {
    shape: string;
    askAsDeny: string[];
    renderings?: Renderings;
    extras: { updatedInput: Extra; additionalContext: Extra; outputReplacement: OutputReplacement | null };
}

interface ProtocolTable {
    events: Record<string, { blocking: boolean; aliases: string[] }>;
    failModeAllow: Record<string, unknown>;
    renderings: Record<string, Renderings>;
    harnesses: Record<string, HarnessDialect>;
    askAsDenyReason: string;
}

export const PROTOCOL: ProtocolTable = table as ProtocolTable;

const ALIASES = new Map<string, string>(Object.entries(PROTOCOL.events).flatMap(([name, e]) => [[name, name] as const, ...e.aliases.map((a) => [a, name] as const)]));

/** The canonical name of any harness's spelling of an event, or undefined for a name no harness uses. */
export function canonicalEventName(name: string): string | undefined {
    return ALIASES.get(name);
}

export function isBlockingEvent(event: string): boolean {
    return PROTOCOL.events[event]?.blocking === true;
}

export function dialectOf(harness: Harness): HarnessDialect {
    const d = PROTOCOL.harnesses[harness];
    if (!d) {
        throw new Error(`protocol/dialects.json has no harness "${harness}"`);
    }
    return d;
}

/** A template with "$name" strings replaced by `values[name]` (deep copy). */
export function fillTemplate(template: Template, values: Record<string, unknown>): unknown {
    if (typeof template === "string") {
        return template.startsWith("$") && template.slice(1) in values ? values[template.slice(1)] : template;
    }
    if (Array.isArray(template)) {
        return template.map((t) => fillTemplate(t, values));
    }
    if (template !== null && typeof template === "object") {
        return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
    }
    return template;
}

/** The verdict the harness can act on, and its reason: an ask becomes a deny where the harness cannot ask. */
export function effectiveVerdict(harness: Harness, event: EventName, verdict: Verdict, reason: string): { verdict: Verdict; reason: string; askedAsDeny: boolean } {
    if (verdict === "ask" && dialectOf(harness).askAsDeny.includes(event)) {
        return { verdict: "deny", reason: PROTOCOL.askAsDenyReason.replace("$reason", reason), askedAsDeny: true };
    }
    return { verdict, reason, askedAsDeny: false };
}

/** The base answer for a verdict, before the engine's extras (rewrites, context, replaced output). */
export function renderVerdict(harness: Harness, event: EventName, verdict: Verdict, reason: string): Record<string, unknown> {
    const d = dialectOf(harness);
    const template = d.renderings?.[event]?.[verdict] ?? PROTOCOL.renderings[d.shape]?.[event]?.[verdict] ?? {};
    return fillTemplate(template, { reason }) as Record<string, unknown>;
}

/** A fail-mode answer (no policy consulted), exactly as the relay renders it. */
export function renderFailMode(harness: Harness, event: EventName, verdict: Verdict, reason: string): Record<string, unknown> {
    const v = effectiveVerdict(harness, event, verdict, reason);
    if (v.verdict === "allow") {
        return structuredClone(PROTOCOL.failModeAllow);
    }
    return renderVerdict(harness, event, v.verdict, v.reason);
}

/** Sets `value` at `path`; a hookSpecificOutput made on the way carries the event's hookEventName. */
export function setAtPath(out: Record<string, unknown>, path: string[], value: unknown, event: EventName): void {
    let node = out;
    for (const [i, key] of path.entries()) {
        if (i === path.length - 1) {
            node[key] = value;
            return;
        }
        let next = node[key];
        if (next === null || typeof next !== "object" || Array.isArray(next)) {
            next = key === "hookSpecificOutput" ? { hookEventName: event } : {};
            node[key] = next;
        }
        node = next as Record<string, unknown>;
    }
}
