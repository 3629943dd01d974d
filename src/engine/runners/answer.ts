// Reads a command or module hook's answer. Accepts Hookwarden's own shape and the shapes hook
// authors already write for Claude Code / Codex (hookSpecificOutput) and Copilot (top level).
import { isVerdict, type HookResult, type Verdict } from "../decision";

export class HookAnswerError extends Error {}

function obj(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function verdictOf(v: unknown, field: string): Verdict | undefined {
    if (v === undefined) {
        return undefined;
    }
    if (isVerdict(v)) {
        return v;
    }
    if (v === "block") {
        return "deny";
    }
    if (v === "approve") {
        return "allow";
    }
    throw new HookAnswerError(`${field}: expected "allow", "ask" or "deny", got ${JSON.stringify(v)}`);
}

function optString(o: Record<string, unknown>, key: string, field: string): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    if (typeof v !== "string") {
        throw new HookAnswerError(`${field}: expected a string, got ${typeof v}`);
    }
    return v;
}

function optObject(o: Record<string, unknown>, key: string, field: string): Record<string, unknown> | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    const r = obj(v);
    if (!r) {
        throw new HookAnswerError(`${field}: expected an object`);
    }
    return r;
}

/** A hook's JSON answer as a HookResult; throws HookAnswerError on a malformed answer. */
export function parseHookAnswer(value: unknown): HookResult {
    if (value === undefined || value === null) {
        return { verdict: "allow" };
    }
    const o = obj(value);
    if (!o) {
        throw new HookAnswerError(`expected a JSON object, got ${Array.isArray(value) ? "a list" : typeof value}`);
    }
    const specific = optObject(o, "hookSpecificOutput", "hookSpecificOutput") ?? {};
    let verdict: Verdict =
        verdictOf(o["decision"], "decision") ??
        verdictOf(o["permissionDecision"], "permissionDecision") ??
        verdictOf(specific["permissionDecision"], "hookSpecificOutput.permissionDecision") ??
        verdictOf(specific["decision"], "hookSpecificOutput.decision") ??
        "allow";
    if (o["continue"] === false) {
        verdict = "deny";
    }
    const reason =
        optString(o, "reason", "reason") ??
        optString(o, "permissionDecisionReason", "permissionDecisionReason") ??
        optString(specific, "permissionDecisionReason", "hookSpecificOutput.permissionDecisionReason") ??
        optString(specific, "reason", "hookSpecificOutput.reason") ??
        optString(o, "stopReason", "stopReason");
    const updatedInput =
        optObject(o, "updatedInput", "updatedInput") ??
        optObject(o, "modifiedArgs", "modifiedArgs") ??
        optObject(specific, "updatedInput", "hookSpecificOutput.updatedInput");
    const updatedOutput = optString(o, "updatedOutput", "updatedOutput");
    const additionalContext = optString(o, "additionalContext", "additionalContext") ?? optString(specific, "additionalContext", "hookSpecificOutput.additionalContext");
    return {
        verdict,
        ...(reason !== undefined ? { reason } : {}),
        ...(updatedInput ? { updatedInput } : {}),
        ...(updatedOutput !== undefined ? { updatedOutput } : {}),
        ...(additionalContext !== undefined ? { additionalContext } : {}),
    };
}
