#!/usr/bin/env node
// Records the raw hook payloads each real client sends, for the adapters' unit tests:
// `node test/e2e/record-payloads.mjs [claude|codex|copilot]...` (clients installed by
// setup-clients.mjs; relay and CLI built).
//
// The registration stays the real one (`hookwarden install`); only the installed relay at
// ~/.hookwarden/bin/hookwarden-relay of the throw-away HOME is swapped for a small sh wrapper that
// saves stdin, the arguments, the client's hook env vars and the relay's answer, then hands the
// saved stdin to the real relay. A real engine (`hookwarden serve`) answers. Scenarios, in order:
// destructive (`rm -rf victim`, denied), harmless (`echo … > out.txt`), failing (`ls does-not-exist`).
//
// Writes test/fixtures/recorded/<client>-<event>.json: the first payload of each event (and
// <client>-<event>-failing.json for a post-tool event of the failing command), pretty-printed, with the sandbox paths replaced by /home/dev and /home/dev/project and session ids by a
// fixed placeholder; and test/fixtures/recorded/index.json: per file, the client version, the
// scenario, the relay's arguments, the engine's answer and the names of the env vars the client
// itself set for its hooks.
import * as fs from "node:fs";
import * as path from "node:path";

import * as lib from "./lib.mjs";
import { CLIENTS, setupClients } from "./setup-clients.mjs";

const OUT = path.join(lib.ROOT, "test", "fixtures", "recorded");
const SCENARIOS = [
    ["destructive", "rm -rf victim"],
    ["harmless", "echo hello-hookwarden > out.txt"],
    ["failing", "ls does-not-exist"],
];
const SESSION_PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

const shq = (s) => `'${s.replace(/'/g, "'\\''")}'`;

function installRecorder(sb, recDir) {
    const relay = path.join(sb.home, ".hookwarden", "bin", "hookwarden-relay");
    const real = `${relay}.real`;
    fs.renameSync(relay, real);
    fs.writeFileSync(
        relay,
        [
            "#!/bin/sh",
            "# Recording wrapper (record-payloads.mjs): saves what the client sent, then asks the real relay.",
            `d=${shq(recDir)}`,
            'n="$(date +%s%N)-$$"',
            'printf "%s\\n" "$@" > "$d/$n.args"',
            "env | grep -E '^(CLAUDE|CODEX|COPILOT)[A-Z0-9_]*=' > \"$d/$n.env\"",
            'cat > "$d/$n.in"',
            `${shq(real)} "$@" < "$d/$n.in" > "$d/$n.out"`,
            "rc=$?",
            'cat "$d/$n.out"',
            "exit $rc",
            "",
        ].join("\n"),
        { mode: 0o755 },
    );
}

function normalizer(sb, sessionIds) {
    const slug = (p) => p.replace(/[^a-zA-Z0-9]/g, "-");
    const pairs = [
        [sb.project, "/home/dev/project"],
        [slug(sb.project), slug("/home/dev/project")],
        [sb.home, "/home/dev"],
        [sb.base, "/home/dev/sandbox"],
        ...[...sessionIds].map((id) => [id, SESSION_PLACEHOLDER]),
    ];
    return (text) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
}

