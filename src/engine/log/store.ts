// The decision log: one JSONL file per workspace, appended one whole line per write, rotated by
// size. A crash can at worst tear the last line; readers detect and skip it.
import { EventEmitter } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";

import type { LogRecord } from "./redact";

export interface DecisionLogOptions {
    /** Rotate when the file grows past this many bytes (default 10 MiB); keeps `keep` old files. */
    maxBytes?: number;
    keep?: number;
}

export interface ReadResult {
    records: LogRecord[];
    /** Lines that could not be parsed (a torn last line after a crash), with their line numbers. */
    skipped: number[];
}

export class DecisionLog {
    private readonly events = new EventEmitter();
    private readonly maxBytes: number;
    private readonly keep: number;
    /** The last write error (a full disk, a read-only directory); the engine keeps deciding. */
    lastError: Error | undefined;

    constructor(
        readonly file: string,
        options: DecisionLogOptions = {},
    ) {
        this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
        this.keep = options.keep ?? 5;
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    }

    /** Appends a record (already redacted). Never throws: a failed write is kept in lastError. */
    append(record: LogRecord): boolean {
        const line = `${JSON.stringify(record)}\n`;
        try {
            this.rotateIfNeeded(Buffer.byteLength(line));
            // One write of a whole line with O_APPEND: concurrent appends do not interleave.
            const fd = fs.openSync(this.file, "a", 0o600);
            try {
                fs.writeSync(fd, line);
            } finally {
                fs.closeSync(fd);
            }
            this.lastError = undefined;
        } catch (err) {
            // An "error" event with no listener would throw: the failure is kept in lastError instead.
            this.lastError = err as Error;
            return false;
        } finally {
            this.events.emit("record", record);
        }
        return true;
    }

    onRecord(listener: (r: LogRecord) => void): { dispose(): void } {
        this.events.on("record", listener);
        return { dispose: () => this.events.off("record", listener) };
    }

    private rotateIfNeeded(incoming: number): void {
        let size = 0;
        try {
            size = fs.statSync(this.file).size;
        } catch {
            return;
        }
        if (size + incoming <= this.maxBytes) {
            return;
        }
        for (let i = this.keep - 1; i >= 1; i--) {
            const from = `${this.file}.${i}`;
            if (fs.existsSync(from)) {
                fs.renameSync(from, `${this.file}.${i + 1}`);
            }
        }
        fs.renameSync(this.file, `${this.file}.1`);
    }

    /** Reads the current file; unparsable lines are skipped and reported. */
    read(): ReadResult {
        let text = "";
        try {
            text = fs.readFileSync(this.file, "utf8");
        } catch {
            return { records: [], skipped: [] };
        }
        const records: LogRecord[] = [];
        const skipped: number[] = [];
        text.split("\n").forEach((line, i) => {
            if (line.trim() === "") {
                return;
            }
            try {
                records.push(JSON.parse(line) as LogRecord);
            } catch {
                skipped.push(i + 1);
            }
        });
        return { records, skipped };
    }
}
