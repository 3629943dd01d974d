// Harness payload → NormalizedEvent. Every difference in input keys, casing and event names
// between the harnesses lives here (../../../shared/reference/agent-hook-protocols.md §7).
import { isEventName, type EventName, type Harness, type NormalizedEvent } from "../events";
import { canonicalEventName } from "../protocol";

export class PayloadError extends Error {
    constructor(
        message: string,
        readonly field: string,
    ) {
        super(message);
        this.name = "PayloadError";
    }
}

/** Any harness's spelling of an event (protocol/dialects.json) → its canonical name. */
export function normalizeEventName(name: string): EventName | undefined {
    const canonical = canonicalEventName(name);
    return isEventName(canonical) ? canonical : undefined;
}

function str(raw: Record<string, unknown>, ...keys: string[]): string | undefined {
    for (const k of keys) {
        const v = raw[k];
        if (typeof v === "string") {
            return v;
        }
    }
    return undefined;
}

/** Tool inputs arrive as objects, or (Copilot camelCase) as a JSON string. */
function toolInputOf(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "string") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(value);
        } catch {
            // Not JSON: keep the text so classifiers still see it.
            return { input: value };
        }
        return toolInputOf(parsed, field);
    }
    if (typeof value === "object" && !Array.isArray(value)) {
        return value as Record<string, unknown>;
    }
    throw new PayloadError(`${field}: expected an object (or a JSON string of one), got ${Array.isArray(value) ? "a list" : typeof value}`, field);
}

/** Tool output as text: strings as they are, known result shapes by their text fields. */
export function toolOutputText(value: unknown): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "string") {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((v) => toolOutputText(v) ?? "").filter((s) => s !== "").join("\n");
    }
    if (typeof value === "object") {
        const o = value as Record<string, unknown>;
        const parts: string[] = [];
        for (const k of ["textResultForLlm", "text_result_for_llm", "stdout", "stderr", "output", "content", "text", "result", "error"]) {
            const t = toolOutputText(o[k]);
            if (t) {
                parts.push(t);
            }
        }
        return parts.length > 0 ? parts.join("\n") : JSON.stringify(value);
    }
    return String(value);
}

/** The payload's own event name field, in any harness's spelling. */
function declaredEvent(raw: Record<string, unknown>): string | undefined {
    return str(raw, "hook_event_name", "hookEventName");
}

/** Copilot's camelCase payloads carry no event name: infer it from the fields present. */
function inferCopilotEvent(raw: Record<string, unknown>): EventName | undefined {
    if ("toolResult" in raw) {
        return "PostToolUse";
    }
    if ("error" in raw && "toolName" in raw) {
        return "PostToolUseFailure";
    }
    if ("toolName" in raw) {
        return "PreToolUse";
    }
    if ("prompt" in raw) {
        return "UserPromptSubmit";
    }
    if ("stopReason" in raw) {
        return "Stop";
    }
    if ("source" in raw || "initialPrompt" in raw) {
        return "SessionStart";
    }
    if ("reason" in raw) {
        return "SessionEnd";
    }
    return undefined;
}

/**
 * VS Code Local (the editor's own agent) sends snake_case keys like Copilot CLI's PascalCase
 * dialect, so only what it alone sends tells them apart: its tool-use ids end in `__vscode-<n>`
 * and its transcripts live in the Copilot Chat extension's storage (verified with VS Code
 * 1.139.1, ../../../shared/reference/vscode-own-agent-offline.md).
 */
export function isVsCodeLocalPayload(raw: Record<string, unknown>): boolean {
    if (!("hook_event_name" in raw) || "turn_id" in raw || "permission_mode" in raw) {
        return false;
    }
    const toolUseId = str(raw, "tool_use_id");
    const transcript = str(raw, "transcript_path");
    return (toolUseId !== undefined && /__vscode-\d+$/.test(toolUseId)) || (transcript !== undefined && /[\\/]GitHub\.copilot-chat[\\/]/i.test(transcript));
}

/** Which harness sent this payload, from its shape (the `--harness` flag is preferred). */
export function detectHarness(raw: Record<string, unknown>): Harness {
    if ("toolName" in raw || "toolArgs" in raw) {
        return "copilot";
    }
    if ("hookEventName" in raw || isVsCodeLocalPayload(raw)) {
        return "vscode";
    }
    if ("hook_event_name" in raw) {
        if ("turn_id" in raw) {
            return "codex";
        }
        if ("permission_mode" in raw) {
            return "claude";
        }
        return "copilot"; // the PascalCase "VS Code compatible" dialect
    }
    return "claude";
}

/**
 * The harness that really sent a payload, given the one its registration names. VS Code's agent
 * runs the hooks of `~/.copilot/hooks` and (with `chat.useClaudeHooks`) the Claude settings, so
 * the relay registered there for Copilot CLI or Claude Code also hears VS Code. Copilot CLI sends
 * snake_case only to hooks registered with PascalCase events, and ours use camelCase ones (the
 * `--event` the registration passes), so a snake_case payload there is VS Code's too.
 */
