#!/usr/bin/env node
// Integration tests in a REAL VS Code (code-server 4.139 on Node 24, Debian chromium through
// Playwright), installed by scripts/setup-vscode.mjs under .vscode-test/ on first use.
//   1. the packaged VSIX holds exactly the allow-listed files
//   2. run A: the VSIX installed; suite/index.js runs inside the extension host (payload URL):
//      activation, relay answered by the engine, registration, broken edit keeps the last good policy
//   3. run B: an untrusted workspace driven from outside: a workspace command hook is held back,
//      granting trust enables it without reload; then a scripted session and a screenshot
//   4. run C (agentSuite.mjs): VS Code's own agent governed through the extension's registration,
//      then the same workspace with VS Code closed (Claude Code, a headless engine) and reopened
// Writes test/artifacts/{activation.json,integration.json,workbench-status.png,vscode-agent-*.png}.
// Last line: "integration: N passed, M failed".
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

import { setupAll, CACHE } from "../../scripts/setup-vscode.mjs";
import { WEBVIEW_FILES, packageVsix } from "../../scripts/package.mjs";
import { runAgentSuite } from "./agentSuite.mjs";
import { ROOT, SAMPLE_POLICY, callRelay, freePort, installVsix, launchBrowser, makeRunDir, payload, payloadUrl, registryEntries, startCodeServer, testRecorder, verdictOf, waitFor } from "./lib.mjs";

const started = Date.now();
const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const RUNS = path.join(CACHE, "runs");
fs.mkdirSync(ARTIFACTS, { recursive: true });
const { results, say, test, assert } = testRecorder();
const info = {};

function findFile(dir, name) {
    if (!fs.existsSync(dir)) {
        return undefined;
    }
    for (const entry of fs.readdirSync(dir, { recursive: true })) {
        if (path.basename(String(entry)) === name) {
            return path.join(dir, String(entry));
        }
    }
    return undefined;
}

