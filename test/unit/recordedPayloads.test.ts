// Adapters over payloads recorded from the real clients (test/e2e/record-payloads.mjs).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { isHarness, normalizeEvent, normalizeEventName, renderAnswer, type Decision } from "../../src/engine";
import { FIXTURES } from "./helpers";

const DIR = path.join(FIXTURES, "recorded");
const index = JSON.parse(fs.readFileSync(path.join(DIR, "index.json"), "utf8")) as Record<string, { relayArgs: string }>;

function eventFlag(relayArgs: string): string | undefined {
    return /--event (\S+)/.exec(relayArgs)?.[1];
}

describe("adapters over recorded payloads", () => {
    for (const [file, meta] of Object.entries(index)) {
        const [harness, rawEvent] = file.replace(/\.json$/, "").split("-") as [string, string];
        const expected = normalizeEventName(rawEvent);
        it(`${file}: ${harness} ${rawEvent}`, () => {
            assert.ok(isHarness(harness));
            assert.ok(expected, `${rawEvent} is a known event`);
            const payload = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Record<string, unknown>;
            const flag = eventFlag(meta.relayArgs);
            const ev = normalizeEvent(harness, payload, flag ? { event: flag } : {});
            assert.equal(ev.event, expected);
            assert.equal(ev.cwd, "/home/dev/project");
            assert.ok(ev.sessionId, "session id read");
            if (ev.event === "PreToolUse" || ev.event === "PostToolUse" || ev.event === "PostToolUseFailure") {
                assert.ok(ev.toolName, "tool name read");
                assert.equal(typeof ev.toolInput?.["command"], "string", "shell command read");
            }
            if (ev.event === "PostToolUse" && file.includes("failing")) {
                assert.ok(ev.toolOutput !== undefined, "output of a failing command read");
            }
            if (ev.event === "UserPromptSubmit") {
                assert.ok(ev.prompt, "prompt read");
            }
            const d: Decision = { decision: "deny", reason: "test", event: ev.event, harness: ev.harness, latencyUs: 0, trace: [] };
            const out = JSON.parse(renderAnswer(d, ev).stdout) as Record<string, unknown>;
            if (ev.event === "PreToolUse") {
                const permission = harness === "copilot" ? out["permissionDecision"] : (out["hookSpecificOutput"] as Record<string, unknown>)["permissionDecision"];
                assert.equal(permission, "deny");
            }
        });
    }

    it("Copilot's older camelCase dialect with toolArgs as a JSON string reads the same", () => {
        const payload = JSON.parse(fs.readFileSync(path.join(DIR, "copilot-preToolUse.json"), "utf8")) as Record<string, unknown>;
        const asString = { ...payload, toolArgs: JSON.stringify(payload["toolArgs"]) };
        assert.deepEqual(normalizeEvent("copilot", asString, { event: "preToolUse" }).toolInput, normalizeEvent("copilot", payload, { event: "preToolUse" }).toolInput);
    });
});
