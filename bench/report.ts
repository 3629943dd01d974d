// The results of one run and their two renderings: bench.json (everything) and bench.md (tables).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import type { BenchConfig } from "./config";
import type { RowResult } from "./measure";
import { fmtMs, fmtRatio, ratio } from "./stats";

export interface Group {
    id: string;
    title: string;
    description?: string;
}

/** A row's measured result plus reference figures (e.g. the seed's published mean) keyed by column name. */
export interface ReportRow extends RowResult {
    references?: Record<string, number>;
}

export interface Ratio {
    id: string;
    group: string;
    label: string;
    /** numerator mean / denominator mean. */
    value: number;
    /** Same ratio on p50s. */
    valueP50: number;
    numerator: string;
    denominator: string;
    references?: Record<string, number>;
}

export type CheckStatus = "PASS" | "FAIL" | "SKIP";

/**
 * A floor (a performance target of the architecture or an issue: FAIL is reported, not fatal), a
 * stricter check of our own beyond those targets ("extra", reported the same way), or an
 * assertion (a correctness check).
 */
export interface Check {
    id: string;
    group: string;
    kind: "floor" | "extra" | "assert";
    label: string;
    status: CheckStatus;
    value?: string;
    threshold?: string;
    detail?: string;
}

export interface Table {
    group: string;
    title: string;
    header: string[];
    rows: string[][];
    /** Right-align column i (numbers). */
    right?: boolean[];
}

export interface MachineInfo {
    node: string;
    v8: string;
    platform: string;
    arch: string;
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    loadAverage: number[];
    timerOverheadNs?: number;
}

export class Report {
    readonly date = new Date();
    readonly groups: Group[] = [];
    readonly rows: ReportRow[] = [];
    readonly ratios: Ratio[] = [];
    readonly checks: Check[] = [];
    readonly tables: Table[] = [];
    readonly notes: { group: string; text: string }[] = [];
    readonly skipped: { group: string; reason: string }[] = [];
    readonly meta: Record<string, unknown> = {};
    machine: MachineInfo = machineInfo();

    constructor(readonly config: BenchConfig) {}

    group(g: Group): void {
        if (!this.groups.some((x) => x.id === g.id)) {
            this.groups.push(g);
        }
    }

    addRow(r: RowResult, references?: Record<string, number>): ReportRow {
        const row: ReportRow = references ? { ...r, references } : { ...r };
        this.rows.push(row);
        this.log(`  ${row.label.padEnd(58)} mean ${fmtMs(row.stats.meanMs).padStart(9)} ms  p50 ${fmtMs(row.stats.p50Ms).padStart(9)} ms`);
        return row;
    }

    row(id: string): ReportRow | undefined {
        return this.rows.find((r) => r.id === id);
    }

    /** Adds (and returns) mean(numerator) / mean(denominator); NaN when a row is missing. */
    ratio(
        id: string,
        group: string,
        label: string,
        numerator: string,
        denominator: string,
        references?: Record<string, number>,
    ): Ratio {
        const a = this.row(numerator)?.stats;
        const b = this.row(denominator)?.stats;
        const r: Ratio = {
            id,
            group,
            label,
            value: ratio(a?.meanMs, b?.meanMs),
            valueP50: ratio(a?.p50Ms, b?.p50Ms),
            numerator,
            denominator,
        };
        if (references) {
            r.references = references;
        }
        this.ratios.push(r);
        return r;
    }

    check(c: Check): Check {
        this.checks.push(c);
        const line = `  [${c.status}] ${c.label}${c.value ? `: ${c.value}` : ""}${c.threshold ? ` (target ${c.threshold})` : ""}${c.detail ? ` — ${c.detail}` : ""}`;
        this.log(line);
        return c;
    }

    note(group: string, text: string): void {
        this.notes.push({ group, text });
        this.log(`  note: ${text}`);
    }

    skip(group: string, reason: string): void {
        this.skipped.push({ group, reason });
        this.log(`  skipped (${group}): ${reason}`);
    }

