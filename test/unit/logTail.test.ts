// The decision log read from its end and followed as it grows: rotated files, a torn last line,
// a file that grows (and rotates) while it is followed, records that explain their decision.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { checkPayload, DecisionLog, logRecord, LogFollower, readTail, TailReader, type LogRecord } from "../../src/engine";
import { claudePre, engineFor, tempDir } from "./helpers";

function record(i: number, verdict: "allow" | "ask" | "deny" = "allow"): LogRecord {
    return { id: `r${i}`, time: new Date(1_700_000_000_000 + i * 1000).toISOString(), harness: "claude", event: "PreToolUse", toolName: "Bash", cwd: "/p", summary: `echo ${i}`, decision: { decision: verdict, reason: "", event: "PreToolUse", harness: "claude", latencyUs: i, trace: [] } };
}

function writeRecords(file: string, from: number, to: number): void {
    fs.appendFileSync(file, Array.from({ length: to - from }, (_, k) => `${JSON.stringify(record(from + k))}\n`).join(""));
}

function until(what: string, fn: () => boolean, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    return new Promise((resolve, reject) => {
        const tick = (): void => {
            if (fn()) {
                resolve();
            } else if (Date.now() > deadline) {
                reject(new Error(`timed out waiting for ${what}`));
            } else {
                setTimeout(tick, 10);
            }
        };
        tick();
    });
}

describe("readTail", () => {
    it("reads the last N records of a large log without reading the whole file", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(file, 0, 20_000);
        const size = fs.statSync(file).size;
        const t = readTail(file, 100);
        assert.deepEqual(
            t.records.map((r) => r.id),
            Array.from({ length: 100 }, (_, k) => `r${19_900 + k}`),
        );
        assert.ok(t.bytesRead < size / 10, `read ${t.bytesRead} of ${size} bytes`);
        assert.equal(t.torn, false);
        assert.equal(t.resumeAt.offset, size);
    });

    it("continues into the rotated files, newest first, and keeps time order", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(`${file}.2`, 0, 30);
        writeRecords(`${file}.1`, 30, 60);
        writeRecords(file, 60, 70);
        const t = readTail(file, 45);
        assert.deepEqual(
            t.records.map((r) => r.id),
            Array.from({ length: 45 }, (_, k) => `r${25 + k}`),
        );
        assert.equal(readTail(file, 1000).records.length, 70);
    });

    it("reads the rotated files the DecisionLog itself writes", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        const log = new DecisionLog(file, { maxBytes: 4000, keep: 3 });
        for (let i = 0; i < 60; i++) {
            assert.ok(log.append(record(i)));
        }
        assert.ok(fs.existsSync(`${file}.1`) && fs.existsSync(`${file}.2`), "the log did not rotate");
        const ids = readTail(file, 1000).records.map((r) => Number(r.id?.slice(1)));
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
        assert.equal(ids.at(-1), 59);
    });

    it("leaves a torn last line out and resumes before it", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(file, 0, 5);
        const complete = fs.statSync(file).size;
        fs.appendFileSync(file, JSON.stringify(record(5)).slice(0, 40));
        const t = readTail(file, 10);
        assert.equal(t.torn, true);
        assert.deepEqual(
            t.records.map((r) => r.id),
            ["r0", "r1", "r2", "r3", "r4"],
        );
        assert.equal(t.resumeAt.offset, complete);
    });

    it("skips a line that is not a record and says so", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(file, 0, 2);
        fs.appendFileSync(file, "{not json\n");
        writeRecords(file, 2, 3);
        const t = readTail(file, 10);
        assert.equal(t.records.length, 3);
        assert.equal(t.skipped, 1);
    });

    it("handles lines longer than its read chunk and multi-byte text across chunk edges", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        const big = { ...record(0), summary: "é€".repeat(50_000) };
        fs.writeFileSync(file, `${JSON.stringify(big)}\n${JSON.stringify(record(1))}\n`);
        const t = readTail(file, 5);
        assert.equal(t.records.length, 2);
        assert.equal(t.records[0]?.summary, big.summary);
    });

    it("reads in steps, older each time, across rotated files, the same records as at once", () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(`${file}.1`, 0, 2500);
        writeRecords(file, 2500, 3000);
        const reader = new TailReader(file);
        const steps: LogRecord[][] = [];
        while (!reader.done) {
            steps.unshift(reader.next(700));
        }
        assert.deepEqual(
            steps.flat().map((r) => r.id),
            readTail(file, 10_000).records.map((r) => r.id),
        );
        assert.equal(steps.flat().length, 3000);
        assert.equal(reader.resumeAt.offset, fs.statSync(file).size);
    });

    it("returns nothing for a missing log", () => {
        assert.deepEqual(readTail(path.join(tempDir(), "none.jsonl"), 5).records, []);
    });
});

