// What a log record says about its decision beyond the verdict: where it came from, which hook
// decided and where that hook is declared, which policy revision it was, and a one-line summary
// of the input. Derived once when the record is written, so every reader shows the same thing.
import { createHash, randomBytes } from "node:crypto";

import type { Decision, TraceEntry } from "../decision";
import type { NormalizedEvent } from "../events";
import type { Policy } from "../policy/model";

/**
 * `hook`: a hook's verdict stands; `no-hook`: no hook applied (the default allow); `onError`: a
 * hook failed and its onError decided; `fail-mode`: the relay (no engine answered, spooled) or the
 * engine (a broken policy, an unreadable payload) answered with the fail mode; `duplicate`: the
 * same call was already decided and got that answer.
 */
export type Origin = "hook" | "no-hook" | "onError" | "fail-mode" | "duplicate";

export const ORIGINS: readonly Origin[] = ["hook", "no-hook", "onError", "fail-mode", "duplicate"];

export interface DecidingHook {
    name: string;
    layer: string;
    runner: string;
    /** Where the hook is declared (absent for the engine's own entries). */
    file?: string;
    line?: number;
    column?: number;
}

/** Sortable by time, unique across engines writing at once. */
export function decisionId(now: number = Date.now()): string {
    return `${now.toString(36)}-${randomBytes(5).toString("hex")}`;
}

/** The trace entry whose verdict stands: the deny (the first ends the chain), the first ask, else the first allow. */
export function decidingEntry(decision: Decision): TraceEntry | undefined {
    const ran = decision.trace.filter((t) => t.outcome !== "skipped" && !(t.runner === "engine" && t.notes && !t.error && t.hook.endsWith("-dialect")));
    return ran.find((t) => t.outcome === decision.decision) ?? undefined;
}

export function originOf(decision: Decision, spooled: boolean): Origin {
    if (spooled) {
        return "fail-mode";
    }
    if (decision.duplicate) {
        return "duplicate";
    }
    const entry = decidingEntry(decision);
    if (!entry) {
        return "no-hook";
    }
    if (entry.runner === "engine") {
        return "fail-mode";
    }
    return entry.error !== undefined ? "onError" : "hook";
}

export function decidingHook(decision: Decision, policy: Policy | undefined): DecidingHook | undefined {
    const entry = decidingEntry(decision);
    if (!entry) {
        return undefined;
    }
    const declared = entry.runner === "engine" ? undefined : policy?.hooks.find((h) => h.name === entry.hook && h.layer === entry.layer);
    return {
        name: entry.hook,
        layer: entry.layer,
        runner: entry.runner,
        ...(declared ? { file: declared.position.file, line: declared.position.line, column: declared.position.column } : {}),
    };
}

export function recordNotes(decision: Decision): string[] {
    return [...new Set(decision.trace.flatMap((t) => t.notes ?? []))];
}

const revisions = new WeakMap<Policy, string>();

/** A short hash of the compiled policy (hooks, fail modes, layers): equal policies, equal revisions. */
export function policyRevision(policy: Policy): string {
    let rev = revisions.get(policy);
    if (rev === undefined) {
        const stable = { failMode: policy.failMode, hooks: policy.hooks, layers: policy.layers.map((l) => [l.layer, l.file]) };
        rev = createHash("sha256").update(JSON.stringify(stable)).digest("hex").slice(0, 12);
        revisions.set(policy, rev);
    }
    return rev;
}

const SUMMARY_FIELDS = ["command", "cmd", "file_path", "filePath", "path", "notebook_path", "url", "query", "pattern", "prompt", "description"];
const MAX_SUMMARY = 160;

function oneLine(s: string): string {
    const flat = s.replace(/\s+/g, " ").trim();
    return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
}

/** The one thing a reader wants to see about the input: the command, the path, the prompt. */
export function inputSummary(ev: Pick<NormalizedEvent, "toolInput" | "prompt" | "toolName">): string {
    const input = ev.toolInput;
    if (input) {
        for (const k of SUMMARY_FIELDS) {
            const v = input[k];
            if (typeof v === "string" && v !== "") {
                return oneLine(v);
            }
            if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
                return oneLine(v.join(" "));
            }
        }
        return oneLine(JSON.stringify(input));
    }
    return ev.prompt !== undefined ? oneLine(ev.prompt) : "";
}
