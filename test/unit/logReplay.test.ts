// Replay: logged events decided again by another policy; the decisions whose verdict changes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkPayload, filterRecords, facetCounts, logRecord, replay, summarize, parseDuration, type LogRecord } from "../../src/engine";
import { claudePre, engineFor } from "./helpers";

const before = engineFor(`{ "hooks": [
    { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell", "options": { "deny": ["destructive-fs"], "ask": ["privilege"] } }
] }`);
const after = engineFor(`{ "hooks": [
    { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell", "options": { "deny": ["destructive-fs", "privilege"] } }
] }`);

async function session(): Promise<LogRecord[]> {
    const out: LogRecord[] = [];
    for (const command of ["rm -rf /", "sudo apt install x", "npm test", "sudo ls", "ls -la"]) {
        const r = await checkPayload(before, "claude", JSON.stringify(claudePre(command)));
        out.push(logRecord(r.event, r.decision, before.nativeModule, { policy: before.policy }));
    }
    return out;
}

describe("replay", () => {
    it("lists exactly the decisions whose verdict flips under the new policy", async () => {
        const records = await session();
        assert.deepEqual(
            records.map((r) => r.decision.decision),
            ["deny", "ask", "allow", "ask", "allow"],
        );
        const res = await replay(records, after);
        assert.equal(res.replayed, 5);
        assert.deepEqual(
            res.changed.map((c) => [c.id, c.before, c.after, c.afterHook]),
            [
                [records[1]?.id, "ask", "deny", "shell-safety"],
                [records[3]?.id, "ask", "deny", "shell-safety"],
            ],
        );
    });

    it("the same policy changes nothing", async () => {
        const res = await replay(await session(), before);
        assert.deepEqual(res.changed, []);
    });

    it("a record it cannot rebuild is skipped with the reason", async () => {
        const [first] = await session();
        assert.ok(first);
        const res = await replay([{ ...first, harness: "emacs" }], after);
        assert.equal(res.replayed, 0);
        assert.match(res.skipped[0]?.why ?? "", /unknown harness "emacs"/);
    });
});

describe("log queries", () => {
    it("facet counts agree with what each value's filter shows", async () => {
        const records = await session();
        const counts = facetCounts(records, { verdicts: ["ask"] });
        assert.deepEqual(counts.verdict, { deny: 1, ask: 2, allow: 2 });
        assert.equal(counts.hook["shell-safety"], 2);
        for (const [v, n] of Object.entries(counts.verdict)) {
            assert.equal(filterRecords(records, { verdicts: [v] }).length, n);
        }
        assert.equal(filterRecords(records, { text: "SUDO" }).length, 2);
        assert.equal(filterRecords(records, { text: "sudo", verdicts: ["deny"] }).length, 0);
    });

    it("the summary gives per-verdict counts, per-hook latency and the hooks that never matched", async () => {
        const s = summarize(await session(), ["shell-safety", "unused"]);
        assert.deepEqual(s.verdicts, { allow: 2, ask: 2, deny: 1 });
        assert.equal(s.latency[0]?.hook, "shell-safety");
        assert.equal(s.latency[0]?.runs, 5);
        assert.ok((s.latency[0]?.p95Us ?? -1) >= (s.latency[0]?.p50Us ?? 0));
        assert.deepEqual(s.neverMatched, ["unused"]);
    });

    it("parses durations", () => {
        assert.equal(parseDuration("1h"), 3_600_000);
        assert.equal(parseDuration("15m"), 900_000);
        assert.equal(parseDuration("soon"), undefined);
    });
});