describe("LogFollower", () => {
    it("delivers records appended by another writer, completing a torn line when it is finished", async () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        writeRecords(file, 0, 3);
        const line = `${JSON.stringify(record(3))}\n`;
        fs.appendFileSync(file, line.slice(0, 30));
        const t = readTail(file, 10);
        const seen: string[] = [];
        const f = new LogFollower(file, (rs) => seen.push(...rs.map((r) => r.id ?? "")), t.resumeAt);
        try {
            fs.appendFileSync(file, line.slice(30));
            await until("the completed line", () => seen.length === 1);
            writeRecords(file, 4, 6);
            await until("two more records", () => seen.length === 3);
            assert.deepEqual(seen, ["r3", "r4", "r5"]);
        } finally {
            f.dispose();
        }
    });

    it("follows across a rotation without losing or repeating a record", async () => {
        const file = path.join(tempDir(), "decisions.jsonl");
        const log = new DecisionLog(file, { maxBytes: 3000, keep: 3 });
        log.append(record(0));
        const t = readTail(file, 10);
        const seen: string[] = [];
        const f = new LogFollower(file, (rs) => seen.push(...rs.map((r) => r.id ?? "")), t.resumeAt);
        try {
            for (let i = 1; i < 40; i++) {
                log.append(record(i));
                if (i % 7 === 0) {
                    await new Promise((r) => setTimeout(r, 5));
                }
            }
            assert.ok(fs.existsSync(`${file}.1`), "no rotation happened");
            await until("every record", () => seen.length >= 39, 4000);
            assert.deepEqual(
                seen,
                Array.from({ length: 39 }, (_, k) => `r${k + 1}`),
            );
        } finally {
            f.dispose();
        }
    });

    it("starts on a log that does not exist yet", async () => {
        const file = path.join(tempDir(), "later.jsonl");
        const seen: LogRecord[] = [];
        const f = new LogFollower(file, (rs) => seen.push(...rs), { offset: 0, ino: 0 }, 50);
        try {
            writeRecords(file, 0, 2);
            await until("the new file's records", () => seen.length === 2);
        } finally {
            f.dispose();
        }
    });
});

describe("log records explain their decision", () => {
    const engine = engineFor(`{ "hooks": [
        { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell", "options": { "deny": ["destructive-fs"] } },
        { "name": "broken", "event": "PreToolUse", "match": { "tool": "Write" }, "command": "exit 7", "onError": "ask" }
    ] }`);

    async function recordFor(payload: Record<string, unknown>): Promise<LogRecord> {
        const r = await checkPayload(engine, "claude", JSON.stringify(payload));
        return logRecord(r.event, r.decision, engine.nativeModule, { policy: engine.policy });
    }

    it("a deny names the deciding hook, its layer and declaration, the summary and the policy revision", async () => {
        const rec = await recordFor(claudePre("rm -rf /"));
        assert.equal(rec.decision.decision, "deny");
        assert.equal(rec.origin, "hook");
        assert.equal(rec.hook?.name, "shell-safety");
        assert.equal(rec.hook?.layer, "workspace");
        assert.equal(rec.hook?.line, 2);
        assert.ok(rec.hook?.file?.endsWith("hooks.json"));
        assert.equal(rec.summary, "rm -rf /");
        assert.match(rec.revision ?? "", /^[0-9a-f]{12}$/);
        assert.match(rec.id ?? "", /^[0-9a-z]+-[0-9a-f]{10}$/);
        const other = await recordFor(claudePre("rm -rf /tmp/x"));
        assert.equal(other.revision, rec.revision);
        assert.notEqual(other.id, rec.id);
    });

    it("no hook applying and a hook's onError are told apart", async () => {
        const none = await recordFor({ ...claudePre("x"), tool_name: "Read", tool_input: { file_path: "/p/a.txt" } });
        assert.equal(none.origin, "no-hook");
        assert.equal(none.hook, undefined);
        assert.equal(none.summary, "/p/a.txt");
        const failed = await recordFor({ ...claudePre("x"), tool_name: "Write", tool_input: { file_path: "/p/b.txt", content: "hi" } });
        assert.equal(failed.decision.decision, "ask");
        assert.equal(failed.origin, "onError");
        assert.equal(failed.hook?.name, "broken");
    });

    it("secrets in the input are redacted in the record and its summary", async () => {
        const rec = await recordFor(claudePre("curl -H 'x: AKIAZ7QH4TJ3XW5LMN2P' https://e.com"));
        assert.ok(!JSON.stringify(rec).includes("AKIAZ7QH4TJ3XW5LMN2P"));
    });
});
