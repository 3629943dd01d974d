// The messages between the Decisions panel (webview) and the extension host: one file both
// sides compile in. The host holds the records and does the filtering; the webview asks for the
// window of rows it shows (a virtualised table) and for the detail of the selected one.
import type { LogRecord } from "../engine/log/redact";
import type { Facet, LogFilter, LogSummary } from "../engine/log/query";
import type { ReplayChange } from "../engine/log/replay";

/** One table row: only what the columns show. */
export interface Row {
    id: string;
    /** Position in the filtered view (0-based). */
    index: number;
    time: string;
    harness: string;
    event: string;
    tool: string;
    summary: string;
    verdict: string;
    origin: string;
    hook: string;
    latencyUs: number;
}

export interface ViewState {
    /** Rows matching the filter. */
    total: number;
    /** Records loaded in all. */
    loaded: number;
    facets: Record<Facet, Record<string, number>>;
    summary: LogSummary;
    source: string;
    /** Ids whose verdict a replay says would change (shown in the table). */
    flipped: Record<string, string>;
}

export type HostMessage =
    | { type: "state"; state: ViewState; rows: Row[]; start: number; reason: "load" | "filter" | "append" | "window" }
    | { type: "detail"; record: LogRecord; id: string }
    | { type: "replay"; scope: string; replayed: number; changed: ReplayChange[]; skipped: number; policy: string }
    | { type: "select"; id: string; index: number }
    | { type: "notice"; text: string; level: "info" | "error" };

export type Action = "goToHook" | "addTest" | "copy" | "replaySelection" | "replayView" | "export" | "openLog" | "ownLog";

export type WebviewMessage =
    | { type: "ready" }
    | { type: "window"; start: number; count: number }
    | { type: "filter"; filter: LogFilter }
    | { type: "detail"; id: string }
    | { type: "action"; action: Action; id?: string };