    table(t: Table): void {
        this.tables.push(t);
    }

    /** Progress goes to stderr so stdout carries only the final table. */
    log(line: string): void {
        process.stderr.write(`${line}\n`);
    }

    failedAssertions(): Check[] {
        return this.checks.filter((c) => c.kind === "assert" && c.status === "FAIL");
    }

    toJSON(): unknown {
        return {
            date: this.date.toISOString(),
            machine: this.machine,
            method: {
                quick: this.config.quick,
                inProcess: this.config.inProcess,
                subprocess: this.config.subprocess,
                timer: "process.hrtime.bigint() around each call",
                percentiles: "nearest rank",
                ratios: "of means (valueP50: of p50s)",
            },
            summary: {
                floors: Object.fromEntries(this.checks.filter((c) => c.kind === "floor").map((c) => [c.id, c.status])),
                extra: Object.fromEntries(this.checks.filter((c) => c.kind === "extra").map((c) => [c.id, c.status])),
                assertionsFailed: this.failedAssertions().map((c) => c.id),
                skipped: this.skipped.map((s) => `${s.group}: ${s.reason}`),
            },
            meta: this.meta,
            groups: this.groups,
            rows: this.rows,
            ratios: this.ratios,
            checks: this.checks,
            tables: this.tables,
            notes: this.notes,
            skipped: this.skipped,
        };
    }

    toMarkdown(): string {
        const out: string[] = [];
        const m = this.machine;
        out.push("# Hookwarden benchmark");
        out.push("");
        out.push(
            `${this.date.toISOString()} · node ${m.node} (V8 ${m.v8}) · ${m.platform}/${m.arch} · ` +
                `${m.cpuModel} · ${m.cores} cores · ${m.memoryGiB} GiB` +
                (typeof this.meta["gitCommit"] === "string" ? ` · commit ${String(this.meta["gitCommit"]).slice(0, 10)}` : ""),
        );
        out.push("");
        const ip = this.config.inProcess;
        const sp = this.config.subprocess;
        out.push(
            `Method (the seed's): in-process rows ${ip.warmup} warm-up + ${ip.iterations} timed calls; ` +
                `subprocess rows ${sp.warmup} warm-up + ${sp.iterations} timed calls; each call timed alone with ` +
                `\`process.hrtime.bigint()\`${m.timerOverheadNs !== undefined ? ` (timer overhead ≈ ${Math.round(m.timerOverheadNs)} ns, included)` : ""}; ` +
                "percentiles by nearest rank; times in ms; ratios of means." +
                (this.config.quick ? " **BENCH_QUICK run: counts cut ~10x, not for comparison.**" : ""),
        );
        out.push("");
        const end = this.meta["loadAverageAtEnd"];
        const loads = [m.loadAverage[0] ?? 0, ...(Array.isArray(end) ? [Number(end[0])] : [])];
        // At the end the bench itself (one busy process) adds about 1 to the load average.
        const busy = (loads[0] ?? 0) > m.cores * 0.5 || (loads[1] ?? 0) > m.cores * 0.5 + 1;
        if (busy) {
            out.push(
                `**Warning: the machine was busy** (1-min load average ${loads.join(" at start, ")}${loads.length > 1 ? " at end" : ""} ` +
                    `on ${m.cores} cores): other processes competed for the CPU, so these times are pessimistic and noisy.`,
            );
            out.push("");
        }

        const checks = this.checks;
        if (checks.length > 0) {
            out.push("## Targets and checks");
            out.push("");
            out.push(mdTable(
                ["", "check", "value", "target", "detail"],
                checks.map((c) => [statusBadge(c), c.label, c.value ?? "", c.threshold ?? "", c.detail ?? ""]),
            ));
            out.push("");
        }

        for (const g of this.groups) {
            out.push(`## ${g.title}`);
            out.push("");
            if (g.description) {
                out.push(g.description);
                out.push("");
            }
            for (const s of this.skipped.filter((x) => x.group === g.id)) {
                out.push(`*Skipped:* ${s.reason}`);
                out.push("");
            }
            const rows = this.rows.filter((r) => r.group === g.id);
            if (rows.length > 0) {
                const refCols = unique(rows.flatMap((r) => Object.keys(r.references ?? {})));
                out.push(mdTable(
                    ["row", "architecture", "calls", "mean", "p50", "p95", "p99", ...refCols.map((c) => `${c} mean`)],
                    rows.map((r) => [
                        r.label,
                        r.architecture,
                        String(r.stats.n),
                        fmtMs(r.stats.meanMs),
                        fmtMs(r.stats.p50Ms),
                        fmtMs(r.stats.p95Ms),
                        fmtMs(r.stats.p99Ms),
                        ...refCols.map((c) => fmtMs(r.references?.[c])),
                    ]),
                    [false, false, true, true, true, true, true, ...refCols.map(() => true)],
                ));
                out.push("");
            }
            const ratios = this.ratios.filter((r) => r.group === g.id);
            if (ratios.length > 0) {
                const refCols = unique(ratios.flatMap((r) => Object.keys(r.references ?? {})));
                out.push(mdTable(
                    ["ratio", "of means", "of p50s", ...refCols],
                    ratios.map((r) => [
                        r.label,
                        fmtRatio(r.value),
                        fmtRatio(r.valueP50),
                        ...refCols.map((c) => fmtRatio(r.references?.[c])),
                    ]),
                    [false, true, true, ...refCols.map(() => true)],
                ));
                out.push("");
            }
            for (const t of this.tables.filter((x) => x.group === g.id)) {
                out.push(`**${t.title}**`);
                out.push("");
                out.push(mdTable(t.header, t.rows, t.right));
                out.push("");
            }
            for (const n of this.notes.filter((x) => x.group === g.id)) {
                out.push(`- ${n.text}`);
            }
            if (this.notes.some((x) => x.group === g.id)) {
                out.push("");
            }
        }
        return out.join("\n");
    }

