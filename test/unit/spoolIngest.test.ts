// The spool ingest is idempotent across an engine killed between logging a decision and answering:
// the relay then spools the same call, and the next engine must not log it twice.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { checkPayload, DecisionLog, EngineServer, logRecord } from "../../src/engine";
import { claudePre, engineFor, tempDir } from "./helpers";

describe("spool ingest", () => {
    it("skips a call the log already holds, and keeps a repeated command with its own tool-use id", async () => {
        const dir = path.join(tempDir(), "rt");
        const log = new DecisionLog(path.join(tempDir(), "decisions.jsonl"));
        const engine = engineFor('{ "hooks": [] }');
        const server = new EngineServer({ roots: ["/"], engine: () => engine, log, runtimeDir: dir });
        const payload = (id: string): string => JSON.stringify({ ...claudePre("npm test", "/"), session_id: "s-ingest", tool_use_id: id });
        // The engine logged call t1, then died before its answer left.
        const first = await checkPayload(engine, "claude", payload("t1"));
        const at = Date.now();
        log.append(logRecord(first.event, first.decision, engine.nativeModule, new Date(at)));
        fs.mkdirSync(path.join(dir, "spool"), { recursive: true, mode: 0o700 });
        const spool = (name: string, id: string): void => fs.writeFileSync(path.join(dir, "spool", name), JSON.stringify({ v: 1, time: at + 3000, harness: "claude", event: "PreToolUse", cwd: "/", payload: payload(id), decision: "deny", reason: "no engine answered" }), { mode: 0o600 });
        spool("1-1.json", "t1"); // the same call, spooled by the relay's fail mode
        spool("1-2.json", "t2"); // the agent running the same command again: another call
        assert.equal(server.ingestSpool(), 1);
        const records = log.read().records.filter((r) => r.sessionId === "s-ingest");
        assert.deepEqual(
            records.map((r) => [r.toolUseId, r.spooled ?? false]),
            [
                ["t1", false],
                ["t2", true],
            ],
        );
        assert.deepEqual(fs.readdirSync(path.join(dir, "spool")), []);
    });
});
