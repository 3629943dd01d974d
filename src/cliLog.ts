// `hookwarden log`: the decision log on the command line, the same view the panel gives:
// the last records (rotated files included), filtered, as a table or JSON lines; --follow keeps
// printing what an engine appends.
import { filterRecords, LogFollower, parseDuration, readTail, VERDICTS, type LogFilter, type LogRecord } from "./engine";

export interface LogCommandOptions {
    file: string;
    follow: boolean;
    verdicts: string[];
    hooks: string[];
    since?: string;
    format: string;
    limit: number;
}

const COLUMNS: [string, number, (r: LogRecord) => string][] = [
    ["TIME", 8, (r) => r.time.slice(11, 19)],
    ["HARNESS", 7, (r) => r.harness],
    ["EVENT", 16, (r) => r.event],
    ["TOOL", 14, (r) => r.toolName ?? ""],
    ["VERDICT", 7, (r) => r.decision.decision.toUpperCase()],
    ["ORIGIN", 9, (r) => r.origin ?? (r.spooled ? "fail-mode" : "")],
    ["HOOK", 18, (r) => r.hook?.name ?? "-"],
    ["LATENCY", 9, (r) => `${(r.decision.latencyUs / 1000).toFixed(2)}ms`],
    ["INPUT", 0, (r) => r.summary ?? ""],
];

function cell(s: string, width: number): string {
    if (width === 0) {
        return s;
    }
    return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

export function formatRow(r: LogRecord, format: string): string {
    return format === "json" ? JSON.stringify(r) : COLUMNS.map(([, w, f]) => cell(f(r), w)).join(" ");
}

export function tableHeader(): string {
    return COLUMNS.map(([h, w]) => cell(h, w)).join(" ");
}

/** Checks the options; returns a message naming the bad one, or the filter. */
export function logFilter(o: LogCommandOptions, now: number = Date.now()): LogFilter | string {
    for (const v of o.verdicts) {
        if (!(VERDICTS as readonly string[]).includes(v)) {
            return `--verdict must be one of ${VERDICTS.join(", ")}, got "${v}"`;
        }
    }
    if (o.format !== "table" && o.format !== "json") {
        return `--format must be table or json, got "${o.format}"`;
    }
    const filter: LogFilter = { ...(o.verdicts.length ? { verdicts: o.verdicts } : {}), ...(o.hooks.length ? { hooks: o.hooks } : {}) };
    if (o.since !== undefined) {
        const ms = parseDuration(o.since);
        const at = ms !== undefined ? now - ms : Date.parse(o.since);
        if (Number.isNaN(at)) {
            return `--since must be a duration (30s, 15m, 1h, 2d) or a date, got "${o.since}"`;
        }
        filter.since = at;
    }
    return filter;
}

export async function logCommand(o: LogCommandOptions, write: (s: string) => void): Promise<number> {
    const filter = logFilter(o);
    if (typeof filter === "string") {
        process.stderr.write(`hookwarden: ${filter}\n`);
        return 2;
    }
    // Filtered rows come from the end: read more than asked so a selective filter still fills the page.
    const tail = readTail(o.file, filter.verdicts || filter.hooks || filter.since !== undefined ? Math.max(o.limit * 20, 10_000) : o.limit);
    const rows = filterRecords(tail.records, filter).slice(-o.limit);
    if (o.format === "table") {
        write(`${tableHeader()}\n`);
    }
    for (const r of rows) {
        write(`${formatRow(r, o.format)}\n`);
    }
    if (tail.records.length === 0 && !o.follow) {
        process.stderr.write(`hookwarden: no decisions in ${o.file}\n`);
    }
    if (!o.follow) {
        return 0;
    }
    await new Promise<void>((resolve) => {
        const follower = new LogFollower(o.file, (records) => {
            for (const r of filterRecords(records, filter)) {
                write(`${formatRow(r, o.format)}\n`);
            }
        }, tail.resumeAt, 500);
        process.once("SIGINT", () => {
            follower.dispose();
            resolve();
        });
    });
    return 0;
}
