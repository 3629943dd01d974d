// The engine inside VS Code (EngineSession) and `hookwarden serve` are assembled by one function:
// both protect the workspace roots they serve, also when a root lives under a temp directory.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { checkPayload } from "../../src/engine";
import { EngineSession } from "../../src/engine/session";
import { claudePre, tempDir } from "./helpers";

describe("EngineSession protects its workspace roots like `hookwarden serve`", () => {
    const base = tempDir("hw-session-");
    const ws = path.join(base, "ws");
    let session: EngineSession;

    before(async () => {
        // A workspace without git under /tmp: only knowing it is a root keeps its data from counting as scratch.
        fs.mkdirSync(path.join(ws, "src"), { recursive: true });
        fs.mkdirSync(path.join(ws, "data"));
        fs.writeFileSync(path.join(ws, "data", "results.csv"), "a,b\n");
        fs.mkdirSync(path.join(base, "home"));
        session = new EngineSession({ home: path.join(base, "home"), roots: [ws], logFile: path.join(base, "log", "decisions.jsonl"), trusted: true, failMode: "policy", runtimeDir: path.join(base, "run"), machineDir: path.join(base, "etc") });
        await session.start();
    });
    after(async () => {
        await session.stop();
        fs.rmSync(base, { recursive: true, force: true });
    });

    it("deleting unversioned data of a workspace under /tmp is denied, not treated as scratch space", async () => {
        const engine = session.engine;
        assert.ok(engine);
        // The agent runs in a subfolder; the deletion is judged against the workspace root.
        const { decision } = await checkPayload(engine, "claude", JSON.stringify(claudePre(`rm -rf ${path.join(ws, "data")}`, path.join(ws, "src"))));
        assert.equal(decision.decision, "deny", decision.reason);
        assert.match(decision.reason, /not under version control/);
    });
});
