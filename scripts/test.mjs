#!/usr/bin/env node
// The test command (`npm test`): on a fresh clone it installs and builds everything it needs,
// then type-checks, lints and runs every suite. The last line is "tests: N passed, M failed".
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
let passed = 0;
let failed = 0;
const failures = [];

// Steps run from inside `npm test` must not inherit npm's own configuration of this run.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_")));

function run(title, cmd, args, { capture = false, allowFail = false } = {}) {
    const t0 = Date.now();
    process.stdout.write(`\n=== ${title}: ${cmd} ${args.join(" ")}\n`);
    const r = spawnSync(cmd, args, { cwd: root, env, stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit", encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (capture && r.stdout) {
        process.stdout.write(r.stdout);
    }
    const ok = r.status === 0;
    process.stdout.write(`=== ${title}: ${ok ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    if (!ok && !allowFail) {
        failures.push(title);
    }
    return { ok, stdout: r.stdout ?? "" };
}

function have(cmd, args) {
    return spawnSync(cmd, args, { env, stdio: "ignore" }).status === 0;
}

// A test command must leave the checkout as it found it: every tracked file's state before and after
// (status line and content hash), compared in finish(). Outside a git checkout there is nothing to compare.
function trackedState() {
    const status = spawnSync("git", ["status", "--porcelain=v1", "-z", "--untracked-files=no"], { cwd: root, env, encoding: "utf8" });
    if (status.status !== 0) {
        return undefined;
    }
    const entries = status.stdout.split("\0").filter(Boolean).map((e) => ({ xy: e.slice(0, 2), file: e.slice(3) }));
    const present = entries.map((e) => e.file).filter((f) => fs.existsSync(path.join(root, f)));
    const hashes = present.length ? spawnSync("git", ["hash-object", "--", ...present], { cwd: root, env, encoding: "utf8" }).stdout.split("\n") : [];
    return new Map(entries.map((e) => [e.file, `${e.xy} ${hashes[present.indexOf(e.file)] ?? "deleted"}`]));
}
const trackedBefore = trackedState();
if (!trackedBefore) {
    process.stdout.write("(not a git checkout: the check that tracked files stay unchanged is skipped)\n");
}

function checkTrackedFiles() {
    if (!trackedBefore) {
        return;
    }
    const after = trackedState() ?? new Map();
    const changed = [...new Set([...trackedBefore.keys(), ...after.keys()])].filter((f) => trackedBefore.get(f) !== after.get(f));
    if (changed.length > 0) {
        failures.push(`the test command changed tracked files: ${changed.join(", ")}`);
    }
}

function finish() {
    checkTrackedFiles();
    process.stdout.write(`\nSteps failed: ${failures.length ? failures.join(", ") : "none"}; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
    process.stdout.write(`tests: ${passed} passed, ${failed + (failures.length && failed === 0 ? failures.length : 0)} failed\n`);
    process.exit(failures.length ? 1 : 0);
}

// 1. Install, exactly the lock file (`npm install` would rewrite it, a tracked file).
if (!run("install npm packages (npm ci)", "npm", ["ci", "--no-audit", "--no-fund"]).ok) {
    finish();
}
if (!have("cargo", ["--version"])) {
    failures.push("cargo is missing: install Rust (rustup) first");
    finish();
}
for (const component of ["rustfmt", "clippy"]) {
    const probe = component === "rustfmt" ? ["fmt", "--version"] : ["clippy", "--version"];
    if (!have("cargo", probe)) {
        run(`add the ${component} component`, "rustup", ["component", "add", component]);
    }
}

// 2. Build: the native module in release mode through @napi-rs/cli, then TypeScript.
run("build the native module", "npx", ["napi", "build", "--platform", "--release", "--manifest-path", "native/napi/Cargo.toml", "--output-dir", "native/napi", "--js", "index.js", "--dts", "index.d.ts", "--strip"]);
run("build the relay (static)", "npm", ["run", "build:relay"]);
run("type-check and compile (strict tsc)", "npx", ["tsc", "-p", "tsconfig.json"]);
run("type-check the Decisions panel's browser code (strict tsc, DOM)", "npx", ["tsc", "-p", "src/webview/ui"]);
if (failures.length) {
    finish();
}

// 3. Lint.
run("eslint", "npx", ["eslint", "."]);
run("cargo fmt --check", "cargo", ["fmt", "--manifest-path", "native/Cargo.toml", "--all", "--", "--check"]);
run("cargo clippy -D warnings", "cargo", ["clippy", "--manifest-path", "native/Cargo.toml", "--workspace", "--all-targets", "--", "-D", "warnings"]);

// 4. Rust tests.
// --show-output: the property suites print their case counts, the hostile-input suite its times.
const cargo = run("cargo test", "cargo", ["test", "--manifest-path", "native/Cargo.toml", "--workspace", "--color", "never", "--", "--show-output"], { capture: true });
for (const m of cargo.stdout.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
}

// 5. TypeScript unit tests in plain Node.
const unitDir = path.join(root, "out", "test", "unit");
const unitFiles = fs.existsSync(unitDir) ? fs.readdirSync(unitDir, { recursive: true }).filter((f) => String(f).endsWith(".test.js")).map((f) => path.join("out", "test", "unit", String(f))) : [];
const unit = run("unit tests (node:test)", process.execPath, ["--test", "--test-reporter=spec", "--test-reporter-destination=stdout", ...unitFiles], { capture: true });
const pass = /ℹ pass (\d+)/.exec(unit.stdout);
const fail = /ℹ fail (\d+)/.exec(unit.stdout);
passed += Number(pass?.[1] ?? 0);
failed += Number(fail?.[1] ?? 0);

// 5b. Faults, short form (npm run faults writes the full bench/results/faults.md).
const faults = run("faults (short form)", process.execPath, ["out/bench/faults.js", "--short"], { capture: true });
const faultsLine = /^faults: (\d+) of (\d+) as expected/m.exec(faults.stdout);
passed += Number(faultsLine?.[1] ?? 0);
failed += Number(faultsLine?.[2] ?? 0) - Number(faultsLine?.[1] ?? 0);

// The property-based suites and their case counts, in one place.
const propertyLines = [...cargo.stdout.matchAll(/^(proptest: .*)$/gm), ...unit.stdout.matchAll(/^\s*# (fast-check: .*)$/gm)].map((m) => m[1]);
process.stdout.write(`\nproperty-based suites (${propertyLines.length}):\n${propertyLines.map((l) => `  ${l}`).join("\n")}\n`);

// 6. End to end: the real Claude Code, Codex and Copilot CLIs against the relay and the engine.
const e2e = run("end-to-end with the real agent clients", process.execPath, ["test/e2e/run.mjs", "--no-build"], { capture: true });
const e2eLine = /^e2e: (\d+) passed, (\d+) failed/m.exec(e2e.stdout);
passed += Number(e2eLine?.[1] ?? 0);
failed += Number(e2eLine?.[2] ?? 0);

// 7. The extension in a real VS Code (code-server, Node 24 and Chromium installed on first run).
const integ = run("integration tests in a real VS Code (code-server + chromium)", process.execPath, ["test/integration/run.mjs"], { capture: true });
const integLine = /^integration: (\d+) passed, (\d+) failed/m.exec(integ.stdout);
passed += Number(integLine?.[1] ?? 0);
failed += Number(integLine?.[2] ?? 0);

// 8. The Decisions panel in a real VS Code, driven by Playwright (its own code-server run).
const panel = run("the Decisions panel in a real VS Code (Playwright, axe-core, screenshots)", process.execPath, ["test/integration/panel.mjs"], { capture: true });
const panelLine = /^panel: (\d+) passed, (\d+) failed/m.exec(panel.stdout);
passed += Number(panelLine?.[1] ?? 0);
failed += Number(panelLine?.[2] ?? 0);

// 8. Nothing the run left behind (logs, spool records, artifacts) holds a secret from the fixtures.
const scan = run("secrets scan of every log, spool record and artifact", process.execPath, ["scripts/scan-secrets.mjs"], { capture: true });
if (/secrets scan: .* 0 found/.test(scan.stdout)) {
    passed += 1;
} else {
    failed += 1;
}

finish();