export function senderOf(registered: Harness, raw: Record<string, unknown>, registeredEvent?: string): Harness {
    if (registered !== "copilot" && registered !== "claude") {
        return registered;
    }
    if (isVsCodeLocalPayload(raw)) {
        return "vscode";
    }
    const camelRegistration = registeredEvent !== undefined && !isEventName(registeredEvent) && normalizeEventName(registeredEvent) !== undefined;
    if (registered === "copilot" && camelRegistration && "hook_event_name" in raw) {
        return "vscode";
    }
    return registered;
}

export interface NormalizeOptions {
    /** The event name from the registration (`--event`), for payloads that carry none. */
    event?: string;
    /** Used when the payload has no cwd. */
    defaultCwd?: string;
}

export function normalizeEvent(registered: Harness, payload: unknown, options: NormalizeOptions = {}): NormalizedEvent {
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new PayloadError(`the payload must be a JSON object, got ${Array.isArray(payload) ? "a list" : payload === null ? "null" : typeof payload}`, "");
    }
    const raw = payload as Record<string, unknown>;
    const harness = senderOf(registered, raw, options.event);
    const camel = harness === "copilot" && !("hook_event_name" in raw);

    const eventField = declaredEvent(raw) ?? options.event;
    let event: EventName | undefined;
    if (eventField !== undefined) {
        event = normalizeEventName(eventField);
        if (!event) {
            throw new PayloadError(`unknown hook event "${eventField}"`, "hook_event_name");
        }
    } else if (camel) {
        event = inferCopilotEvent(raw);
    }
    if (!event) {
        throw new PayloadError(`the payload names no hook event (expected "hook_event_name")`, "hook_event_name");
    }

    const toolName = camel ? str(raw, "toolName") : str(raw, "tool_name");
    const toolInput = camel ? toolInputOf(raw["toolArgs"], "toolArgs") : toolInputOf(raw["tool_input"], "tool_input");
    let toolOutput: string | undefined;
    if (event === "PostToolUse" || event === "PostToolUseFailure") {
        toolOutput = camel
            ? toolOutputText(raw["toolResult"] ?? raw["error"])
            : toolOutputText(raw["tool_response"] ?? raw["tool_result"] ?? raw["error"]);
    }
    const cwd = str(raw, "cwd") ?? options.defaultCwd ?? process.cwd();
    const sessionId = str(raw, "session_id", "sessionId");
    const toolUseId = str(raw, "tool_use_id", "toolUseId", "toolCallId");
    const prompt = str(raw, "prompt");

    if ((event === "PreToolUse" || event === "PostToolUse") && toolName === undefined) {
        throw new PayloadError(`a ${event} payload needs "${camel ? "toolName" : "tool_name"}"`, camel ? "toolName" : "tool_name");
    }

    return {
        harness,
        event,
        ...(toolName !== undefined ? { toolName } : {}),
        ...(toolInput !== undefined ? { toolInput } : {}),
        ...(toolOutput !== undefined ? { toolOutput } : {}),
        ...(prompt !== undefined ? { prompt } : {}),
        cwd,
        ...(sessionId !== undefined ? { sessionId } : {}),
        ...(toolUseId !== undefined ? { toolUseId } : {}),
        ...(harness === "copilot" ? { dialect: camel ? ("camel" as const) : ("pascal" as const) } : {}),
        raw,
    };
}

export interface ShortForm {
    event: EventName;
    tool?: string;
    input?: Record<string, unknown>;
    output?: string;
    prompt?: string;
    cwd: string;
}

/** The policy tests' short form as a payload in the harness's dialect. */
export function shortFormToPayload(harness: Harness, s: ShortForm): Record<string, unknown> {
    if (harness === "copilot") {
        // The camelCase dialect carries no event name: the registration's --event supplies it.
        return {
            sessionId: "policy-test",
            timestamp: 0,
            cwd: s.cwd,
            ...(s.tool !== undefined ? { toolName: s.tool, toolArgs: s.input ?? {} } : {}),
            ...(s.output !== undefined ? { toolResult: { resultType: "success", textResultForLlm: s.output } } : {}),
            ...(s.prompt !== undefined ? { prompt: s.prompt } : {}),
        };
    }
    // VS Code Local as 1.139.1 sends it: snake_case keys, an ISO timestamp, its transcript path.
    const base: Record<string, unknown> =
        harness === "vscode"
            ? { timestamp: new Date(0).toISOString(), hook_event_name: s.event, session_id: "policy-test", transcript_path: "/policy-test/GitHub.copilot-chat/transcripts/policy-test.jsonl", cwd: s.cwd }
            : { hook_event_name: s.event, session_id: "policy-test", cwd: s.cwd, ...(harness === "codex" ? { turn_id: "policy-test" } : { permission_mode: "default" }) };
    return {
        ...base,
        ...(s.tool !== undefined ? { tool_name: s.tool, tool_input: s.input ?? {}, tool_use_id: harness === "vscode" ? "policy-test__vscode-1" : "policy-test" } : {}),
        ...(s.output !== undefined ? { tool_response: s.output } : {}),
        ...(s.prompt !== undefined ? { prompt: s.prompt } : {}),
    };
}