async function recordClient(client, version) {
    const sb = lib.makeSandbox(client);
    const recDir = path.join(sb.artifacts, "recorded");
    fs.mkdirSync(recDir, { recursive: true });
    const inst = lib.installHookwarden(sb);
    if (inst.code !== 0) {
        throw new Error(`install failed: ${inst.stderr}`);
    }
    installRecorder(sb, recDir);
    const fake = await lib.startFakeModel({ log: path.join(sb.artifacts, "model-other.jsonl"), cmd: "true" });
    lib.writeClientConfig(sb, fake.port);
    const engine = await lib.startEngine(sb);
    const calls = [];
    try {
        for (const [scenario, cmd] of SCENARIOS) {
            fs.mkdirSync(path.join(sb.project, "victim"), { recursive: true });
            const seen = new Set(fs.readdirSync(recDir));
            const r = await lib.runClient(sb, fake, scenario, cmd);
            process.stderr.write(`record: ${client} ${scenario}: exit ${r.code ?? r.signal} in ${(r.ms / 1000).toFixed(1)} s\n`);
            const names = fs
                .readdirSync(recDir)
                .filter((f) => f.endsWith(".in") && !seen.has(f))
                .sort();
            for (const f of names) {
                const base = path.join(recDir, f.slice(0, -3));
                const raw = fs.readFileSync(`${base}.in`, "utf8");
                const args = fs.readFileSync(`${base}.args`, "utf8").split("\n").filter(Boolean);
                let payload;
                try {
                    payload = JSON.parse(raw);
                } catch {
                    payload = null;
                }
                const event = payload?.hook_event_name ?? payload?.hookEventName ?? args[args.indexOf("--event") + 1] ?? "unknown";
                calls.push({
                    scenario,
                    event,
                    args,
                    raw,
                    payload,
                    answer: fs.existsSync(`${base}.out`) ? fs.readFileSync(`${base}.out`, "utf8").trim() : "",
                    env: fs.existsSync(`${base}.env`) ? fs.readFileSync(`${base}.env`, "utf8").split("\n").filter(Boolean).map((l) => l.split("=")[0]) : [],
                });
            }
        }
    } finally {
        await lib.stopEngine(engine);
        fake.stop();
    }
    const sessionIds = new Set(calls.map((c) => c.payload?.session_id ?? c.payload?.sessionId).filter((s) => typeof s === "string" && s.length > 0));
    const norm = normalizer(sb, sessionIds);
    const index = {};
    const passedIn = new Set(Object.keys(lib.clientInvocation(sb, fake.port, sb.artifacts).env));
    for (const c of calls) {
        let file = `${client}-${c.event}.json`;
        if (index[file] && c.scenario === "failing" && /post/i.test(c.event)) {
            file = `${client}-${c.event}-failing.json`; // The same event for a command that failed.
        }
        if (index[file] || !c.payload) {
            continue;
        }
        fs.writeFileSync(path.join(OUT, file), `${norm(JSON.stringify(c.payload, null, 2))}\n`);
        index[file] = { client: `${CLIENTS[client].pkg}@${version}`, scenario: c.scenario, relayArgs: norm(c.args.join(" ")), engineAnswer: norm(c.answer), hookEnv: [...new Set(c.env)].filter((k) => !passedIn.has(k)).sort() };
    }
    fs.rmSync(sb.base, { recursive: true, force: true });
    return { index, events: calls.map((c) => `${c.scenario}:${c.event}`) };
}

const only = process.argv.slice(2).filter((a) => a in CLIENTS);
const setup = setupClients(only.length ? only : Object.keys(CLIENTS));
fs.mkdirSync(OUT, { recursive: true });
const indexFile = path.join(OUT, "index.json");
let index = {};
try {
    index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
} catch {
    index = {};
}
let failed = false;
for (const client of only.length ? only : Object.keys(CLIENTS)) {
    if (!setup[client]?.ok) {
        process.stderr.write(`record: ${client} skipped: ${setup[client]?.error}\n`);
        failed = true;
        continue;
    }
    try {
        for (const f of fs.readdirSync(OUT).filter((f) => f.startsWith(`${client}-`))) {
            fs.rmSync(path.join(OUT, f));
            delete index[f];
        }
        const r = await recordClient(client, setup[client].version);
        Object.assign(index, r.index);
        process.stderr.write(`record: ${client}: ${Object.keys(r.index).join(", ")} (events seen: ${r.events.join(", ")})\n`);
    } catch (err) {
        failed = true;
        process.stderr.write(`record: ${client} FAILED: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
}
const sorted = Object.fromEntries(Object.keys(index).sort().map((k) => [k, index[k]]));
fs.writeFileSync(indexFile, `${JSON.stringify(sorted, null, 2)}\n`);
process.exit(failed ? 1 : 0);
