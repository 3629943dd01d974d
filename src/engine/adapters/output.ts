// Decision → the harness's own output dialect. Always exit 0 with an explicit JSON answer:
// every harness fails open on timeouts, crashes and unexpected exit codes, and Copilot CLI
// ignores exit code 2 for preToolUse.
import type { Decision } from "../decision";
import type { NormalizedEvent } from "../events";

export interface HarnessAnswer {
    stdout: string;
    exitCode: 0;
    /** What this harness cannot do with the decision (also added to the decision's trace). */
    limitations: string[];
}

function isMcp(toolName: string | undefined): boolean {
    return toolName !== undefined && (toolName.startsWith("mcp__") || toolName.startsWith("mcp_"));
}

/** Claude Code, Codex and VS Code Local share the nested hookSpecificOutput shape. */
function renderNested(d: Decision, ev: NormalizedEvent, limitations: string[]): Record<string, unknown> {
    const h = ev.harness;
    const ctx = d.additionalContext;
    switch (d.event) {
        case "PreToolUse": {
            let permission: string = d.decision;
            let reason = d.reason;
            if (h === "codex" && d.decision === "ask") {
                // Codex has no "ask" for hooks; asking must not turn into allowing.
                permission = "deny";
                reason = `Needs approval: ${reason}`;
                limitations.push("codex cannot ask the user from a hook: ask was answered as deny");
            }
            return {
                hookSpecificOutput: {
                    hookEventName: "PreToolUse",
                    permissionDecision: permission,
                    permissionDecisionReason: reason,
                    ...(d.updatedInput ? { updatedInput: d.updatedInput } : {}),
                    ...(ctx ? { additionalContext: ctx } : {}),
                },
            };
        }
        case "PermissionRequest": {
            if (d.decision === "ask") {
                return {}; // Leave the question to the user.
            }
            return {
                hookSpecificOutput: {
                    hookEventName: "PermissionRequest",
                    decision: { behavior: d.decision, ...(d.decision === "deny" ? { message: d.reason } : {}) },
                },
            };
        }
        case "PostToolUse":
        case "PostToolUseFailure": {
            const out: Record<string, unknown> = {};
            const specific: Record<string, unknown> = { hookEventName: d.event };
            if (d.decision === "deny") {
                out["decision"] = "block";
                out["reason"] = d.reason;
            }
            let context = ctx;
            if (d.updatedOutput !== undefined) {
                if (h === "claude" && isMcp(ev.toolName)) {
                    specific["updatedMCPToolOutput"] = d.updatedOutput;
                } else {
                    limitations.push(`${h} cannot replace a tool's output from a hook: the model has already seen it; the redacted copy is in the decision log`);
                    const warning = "Hookwarden: this tool output contained secrets. Do not repeat, store or use them; refer to them only as redacted.";
                    context = context ? `${warning}\n\n${context}` : warning;
                }
            }
            if (context) {
                specific["additionalContext"] = context;
            }
            if (Object.keys(specific).length > 1) {
                out["hookSpecificOutput"] = specific;
            }
            return out;
        }
        case "UserPromptSubmit": {
            const out: Record<string, unknown> = {};
            if (d.decision !== "allow") {
                out["decision"] = "block";
                out["reason"] = d.reason;
                if (d.decision === "ask") {
                    limitations.push(`${h} cannot ask about a prompt: ask was answered as block`);
                }
            }
            if (ctx) {
                out["hookSpecificOutput"] = { hookEventName: "UserPromptSubmit", additionalContext: ctx };
            }
            return out;
        }
        case "Stop":
        case "SubagentStop": {
            if (d.decision === "allow") {
                return {};
            }
            // VS Code Local nests Stop's decision; Claude and Codex keep it at the top level.
            return h === "vscode"
                ? { hookSpecificOutput: { hookEventName: d.event, decision: "block", reason: d.reason } }
                : { decision: "block", reason: d.reason };
        }
        case "SessionStart":
        case "SubagentStart":
            return ctx ? { hookSpecificOutput: { hookEventName: d.event, additionalContext: ctx } } : {};
        default:
            return {};
    }
}

/** Copilot CLI and the VS Code Copilot harness: top-level fields; the nested form is added too. */
function renderCopilot(d: Decision): Record<string, unknown> {
    switch (d.event) {
        case "PreToolUse":
            return {
                permissionDecision: d.decision,
                permissionDecisionReason: d.reason,
                ...(d.updatedInput ? { modifiedArgs: d.updatedInput } : {}),
                ...(d.additionalContext ? { additionalContext: d.additionalContext } : {}),
                // Harmless for Copilot, read by its PascalCase ("VS Code compatible") registrations.
                hookSpecificOutput: {
                    hookEventName: "PreToolUse",
                    permissionDecision: d.decision,
                    permissionDecisionReason: d.reason,
                    ...(d.updatedInput ? { updatedInput: d.updatedInput } : {}),
                },
            };
        case "PermissionRequest":
            return d.decision === "ask" ? {} : { behavior: d.decision, ...(d.decision === "deny" ? { message: d.reason } : {}) };
        case "PostToolUse":
        case "PostToolUseFailure": {
            const out: Record<string, unknown> = {};
            if (d.updatedOutput !== undefined) {
                // Checked with Copilot CLI 1.0.102 (test/e2e): the model receives the replaced result.
                out["modifiedResult"] = { resultType: "success", textResultForLlm: d.updatedOutput };
            }
            if (d.additionalContext) {
                out["additionalContext"] = d.additionalContext;
            }
            if (d.decision === "deny") {
                out["decision"] = "block";
                out["reason"] = d.reason;
            }
            return out;
        }
        case "UserPromptSubmit":
            if (d.decision !== "allow") {
                // Checked with Copilot CLI 1.0.102 (test/e2e): a block stops the session.
                return { decision: "block", reason: d.reason };
            }
            return d.additionalContext ? { additionalContext: d.additionalContext } : {};
        case "Stop":
        case "SubagentStop":
            return d.decision === "allow" ? {} : { decision: "block", reason: d.reason };
        default:
            return d.additionalContext ? { additionalContext: d.additionalContext } : {};
    }
}

export function renderAnswer(d: Decision, ev: NormalizedEvent): HarnessAnswer {
    const limitations: string[] = [];
    const body = ev.harness === "copilot" ? renderCopilot(d) : renderNested(d, ev, limitations);
    return { stdout: JSON.stringify(body), exitCode: 0, limitations };
}