function finish() {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    fs.writeFileSync(path.join(ARTIFACTS, "integration.json"), `${JSON.stringify({ info, results, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
    say(`integration run took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    say(`integration: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

// 0. Set-up and packaging.
try {
    const t0 = Date.now();
    setupAll();
    info.setupSeconds = (Date.now() - t0) / 1000;
} catch (err) {
    results.push({ name: "set up Node 24, code-server and chromium", ok: false, error: String(err) });
    finish();
}
let vsix;
await test("npm run package builds the linux-x64 VSIX offline", async () => {
    const t0 = Date.now();
    const r = packageVsix();
    vsix = r.vsix;
    info.vsixBytes = r.bytes;
    info.packageSeconds = (Date.now() - t0) / 1000;
    say(`  ${path.basename(vsix)}: ${(r.bytes / 1024 / 1024).toFixed(2)} MiB`);
});
if (!vsix) {
    finish();
}

// 1. The VSIX holds exactly the allow-listed files.
await test("the VSIX holds exactly the allow-listed files", async () => {
    const r = spawnSync("python3", ["-c", "import sys,zipfile;print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", vsix], { encoding: "utf8" });
    assert(r.status === 0, r.stderr);
    const files = r.stdout.trim().split("\n").sort();
    const media = fs.readdirSync(path.join(ROOT, "media")).map((f) => `extension/media/${f}`);
    const nodes = fs.readdirSync(path.join(ROOT, "native", "napi")).filter((f) => f.endsWith(".node")).map((f) => `extension/native/napi/${f}`);
    const expected = [
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/readme.md",
        "extension/LICENSE.txt",
        "extension/hooks.schema.json",
        "extension/dist/extension.js",
        "extension/dist/uninstall.js",
        "extension/dist/cli.js",
        ...WEBVIEW_FILES.map((f) => `extension/dist/webview/${f}`),
        "extension/dist/bin/hookwarden-relay",
        "extension/native/napi/index.js",
        ...nodes,
        ...media,
    ].sort();
    assert(JSON.stringify(files) === JSON.stringify(expected), `VSIX files differ.\n  extra: ${files.filter((f) => !expected.includes(f)).join(", ")}\n  missing: ${expected.filter((f) => !files.includes(f)).join(", ")}`);
});

// 2. Run A: the installed VSIX, tests inside the extension host.
async function runSuite(run, extDir, withDevPath) {
    const port = await freePort();
    const resultsFile = path.join(run, "suite-results.json");
    fs.rmSync(resultsFile, { force: true });
    const env = { HW_RESULTS: resultsFile, HW_REPO: ROOT, HW_HOME: path.join(run, "home"), HW_EXPECT_VSIX: path.join(run, "ext") };
    const cs = await startCodeServer(run, { port, testDriver: true, env });
    const browser = await launchBrowser();
    try {
        const page = await browser.newPage();
        let exitCode;
        const logs = [];
        await page.exposeFunction("codeAutomationLog", (line) => logs.push(String(line)));
        await page.exposeFunction("codeAutomationExit", (code) => {
            exitCode = code;
        });
        const entries = [["extensionTestsPath", path.join(ROOT, "test", "integration", "suite", "index.js")]];
        if (withDevPath) {
            entries.unshift(["extensionDevelopmentPath", extDir]);
        }
        const t0 = Date.now();
        await page.goto(payloadUrl(port, path.join(run, "ws"), entries));
        await waitFor("the suite to finish", () => exitCode !== undefined || fs.existsSync(resultsFile), withDevPath ? 120_000 : 60_000, 200);
        await waitFor("the extension host to exit", () => exitCode !== undefined, 10_000, 100).catch(() => undefined);
        info.suiteSeconds = (Date.now() - t0) / 1000;
        fs.writeFileSync(path.join(run, "exthost-console.log"), logs.join("\n"));
        return { exitCode, suite: fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : undefined };
    } finally {
        await browser.close().catch(() => undefined);
        cs.stop();
    }
}

{
    const run = makeRunDir(RUNS, "a");
    fs.mkdirSync(path.join(run, "ws", ".vscode"));
    fs.writeFileSync(path.join(run, "ws", ".vscode", "hooks.json"), SAMPLE_POLICY);
    let extDir;
    await test("the VSIX installs into code-server (--install-extension)", async () => {
        extDir = installVsix(run, vsix);
        info.installedAt = extDir;
    });
    if (extDir) {
        // The payload's extensionTestsPath alone does not start the tests in code-server; the
        // installed VSIX's own folder as extensionDevelopmentPath does, and still runs the VSIX's files.
        const out = await runSuite(run, extDir, true);
        info.exitCode = out.exitCode;
        if (!out.suite) {
            results.push({ name: "the in-host suite ran", ok: false, error: `no results; see ${run}/cs.log` });
        } else {
            Object.assign(info, out.suite.info);
            for (const r of out.suite.results) {
                results.push({ ...r, name: `[extension host] ${r.name}` });
                say(`${r.ok ? "PASS" : "FAIL"} [extension host] ${r.name}${r.ok ? "" : `: ${r.error}`}`);
            }
            if (typeof out.suite.info.activationMs === "number") {
                fs.writeFileSync(
                    path.join(ARTIFACTS, "activation.json"),
                    `${JSON.stringify({ activationMs: out.suite.info.activationMs, restartMs: out.suite.info.restartMs, timings: out.suite.info.timings, vscode: out.suite.info.vscode, node: out.suite.info.node, measuredAt: new Date().toISOString(), what: "activate() entered → engine listening, wall clock in the real extension host at window start-up (other extensions activate in between); restartMs: the same path on hookwarden.enable in a settled host" }, null, 2)}\n`,
                );
                say(`  activation (activate → engine listening): ${out.suite.info.activationMs.toFixed(1)} ms`);
            }
        }
    }
}

// 2b. The vscode:uninstall script (dist/uninstall.js, as installed) takes the registration away.
await test("vscode:uninstall (dist/uninstall.js) removes every registration and the relay copy", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert(pkg.scripts["vscode:uninstall"] === "node ./dist/uninstall.js", "package.json has no vscode:uninstall script");
    const home = fs.mkdtempSync(path.join(RUNS, "uninstall-"));
    try {
        fs.mkdirSync(path.join(home, ".claude"));
        const original = '{\n  "theme": "dark" // mine\n}\n';
        fs.writeFileSync(path.join(home, ".claude", "settings.json"), original);
        const { install } = await import(path.join(ROOT, "out", "src", "registration", "install.js"));
        install({ home, relaySource: path.join(ROOT, "dist", "bin", "hookwarden-relay") });
        assert(fs.readFileSync(path.join(home, ".claude", "settings.json"), "utf8").includes("hookwarden-relay"), "install did not register");
        const extDir = path.join(RUNS, "a", "ext", fs.readdirSync(path.join(RUNS, "a", "ext")).find((d) => d.startsWith("hookwarden.")));
        const r = spawnSync(process.execPath, [path.join(extDir, "dist", "uninstall.js")], { env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" });
        assert(r.status === 0, r.stderr);
        assert(fs.readFileSync(path.join(home, ".claude", "settings.json"), "utf8") === original, "claude settings not restored");
        assert(!fs.existsSync(path.join(home, ".copilot", "hooks", "hookwarden.json")), "copilot hook file left");
        assert(!fs.existsSync(path.join(home, ".hookwarden", "bin", "hookwarden-relay")), "relay copy left");
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
});

// 3. Run B: an untrusted workspace, driven from outside through the relay and the workbench.
{
    const run = makeRunDir(RUNS, "b");
    const ws = path.join(run, "ws");
    fs.mkdirSync(path.join(ws, ".vscode"));
    const policy = SAMPLE_POLICY.replace(
        '"hooks": [',
        `"hooks": [\n    { "name": "marker-guard", "event": "PreToolUse", "match": { "tool": "@shell" }, "command": "grep -q HOLD-BACK-MARKER && { echo 'the workspace command hook blocked it' >&2; exit 2; }; exit 0" },`,
    );
    fs.writeFileSync(path.join(ws, ".vscode", "hooks.json"), policy);
    const rt = path.join(run, "rt");
    let extDir;
    let cs;
    let browser;
    try {
        extDir = installVsix(run, vsix);
        const relay = path.join(extDir, "dist", "bin", "hookwarden-relay");
        const marker = JSON.parse(payload("npm-test.claude", ws));
        marker.tool_input.command = "echo HOLD-BACK-MARKER";
        const port = await freePort();
        cs = await startCodeServer(run, { port, trust: false });
        browser = await launchBrowser();
        const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
        await page.goto(cs.url);
        await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
        const status = page.locator(".statusbar-item", { hasText: "Hookwarden" }).first();

        await test("untrusted workspace: the workspace command hook is held back and the user is told", async () => {
            // Workspace trust's start-up dialog: answer "No" to stay in Restricted Mode.
            const no = page.getByRole("button", { name: /No, I don.t trust/ });
            await no.waitFor({ timeout: 20_000 }).then(() => no.click()).catch(() => undefined);
            await waitFor("the engine's registry entry", () => registryEntries(rt).length > 0, 30_000);
            const r = callRelay(relay, "claude", JSON.stringify(marker), rt);
            assert(verdictOf(r.stdout) === "allow", `expected allow with the hook held back, got ${r.stdout}`);
            // Told twice: the output channel's log file, and a notification (seen in the notification centre).
            const logFile = await waitFor("the output channel's log file", () => findFile(path.join(run, "data", "logs"), "Hookwarden.log"), 10_000);
            await waitFor("the held-back line in the output channel", () => /untrusted workspace: held back marker-guard/.test(fs.readFileSync(logFile, "utf8")), 10_000);
            await page.keyboard.press("F1");
            await page.keyboard.type("Notifications: Show Notifications");
            await page.waitForTimeout(400);
            await page.keyboard.press("Enter");
            await waitFor("the held-back notification", async () => (await page.locator(".notification-toast, .notifications-center").filter({ hasText: "marker-guard" }).count()) > 0, 10_000);
            await page.keyboard.press("Escape");
            await waitFor("the status bar count", async () => /1 allowed/.test((await status.textContent()) ?? ""), 10_000);
        });

        await test("granting workspace trust enables the held-back hook without a reload", async () => {
            await page.keyboard.press("F1");
            await page.keyboard.type("Workspaces: Manage Workspace Trust");
            await page.waitForTimeout(500);
            await page.keyboard.press("Enter");
            const trust = page.getByRole("button", { name: /^Trust( Folder)?$/ }).first();
            await trust.waitFor({ timeout: 15_000 });
            await trust.click();
            assert(registryEntries(rt).length > 0, "no engine registered");
            const deniedBefore = Number(/(\d+) denied/.exec((await status.textContent()) ?? "")?.[1]);
            const deadline = Date.now() + 15_000;
            let verdict;
            while (Date.now() < deadline) {
                verdict = verdictOf(callRelay(relay, "claude", JSON.stringify(marker), rt).stdout);
                if (verdict === "deny") {
                    break;
                }
                await new Promise((r) => setTimeout(r, 300));
            }
            assert(verdict === "deny", `the command hook did not run after trust (last verdict ${verdict})`);
            await waitFor("the engine's deny in the status bar", async () => Number(/(\d+) denied/.exec((await status.textContent()) ?? "")?.[1]) === deniedBefore + 1, 10_000);
        });

        await test("a scripted agent session through the relay shows in the status bar (screenshot)", async () => {
            const before = /(\d+) allowed · (\d+) asked · (\d+) denied/.exec((await status.textContent()) ?? "");
            assert(before, "no counts in the status bar");
            const session = [
                ["claude", "rm-rf.claude", undefined, "deny"],
                ["codex", "curl-bash.codex", undefined, "deny"],
                ["claude", "sudo.claude", undefined, "ask"],
                ["copilot", "npm-test.copilot", "preToolUse", "allow"],
                ["claude", "output-secrets.claude", undefined, "allow"],
            ];
            for (const [harness, name, event, expect] of session) {
                const r = callRelay(relay, harness, payload(name, ws), rt, event);
                assert(verdictOf(r.stdout) === expect, `${name}: expected ${expect}, got ${r.stdout}`);
                if (name.startsWith("output-secrets")) {
                    assert(!r.stdout.includes("AKIAZ7QH4TJ3XW5LMN2P") && r.stdout.length > 2, `secret not redacted: ${r.stdout}`);
                }
            }
            const want = `${Number(before[1]) + 2} allowed · ${Number(before[2]) + 1} asked · ${Number(before[3]) + 2} denied`;
            await waitFor(`status bar "${want}"`, async () => ((await status.textContent()) ?? "").includes(want), 10_000);
            // Close the trust editor and show the Hookwarden output channel with the session's decisions.
            for (const command of ["View: Close All Editors", "Hookwarden: Show Log"]) {
                await page.keyboard.press("F1");
                await page.keyboard.type(command);
                await page.waitForTimeout(400);
                await page.keyboard.press("Enter");
                await page.waitForTimeout(600);
            }
            await page.locator(".output-view, .panel").filter({ hasText: "DENY" }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
            await page.screenshot({ path: path.join(ARTIFACTS, "workbench-status.png") });
            info.statusBar = await status.textContent();
        });

        await test("issue 11: the policy editor shows a squiggle under an unknown category and the completion list (screenshot)", async () => {
            const file = path.join(ws, ".vscode", "hooks.json");
            const broken = policy.replace('"destructive-git"', '"destructve-git"');
            fs.writeFileSync(file, broken);
            const lines = broken.split("\n");
            const line = lines.findIndex((l) => l.includes('"destructve-git"'));
            const column = lines[line].indexOf('"destructve-git"') + 2;
            for (const [command, arg] of [["View: Close All Editors"], ["Hookwarden: Open Workspace Policy"], ["Go to Line/Column", `${line + 1}:${column}`]]) {
                await page.keyboard.press("F1");
                await page.keyboard.type(command);
                await page.waitForTimeout(500);
                await page.keyboard.press("Enter");
                if (arg) {
                    await page.waitForTimeout(300);
                    await page.keyboard.type(arg);
                    await page.keyboard.press("Enter");
                }
                await page.waitForTimeout(700);
            }
            await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 15_000 });
            await page.keyboard.press("Control+Space");
            const suggest = page.locator(".suggest-widget.visible");
            await suggest.waitFor({ timeout: 10_000 });
            await waitFor("the shell categories in the completion list", async () => /destructive-git/.test((await suggest.textContent()) ?? ""), 10_000);
            await page.screenshot({ path: path.join(ARTIFACTS, "policy-editor.png") });
            await page.keyboard.press("Escape");
        });
    } catch (err) {
        results.push({ name: "run B (untrusted workspace) started", ok: false, error: String(err?.stack ?? err) });
        say(`FAIL run B: ${err?.message ?? err}`);
    } finally {
        await browser?.close().catch(() => undefined);
        cs?.stop();
    }
}

// 4. Run C: VS Code's own agent, then the editor closed and reopened.
try {
    await runAgentSuite(vsix, { test, assert, say, info, artifacts: ARTIFACTS });
} catch (err) {
    results.push({ name: "run C (VS Code's own agent) started", ok: false, error: String(err?.stack ?? err) });
    say(`FAIL run C: ${err?.message ?? err}`);
}

finish();
