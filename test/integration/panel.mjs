#!/usr/bin/env node
/* global document */
// The Decisions panel in a REAL VS Code (code-server) driven by Playwright in Debian's chromium:
// a scripted agent session goes through the installed relay, then the panel is checked the way
// a user would use it: rows with verdict and deciding hook, facet filters and their counts, a
// deny's trace with the finding's span marked, "Go to hook", "Add as policy test" (the test then
// passes), replay of an unsaved policy edit, a live decision, "Why?" from a deny notification,
// screenshots in light, dark and high-contrast themes, and an axe-core scan.
// Writes test/artifacts/decisions-panel-{light,dark,high-contrast}.png, decisions-axe.json and
// decisions-panel.json. Last line: "panel: N passed, M failed".
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

import { packageVsix } from "../../scripts/package.mjs";
import { CACHE, setupAll } from "../../scripts/setup-vscode.mjs";
import { ROOT, SAMPLE_POLICY, callRelay, freePort, installVsix, launchBrowser, makeRunDir, payload, registryEntries, startCodeServer, testRecorder, verdictOf, waitFor } from "./lib.mjs";

const ARTIFACTS = path.join(ROOT, "test", "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });
const { results, say, test, assert } = testRecorder();
const info = {};
const started = Date.now();

function finish() {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    fs.writeFileSync(path.join(ARTIFACTS, "decisions-panel.json"), `${JSON.stringify({ info, results, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
    say(`panel: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

/** The policy of this run: the sample plus a hook that never matches (the summary lists it). */
const POLICY = SAMPLE_POLICY.replace(
    '"hooks": [',
    `"hooks": [\n    { "name": "notebook-guard", "event": "PreToolUse", "match": { "tool": "NotebookEdit" }, "classifier": "paths", "options": { "deny": ["**/notebooks/private/**"] } },`,
).replace(/\n}\n$/, ',\n  "tests": []\n}\n');

async function command(page, title) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    await page.keyboard.type(title);
    await page.waitForTimeout(400);
    await page.keyboard.press("Enter");
}

/** The panel's webview document: the frame holding its layout (webviews nest two iframes). */
async function panelFrame(page, timeoutMs = 20_000) {
    return waitFor(
        "the Decisions panel's webview",
        async () => {
            for (const f of page.frames()) {
                if (await f.$(".layout .grid").catch(() => null)) {
                    return f;
                }
            }
            return undefined;
        },
        timeoutMs,
        200,
    );
}

async function rowsOf(frame) {
    return frame.$$eval(".grid-rows .row", (els) =>
        els
            .map((el) => ({ id: el.dataset.id, index: Number(el.getAttribute("aria-rowindex")), cells: [...el.querySelectorAll(".cell")].map((c) => c.textContent.trim()) }))
            .sort((a, b) => a.index - b.index)
            .map(({ id, cells }) => ({ id, time: cells[0], harness: cells[1], event: cells[2], tool: cells[3], summary: cells[4], verdict: cells[5], origin: cells[6], hook: cells[7], latency: cells[8] })),
    );
}

async function facetCounts(frame, facet) {
    return frame.$$eval(`fieldset[data-facet="${facet}"] vscode-checkbox`, (els) => Object.fromEntries(els.map((e) => [e.dataset.value, Number(e.querySelector(".count").dataset.count)])));
}

function readLog(run) {
    const file = fs.readdirSync(path.join(run, "data"), { recursive: true }).map(String).find((f) => f.endsWith("decisions.jsonl"));
    assert(file, "no decisions.jsonl under the user data dir");
    return fs.readFileSync(path.join(run, "data", file), "utf8").trim().split("\n").map((l) => JSON.parse(l));
}

function setTheme(run, theme) {
    const file = path.join(run, "data", "User", "settings.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ "workbench.colorTheme": theme, "hookwarden.notifications": "all", "workbench.startupEditor": "none", "files.autoSave": "off" }, null, 2)}\n`);
}

// Set-up.
try {
    setupAll();
} catch (err) {
    results.push({ name: "set up Node 24, code-server and chromium", ok: false, error: String(err) });
    finish();
}
let vsix;
await test("the VSIX builds with the panel's bundle", async () => {
    vsix = packageVsix().vsix;
});
if (!vsix) {
    finish();
}
const run = makeRunDir(path.join(CACHE, "runs"), "panel");
const ws = path.join(run, "ws");
fs.mkdirSync(path.join(ws, ".vscode"));
const policyFile = path.join(ws, ".vscode", "hooks.json");
fs.writeFileSync(policyFile, POLICY);
// The user's own switch turns the built-in default layer off, so the workspace policy's hooks
// decide and "go to hook" has a file to open (the panel, not the layering, is under test here).
fs.mkdirSync(path.join(run, "home", ".hookwarden"), { recursive: true });
fs.writeFileSync(path.join(run, "home", ".hookwarden", "hooks.json"), '{ "defaults": { "enabled": false }, "hooks": [] }\n');
setTheme(run, "Default Light Modern");
const rt = path.join(run, "rt");
let cs;
let browser;
try {
    const extDir = installVsix(run, vsix);
    const relay = path.join(extDir, "dist", "bin", "hookwarden-relay");
    cs = await startCodeServer(run, { port: await freePort() });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(cs.url);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    await waitFor("the engine's registry entry", () => registryEntries(rt).length > 0, 30_000);
    await page.locator(".statusbar-item", { hasText: "Hookwarden: 0 allowed" }).first().waitFor({ timeout: 30_000 });
    // The window settles (settings read, the first-run prompt) before the session starts.
    await page.waitForTimeout(1500);
    await waitFor("one live engine", () => registryEntries(rt).length === 1, 10_000);

    const session = [
        ["claude", "rm-rf.claude", undefined, "deny", "shell-safety"],
        ["codex", "curl-bash.codex", undefined, "deny", "shell-safety"],
        ["claude", "sudo.claude", undefined, "ask", "shell-safety"],
        ["copilot", "npm-test.copilot", "preToolUse", "allow", "shell-safety"],
        ["claude", "output-secrets.claude", undefined, "allow", "redact-secrets"],
    ];
    for (const [harness, name, event, expect] of session) {
        const r = callRelay(relay, harness, payload(name, ws), rt, event);
        assert(verdictOf(r.stdout) === expect, `${name}: expected ${expect}, got ${r.stdout}`);
    }
    await waitFor("five records in the log", () => readLog(run).length >= 5, 10_000);
    const logged = readLog(run);
    // The deny notifications of the session: dismissed (one is used for "Why?" later).
    await command(page, "Notifications: Clear All Notifications");

    // Room for the panel, as a user would drag it: the editor above keeps a third of the window.
    await command(page, "View: Close Secondary Side Bar").catch(() => undefined);
    await command(page, "Hookwarden: Show Decisions");
    const panelBox = await page.locator(".part.panel").boundingBox();
    if (panelBox) {
        await page.mouse.move(panelBox.x + panelBox.width / 2, panelBox.y - 1);
        await page.mouse.down();
        await page.mouse.move(panelBox.x + panelBox.width / 2, 330, { steps: 5 });
        await page.mouse.up();
    }

    let frame;
    await test("after a scripted session through the relay, the panel shows each decision with its verdict and deciding hook", async () => {
        const t0 = Date.now();
        await command(page, "Hookwarden: Show Decisions");
        frame = await panelFrame(page);
        await waitFor("five rows", async () => (await rowsOf(frame)).length === 5, 15_000);
        info.openToRowsMs = Date.now() - t0;
        const rows = await rowsOf(frame);
        assert(
            JSON.stringify(rows.map((r) => r.id)) === JSON.stringify(logged.map((r) => r.id)),
            `rows ${rows.map((r) => r.id)} are not the log's records ${logged.map((r) => r.id)}`,
        );
        session.forEach(([harness, name, , verdict, hook], i) => {
            const r = rows[i];
            assert(r.harness === harness && r.verdict === verdict && r.hook === hook, `${name}: row ${JSON.stringify(r)} ≠ ${harness} ${verdict} ${hook}`);
        });
        assert(rows[0].summary.includes("rm -rf"), `summary of rm -rf: ${rows[0].summary}`);
        const summary = await frame.textContent(".summary");
        assert(/never matched: notebook-guard/.test(summary), `summary strip lacks the never-matched hook: ${summary}`);
        assert(/shell-safety p50 .* p95 /.test(summary), `summary strip lacks per-hook latency: ${summary}`);
    });

    await test("a facet filter narrows the rows and every facet's counts agree with them", async () => {
        await frame.click('fieldset[data-facet="verdict"] vscode-checkbox[data-value="deny"]');
        await waitFor("two deny rows", async () => (await rowsOf(frame)).length === 2, 5000);
        const rows = await rowsOf(frame);
        assert(rows.every((r) => r.verdict === "deny"), "a non-deny row is shown");
        const verdicts = await facetCounts(frame, "verdict");
        // A facet counts with the other facets' filters: its own values keep their totals.
        assert(verdicts.deny === 2 && verdicts.ask === 1 && verdicts.allow === 2, `verdict counts ${JSON.stringify(verdicts)}`);
        for (const facet of ["harness", "event", "hook", "origin"]) {
            const counts = await facetCounts(frame, facet);
            const sum = Object.values(counts).reduce((a, b) => a + b, 0);
            assert(sum === rows.length, `${facet} counts ${JSON.stringify(counts)} do not add up to the ${rows.length} rows`);
        }
        const harness = await facetCounts(frame, "harness");
        assert(harness.claude === 1 && harness.codex === 1, `harness counts under deny: ${JSON.stringify(harness)}`);
        // Free text on top: only the curl | bash deny.
        await frame.fill("vscode-textfield#search input", "curl");
        await waitFor("one row", async () => (await rowsOf(frame)).length === 1, 5000);
        assert((await rowsOf(frame))[0].harness === "codex", "the text filter kept the wrong row");
        await frame.fill("vscode-textfield#search input", "");
        await frame.click('fieldset[data-facet="verdict"] vscode-checkbox[data-value="deny"]');
        await waitFor("all rows back", async () => (await rowsOf(frame)).length === 5, 5000);
    });

    await test("selecting a deny shows its trace with the finding's span marked in the input", async () => {
        await frame.click(`.row[data-id="${logged[0].id}"]`);
        await frame.waitForSelector(".detail-body .trace-entry", { timeout: 5000 });
        const detail = await frame.textContent(".detail-body");
        assert(detail.includes("shell-safety") && detail.includes("classifier") && detail.includes("deciding"), `trace lacks the deciding hook: ${detail.slice(0, 300)}`);
        const finding = logged[0].decision.trace.find((t) => t.hook === "shell-safety").findings[0];
        const marked = await frame.textContent(".detail-body mark");
        const command = logged[0].toolInput.command;
        assert(marked === Buffer.from(command).subarray(finding.span.start, finding.span.end).toString(), `marked "${marked}" is not the finding's span of "${command}"`);
        assert(marked.length > 0, "empty mark");
        info.markedSpan = marked;
    });

    await test('"Go to hook" opens hooks.json at the deciding hook\'s line', async () => {
        await frame.click('vscode-button[data-action="goToHook"]');
        const want = `Ln ${logged[0].hook.line}, Col ${logged[0].hook.column}`;
        await waitFor(`the cursor at ${want}`, async () => ((await page.textContent(".statusbar").catch(() => "")) ?? "").includes(want), 10_000);
        const tab = await page.textContent(".tabs-container .tab.active");
        assert(/hooks\.json/.test(tab), `the active editor is ${tab}`);
        const selected = /\((\d+) selected\)/.exec((await page.textContent(".statusbar")) ?? "");
        assert(selected && Number(selected[1]) > 20, "the hook's range is not selected");
    });

    await test('"Add as policy test" appends a test that passes (and Undo takes it back)', async () => {
        const ask = logged[2];
        await frame.click(`.row[data-id="${ask.id}"]`);
        await frame.click('vscode-button[data-action="addTest"]');
        await waitFor("a dirty hooks.json", async () => (await page.locator(".tabs-container .tab.dirty", { hasText: "hooks.json" }).count()) > 0, 10_000);
        await page.keyboard.press("Escape");
        await page.locator(".monaco-editor .view-lines").first().click();
        await page.keyboard.press("Control+z");
        await waitFor("the undo to clean the buffer", async () => (await page.locator(".tabs-container .tab.dirty", { hasText: "hooks.json" }).count()) === 0, 5000);
        assert(!fs.readFileSync(policyFile, "utf8").includes("sudo apt-get"), "the test reached the file before saving");
        await frame.click('vscode-button[data-action="addTest"]');
        await waitFor("a dirty hooks.json again", async () => (await page.locator(".tabs-container .tab.dirty", { hasText: "hooks.json" }).count()) > 0, 10_000);
        await page.locator(".monaco-editor .view-lines").first().click();
        await page.keyboard.press("Control+s");
        await waitFor("the test saved", () => fs.readFileSync(policyFile, "utf8").includes("sudo apt-get install -y jq"), 10_000);
        const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "hookwarden.js"), "test", "--policy", policyFile], { encoding: "utf8" });
        info.policyTest = r.stdout.trim();
        assert(r.status === 0 && /^ok {3}ask Bash: sudo apt-get install -y jq \(ask\)$/m.test(r.stdout) && /1 passed, 0 failed/.test(r.stdout), `hookwarden test: ${r.stdout}${r.stderr}`);
    });

    await test("editing the policy (unsaved) and replaying lists exactly the decisions that flip", async () => {
        // Privilege escalation moves from ask to deny, typed into the editor (find and replace), not saved.
        const from = '"remote-code-exec"], "ask": ["privilege"]';
        const to = '"remote-code-exec", "privilege"], "ask": []';
        assert(fs.readFileSync(policyFile, "utf8").includes(from), "the policy text to edit is not there");
        await page.locator(".monaco-editor .view-lines").first().click();
        await page.keyboard.press("Control+h");
        await page.keyboard.press("Control+a");
        await page.keyboard.insertText(from);
        await page.keyboard.press("Tab");
        await page.keyboard.press("Control+a");
        await page.keyboard.insertText(to);
        await page.keyboard.press("Control+Alt+Enter");
        await page.keyboard.press("Escape");
        await waitFor("the unsaved edit", async () => (await page.locator(".tabs-container .tab.dirty", { hasText: "hooks.json" }).count()) > 0, 5000);
        assert(!fs.readFileSync(policyFile, "utf8").includes(to), "the edit was saved");
        await frame.click('vscode-button[data-action="replayView"]');
        await frame.waitForSelector(".replay:not([hidden]) .replay-head", { timeout: 10_000 });
        const flips = await frame.$$eval(".flips li", (els) => els.map((e) => ({ id: e.dataset.id, text: e.textContent })));
        info.replay = { head: await frame.textContent(".replay-head"), flips };
        assert(flips.length === 1 && flips[0].id === logged[2].id, `flips ${JSON.stringify(flips)}; expected only the sudo ask`);
        assert(/ask → deny/.test(flips[0].text), `flip text ${flips[0].text}`);
        assert(/unsaved edits/.test(info.replay.head), `replay did not use the unsaved buffer: ${info.replay.head}`);
        const row = await frame.textContent(`.row[data-id="${logged[2].id}"]`);
        assert(row.includes("→ deny"), "the flipped row is not marked");
        // Put the saved policy back in the editor (revert), so the engine keeps deciding as before.
        await page.locator(".monaco-editor .view-lines").first().click();
        await command(page, "File: Revert File");
        await waitFor("the reverted buffer", async () => (await page.locator(".tabs-container .tab.dirty", { hasText: "hooks.json" }).count()) === 0, 5000);
    });

    await test("a decision made while the panel is open appears without a reload, and its deny notification's Why? opens it", async () => {
        const live = JSON.parse(payload("rm-rf.claude", ws));
        live.tool_input.command = "rm -rf ./build-output-live";
        // Something to lose: the workspace is not a git repository, so nothing in it is recoverable.
        fs.mkdirSync(path.join(ws, "build-output-live"), { recursive: true });
        fs.writeFileSync(path.join(ws, "build-output-live", "only-copy.txt"), "x\n");
        live.tool_use_id = "toolu_live";
        const before = (await rowsOf(frame)).length;
        const t0 = Date.now();
        const r = callRelay(relay, "claude", JSON.stringify(live), rt);
        const t1 = Date.now();
        assert(verdictOf(r.stdout) === "deny", `live call: ${r.stdout}`);
        await waitFor("the live row", async () => (await rowsOf(frame)).some((x) => x.summary.includes("build-output-live")), 5000, 10);
        info.liveDecisionToRowMs = Date.now() - t1;
        info.liveRelayMs = t1 - t0;
        assert((await rowsOf(frame)).length === before + 1, "rows were not appended by one");
        const why = page.getByRole("button", { name: "Why?" }).first();
        await why.waitFor({ timeout: 10_000 });
        await why.click();
        const id = readLog(run).at(-1).id;
        await waitFor("the detail of the live decision", async () => ((await frame.textContent(".detail-body").catch(() => "")) ?? "").includes(id), 10_000);
        assert((await frame.getAttribute(`.row[data-id="${id}"]`, "aria-selected")) === "true", "the live row is not selected");
    });

    await test("screenshots in light, dark and high-contrast themes", async () => {
        await command(page, "View: Close All Editors");
        await command(page, "Notifications: Clear All Notifications");
        await command(page, "Hookwarden: Show Decisions");
        // The panel as large as the window: every row of the session and the whole detail in view.
        await page.getByRole("button", { name: /Maximize Panel/ }).first().click({ timeout: 5000 }).catch(() => command(page, "View: Toggle Maximized Panel"));
        await page.waitForTimeout(500);
        await frame.click(`.row[data-id="${logged[0].id}"]`);
        for (const [name, theme, workbenchClass, webviewClass] of [
            ["light", "Light Modern", "vs", "vscode-light"],
            ["dark", "Dark Modern", "vs-dark", "vscode-dark"],
            ["high-contrast", "Dark High Contrast", "hc-black", "vscode-high-contrast"],
        ]) {
            const inForce = async () => (await page.evaluate(() => document.querySelector(".monaco-workbench")?.className ?? "")).split(" ").includes(workbenchClass);
            // The picker filters as it is typed into; on a busy machine Enter can come before the
            // list settles and pick another theme: try again, as a user would.
            for (let attempt = 0; attempt < 3 && !(await inForce()); attempt++) {
                await command(page, "Preferences: Color Theme");
                await page.keyboard.type(theme);
                await page.waitForTimeout(400 + attempt * 800);
                await page.keyboard.press("Enter");
                await waitFor(`the ${name} theme`, inForce, 5000, 200).catch(() => page.keyboard.press("Escape"));
            }
            await waitFor(`the ${name} theme`, inForce, 10_000, 200);
            await waitFor(`the webview in the ${name} theme`, async () => (await frame.evaluate(() => document.body.className)).includes(webviewClass), 10_000, 200);
            // The picker stays open when the theme is already in force (light, at start): close it.
            if (await page.locator(".quick-input-widget").isVisible().catch(() => false)) {
                await page.keyboard.press("Escape");
            }
            await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 5000 }).catch(() => undefined);
            await page.waitForTimeout(600);
            await page.screenshot({ path: path.join(ARTIFACTS, `decisions-panel-${name}.png`) });
        }
        await page.getByRole("button", { name: /Restore Panel/ }).first().click({ timeout: 5000 }).catch(() => undefined);
    });

    await test("axe-core finds no serious or critical accessibility violation in the panel", async () => {
        const require = createRequire(import.meta.url);
        const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
        // evaluate() runs outside the page's CSP (an injected <script> would rightly be refused).
        await frame.evaluate(`${source};0`);
        const report = await frame.evaluate(async () => {
            const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
            return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })), passes: r.passes.length };
        });
        fs.writeFileSync(path.join(ARTIFACTS, "decisions-axe.json"), `${JSON.stringify(report, null, 2)}\n`);
        const bad = report.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        info.axe = { violations: report.violations.map((v) => `${v.id} (${v.impact})`), passes: report.passes };
        assert(bad.length === 0, `serious/critical violations: ${JSON.stringify(bad)}`);
    });

    await test("the panel is usable by keyboard: arrows move the selection and the detail follows", async () => {
        await frame.focus(".grid");
        await frame.press(".grid", "Home");
        await waitFor("the first row selected", async () => (await frame.getAttribute(`.row[data-id="${logged[0].id}"]`, "aria-selected")) === "true", 5000);
        await frame.press(".grid", "ArrowDown");
        await waitFor("the second row's detail", async () => ((await frame.textContent(".detail-body")) ?? "").includes(logged[1].id), 5000);
        const active = await frame.getAttribute(".grid", "aria-activedescendant");
        assert(active === "row-1", `aria-activedescendant is ${active}`);
    });
} catch (err) {
    results.push({ name: "the panel run started", ok: false, error: String(err?.stack ?? err) });
    say(`FAIL the panel run: ${err?.message ?? err}`);
} finally {
    await browser?.close().catch(() => undefined);
    cs?.stop();
}
finish();