    /** Writes `<base>.json` and `<base>.md` into the results folder; returns their paths. */
    write(base: string): string[] {
        fs.mkdirSync(this.config.resultsDir, { recursive: true });
        const json = path.join(this.config.resultsDir, `${base}.json`);
        const md = path.join(this.config.resultsDir, `${base}.md`);
        fs.writeFileSync(json, `${JSON.stringify(this.toJSON(), jsonNumbers, 2)}\n`);
        fs.writeFileSync(md, `${this.toMarkdown()}\n`);
        return [json, md];
    }
}

/** Numbers to 6 significant digits; NaN and Infinity (a missing row) become null. */
function jsonNumbers(_key: string, value: unknown): unknown {
    if (typeof value === "number") {
        if (!Number.isFinite(value)) {
            return null;
        }
        return Number.isInteger(value) ? value : Number(value.toPrecision(6));
    }
    return value;
}

function statusBadge(c: Check): string {
    const tag = c.kind === "assert" ? " (assert)" : c.kind === "extra" ? " (beyond the targets)" : "";
    return `**${c.status}**${tag}`;
}

function unique(xs: string[]): string[] {
    return [...new Set(xs)];
}

/** A Markdown table; `right[i]` right-aligns column i. Pipes in cells are escaped. */
export function mdTable(header: string[], rows: string[][], right: boolean[] = []): string {
    const esc = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const lines = [`| ${header.map(esc).join(" | ")} |`, `|${header.map((_, i) => (right[i] ? "---:" : "---")).join("|")}|`];
    for (const r of rows) {
        lines.push(`| ${r.map(esc).join(" | ")} |`);
    }
    return lines.join("\n");
}

export function machineInfo(): MachineInfo {
    const cpus = os.cpus();
    return {
        node: process.versions.node,
        v8: process.versions.v8,
        platform: process.platform,
        arch: process.arch,
        cpuModel: cpus[0]?.model.trim() ?? "unknown",
        cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
}

/** HEAD commit of the repository, if git is there (read-only). */
export function gitCommit(repoRoot: string): string | undefined {
    try {
        return execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return undefined;
    }
}
