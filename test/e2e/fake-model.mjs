#!/usr/bin/env node
// A scripted fake model server for driving the real agent clients offline. It binds 127.0.0.1 only
// and speaks three wire APIs, matched by path suffix (so a base URL with or without /v1 works):
//   POST …/messages               Anthropic Messages (SSE when "stream": true, else JSON)
//   POST …/messages/count_tokens  Anthropic token count
//   POST …/responses              OpenAI Responses (SSE or JSON)
//   POST …/chat/completions       OpenAI Chat Completions (SSE or JSON)
//   GET  …/models                 a one-model list (both vendors' fields)
//   HEAD/GET anything else        200 {}
// Each answer is decided statelessly from the request body:
//   1. no shell-like tool offered            → the text "ok" (title, summary, quota side requests);
//   2. the conversation holds a tool result  → a final text that echoes the last tool result
//      ("FAKE-FINAL: tool result: <text>"), so a test sees what the model got back;
//   3. otherwise                             → one call of the shell tool running the command,
//      shaped to the offered tool's schema (Claude `Bash` / Copilot `bash`: {command, description};
//      Codex `exec_command`: {cmd}; a `shell` tool with an array `command`: ["bash","-lc",cmd]).
// With a list of commands (`cmds`), step 2 applies only once the conversation holds as many tool
// results as there are commands; before that, the next command is called (one per turn, in order).
// Every request (auth headers redacted) and its answer are appended to the log (JSONL).
//
// Configuration (env or flags): PORT / --port (0 = random), PORT_FILE / --port-file, LOG / --log,
// FAKE_CMD / --cmd, EXIT_AFTER_S / --exit-after-s (default 300). The port is printed on stdout as
// "PORT <n>". POST /__fake/config {"cmd"?, "cmds"?, "log"?, "gate"?} changes the command (or the
// list of commands; `cmds: null` goes back to the single `cmd`), the log file or the gate at run time. With a gate directory set, the server holds each tool-call answer: it creates
// <gate>/tool-call-pending and answers only once <gate>/go exists (at most 30 s), so a test can act
// between the prompt and the tool call (e.g. stop the engine mid-session).
// Scripts (POST /__fake/config {"scripts": {"<token>": [step, …]}}): a conversation whose latest
// user message holds <token> gets the steps in turn, one tool call per request, each step
// {tool, args} (any offered tool, e.g. VS Code's create_file or apply_patch) or {cmd} (the shell
// tool); after the last step, a final text that lists every tool result of the turn.
import * as fs from "node:fs";
import * as http from "node:http";
import { URL } from "node:url";
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({
    options: { port: { type: "string" }, "port-file": { type: "string" }, log: { type: "string" }, cmd: { type: "string" }, "exit-after-s": { type: "string" } },
    strict: true,
});

const config = {
    cmd: flags.cmd ?? process.env.FAKE_CMD ?? "echo hello-from-fake-model",
    /** A list of commands to call in turn, or null for the single `cmd`. */
    cmds: null,
    log: flags.log ?? process.env.LOG ?? null,
    gate: null,
    scripts: {},
};
const exitAfterS = Number(flags["exit-after-s"] ?? process.env.EXIT_AFTER_S ?? "300");
let seq = 0;

/** Tool names a client uses for its shell tool, best first. */
const SHELL_TOOLS = ["Bash", "bash", "exec_command", "shell", "local_shell", "container.exec", "run_in_terminal", "shell_command"];

