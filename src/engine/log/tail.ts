// Reading the decision log from its end: the last N records of a large or rotated log without
// reading the whole file, and following a log that another engine (`hookwarden serve`) appends
// to. A last line without its newline is a write in progress (or a crash): it is not a record yet.
import * as fs from "node:fs";
import * as path from "node:path";

import type { LogRecord } from "./redact";

const CHUNK = 64 * 1024;

export interface TailResult {
    /** Oldest first. */
    records: LogRecord[];
    /** Complete lines that were not JSON records. */
    skipped: number;
    /** True when the current file ends in a partial line (left for the follower). */
    torn: boolean;
    /** Bytes read in all (the point: far less than the log's size). */
    bytesRead: number;
    /** Where a follower of the current file starts: just after its last complete line. */
    resumeAt: { file: string; offset: number; ino: number };
}

/** The log and its rotated predecessors (`x.jsonl.1` is newer than `x.jsonl.2`), newest first. */
export function logGeneration(file: string): string[] {
    const files = [file];
    for (let i = 1; fs.existsSync(`${file}.${i}`); i++) {
        files.push(`${file}.${i}`);
    }
    return files;
}

function parseLine(line: string): LogRecord | undefined {
    try {
        const v = JSON.parse(line) as unknown;
        if (v !== null && typeof v === "object" && typeof (v as LogRecord).time === "string" && typeof (v as LogRecord).decision === "object") {
            return v as LogRecord;
        }
    } catch {
        // not a record
    }
    return undefined;
}

/** Complete lines of `fd` before `end`, newest first, read backwards in chunks as they are asked for. */
function* linesBackwards(fd: number, end: number, counter: { bytes: number }): Generator<string, void, undefined> {
    let pos = end;
    let carry: Buffer = Buffer.alloc(0);
    while (pos > 0) {
        const len = Math.min(CHUNK, pos);
        pos -= len;
        const buf = Buffer.alloc(len);
        fs.readSync(fd, buf, 0, len, pos);
        counter.bytes += len;
        let data = carry.length ? Buffer.concat([buf, carry]) : buf;
        let nl = data.lastIndexOf(10);
        while (nl >= 0) {
            const line = data.subarray(nl + 1).toString("utf8");
            data = data.subarray(0, nl);
            if (line.trim() !== "") {
                yield line;
            }
            nl = data.lastIndexOf(10);
        }
        carry = Buffer.from(data);
    }
    if (carry.length && carry.toString("utf8").trim() !== "") {
        yield carry.toString("utf8");
    }
}

/**
 * Reads a log (and its rotated files) from the end, as many records at a time as asked: the
 * panel shows the newest at once and reads the older ones in steps, between which the extension
 * host answers hook calls.
 */
export class TailReader {
    torn = false;
    skipped = 0;
    private readonly counter = { bytes: 0 };
    resumeAt: { file: string; offset: number; ino: number };
    private readonly lines: Generator<string, void, undefined>;
    done = false;

    constructor(readonly file: string) {
        this.resumeAt = { file, offset: 0, ino: 0 };
        this.lines = this.allLines();
        // Opening the current file settles where a follower resumes, before any record is read.
        this.pending = this.lines.next();
    }

    private pending: IteratorResult<string, void>;

    get bytesRead(): number {
        return this.counter.bytes;
    }

    private *allLines(): Generator<string, void, undefined> {
        for (const [i, f] of logGeneration(this.file).entries()) {
            let fd: number;
            try {
                fd = fs.openSync(f, "r");
            } catch {
                continue;
            }
            try {
                const st = fs.fstatSync(fd);
                let end = st.size;
                if (end > 0) {
                    const lastByte = Buffer.alloc(1);
                    fs.readSync(fd, lastByte, 0, 1, end - 1);
                    this.counter.bytes += 1;
                    if (lastByte[0] !== 10) {
                        // A partial last line (a write in progress, or a crash): not a record yet.
                        this.torn ||= i === 0;
                        end = findLastNewline(fd, end) + 1;
                    }
                }
                if (i === 0) {
                    this.resumeAt = { file: f, offset: end, ino: st.ino };
                }
                yield* linesBackwards(fd, end, this.counter);
            } finally {
                fs.closeSync(fd);
            }
        }
    }

    /** Up to `n` more records, older than every record returned before; oldest first. */
    next(n: number): LogRecord[] {
        const newestFirst: LogRecord[] = [];
        while (newestFirst.length < n && !this.pending.done) {
            const r = parseLine(this.pending.value);
            if (r) {
                newestFirst.push(r);
            } else {
                this.skipped++;
            }
            this.pending = this.lines.next();
        }
        this.done = this.pending.done === true;
        return newestFirst.reverse();
    }

