// The engine's harness-neutral view of a hook event. Adapters (./adapters) produce it.
import type { Verdict } from "./decision";
import { isBlockingEvent } from "./protocol";

export const EVENT_NAMES = [
    "SessionStart",
    "UserPromptSubmit",
    "PreToolUse",
    "PostToolUse",
    "PostToolUseFailure",
    "PermissionRequest",
    "Stop",
    "SubagentStart",
    "SubagentStop",
    "PreCompact",
    "SessionEnd",
    "Notification",
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function isEventName(s: unknown): s is EventName {
    return typeof s === "string" && (EVENT_NAMES as readonly string[]).includes(s);
}

export const HARNESSES = ["claude", "codex", "copilot", "vscode"] as const;
export type Harness = (typeof HARNESSES)[number];

export function isHarness(s: unknown): s is Harness {
    return typeof s === "string" && (HARNESSES as readonly string[]).includes(s);
}

/** Events whose answer can block the agent (protocol/dialects.json); everything else is observe-only. */
export const BLOCKING_EVENTS: ReadonlySet<EventName> = new Set<EventName>(EVENT_NAMES.filter((e) => isBlockingEvent(e)));

/** Fail mode when no policy layer names one: deny for events that can block, allow for observe-only. */
export function defaultFailMode(event: EventName): Verdict {
    return BLOCKING_EVENTS.has(event) ? "deny" : "allow";
}

export interface NormalizedEvent {
    harness: Harness;
    event: EventName;
    /** The tool's name as the harness sent it (`Bash`, `run_in_terminal`, `bash`, ...). */
    toolName?: string;
    /** The tool's input as an object (Copilot's `toolArgs` string is parsed). */
    toolInput?: Record<string, unknown>;
    /** The tool's output flattened to text (PostToolUse, PostToolUseFailure). */
    toolOutput?: string;
    prompt?: string;
    cwd: string;
    sessionId?: string;
    toolUseId?: string;
    /** Copilot's two payload dialects: chosen by the event-name casing of the registration. */
    dialect?: "camel" | "pascal";
    /** The payload exactly as received. */
    raw: Record<string, unknown>;
}
