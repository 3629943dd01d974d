// The Decisions panel's browser side: filters with per-facet counts, the summary strip, a
// virtualised table (only the rows in view exist in the DOM; the host sends them by window),
// and the detail pane. Keyboard: Tab between regions; in the table ↑/↓/PgUp/PgDn/Home/End move
// the selection, which the detail pane follows.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";

import type { Facet, LogFilter } from "../../engine/log/query";
import type { Action, HostMessage, Row, ViewState, WebviewMessage } from "../protocol";
import { renderDetail } from "./detail";
import { formatTime, formatUs, h, icon, present } from "./dom";

interface VsCodeApi {
    postMessage(m: WebviewMessage): void;
    getState(): unknown;
    setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage): void => vscode.postMessage(m);

const ROW_HEIGHT = 24;
const OVERSCAN = 10;
const FACET_TITLES: [Facet, string, keyof LogFilter][] = [
    ["verdict", "Verdict", "verdicts"],
    ["harness", "Harness", "harnesses"],
    ["event", "Event", "events"],
    ["hook", "Deciding hook", "hooks"],
    ["origin", "Origin", "origins"],
];
const COLUMNS = ["Time", "Harness", "Event", "Tool", "Input", "Verdict", "Origin", "Deciding hook", "Latency"];

const saved = (vscode.getState() as { filter?: LogFilter; selected?: string; range?: string } | undefined) ?? {};
let filter: LogFilter = saved.filter ?? {};
let range = saved.range ?? "all";
let selected: string | undefined = saved.selected;
let state: ViewState | undefined;
/** Rows the host sent, by position in the filtered view. */
const rows = new Map<number, Row>();
let stickToEnd = true;

// Layout.
const facetsEl = h("nav", { class: "facets", "aria-label": "Filters" });
const summaryEl = h("div", { class: "summary", role: "status", "aria-live": "polite" });
const search = h("vscode-textfield", { placeholder: "Filter text (command, path, reason, hook)", "aria-label": "Filter text", id: "search", value: filter.text ?? "" });
search.prepend(h("span", { slot: "content-before", class: "codicon codicon-search", "aria-hidden": "true" }));
const rangeSelect = h("vscode-single-select", { id: "range", label: "Time range", title: "Time range" });
for (const [value, label] of [["all", "All time"], ["15m", "Last 15 minutes"], ["1h", "Last hour"], ["24h", "Last 24 hours"], ["7d", "Last 7 days"]]) {
    rangeSelect.append(h("vscode-option", { value, selected: value === range }, label));
}
function button(action: Action, label: string, codicon: string, title: string, iconOnly = false): HTMLElement {
    // A visible label is the accessible name; an icon-only button is named by its aria-label.
    const b = iconOnly ? h("vscode-button", { secondary: true, "data-action": action, title, "aria-label": label }, icon(codicon)) : h("vscode-button", { secondary: true, "data-action": action, title }, icon(codicon), ` ${label}`);
    b.addEventListener("click", () => post({ type: "action", action, ...(selected ? { id: selected } : {}) }));
    return b;
}
const toolbar = h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "Log actions" },
    search,
    rangeSelect,
    button("replayView", "Replay view", "debug-rerun", "Replay every decision in view against the current policy (unsaved edits included)", true),
    button("export", "Export", "export", "Export the filtered rows as JSON lines", true),
    button("openLog", "Open log", "folder-opened", "Open another decision log (a hookwarden serve log)", true),
    button("ownLog", "This window's log", "home", "Back to the decisions of this window's engine", true),
);
const header = h("div", { class: "grid-header", role: "row", "aria-rowindex": 1 }, ...COLUMNS.map((c) => h("div", { role: "columnheader", class: "cell" }, c)));
const spacer = h("div", { class: "spacer" });
const body = h("div", { class: "grid-rows", role: "rowgroup" });
// The grid is its own scroll container (focusable, so the keyboard scrolls it); the header sticks.
const grid = h("div", { class: "grid", role: "grid", tabindex: 0, "aria-label": "Decisions", "aria-rowcount": 1, "aria-multiselectable": "false" }, h("div", { role: "rowgroup", class: "grid-head" }, header), spacer, body);
const viewport = grid;
const empty = h("div", { class: "empty", hidden: true }, "No decisions match. Agents' hook calls appear here as they happen.");
const replayEl = h("section", { class: "replay", "aria-label": "Replay result", hidden: true });
const detailActions = h(
    "div",
    { class: "detail-actions", role: "toolbar", "aria-label": "Decision actions" },
    button("goToHook", "Go to hook", "go-to-file", "Open hooks.json at the deciding hook"),
    button("addTest", "Add as policy test", "beaker", "Append a test with this input and verdict to the workspace hooks.json"),
    button("replaySelection", "Replay", "debug-rerun", "Replay this decision against the current policy", true),
    button("copy", "Copy JSON", "copy", "Copy this decision as JSON", true),
);
const detailBody = h("div", { class: "detail-scroll", tabindex: 0, "aria-label": "Decision detail" }, h("p", { class: "muted" }, "Select a decision to see why."));
const detail = h("aside", { class: "detail", "aria-label": "Decision detail" }, detailActions, detailBody);
const main = h("main", { class: "main" }, h("h1", { class: "visually-hidden" }, "Hookwarden decisions"), toolbar, summaryEl, replayEl, grid, empty);
document.body.append(h("div", { class: "layout" }, facetsEl, main, detail));

