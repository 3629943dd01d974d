import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { detectHarness, normalizeEvent, PayloadError, renderAnswer, type Decision, type NormalizedEvent } from "../../src/engine";

function decision(over: Partial<Decision>): Decision {
    return { decision: "allow", reason: "r", event: "PreToolUse", harness: "claude", latencyUs: 1, trace: [], ...over };
}

describe("adapters: input", () => {
    it("Claude Code PreToolUse", () => {
        const ev = normalizeEvent("claude", { session_id: "s1", transcript_path: "/t", cwd: "/repo", permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls", description: "list" }, tool_use_id: "toolu_1" });
        assert.equal(ev.event, "PreToolUse");
        assert.equal(ev.toolName, "Bash");
        assert.deepEqual(ev.toolInput, { command: "ls", description: "list" });
        assert.equal(ev.cwd, "/repo");
        assert.equal(ev.sessionId, "s1");
        assert.equal(ev.toolUseId, "toolu_1");
    });
    it("Claude Code PostToolUse flattens tool_response {stdout, stderr}", () => {
        const ev = normalizeEvent("claude", { hook_event_name: "PostToolUse", tool_name: "Bash", tool_input: { command: "env" }, tool_response: { stdout: "OUT", stderr: "ERR", interrupted: false, isImage: false }, cwd: "/" });
        assert.equal(ev.toolOutput, "OUT\nERR");
    });
    it("Codex PostToolUse with a string tool_response", () => {
        const ev = normalizeEvent("codex", { session_id: "s", turn_id: "t", cwd: "/r", hook_event_name: "PostToolUse", model: "m", permission_mode: "bypassPermissions", tool_name: "Bash", tool_input: { command: "ls" }, tool_use_id: "c1", tool_response: "a\nb" });
        assert.equal(ev.toolOutput, "a\nb");
        assert.equal(ev.harness, "codex");
    });
    // As VS Code 1.139.1 sends it (../shared/reference/vscode-own-agent-offline.md, "Captured payloads").
    const vscodePre = {
        timestamp: "2026-11-29T10:41:58.298Z",
        hook_event_name: "PreToolUse",
        session_id: "c1618f1f-e676-4f64-a2e9-1db191057d2a",
        transcript_path: "/u/data/User/workspaceStorage/1d2474b/GitHub.copilot-chat/transcripts/c1618f1f-e676-4f64-a2e9-1db191057d2a.jsonl",
        tool_name: "run_in_terminal",
        tool_input: { command: "rm -rf dist", explanation: "clean", goal: "g", mode: "sync", isBackground: false, timeout: 20000 },
        tool_use_id: "call_mx1pm6381__vscode-1795948913843",
        cwd: "/repo",
    };
    it("VS Code Local uses snake_case hook_event_name/session_id", () => {
        const ev = normalizeEvent("vscode", vscodePre);
        assert.equal(ev.harness, "vscode");
        assert.equal(ev.event, "PreToolUse");
        assert.equal(ev.sessionId, "c1618f1f-e676-4f64-a2e9-1db191057d2a");
        assert.equal(ev.toolName, "run_in_terminal");
        assert.equal(ev.toolUseId, "call_mx1pm6381__vscode-1795948913843");
    });
    it("VS Code's agent heard through the Copilot and Claude registrations is taken as VS Code", () => {
        assert.equal(normalizeEvent("copilot", vscodePre, { event: "preToolUse" }).harness, "vscode");
        assert.equal(normalizeEvent("claude", vscodePre).harness, "vscode");
        // Markers alone: no tool-use id (SessionStart), only the transcript in Copilot Chat's storage.
        const { tool_name: _n, tool_input: _i, tool_use_id: _u, ...session } = vscodePre;
        assert.equal(normalizeEvent("claude", { ...session, hook_event_name: "SessionStart", source: "new" }).harness, "vscode");
        // A camelCase-event registration gets snake_case only from VS Code, markers or not.
        assert.equal(normalizeEvent("copilot", { hook_event_name: "Stop", session_id: "s", cwd: "/" }, { event: "agentStop" }).harness, "vscode");
        // Claude Code itself, Codex and Copilot CLI's own dialects stay theirs.
        assert.equal(normalizeEvent("claude", { ...vscodePre, permission_mode: "default", tool_use_id: "toolu_1" }).harness, "claude");
        assert.equal(normalizeEvent("codex", vscodePre).harness, "codex");
        assert.equal(normalizeEvent("copilot", { sessionId: "c", timestamp: 1, cwd: "/", toolName: "bash", toolArgs: {} }, { event: "preToolUse" }).harness, "copilot");
        assert.equal(normalizeEvent("copilot", { hook_event_name: "PreToolUse", session_id: "s", timestamp: "2026-01-01T00:00:00Z", cwd: "/", tool_name: "bash", tool_input: {} }, { event: "PreToolUse" }).harness, "copilot");
    });
    it("Copilot camelCase: toolArgs as a JSON string, event inferred or given", () => {
        const payload = { sessionId: "c", timestamp: 1760000000000, cwd: "/repo", toolName: "bash", toolArgs: '{"command":"rm -rf dist","description":"clean"}' };
        const ev = normalizeEvent("copilot", payload);
        assert.equal(ev.event, "PreToolUse");
        assert.equal(ev.dialect, "camel");
        assert.deepEqual(ev.toolInput, { command: "rm -rf dist", description: "clean" });
        const post = normalizeEvent("copilot", { ...payload, toolResult: { resultType: "success", textResultForLlm: "done" } }, { event: "postToolUse" });
        assert.equal(post.event, "PostToolUse");
        assert.equal(post.toolOutput, "done");
        const stop = normalizeEvent("copilot", { sessionId: "c", timestamp: 1, cwd: "/", transcriptPath: "/t", stopReason: "end_turn" });
        assert.equal(stop.event, "Stop");
    });
    it("Copilot camelCase: toolArgs as an object", () => {
        const ev = normalizeEvent("copilot", { sessionId: "c", timestamp: 1, cwd: "/", toolName: "edit", toolArgs: { path: "a.txt" } }, { event: "preToolUse" });
        assert.deepEqual(ev.toolInput, { path: "a.txt" });
    });
    it("Copilot PascalCase dialect", () => {
        const ev = normalizeEvent("copilot", { hook_event_name: "PostToolUse", session_id: "s", timestamp: "2026-01-01T00:00:00Z", cwd: "/", tool_name: "bash", tool_input: { command: "ls" }, tool_result: { result_type: "success", text_result_for_llm: "x" } });
        assert.equal(ev.dialect, "pascal");
        assert.equal(ev.toolOutput, "x");
    });
    it("rejects payloads it cannot read with the field named", () => {
        assert.throws(() => normalizeEvent("claude", [1, 2]), PayloadError);
        assert.throws(() => normalizeEvent("claude", { cwd: "/" }), /hook_event_name/);
        assert.throws(() => normalizeEvent("claude", { hook_event_name: "PreToolUse", cwd: "/" }), /tool_name/);
        assert.throws(() => normalizeEvent("claude", { hook_event_name: "Bogus" }), /unknown hook event "Bogus"/);
        assert.throws(() => normalizeEvent("claude", { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: 5 }), /tool_input/);
    });
    it("detects the harness from the payload's shape", () => {
        assert.equal(detectHarness({ toolName: "bash" }), "copilot");
        assert.equal(detectHarness({ hookEventName: "PreToolUse" }), "vscode");
        assert.equal(detectHarness({ hook_event_name: "PreToolUse", turn_id: "t" }), "codex");
        assert.equal(detectHarness({ hook_event_name: "PreToolUse", permission_mode: "default" }), "claude");
        assert.equal(detectHarness({ hook_event_name: "PreToolUse" }), "copilot");
        assert.equal(detectHarness(vscodePre), "vscode");
        assert.equal(detectHarness({ ...vscodePre, tool_use_id: "x", transcript_path: "/t.jsonl" }), "copilot");
    });
});

describe("adapters: output", () => {
    const claudeEv: NormalizedEvent = { harness: "claude", event: "PreToolUse", toolName: "Bash", cwd: "/", raw: {} };
    it("Claude deny is nested in hookSpecificOutput", () => {
        const a = renderAnswer(decision({ decision: "deny", reason: "no" }), claudeEv);
        assert.deepEqual(JSON.parse(a.stdout), { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "no" } });
        assert.equal(a.exitCode, 0);
    });
    it("Copilot deny is top-level, rewrites are modifiedArgs", () => {
        const ev: NormalizedEvent = { ...claudeEv, harness: "copilot", toolName: "bash" };
        const out = JSON.parse(renderAnswer(decision({ decision: "allow", harness: "copilot", updatedInput: { command: "ls -la" } }), ev).stdout) as Record<string, unknown>;
        assert.equal(out["permissionDecision"], "allow");
        assert.deepEqual(out["modifiedArgs"], { command: "ls -la" });
    });
    it("Codex cannot ask: ask becomes deny and the limitation is reported", () => {
        const ev: NormalizedEvent = { ...claudeEv, harness: "codex" };
        const a = renderAnswer(decision({ decision: "ask", reason: "sudo", harness: "codex" }), ev);
        const out = JSON.parse(a.stdout) as { hookSpecificOutput: Record<string, unknown> };
        assert.equal(out.hookSpecificOutput["permissionDecision"], "deny");
        assert.match(String(out.hookSpecificOutput["permissionDecisionReason"]), /Needs approval: sudo/);
        assert.equal(a.limitations.length, 1);
    });
    it("PostToolUse redaction: Claude MCP tools get updatedMCPToolOutput, Bash gets a warning and a limitation", () => {
        const post: NormalizedEvent = { harness: "claude", event: "PostToolUse", toolName: "mcp__gh__get", cwd: "/", raw: {} };
        const d = decision({ event: "PostToolUse", updatedOutput: "[REDACTED:x]" });
        const mcp = JSON.parse(renderAnswer(d, post).stdout) as { hookSpecificOutput: Record<string, unknown> };
        assert.equal(mcp.hookSpecificOutput["updatedMCPToolOutput"], "[REDACTED:x]");
        const bash = renderAnswer(d, { ...post, toolName: "Bash" });
        assert.match(JSON.stringify(JSON.parse(bash.stdout)), /contained secrets/);
        assert.equal(bash.limitations.length, 1);
    });
    it("VS Code Stop nests the block; Claude's is top-level", () => {
        const d = decision({ event: "Stop", decision: "deny", reason: "tests failing" });
        const vs = JSON.parse(renderAnswer(d, { harness: "vscode", event: "Stop", cwd: "/", raw: {} }).stdout) as Record<string, unknown>;
        assert.deepEqual(vs, { hookSpecificOutput: { hookEventName: "Stop", decision: "block", reason: "tests failing" } });
        const cl = JSON.parse(renderAnswer(d, { harness: "claude", event: "Stop", cwd: "/", raw: {} }).stdout) as Record<string, unknown>;
        assert.deepEqual(cl, { decision: "block", reason: "tests failing" });
    });
});
