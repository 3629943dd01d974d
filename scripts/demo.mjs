#!/usr/bin/env node
// `npm run demo`: builds Hookwarden if needed, then plays a scripted agent session (Claude Code,
// Codex, Copilot CLI and VS Code payloads) through `hookwarden check` with the default policy
// and prints each decision as the decision log will show it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_")));
const sh = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
    if (r.status !== 0) {
        process.exit(r.status ?? 1);
    }
};

if (!fs.existsSync(path.join(root, "node_modules"))) {
    sh("npm", ["install", "--no-audit", "--no-fund"]);
}
if (!fs.readdirSync(path.join(root, "native", "napi")).some((f) => f.endsWith(".node"))) {
    sh("npm", ["run", "build:native"]);
}
sh("npx", ["tsc", "-p", "tsconfig.json"]);

const fixtures = path.join(root, "test", "fixtures", "payloads");
const session = [
    ["claude", "rm-rf", "the agent wants to wipe the project"],
    ["codex", "curl-bash", "the agent pipes an installer into bash"],
    ["copilot", "npm-test", "the agent runs the tests"],
    ["vscode", "output-secrets", "a tool printed credentials"],
    ["claude", "output-secrets", "the same output in Claude Code"],
];
const colour = { allow: "\x1b[32m", ask: "\x1b[33m", deny: "\x1b[31m" };
process.stdout.write("\nHookwarden demo: a scripted agent session decided by the default policy\n\n");
for (const [harness, name, story] of session) {
    const payload = fs.readFileSync(path.join(fixtures, `${name}.${harness}.json`), "utf8");
    const event = name === "output-secrets" ? "postToolUse" : "preToolUse";
    const args = [path.join(root, "bin", "hookwarden.js"), "check", "--harness", harness, "--event", event];
    const answer = spawnSync(process.execPath, args, { input: payload, encoding: "utf8" }).stdout.trim();
    const decision = JSON.parse(spawnSync(process.execPath, [...args, "--format", "decision"], { input: payload, encoding: "utf8" }).stdout);
    const v = decision.decision;
    process.stdout.write(`${colour[v] ?? ""}${v.toUpperCase().padEnd(5)}\x1b[0m ${harness.padEnd(7)} ${decision.event.padEnd(11)} ${story}\n`);
    process.stdout.write(`      reason: ${decision.reason}\n`);
    for (const t of decision.trace) {
        process.stdout.write(`      · ${t.hook} → ${t.outcome} (${t.latencyUs} µs)${t.findings.length ? `: ${t.findings.map((f) => f.ruleId).join(", ")}` : ""}\n`);
    }
    if (decision.updatedOutput) {
        process.stdout.write(`      redacted output: ${JSON.stringify(decision.updatedOutput)}\n`);
    }
    process.stdout.write(`      answer to ${harness}: ${answer}\n\n`);
}