function log(entry) {
    if (!config.log) {
        return;
    }
    try {
        fs.appendFileSync(config.log, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
    } catch (err) {
        process.stderr.write(`fake-model: log write failed: ${err.message}\n`);
    }
}

function redactHeaders(headers) {
    const out = {};
    for (const [k, v] of Object.entries(headers)) {
        out[k] = /authorization|api-key|x-api-key|cookie/i.test(k) ? "<redacted>" : v;
    }
    return out;
}

// ---- reading requests ---------------------------------------------------------------------

/** The tools a request offers, as { name, kind, params } whatever the dialect. */
function offeredTools(body) {
    const tools = Array.isArray(body.tools) ? body.tools : [];
    return tools.map((t) => {
        if (t.type === "function" && t.function) {
            return { name: t.function.name, kind: "chat-function", params: t.function.parameters ?? {} };
        }
        if (t.type === "local_shell") {
            return { name: "local_shell", kind: "local_shell", params: {} };
        }
        if (t.type === "custom") {
            return { name: t.name, kind: "custom", params: {} };
        }
        return { name: t.name, kind: t.type === "function" ? "function" : "anthropic", params: t.input_schema ?? t.parameters ?? {} };
    });
}

function shellTool(body) {
    const tools = offeredTools(body).filter((t) => t.kind !== "custom");
    for (const name of SHELL_TOOLS) {
        const t = tools.find((x) => x.name === name);
        if (t) {
            return t;
        }
    }
    return null;
}

/** Text of a tool-result content value (string, or a list of text parts). */
function contentText(c) {
    if (typeof c === "string") {
        return c;
    }
    if (Array.isArray(c)) {
        return c.map((p) => (typeof p === "string" ? p : typeof p?.text === "string" ? p.text : typeof p?.content === "string" ? p.content : contentText(p?.content ?? ""))).join("");
    }
    if (c && typeof c === "object") {
        return typeof c.text === "string" ? c.text : typeof c.content === "string" ? c.content : JSON.stringify(c);
    }
    return "";
}

/** The last tool result in the conversation (any dialect), or null. */
function lastToolResult(body) {
    return toolResults(body).at(-1) ?? null;
}

/** Every tool result in the conversation, in order (any dialect). */
function toolResults(body) {
    const found = [];
    // Anthropic: user messages with tool_result blocks. Chat Completions: role "tool".
    for (const m of Array.isArray(body.messages) ? body.messages : []) {
        if (m.role === "tool") {
            found.push({ id: m.tool_call_id ?? null, text: contentText(m.content), isError: null });
        } else if (Array.isArray(m.content)) {
            for (const b of m.content) {
                if (b?.type === "tool_result") {
                    found.push({ id: b.tool_use_id ?? null, text: contentText(b.content), isError: b.is_error ?? null });
                }
            }
        }
    }
    // Responses: input items.
    for (const item of Array.isArray(body.input) ? body.input : []) {
        if (item?.type === "function_call_output" || item?.type === "local_shell_call_output" || item?.type === "custom_tool_call_output") {
            found.push({ id: item.call_id ?? null, text: contentText(item.output), isError: null });
        }
    }
    return found;
}

/** The arguments for the shell tool, shaped to its schema. */
function shellArgs(tool, cmd) {
    if (tool.name === "run_in_terminal") {
        // VS Code's agent: explanation, goal and mode are required by its schema.
        return { command: cmd, explanation: "Run the scripted command", goal: "Run the scripted command", mode: "sync", isBackground: false };
    }
    const props = tool.params?.properties ?? {};
    if (props.cmd) {
        return { cmd };
    }
    if (props.command?.type === "array") {
        return { command: ["bash", "-lc", cmd] };
    }
    const args = { command: cmd };
    if (props.description) {
        args.description = "Run the scripted command";
    }
    return args;
}

/** The script the latest user message names, and the tool results that followed that message. */
function scriptedTurn(body) {
    const messages = Array.isArray(body.messages) ? body.messages : [];
    for (let i = messages.length - 1; i >= 0; i--) {
        if (messages[i].role !== "user") {
            continue;
        }
        const text = contentText(messages[i].content);
        const token = Object.keys(config.scripts).find((t) => text.includes(t));
        if (token) {
            return { token, steps: config.scripts[token], results: messages.slice(i + 1).filter((m) => m.role === "tool").map((m) => contentText(m.content)) };
        }
    }
    return null;
}

/** What to answer: { kind: "text", text } or { kind: "tool", tool, args }. */
function decide(body) {
    const turn = scriptedTurn(body);
    if (turn) {
        const step = turn.steps[turn.results.length];
        if (!step) {
            const text = `FAKE-FINAL (${turn.token}): ${turn.results.map((r, i) => `[${i + 1}] ${r.trim()}`).join(" ")}`;
            return { kind: "text", text, why: `script ${turn.token} done`, toolResult: { text: turn.results.at(-1) ?? "" } };
        }
        const tool = step.tool ? offeredTools(body).find((t) => t.name === step.tool) : shellTool(body);
        if (!tool) {
            return { kind: "text", text: `FAKE-ERROR: the script's tool ${step.tool ?? "(shell)"} is not offered`, why: "tool not offered" };
        }
        return { kind: "tool", tool, args: step.args ?? shellArgs(tool, step.cmd), why: `script ${turn.token} step ${turn.results.length + 1}` };
    }
    const tool = shellTool(body);
    if (!tool) {
        return { kind: "text", text: "ok", why: "no shell tool offered" };
    }
    if (config.cmds) {
        const results = toolResults(body);
        const step = results.length;
        const result = results.at(-1) ?? null;
        if (step >= config.cmds.length) {
            return { kind: "text", text: `FAKE-FINAL: tool result: ${result?.text ?? ""}`, why: `all ${config.cmds.length} commands called`, toolResult: result, step };
        }
        const cmd = config.cmds[step];
        return { kind: "tool", tool, cmd, args: shellArgs(tool, cmd), why: `calling ${tool.name} for command ${step + 1}/${config.cmds.length}`, toolResult: result, step };
    }
    const result = lastToolResult(body);
    if (result) {
        return { kind: "text", text: `FAKE-FINAL: tool result: ${result.text}`, why: "conversation has a tool result", toolResult: result };
    }
    return { kind: "tool", tool, cmd: config.cmd, args: shellArgs(tool, config.cmd), why: `calling ${tool.name}` };
}

// ---- answering ------------------------------------------------------------------------------

const id = (prefix) => `${prefix}_fake${Date.now().toString(36)}${(++seq).toString(36)}`;

function sse(res, events) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const [event, data] of events) {
        res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    }
    res.end();
}

