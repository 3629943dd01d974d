#!/usr/bin/env node
// The e2e entry point: `node test/e2e/run.mjs [--no-build] [claude|codex|copilot]...`.
// 1. makes sure what the suite drives is built (the relay always — cargo is a no-op when it is up
//    to date —, the TypeScript CLI when a source is newer than out/, the native module when missing);
// 2. installs the pinned clients into .vscode-test/agents/ (skipped when already there);
// 3. runs agents.test.mjs with node:test (spec reporter; per-client diagnostics say what happened);
// 4. prints test/artifacts/e2e/summary.md and a last line "e2e: N passed, M failed[, K skipped]".
// Exits non-zero when a step or a test fails.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { AGENTS_DIR, CLIENTS, cleanEnv, ROOT, setupClients } from "./setup-clients.mjs";

const started = Date.now();
const args = process.argv.slice(2);
const noBuild = args.includes("--no-build");
const only = args.filter((a) => a in CLIENTS);
const env = cleanEnv();
const say = (s) => process.stdout.write(`${s}\n`);

function step(title, cmd, cmdArgs) {
    const t0 = Date.now();
    say(`=== e2e: ${title}: ${cmd} ${cmdArgs.join(" ")}`);
    const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
    if (r.status !== 0) {
        say(`=== e2e: ${title} FAILED (exit ${r.status ?? r.signal ?? r.error?.message})`);
        say("e2e: 0 passed, 1 failed");
        process.exit(1);
    }
    say(`=== e2e: ${title}: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function newestMtime(dir) {
    let newest = 0;
    for (const f of fs.readdirSync(dir, { recursive: true })) {
        if (String(f).endsWith(".ts")) {
            newest = Math.max(newest, fs.statSync(path.join(dir, String(f))).mtimeMs);
        }
    }
    return newest;
}

// 1. Build what the suite drives.
if (!noBuild) {
    step("build the relay", "npm", ["run", "build:relay"]);
    if (!fs.readdirSync(path.join(ROOT, "native", "napi")).some((f) => f.endsWith(".node"))) {
        step("build the native module", "npm", ["run", "build:native"]);
    }
    const cli = path.join(ROOT, "out", "src", "cli.js");
    if (!fs.existsSync(cli) || newestMtime(path.join(ROOT, "src")) > fs.statSync(cli).mtimeMs) {
        step("compile TypeScript", "npx", ["tsc", "-p", "tsconfig.json"]);
    }
}

// 2. The clients.
say("=== e2e: install the pinned clients");
const setup = setupClients(only.length ? only : Object.keys(CLIENTS), { log: say });
fs.mkdirSync(AGENTS_DIR, { recursive: true });
const setupFile = path.join(AGENTS_DIR, "setup.json");
fs.writeFileSync(setupFile, `${JSON.stringify(setup, null, 2)}\n`);

// 3. The tests, bounded as a whole (each client run is bounded at 120 s on its own).
say("=== e2e: run the suite");
const child = spawn(process.execPath, ["--test", "--test-reporter=spec", "--test-reporter-destination=stdout", path.join("test", "e2e", "agents.test.mjs")], {
    cwd: ROOT,
    env: { ...env, HOOKWARDEN_E2E_SETUP: setupFile, ...(only.length ? { HOOKWARDEN_E2E_CLIENTS: only.join(",") } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
child.stdout.on("data", (b) => {
    out += b;
    process.stdout.write(b);
});
const killer = setTimeout(() => {
    say("=== e2e: the suite ran over 10 minutes; killing it");
    child.kill("SIGKILL");
}, 600_000);
const code = await new Promise((resolve) => child.on("close", (c, sig) => resolve(c ?? (sig ? 1 : 0))));
clearTimeout(killer);

// 4. The record.
const summary = path.join(ROOT, "test", "artifacts", "e2e", "summary.md");
if (fs.existsSync(summary)) {
    say(`\n=== e2e: summary (${path.relative(ROOT, summary)}; artifacts per client beside it)`);
    say(fs.readFileSync(summary, "utf8").trimEnd());
}
const pass = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
const fail = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0) + (code !== 0 && !/ℹ fail [1-9]/.test(out) ? 1 : 0);
say(`\n=== e2e: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
const skipped = Number(/ℹ skipped (\d+)/.exec(out)?.[1] ?? 0);
say(`e2e: ${pass} passed, ${fail} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(code === 0 && fail === 0 ? 0 : 1);
