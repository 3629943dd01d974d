// The records behind the Decisions panel: loaded from the end of a log, appended to live,
// filtered, and cut into the windows of rows the virtualised table shows. No `vscode` import:
// the bench and the unit tests drive it directly.
import type { HostMessage, Row, ViewState } from "../../webview/protocol";
import { facetValue, FACETS, haystackOf, recordId, SummaryBuilder, timeOf, type Facet, type LogFilter } from "./query";
import type { LogRecord } from "./redact";

/** Rows sent with each update: the end of the view, which a panel following new decisions shows. */
export const ROWS_PER_UPDATE = 80;

export class LogView {
    private records: LogRecord[] = [];
    private ids: string[] = [];
    /** Each record's facet values (FACETS order), computed once when it arrives. */
    private values: string[][] = [];
    /** Each record's free-text haystack (built on arrival: loading pays it, not the first search). */
    private hay: string[] = [];
    private byId = new Map<string, number>();
    private filtered: number[] = [];
    private compiled: CompiledFilter = compile({});
    private counts: ViewState["facets"] = emptyCounts();
    private viewVerdicts: Record<string, number> = { allow: 0, ask: 0, deny: 0 };
    /** Latency per hook and the hooks that never matched: over the whole log loaded, kept up to date. */
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
        this.values = [];
        this.hay = [];
        this.byId.clear();
        this.flipped = {};
        this.add(records, true);
    }

    /** Puts older records (oldest first) in front of those shown (a log read from its end in steps). */
    prepend(older: readonly LogRecord[]): void {
        const newer = this.records;
        const flipped = this.flipped;
        this.load([...older, ...newer]);
        this.flipped = flipped;
    }

    /** Appends records; returns how many of them match the filter. */
    append(records: readonly LogRecord[]): number {
        const before = this.filtered.length;
        this.add(records, false);
        return this.filtered.length - before;
    }

    private add(records: readonly LogRecord[], rebuild: boolean): void {
        const first = this.records.length;
        for (const r of records) {
            const id = recordId(r, this.records.length);
            if (this.byId.has(id)) {
                continue; // the same record through two paths (own session and a follower)
            }
            this.byId.set(id, this.records.length);
            this.records.push(r);
            this.ids.push(id);
            this.values.push(FACETS.map((f) => facetValue(r, f)));
            this.hay.push(haystackOf(r));
        }
        if (this.records.length > this.cap) {
            const drop = this.records.length - this.cap;
            this.records.splice(0, drop);
            this.ids.splice(0, drop);
            this.values.splice(0, drop);
            this.hay.splice(0, drop);
            this.byId = new Map(this.ids.map((id, i) => [id, i]));
            rebuild = true;
        }
        if (rebuild) {
            this.summary = SummaryBuilder.of(this.records);
            this.refilter();
            return;
        }
        // Only the new records are matched and counted: appending stays cheap on a large view.
        for (let i = first; i < this.records.length; i++) {
            const r = this.records[i] as LogRecord;
            this.summary.add(r);
            if (this.count(i)) {
                this.filtered.push(i);
                this.viewVerdicts[r.decision.decision] = (this.viewVerdicts[r.decision.decision] ?? 0) + 1;
            }
        }
    }

    setFilter(filter: LogFilter): void {
        this.compiled = compile(filter);
        this.refilter();
    }

    private refilter(): void {
        this.filtered = [];
        this.counts = emptyCounts();
        this.viewVerdicts = { allow: 0, ask: 0, deny: 0 };
        for (let i = 0; i < this.records.length; i++) {
            if (this.count(i)) {
                this.filtered.push(i);
                const v = (this.values[i] as string[])[0] as string;
                this.viewVerdicts[v] = (this.viewVerdicts[v] ?? 0) + 1;
            }
        }
    }

    /**
     * Matches record i and adds it to the facet counts: to every facet when the whole filter
     * matches, to the one failing facet alone when only that facet fails (its count is what
     * choosing that value would show). Returns whether the whole filter matches.
     */
    private count(i: number): boolean {
        const c = this.compiled;
        const vals = this.values[i] as string[];
        if (c.needle !== undefined) {
            if (!(this.hay[i] as string).includes(c.needle)) {
                return false;
            }
        }
        if (c.since !== undefined || c.until !== undefined) {
            const t = timeOf(this.records[i] as LogRecord);
            if ((c.since !== undefined && t < c.since) || (c.until !== undefined && t > c.until)) {
                return false;
            }
        }
        let failing = -1;
        for (let k = 0; k < FACETS.length; k++) {
            const set = c.sets[k];
            if (set && !set.has(vals[k] as string)) {
                if (failing >= 0) {
                    return false;
                }
                failing = k;
            }
        }
        const counts = this.counts;
        if (failing >= 0) {
            const bucket = counts[FACETS[failing] as Facet];
            const v = vals[failing] as string;
            bucket[v] = (bucket[v] ?? 0) + 1;
            return false;
        }
        for (let k = 0; k < FACETS.length; k++) {
            const bucket = counts[FACETS[k] as Facet];
            const v = vals[k] as string;
            bucket[v] = (bucket[v] ?? 0) + 1;
        }
        return true;
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
            const vals = this.values[i] as string[];
            out.push({
                id: this.ids[i] as string,
                index: k,
                time: r.time,
                harness: r.harness,
                event: r.event,
                tool: r.toolName ?? "",
                summary: r.summary ?? "",
                verdict: r.decision.decision,
                origin: vals[FACETS.indexOf("origin")] as string,
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
        const summary = { ...this.summary.result(this.policyHooks()), total: this.filtered.length, verdicts: { ...this.viewVerdicts } };
        return { total: this.filtered.length, loaded: this.records.length, facets: this.counts, summary, source: this.source, flipped: this.flipped };
    }
}

interface CompiledFilter {
    /** Per facet (FACETS order): the values wanted, or undefined for any. */
    sets: (Set<string> | undefined)[];
    /** The free text, lower case. */
    needle: string | undefined;
    since: number | undefined;
    until: number | undefined;
}

function compile(f: LogFilter): CompiledFilter {
    const lists: (string[] | undefined)[] = [f.verdicts, f.harnesses, f.events, f.hooks, f.origins];
    return { sets: lists.map((l) => (l && l.length > 0 ? new Set(l) : undefined)), needle: f.text ? f.text.toLowerCase() : undefined, since: f.since, until: f.until };
}

function emptyCounts(): ViewState["facets"] {
    return Object.fromEntries(FACETS.map((k) => [k, {}])) as ViewState["facets"];
}