function json(res, status, obj) {
    const text = JSON.stringify(obj);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

function anthropic(res, body, d) {
    const msgId = id("msg");
    const model = body.model ?? "claude-fake";
    const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const block = d.kind === "tool" ? { type: "tool_use", id: id("toolu"), name: d.tool.name, input: d.args } : { type: "text", text: d.text };
    const stop = d.kind === "tool" ? "tool_use" : "end_turn";
    if (!body.stream) {
        json(res, 200, { id: msgId, type: "message", role: "assistant", model, content: [block], stop_reason: stop, stop_sequence: null, usage });
        return block;
    }
    const events = [["message_start", { type: "message_start", message: { id: msgId, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }]];
    if (block.type === "tool_use") {
        events.push(["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }]);
        events.push(["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } }]);
    } else {
        events.push(["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }]);
        events.push(["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: block.text } }]);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index: 0 }]);
    events.push(["message_delta", { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } }]);
    events.push(["message_stop", { type: "message_stop" }]);
    sse(res, events);
    return block;
}

function responses(res, body, d) {
    const respId = id("resp");
    const model = body.model ?? "gpt-fake";
    const created = Math.floor(Date.now() / 1000);
    let item;
    if (d.kind === "tool" && d.tool.kind === "local_shell") {
        item = { type: "local_shell_call", id: id("lsh"), call_id: id("call"), status: "completed", action: { type: "exec", command: ["bash", "-lc", d.cmd], env: {} } };
    } else if (d.kind === "tool") {
        item = { type: "function_call", id: id("fc"), call_id: id("call"), name: d.tool.name, arguments: JSON.stringify(d.args), status: "completed" };
    } else {
        item = { type: "message", id: id("msg"), role: "assistant", status: "completed", content: [{ type: "output_text", text: d.text, annotations: [] }] };
    }
    const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
    const base = { id: respId, object: "response", created_at: created, model, status: "in_progress", output: [] };
    const done = { ...base, status: "completed", output: [item], usage };
    if (!body.stream) {
        json(res, 200, done);
        return item;
    }
    let n = 0;
    const ev = (type, extra) => [type, { type, sequence_number: n++, ...extra }];
    const events = [ev("response.created", { response: base }), ev("response.in_progress", { response: base })];
    if (item.type === "message") {
        events.push(ev("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } }));
        events.push(ev("response.content_part.added", { item_id: item.id, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }));
        events.push(ev("response.output_text.delta", { item_id: item.id, output_index: 0, content_index: 0, delta: d.text }));
        events.push(ev("response.output_text.done", { item_id: item.id, output_index: 0, content_index: 0, text: d.text }));
        events.push(ev("response.content_part.done", { item_id: item.id, output_index: 0, content_index: 0, part: item.content[0] }));
    } else if (item.type === "function_call") {
        events.push(ev("response.output_item.added", { output_index: 0, item: { ...item, arguments: "", status: "in_progress" } }));
        events.push(ev("response.function_call_arguments.delta", { item_id: item.id, output_index: 0, delta: item.arguments }));
        events.push(ev("response.function_call_arguments.done", { item_id: item.id, output_index: 0, arguments: item.arguments }));
    } else {
        events.push(ev("response.output_item.added", { output_index: 0, item }));
    }
    events.push(ev("response.output_item.done", { output_index: 0, item }));
    events.push(ev("response.completed", { response: done }));
    sse(res, events);
    return item;
}

function chat(res, body, d) {
    const chatId = id("chatcmpl");
    const model = body.model ?? "gpt-fake";
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    const call = d.kind === "tool" ? { id: id("call"), type: "function", function: { name: d.tool.name, arguments: JSON.stringify(d.args) } } : null;
    const finish = call ? "tool_calls" : "stop";
    if (!body.stream) {
        const message = call ? { role: "assistant", content: null, tool_calls: [call] } : { role: "assistant", content: d.text };
        json(res, 200, { id: chatId, object: "chat.completion", created, model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage });
        return message;
    }
    const chunk = (delta, finishReason = null) => ["", { id: chatId, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] }];
    const events = [chunk({ role: "assistant", content: call ? null : "" })];
    if (call) {
        events.push(chunk({ tool_calls: [{ index: 0, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
        events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }));
    } else {
        events.push(chunk({ content: d.text }));
    }
    events.push(chunk({}, finish));
    if (body.stream_options?.include_usage) {
        events.push(["", { id: chatId, object: "chat.completion.chunk", created, model, choices: [], usage }]);
    }
    events.push(["", "[DONE]"]);
    sse(res, events);
    return call ?? { content: d.text };
}

/** Holds a tool-call answer until the test says go (see the header). */
async function passGate(dir) {
    fs.writeFileSync(`${dir}/tool-call-pending`, new Date().toISOString());
    const until = Date.now() + 30_000;
    while (!fs.existsSync(`${dir}/go`) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 25));
    }
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const p = url.pathname.replace(/\/+$/, "");
    let raw = "";
    try {
        raw = await readBody(req);
    } catch {
        // Answer whatever arrived.
    }
    let body = {};
    try {
        body = raw ? JSON.parse(raw) : {};
    } catch {
        body = { unparsed: raw.slice(0, 10_000) };
    }
    const entry = { seq: ++seq, method: req.method, path: req.url, headers: redactHeaders(req.headers), body };
    try {
        if (req.method === "POST" && p === "/__fake/config") {
            if (typeof body.cmd === "string") {
                config.cmd = body.cmd;
            }
            if ((Array.isArray(body.cmds) && body.cmds.every((c) => typeof c === "string")) || body.cmds === null) {
                config.cmds = body.cmds;
            }
            if (typeof body.log === "string" || body.log === null) {
                config.log = body.log;
            }
            if (typeof body.gate === "string" || body.gate === null) {
                config.gate = body.gate;
            }
            if (body.scripts && typeof body.scripts === "object") {
                config.scripts = { ...config.scripts, ...body.scripts };
            }
            json(res, 200, { ok: true, ...config });
            return;
        }
        if (req.method === "POST" && p.endsWith("/messages/count_tokens")) {
            json(res, 200, { input_tokens: 10 });
            log({ ...entry, api: "anthropic-count", answer: { input_tokens: 10 } });
            return;
        }
        if (req.method === "POST" && (p.endsWith("/messages") || p.endsWith("/responses") || p.endsWith("/chat/completions"))) {
            const api = p.endsWith("/messages") ? "anthropic" : p.endsWith("/responses") ? "responses" : "chat";
            const d = decide(body);
            if (d.kind === "tool" && config.gate) {
                await passGate(config.gate);
            }
            const answer = api === "anthropic" ? anthropic(res, body, d) : api === "responses" ? responses(res, body, d) : chat(res, body, d);
            log({ ...entry, api, stream: Boolean(body.stream), decision: { kind: d.kind, why: d.why, tool: d.tool?.name ?? null, cmd: d.cmd ?? null, step: d.step ?? null, toolResult: d.toolResult ?? null }, offeredTools: offeredTools(body).map((t) => t.name), answer });
            return;
        }
        if (req.method === "GET" && p.endsWith("/models")) {
            const model = { id: "gpt-4.1", object: "model", type: "model", created: 1_700_000_000, created_at: "2024-01-01T00:00:00Z", owned_by: "fake", display_name: "Fake model" };
            json(res, 200, { object: "list", data: [model], has_more: false, first_id: model.id, last_id: model.id });
            log({ ...entry, api: "models" });
            return;
        }
        log({ ...entry, api: "other" });
        json(res, 200, {});
    } catch (err) {
        log({ ...entry, api: "error", error: String(err?.stack ?? err) });
        if (!res.headersSent) {
            json(res, 500, { error: { message: String(err) } });
        } else {
            res.end();
        }
    }
});

server.keepAliveTimeout = 1000;
server.listen(Number(flags.port ?? process.env.PORT ?? "0"), "127.0.0.1", () => {
    const { port } = server.address();
    const portFile = flags["port-file"] ?? process.env.PORT_FILE;
    if (portFile) {
        fs.writeFileSync(portFile, String(port));
    }
    process.stdout.write(`PORT ${port}\n`);
});

// Bounded lifetime: never outlive a test run that forgot to stop us.
setTimeout(() => process.exit(0), Math.max(1, exitAfterS) * 1000).unref();
for (const sig of ["SIGTERM", "SIGINT"]) {
    process.on(sig, () => process.exit(0));
}
