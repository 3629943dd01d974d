// The records behind the Decisions panel: loaded from the end of a log, appended to live,
// filtered, and cut into the windows of rows the virtualised table shows. No `vscode` import:
// the bench and the unit tests drive it directly.
import type { HostMessage, Row, ViewState } from "../../webview/protocol";
import { countFacets, facetValue, FACETS, recordId, SummaryBuilder, type LogFilter } from "./query";
import type { LogRecord } from "./redact";

/** Rows sent with each update: the end of the view, which a panel following new decisions shows. */
export const ROWS_PER_UPDATE = 80;

export class LogView {
    private records: LogRecord[] = [];
    private ids: string[] = [];
    private byId = new Map<string, number>();
    private filtered: number[] = [];
    private filter: LogFilter = {};
    private counts: ViewState["facets"] = emptyCounts();
    private summary = new SummaryBuilder();
    flipped: Record<string, string> = {};

    constructor(
        public source: string,
        private readonly policyHooks: () => string[] = () => [],
        /** Oldest records are dropped past this many. */
        private readonly cap = 200_000,
    ) {}

    /** Replaces the records (a log opened or reloaded). */
    load(records: readonly LogRecord[], source = this.source): void {
        this.source = source;
        this.records = [];
        this.ids = [];
        this.byId.clear();
        this.filtered = [];
        this.counts = emptyCounts();
        this.summary = new SummaryBuilder();
        this.flipped = {};
        this.add(records);
    }

    /** Appends records; returns how many of them match the filter. */
    append(records: readonly LogRecord[]): number {
        const before = this.filtered.length;
        this.add(records);
        return this.filtered.length - before;
    }

    private add(records: readonly LogRecord[]): void {
        const first = this.records.length;
        for (const r of records) {
            const id = recordId(r, this.records.length);
            if (this.byId.has(id)) {
                continue; // the same record through two paths (own session and a follower)
            }
            this.byId.set(id, this.records.length);
            this.records.push(r);
            this.ids.push(id);
        }
        if (this.records.length > this.cap) {
            const drop = this.records.length - this.cap;
            this.records.splice(0, drop);
            this.ids.splice(0, drop);
            this.byId = new Map(this.ids.map((id, i) => [id, i]));
            this.refilter();
            return;
        }
        // Only the new records are matched and counted: appending stays cheap on a large view.
        for (let i = first; i < this.records.length; i++) {
            const r = this.records[i] as LogRecord;
            if (countFacets(this.counts, r, this.filter)) {
                this.filtered.push(i);
                this.summary.add(r);
            }
        }
    }

    setFilter(filter: LogFilter): void {
        this.filter = filter;
        this.refilter();
    }

    private refilter(): void {
        const f = this.filter;
        this.filtered = [];
        this.counts = emptyCounts();
        this.records.forEach((r, i) => {
            if (countFacets(this.counts, r, f)) {
                this.filtered.push(i);
            }
        });
        this.summary = SummaryBuilder.of(this.visibleRecords());
    }

    get total(): number {
        return this.filtered.length;
    }

    get loaded(): number {
        return this.records.length;
    }

    /** The filtered records (export, replay of the view). */
    visibleRecords(): LogRecord[] {
        return this.filtered.map((i) => this.records[i] as LogRecord);
    }

    visibleIds(): string[] {
        return this.filtered.map((i) => this.ids[i] as string);
    }

    get(id: string): LogRecord | undefined {
        const i = this.byId.get(id);
        return i === undefined ? undefined : this.records[i];
    }

    indexOf(id: string): number {
        const i = this.byId.get(id);
        return i === undefined ? -1 : this.filtered.indexOf(i);
    }

    rows(start: number, count: number): Row[] {
        const out: Row[] = [];
        const end = Math.min(this.filtered.length, start + count);
        for (let k = Math.max(0, start); k < end; k++) {
            const i = this.filtered[k] as number;
            const r = this.records[i] as LogRecord;
            out.push({
                id: this.ids[i] as string,
                index: k,
                time: r.time,
                harness: r.harness,
                event: r.event,
                tool: r.toolName ?? "",
                summary: r.summary ?? "",
                verdict: r.decision.decision,
                origin: facetValue(r, "origin"),
                hook: r.hook?.name ?? "",
                latencyUs: r.decision.latencyUs,
            });
        }
        return out;
    }

    /** What the panel is sent after a load, a filter or new records: the state and the last rows. */
    stateMessage(reason: "load" | "filter" | "append", rowCount = ROWS_PER_UPDATE): Extract<HostMessage, { type: "state" }> {
        const start = Math.max(0, this.total - rowCount);
        return { type: "state", state: this.state(), rows: this.rows(start, rowCount), start, reason };
    }

    state(): ViewState {
        return { total: this.filtered.length, loaded: this.records.length, facets: this.counts, summary: this.summary.result(this.policyHooks()), source: this.source, flipped: this.flipped };
    }
}

function emptyCounts(): ViewState["facets"] {
    return Object.fromEntries(FACETS.map((k) => [k, {}])) as ViewState["facets"];
}
