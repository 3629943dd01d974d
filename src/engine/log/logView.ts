// The records behind the Decisions panel: loaded from the end of a log, appended to live,
// filtered, and cut into the windows of rows the virtualised table shows. No `vscode` import:
// the bench and the unit tests drive it directly.
import type { Row, ViewState } from "../../webview/protocol";
import { countFacets, facetCounts, facetValue, matches, recordId, summarize, type LogFilter } from "./query";
import type { LogRecord } from "./redact";

export class LogView {
    private records: LogRecord[] = [];
    private ids: string[] = [];
    private byId = new Map<string, number>();
    private filtered: number[] = [];
    private filter: LogFilter = {};
    private counts: ViewState["facets"] | undefined;
    private summaryCache: ViewState["summary"] | undefined;
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
        this.counts = undefined;
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
            const keep = this.counts ? countFacets(this.counts, r, this.filter) : matches(r, this.filter);
            if (keep) {
                this.filtered.push(i);
            }
        }
        this.summaryCache = undefined;
    }

    setFilter(filter: LogFilter): void {
        this.filter = filter;
        this.refilter();
    }

    private refilter(): void {
        const f = this.filter;
        this.filtered = [];
        this.records.forEach((r, i) => {
            if (matches(r, f)) {
                this.filtered.push(i);
            }
        });
        this.counts = undefined;
        this.summaryCache = undefined;
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

    state(): ViewState {
        this.counts ??= facetCounts(this.records, this.filter);
        this.summaryCache ??= summarize(this.visibleRecords(), this.policyHooks());
        return { total: this.filtered.length, loaded: this.records.length, facets: this.counts, summary: this.summaryCache, source: this.source, flipped: this.flipped };
    }
}
