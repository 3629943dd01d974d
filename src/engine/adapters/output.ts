// Decision → the harness's own output dialect, as protocol/dialects.json renders it. Always exit 0
// with an explicit JSON answer: every harness fails open on timeouts, crashes and unexpected exit
// codes, and Copilot CLI ignores exit code 2 for preToolUse.
import type { Decision, Verdict } from "../decision";
import type { EventName, Harness, NormalizedEvent } from "../events";
import { dialectOf, effectiveVerdict, fillTemplate, renderFailMode, renderVerdict, setAtPath } from "../protocol";

export interface HarnessAnswer {
    stdout: string;
    exitCode: 0;
    /** What this harness cannot do with the decision (also added to the decision's trace). */
    limitations: string[];
}

function isMcp(toolName: string | undefined): boolean {
    return toolName !== undefined && (toolName.startsWith("mcp__") || toolName.startsWith("mcp_"));
}

const SECRETS_WARNING = "Hookwarden: this tool output contained secrets. Do not repeat, store or use them; refer to them only as redacted.";

export function renderAnswer(d: Decision, ev: NormalizedEvent): HarnessAnswer {
    const limitations: string[] = [];
    const h = ev.harness;
    const extras = dialectOf(h).extras;
    const v = effectiveVerdict(h, d.event, d.decision, d.reason);
    if (v.askedAsDeny) {
        // Asking must not turn into allowing.
        limitations.push(`${h} cannot ask the user from a hook for ${d.event}: ask was answered as deny`);
    } else if (d.decision === "ask" && d.event === "UserPromptSubmit") {
        limitations.push(`${h} cannot ask about a prompt: ask was answered as block`);
    }
    const out = renderVerdict(h, d.event, v.verdict, v.reason);

    if (d.updatedInput && extras.updatedInput.events.includes(d.event)) {
        for (const p of extras.updatedInput.paths) {
            setAtPath(out, p, d.updatedInput, d.event);
        }
    }
    let context = d.additionalContext;
    const replace = extras.outputReplacement;
    if (d.updatedOutput !== undefined && (d.event === "PostToolUse" || d.event === "PostToolUseFailure")) {
        if (replace && replace.events.includes(d.event) && (!replace.mcpToolsOnly || isMcp(ev.toolName))) {
            setAtPath(out, replace.path, fillTemplate(replace.value, { updatedOutput: d.updatedOutput }), d.event);
        } else {
            limitations.push(`${h} cannot replace a tool's output from a hook: the model has already seen it; the redacted copy is in the decision log`);
            context = context ? `${SECRETS_WARNING}\n\n${context}` : SECRETS_WARNING;
        }
    }
    if (context && extras.additionalContext.events.includes(d.event)) {
        for (const p of extras.additionalContext.paths) {
            setAtPath(out, p, context, d.event);
        }
    }
    return { stdout: JSON.stringify(out), exitCode: 0, limitations };
}

/** The answer when a fail mode decides (no policy consulted), the same as the relay's. */
export function renderFailModeAnswer(harness: Harness, event: EventName, verdict: Verdict, reason: string): HarnessAnswer {
    const limitations = effectiveVerdict(harness, event, verdict, reason).askedAsDeny ? [`${harness} cannot ask the user from a hook for ${event}: ask was answered as deny`] : [];
    return { stdout: JSON.stringify(renderFailMode(harness, event, verdict, reason)), exitCode: 0, limitations };
}