function persist(): void {
    vscode.setState({ filter, selected, range });
}

function sendFilter(): void {
    const f: LogFilter = { ...filter };
    const ms = { "15m": 900_000, "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000 }[range];
    if (ms !== undefined) {
        f.since = Date.now() - ms;
    } else {
        delete f.since;
    }
    rows.clear();
    persist();
    post({ type: "filter", filter: f });
}

search.addEventListener("input", () => {
    const text = (search as unknown as { value: string }).value;
    filter = { ...filter, ...(text ? { text } : {}) };
    if (!text) {
        delete filter.text;
    }
    sendFilter();
});
rangeSelect.addEventListener("change", () => {
    range = (rangeSelect as unknown as { value: string }).value;
    sendFilter();
});

function renderFacets(s: ViewState): void {
    const groups = FACET_TITLES.map(([facet, title, key]) => {
        const counts = s.facets[facet] ?? {};
        const chosen = (filter[key] as string[] | undefined) ?? [];
        const values = [...new Set([...Object.keys(counts), ...chosen])].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
        return h(
            "fieldset",
            { class: "facet", "data-facet": facet },
            h("legend", {}, title),
            ...values.map((v) => {
                const box = h("vscode-checkbox", { "data-value": v, checked: chosen.includes(v), title: `${v}: ${counts[v] ?? 0} decisions` });
                box.append(h("span", { class: "facet-label" }, v), h("span", { class: "count", "data-count": counts[v] ?? 0 }, String(counts[v] ?? 0)));
                box.addEventListener("change", () => {
                    const on = (box as unknown as { checked: boolean }).checked;
                    const next = new Set(chosen);
                    if (on) {
                        next.add(v);
                    } else {
                        next.delete(v);
                    }
                    filter = { ...filter, [key]: [...next] };
                    sendFilter();
                });
                return box;
            }),
        );
    });
    const focused = document.activeElement?.closest?.("vscode-checkbox")?.getAttribute("data-value");
    const focusedFacet = document.activeElement?.closest?.("fieldset")?.getAttribute("data-facet");
    facetsEl.replaceChildren(...groups);
    if (focused && focusedFacet) {
        (facetsEl.querySelector(`fieldset[data-facet="${CSS.escape(focusedFacet)}"] vscode-checkbox[data-value="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
    }
}

function renderSummary(s: ViewState): void {
    const v = s.summary.verdicts;
    const slow = s.summary.latency.slice(0, 4).map((l) => `${l.hook} p50 ${formatUs(l.p50Us)} · p95 ${formatUs(l.p95Us)}`);
    summaryEl.replaceChildren(
        ...present([
        h("span", { class: "stat" }, h("span", { class: "verdict verdict-allow" }, "allow"), ` ${v.allow ?? 0}`),
        h("span", { class: "stat" }, h("span", { class: "verdict verdict-ask" }, "ask"), ` ${v.ask ?? 0}`),
        h("span", { class: "stat" }, h("span", { class: "verdict verdict-deny" }, "deny"), ` ${v.deny ?? 0}`),
        h("span", { class: "stat muted", "data-total": s.total }, `${s.total} of ${s.loaded} shown`),
        ...slow.map((t) => h("span", { class: "stat latency" }, icon("watch"), ` ${t}`)),
        s.summary.neverMatched.length ? h("span", { class: "stat never", title: "Hooks of the policy that matched no decision in view" }, icon("circle-slash"), ` never matched: ${s.summary.neverMatched.join(", ")}`) : null,
        h("span", { class: "stat muted source", title: s.source }, icon("file"), ` ${s.source.split("/").slice(-2).join("/")}`),
        ]),
    );
}

function rowElement(r: Row): HTMLElement {
    const flip = state?.flipped[r.id];
    const el = h(
        "div",
        { class: `row${r.id === selected ? " selected" : ""}`, role: "row", id: `row-${r.index}`, "data-id": r.id, "aria-rowindex": r.index + 2, "aria-selected": r.id === selected ? "true" : "false" },
        h("div", { role: "gridcell", class: "cell time" }, formatTime(r.time)),
        h("div", { role: "gridcell", class: "cell" }, r.harness),
        h("div", { role: "gridcell", class: "cell" }, r.event),
        h("div", { role: "gridcell", class: "cell" }, r.tool),
        h("div", { role: "gridcell", class: "cell summary-cell", title: r.summary }, r.summary),
        h("div", { role: "gridcell", class: "cell" }, h("span", { class: `verdict verdict-${r.verdict}` }, r.verdict), flip ? h("span", { class: "flip", title: `would now be ${flip}` }, ` → ${flip}`) : null),
        h("div", { role: "gridcell", class: "cell" }, r.origin),
        h("div", { role: "gridcell", class: "cell hook" }, r.hook || "—"),
        h("div", { role: "gridcell", class: "cell num" }, formatUs(r.latencyUs)),
    );
    // Through the CSSOM: the CSP (rightly) refuses style attributes.
    el.style.top = `${r.index * ROW_HEIGHT}px`;
    el.addEventListener("click", () => select(r.id, r.index));
    return el;
}

let requested = "";
function renderRows(): void {
    if (!state) {
        return;
    }
    const total = state.total;
    spacer.style.height = `${total * ROW_HEIGHT}px`;
    grid.setAttribute("aria-rowcount", String(total + 1));
    empty.hidden = total > 0;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil(rowsHeight() / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(total, first + count);
    const missing = [];
    const els: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
        const r = rows.get(i);
        if (r) {
            els.push(rowElement(r));
        } else {
            missing.push(i);
        }
    }
    body.replaceChildren(...els);
    if (missing.length) {
        const key = `${first}:${count}:${total}`;
        if (key !== requested) {
            requested = key;
            post({ type: "window", start: first, count });
        }
    }
    const idx = selectedIndex();
    grid.setAttribute("aria-activedescendant", idx >= first && idx < last ? `row-${idx}` : "");
}

function selectedIndex(): number {
    for (const [i, r] of rows) {
        if (r.id === selected) {
            return i;
        }
    }
    return -1;
}

function select(id: string, index: number): void {
    selected = id;
    persist();
    post({ type: "detail", id });
    ensureVisible(index);
    renderRows();
}

/** The height rows have below the sticky header. */
function rowsHeight(): number {
    return Math.max(ROW_HEIGHT, viewport.clientHeight - ROW_HEIGHT);
}

function ensureVisible(index: number): void {
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) {
        viewport.scrollTop = top;
    } else if (top + ROW_HEIGHT > viewport.scrollTop + rowsHeight()) {
        viewport.scrollTop = top + ROW_HEIGHT - rowsHeight();
    }
}

viewport.addEventListener("scroll", () => {
    stickToEnd = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT;
    renderRows();
});
new ResizeObserver(() => renderRows()).observe(viewport);

grid.addEventListener("keydown", (e) => {
    if (!state || state.total === 0) {
        return;
    }
    const page = Math.max(1, Math.floor(rowsHeight() / ROW_HEIGHT) - 1);
    const cur = selectedIndex();
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let next: number | undefined;
    if (e.key in step) {
        next = cur < 0 ? 0 : cur + (step[e.key] ?? 0);
    } else if (e.key === "Home") {
        next = 0;
    } else if (e.key === "End") {
        next = state.total - 1;
    }
    if (next === undefined) {
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(state.total - 1, next));
    const r = rows.get(next);
    if (r) {
        select(r.id, next);
    } else {
        ensureVisible(next);
        pendingSelect = next;
        renderRows();
    }
});
let pendingSelect: number | undefined;

function renderReplay(m: Extract<HostMessage, { type: "replay" }>): void {
    replayEl.hidden = false;
    const close = h("vscode-button", { secondary: true, "aria-label": "Close the replay result" }, icon("close"));
    close.addEventListener("click", () => {
        replayEl.hidden = true;
    });
    replayEl.replaceChildren(
        ...present([
        h("div", { class: "replay-head" }, h("strong", {}, `Replay of ${m.scope} against ${m.policy}: `), `${m.changed.length} of ${m.replayed} would change${m.skipped ? ` (${m.skipped} not replayable)` : ""}`, close),
        m.changed.length
            ? h(
                  "ul",
                  { class: "flips" },
                  ...m.changed.map((c) => {
                      const li = h("li", { "data-id": c.id, tabindex: 0 }, h("span", { class: `verdict verdict-${c.before}` }, c.before), " → ", h("span", { class: `verdict verdict-${c.after}` }, c.after), ` ${c.reason}`);
                      const open = (): void => post({ type: "detail", id: c.id });
                      li.addEventListener("click", open);
                      li.addEventListener("keydown", (e) => e.key === "Enter" && open());
                      return li;
                  }),
              )
            : null,
        ]),
    );
}

window.addEventListener("message", (e: MessageEvent<HostMessage>) => {
    const m = e.data;
    switch (m.type) {
        case "state": {
            const wasAtEnd = stickToEnd;
            if (m.reason !== "window") {
                rows.clear();
                requested = "";
            }
            state = m.state;
            m.rows.forEach((r) => rows.set(r.index, r));
            renderFacets(m.state);
            renderSummary(m.state);
            spacer.style.height = `${m.state.total * ROW_HEIGHT}px`;
            if (m.reason !== "window" && wasAtEnd) {
                // Following the end: new decisions scroll into view; a user who scrolled up stays put.
                viewport.scrollTop = viewport.scrollHeight;
            }
            renderRows();
            if (pendingSelect !== undefined && rows.has(pendingSelect)) {
                const r = rows.get(pendingSelect) as Row;
                pendingSelect = undefined;
                select(r.id, r.index);
            }
            break;
        }
        case "detail":
            selected = m.id;
            persist();
            detailBody.replaceChildren(renderDetail(m.record));
            renderRows();
            break;
        case "select":
            selected = m.id;
            persist();
            ensureVisible(m.index);
            renderRows();
            break;
        case "replay":
            renderReplay(m);
            break;
        case "notice":
            summaryEl.append(h("span", { class: `stat notice ${m.level}` }, m.text));
            break;
    }
});

post({ type: "ready" });
if (Object.keys(filter).length || range !== "all") {
    sendFilter();
}
if (selected) {
    post({ type: "detail", id: selected });
}
