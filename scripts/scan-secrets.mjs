#!/usr/bin/env node
// After a test run: scans every decision log, spool record and artifact the run left for the
// secrets the test fixtures carry, with the engine's own secrets classifier. A fixture secret in
// any of them means something was logged or kept unredacted. Prints one line
// "secrets scan: F files, S fixture secrets, N found" and exits 1 when N > 0.
//
// Fixture secrets: what the classifier finds in test/ (fixtures, payloads, the tests' own inputs).
// Scanned: test/artifacts, bench/results, .vscode-test/runs (when it is this checkout's own
// directory, not a link to a shared cache), and the *.jsonl logs and spool/*.json records under
// the temporary directories the tests make (hookwarden-*).
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const native = require(path.join(root, "native", "napi", "index.js"));
const MAX_BYTES = 32 * 1024 * 1024;

function* walk(dir, filter = () => true, depth = 0) {
    let entries;
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return;
    }
    for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && depth < 12 && e.name !== "node_modules") {
            yield* walk(p, filter, depth + 1);
        } else if (e.isFile() && filter(p)) {
            yield p;
        }
    }
}

function text(file) {
    try {
        if (fs.statSync(file).size > MAX_BYTES) {
            return undefined;
        }
        const buf = fs.readFileSync(file);
        return buf.subarray(0, 4096).includes(0) ? undefined : buf.toString("utf8");
    } catch {
        return undefined;
    }
}

const secrets = new Set();
for (const file of walk(path.join(root, "test"), (p) => !p.includes(`${path.sep}artifacts${path.sep}`))) {
    const t = text(file);
    for (const f of t ? native.scanSecrets(t) : []) {
        const s = t.slice(f.span.start, f.span.end);
        if (s.length >= 8) {
            secrets.add(s);
        }
    }
}

const targets = [];
for (const dir of [path.join(root, "test", "artifacts"), path.join(root, "bench", "results")]) {
    targets.push(...walk(dir));
}
const runs = path.join(root, ".vscode-test", "runs");
let runsNote = "";
if (fs.existsSync(runs)) {
    if (fs.lstatSync(path.join(root, ".vscode-test")).isSymbolicLink()) {
        runsNote = " (.vscode-test is a link to a shared cache: its runs were not scanned)";
    } else {
        targets.push(...walk(runs, (p) => /\.(log|jsonl|json|md|txt)$/.test(p)));
    }
}
for (const e of fs.readdirSync(os.tmpdir(), { withFileTypes: true })) {
    if (e.isDirectory() && e.name.startsWith("hookwarden-")) {
        targets.push(...walk(path.join(os.tmpdir(), e.name), (p) => p.endsWith(".jsonl") || (path.basename(path.dirname(p)) === "spool" && p.endsWith(".json"))));
    }
}

const found = [];
for (const file of targets) {
    const t = text(file);
    if (t === undefined) {
        continue;
    }
    for (const s of secrets) {
        if (t.includes(s)) {
            found.push(`${path.relative(root, file)}: a fixture secret (${s.slice(0, 4)}…, ${s.length} characters)`);
        }
    }
}
for (const f of found) {
    process.stdout.write(`  ${f}\n`);
}
process.stdout.write(`secrets scan: ${targets.length} files, ${secrets.size} fixture secrets, ${found.length} found${runsNote}\n`);
process.exit(found.length > 0 ? 1 : 0);