    /** Stops reading (closes the file it is in). */
    close(): void {
        this.lines.return(undefined);
        this.done = true;
    }
}

/** The last `n` records of the log and, as far as needed, of its rotated files. */
export function readTail(file: string, n: number): TailResult {
    const reader = new TailReader(file);
    const records = reader.next(n);
    reader.close();
    return { records, skipped: reader.skipped, torn: reader.torn, bytesRead: reader.bytesRead, resumeAt: reader.resumeAt };
}

function findLastNewline(fd: number, end: number): number {
    let pos = end;
    while (pos > 0) {
        const len = Math.min(CHUNK, pos);
        pos -= len;
        const buf = Buffer.alloc(len);
        fs.readSync(fd, buf, 0, len, pos);
        const i = buf.lastIndexOf(10);
        if (i >= 0) {
            return pos + i;
        }
    }
    return -1;
}

/**
 * Follows a log as it grows: `fs.watch` on its folder (a rotation replaces the file), reading
 * from the last complete line on. A rotated file is read to its end before the new one.
 */
export class LogFollower {
    private fd: number | undefined;
    private ino = 0;
    private offset: number;
    private partial: Buffer = Buffer.alloc(0);
    private watcher: fs.FSWatcher | undefined;
    private timer: NodeJS.Timeout | undefined;
    private closed = false;

    constructor(
        readonly file: string,
        private readonly onRecords: (records: LogRecord[]) => void,
        from: { offset: number; ino: number } = { offset: 0, ino: 0 },
        /** A slow poll besides fs.watch, for file systems whose events get lost. */
        pollMs = 1000,
    ) {
        this.offset = from.offset;
        this.open(from.ino);
        try {
            this.watcher = fs.watch(path.dirname(file), (_type, name) => {
                if (name === null || name === path.basename(file)) {
                    this.poll();
                }
            });
            this.watcher.on("error", () => undefined);
        } catch {
            // the folder does not exist yet: the poll below still finds the file
        }
        this.timer = setInterval(() => this.poll(), pollMs);
        this.timer.unref();
    }

    private open(expectedIno: number): void {
        try {
            const fd = fs.openSync(this.file, "r");
            const ino = fs.fstatSync(fd).ino;
            if (expectedIno !== 0 && ino !== expectedIno) {
                this.offset = 0; // rotated since the tail was read: the new file from its start
            }
            this.fd = fd;
            this.ino = ino;
        } catch {
            this.fd = undefined;
        }
    }

    /** Reads what was appended since the last poll (called on every change; safe to call any time). */
    poll(): void {
        if (this.closed) {
            return;
        }
        const out: LogRecord[] = [];
        if (this.fd === undefined) {
            this.open(0);
            this.offset = 0;
        }
        if (this.fd !== undefined) {
            this.drain(out);
            let current: fs.Stats | undefined;
            try {
                current = fs.statSync(this.file);
            } catch {
                current = undefined;
            }
            if (current && current.ino !== this.ino) {
                // Rotated: the old file is finished (drained above); the new one starts at 0.
                fs.closeSync(this.fd);
                this.fd = undefined;
                this.partial = Buffer.alloc(0);
                this.open(0);
                this.offset = 0;
                this.drain(out);
            } else if (current && current.size < this.offset) {
                this.offset = 0; // truncated in place
                this.partial = Buffer.alloc(0);
                this.drain(out);
            }
        }
        if (out.length > 0) {
            this.onRecords(out);
        }
    }

    private drain(out: LogRecord[]): void {
        if (this.fd === undefined) {
            return;
        }
        for (;;) {
            const buf = Buffer.alloc(CHUNK);
            const n = fs.readSync(this.fd, buf, 0, CHUNK, this.offset);
            if (n <= 0) {
                return;
            }
            this.offset += n;
            // Split on newline bytes, not characters: a chunk may end inside a UTF-8 sequence.
            let data = Buffer.concat([this.partial, buf.subarray(0, n)]);
            const lines: string[] = [];
            for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
                lines.push(data.subarray(0, nl).toString("utf8"));
                data = data.subarray(nl + 1);
            }
            this.partial = Buffer.from(data);
            for (const line of lines) {
                const r = line.trim() === "" ? undefined : parseLine(line);
                if (r) {
                    out.push(r);
                }
            }
        }
    }

    dispose(): void {
        this.closed = true;
        this.watcher?.close();
        clearInterval(this.timer);
        if (this.fd !== undefined) {
            fs.closeSync(this.fd);
            this.fd = undefined;
        }
    }
}
