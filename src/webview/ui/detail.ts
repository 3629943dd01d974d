// The detail pane: the selected decision's trace hook by hook, findings with their span marked
// in the (redacted) input, the notes, and the raw input and output as logged.
import type { TraceEntry, TraceFinding } from "../../engine/decision";
import type { LogRecord } from "../../engine/log/redact";
import { formatUs, h, icon } from "./dom";

/** The logged text a finding's `field` names (`tool_input.command`, `tool_output`, `prompt`). */
function fieldText(r: LogRecord, field: string): string | undefined {
    if (field === "tool_output") {
        return r.toolOutput;
    }
    if (field === "prompt") {
        return r.prompt;
    }
    const m = /^tool_input((?:\.[^.[\]]+|\[\d+\])*)$/.exec(field);
    if (!m) {
        return undefined;
    }
    let node: unknown = r.toolInput;
    for (const step of m[1]?.match(/\.[^.[\]]+|\[\d+\]/g) ?? []) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = step.startsWith("[") ? (node as unknown[])[Number(step.slice(1, -1))] : (node as Record<string, unknown>)[step.slice(1)];
    }
    return typeof node === "string" ? node : undefined;
}

/** The text with the finding's byte span marked (spans are UTF-8 byte offsets). */
function markedSpan(text: string, f: TraceFinding): HTMLElement {
    const bytes = new TextEncoder().encode(text);
    const start = Math.min(f.span.start, bytes.length);
    const end = Math.min(Math.max(f.span.end, start), bytes.length);
    const dec = new TextDecoder();
    return h("code", { class: "span-text" }, dec.decode(bytes.subarray(0, start)), h("mark", { title: `${f.field} bytes ${f.span.start}–${f.span.end}` }, dec.decode(bytes.subarray(start, end))), dec.decode(bytes.subarray(end)));
}

function outcomeBadge(outcome: string): HTMLElement {
    return h("span", { class: `verdict verdict-${outcome}` }, outcome);
}

function traceEntry(r: LogRecord, t: TraceEntry, deciding: boolean): HTMLElement {
    const matched = t.outcome === "skipped" ? `not run: ${t.reason ?? "held back"}` : t.error ? `failed: ${t.error}` : "matched";
    return h(
        "li",
        { class: `trace-entry${deciding ? " deciding" : ""}` },
        h(
            "div",
            { class: "trace-head" },
            h("strong", {}, t.hook),
            deciding ? h("span", { class: "tag" }, "deciding") : null,
            outcomeBadge(t.outcome),
            h("span", { class: "muted" }, `${t.layer || "engine"} · ${t.runner} · ${formatUs(t.latencyUs)}`),
        ),
        h("div", { class: "muted" }, matched),
        t.reason && t.outcome !== "skipped" ? h("div", { class: "reason" }, t.reason) : null,
        t.findings.length
            ? h(
                  "ul",
                  { class: "findings", "aria-label": `findings of ${t.hook}` },
                  ...t.findings.map((f) => {
                      const text = fieldText(r, f.field);
                      return h("li", { class: "finding" }, h("div", {}, h("span", { class: "rule" }, f.ruleId), ` ${f.category} (${f.severity}): ${f.message}`), text !== undefined ? h("div", { class: "span-line" }, h("span", { class: "muted" }, `${f.field}: `), markedSpan(text, f)) : h("div", { class: "muted" }, `in ${f.field}`));
                  }),
              )
            : null,
        t.notes?.length ? h("ul", { class: "notes" }, ...t.notes.map((n) => h("li", {}, n))) : null,
    );
}

export function renderDetail(r: LogRecord): HTMLElement {
    const hook = r.hook;
    const where = hook?.file ? `${hook.file}:${hook.line ?? 1}` : undefined;
    const decidingName = hook?.name;
    return h(
        "section",
        { class: "detail-body", "aria-label": "Selected decision" },
        h(
            "header",
            { class: "detail-head" },
            h("span", { class: `verdict verdict-${r.decision.decision}` }, r.decision.decision),
            h("span", { class: "detail-title" }, `${r.harness} · ${r.event}${r.toolName ? ` · ${r.toolName}` : ""}`),
        ),
        h("p", { class: "reason" }, r.decision.reason),
        h(
            "dl",
            { class: "facts" },
            h("dt", {}, "Origin"),
            h("dd", {}, r.origin ?? (r.spooled ? "fail-mode" : "hook")),
            h("dt", {}, "Deciding hook"),
            h("dd", {}, hook ? `${hook.name} (${hook.layer || "engine"})${where ? ` — ${where}` : ""}` : "none"),
            h("dt", {}, "Latency"),
            h("dd", {}, formatUs(r.decision.latencyUs)),
            h("dt", {}, "Time"),
            h("dd", {}, r.time),
            h("dt", {}, "Policy revision"),
            h("dd", {}, r.revision ?? "unknown"),
            h("dt", {}, "Decision id"),
            h("dd", {}, r.id ?? "—"),
        ),
        h("h3", {}, "Trace"),
        r.decision.trace.length ? h("ol", { class: "trace" }, ...r.decision.trace.map((t) => traceEntry(r, t, t.hook === decidingName))) : h("p", { class: "muted" }, "No hook applied to this event."),
        r.notes?.length ? h("div", {}, h("h3", {}, "Notes"), h("ul", { class: "notes" }, ...r.notes.map((n) => h("li", {}, n)))) : null,
        h("h3", {}, "Input (redacted)"),
        h("pre", { class: "raw", tabindex: 0, "aria-label": "Input, redacted" }, JSON.stringify(r.toolInput ?? (r.prompt !== undefined ? { prompt: r.prompt } : {}), null, 2)),
        r.toolOutput !== undefined ? h("h3", {}, "Output (redacted)") : null,
        r.toolOutput !== undefined ? h("pre", { class: "raw", tabindex: 0, "aria-label": "Output, redacted" }, r.toolOutput) : null,
        r.decision.updatedOutput !== undefined ? h("p", { class: "muted" }, "The output was rewritten before the agent saw it.") : null,
        icon("blank"),
    );
}
