// Runs INSIDE the VS Code extension host (code-server, loaded through the `?payload=` URL's
// extensionTestsPath). Plain CommonJS, no mocha: `run()` settles when every test has run, and
// the results go to $HW_RESULTS for test/integration/run.mjs.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vscode = require("vscode");

const ID = "hookwarden.hookwarden";
// Set by test/integration/run.mjs (code-server) or .vscode-test.mjs (desktop VS Code).
const REPO = process.env.HW_REPO || path.resolve(__dirname, "..", "..", "..");
const RESULTS = process.env.HW_RESULTS || path.join(os.tmpdir(), "hookwarden-suite-results.json");
const results = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await fn();
        if (v) {
            return v;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(50);
    }
}

function assert(cond, message) {
    if (!cond) {
        throw new Error(message);
    }
}

function workspace() {
    return vscode.workspace.workspaceFolders[0].uri.fsPath;
}

function fixture(name) {
    const file = [path.join(REPO, "test", "integration", "fixtures", `${name}.json`), path.join(REPO, "test", "fixtures", "payloads", `${name}.json`)].find((f) => fs.existsSync(f));
    const obj = JSON.parse(fs.readFileSync(file, "utf8"));
    obj.cwd = workspace();
    return JSON.stringify(obj);
}

// Asynchronous on purpose: the engine answers from this very process, so a blocking spawnSync
// would starve it and the relay would fall back to the fail mode.
function relay(relayPath, harness, body, runtimeDir) {
    return new Promise((resolve, reject) => {
        const child = spawn(relayPath, ["--harness", harness], { env: { PATH: process.env.PATH, HOOKWARDEN_RUNTIME_DIR: runtimeDir } });
        let out = "";
        let err = "";
        child.stdout.on("data", (b) => (out += b));
        child.stderr.on("data", (b) => (err += b));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) {
                reject(new Error(`relay exited ${code}: ${err}`));
                return;
            }
            out = out.trim();
            const o = out === "" ? {} : JSON.parse(out);
            resolve({ out, verdict: o.hookSpecificOutput?.permissionDecision ?? o.permissionDecision ?? "allow", obj: o });
        });
        child.stdin.end(body);
    });
}

async function test(name, fn) {
    const t0 = Date.now();
    try {
        await fn();
        results.push({ name, ok: true, ms: Date.now() - t0 });
        console.log(`PASS ${name}`);
    } catch (err) {
        results.push({ name, ok: false, ms: Date.now() - t0, error: String(err && err.stack ? err.stack : err) });
        console.log(`FAIL ${name}: ${err}`);
    }
}

async function run() {
    const ext = vscode.extensions.getExtension(ID);
    let api;
    const info = {};
    await test("the extension activates (from the installed VSIX when HW_EXPECT_VSIX is set)", async () => {
        assert(ext, `${ID} is not installed`);
        if (process.env.HW_EXPECT_VSIX) {
            assert(ext.extensionPath.startsWith(process.env.HW_EXPECT_VSIX), `extension loaded from ${ext.extensionPath}, not from ${process.env.HW_EXPECT_VSIX}`);
            assert(!fs.existsSync(path.join(ext.extensionPath, "src")), "the installed extension holds sources: not the VSIX");
        }
        api = await ext.activate();
        await waitFor("the engine to run", () => api.state === "running");
        assert(typeof api.activationMs === "number", "activationMs missing");
        info.activationMs = api.activationMs;
        info.timings = { ...api.timings, warmUpAfterActivationMs: await api.session.warmUp };
        info.extensionPath = ext.extensionPath;
        info.node = process.versions.node;
        info.vscode = vscode.version;
    });
    if (!api) {
        return finish(info);
    }
    const relayPath = path.join(ext.extensionPath, "dist", "bin", "hookwarden-relay");
    const runtimeDir = api.session.runtimeDir;

    await test("commands are contributed with the Hookwarden category and registered", async () => {
        const all = await vscode.commands.getCommands(true);
        const contributed = ext.packageJSON.contributes.commands;
        assert(contributed.length >= 8, "too few commands");
        for (const c of contributed) {
            assert(c.category === "Hookwarden", `${c.command} has no Hookwarden category`);
            assert(all.includes(c.command), `${c.command} is not registered`);
        }
    });

    await test("the engine answers a relay call (deny rm -rf, allow a test run, ask sudo, redact a secret)", async () => {
        assert(fs.existsSync(api.session.registryFile), `no registry entry at ${api.session.registryFile}`);
        const before = { ...api.session.counts };
        const rm = await relay(relayPath, "claude", fixture("rm-rf.claude"), runtimeDir);
        assert(rm.verdict === "deny", `rm -rf: ${rm.out}`);
        const ok = await relay(relayPath, "claude", fixture("npm-test.claude"), runtimeDir);
        assert(ok.verdict === "allow", `npm test: ${ok.out}`);
        const sudo = await relay(relayPath, "claude", fixture("sudo.claude"), runtimeDir);
        assert(sudo.verdict === "ask", `sudo: ${sudo.out}`);
        const secret = await relay(relayPath, "claude", fixture("output-secrets.claude"), runtimeDir);
        assert(!secret.out.includes("AKIAZ7QH4TJ3XW5LMN2P"), `secret not redacted: ${secret.out}`);
        assert(api.session.counts.deny === before.deny + 1, `deny count ${api.session.counts.deny}, before ${before.deny}: the engine did not decide`);
        assert(api.session.counts.ask === before.ask + 1, "ask count did not move");
        await waitFor("the status bar counts", () => /\d+ allowed · 1 asked · 1 denied/.test(api.statusText));
        assert(api.logLines.some((l) => l.includes("DENY claude PreToolUse")), "the output channel did not log the decision");
    });

    await test("registration writes the harness configs into HOME and unregister removes them", async () => {
        const home = os.homedir();
        // Never touch a real user's harness configs: the runners give the host a throw-away HOME.
        assert(process.env.HW_HOME && home === process.env.HW_HOME, `HOME is ${home}, expected the test HOME ${process.env.HW_HOME}`);
        fs.mkdirSync(path.join(home, ".claude"), { recursive: true });
        fs.mkdirSync(path.join(home, ".codex"), { recursive: true });
        fs.writeFileSync(path.join(home, ".claude", "settings.json"), '{\n  // mine\n  "model": "opus"\n}\n');
        await vscode.commands.executeCommand("hookwarden.register");
        const claude = fs.readFileSync(path.join(home, ".claude", "settings.json"), "utf8");
        assert(claude.includes("hookwarden-relay") && claude.includes("// mine"), `claude settings: ${claude}\nlog: ${api.logLines.slice(-5).join("\n")}`);
        assert(fs.readFileSync(path.join(home, ".codex", "hooks.json"), "utf8").includes("hookwarden-relay"), "codex not registered");
        assert(fs.readFileSync(path.join(home, ".copilot", "hooks", "hookwarden.json"), "utf8").includes("hookwarden-relay"), "copilot not registered");
        const stable = path.join(home, ".hookwarden", "bin", "hookwarden-relay");
        assert(fs.existsSync(stable), "relay not copied to the stable path");
        const viaStable = await relay(stable, "claude", fixture("rm-rf.claude"), runtimeDir);
        assert(viaStable.verdict === "deny", "the stable relay did not get an answer");
        await vscode.commands.executeCommand("hookwarden.unregister");
        assert(fs.readFileSync(path.join(home, ".claude", "settings.json"), "utf8") === '{\n  // mine\n  "model": "opus"\n}\n', "claude settings not restored byte for byte");
        assert(!fs.existsSync(path.join(home, ".codex", "hooks.json")), "codex hooks.json left behind");
        assert(!fs.existsSync(path.join(home, ".copilot", "hooks", "hookwarden.json")), "copilot hook file left behind");
    });

    await test("a broken edit of hooks.json keeps the last good policy and says so", async () => {
        const file = path.join(workspace(), ".vscode", "hooks.json");
        const good = fs.readFileSync(file, "utf8");
        // A valid edit first, proving hot reload.
        fs.writeFileSync(file, good.replace('"redact-secrets"', '"redact-secrets-v2"'));
        await waitFor("the reload", () => api.logLines.some((l) => l.includes("policy reloaded")));
        fs.writeFileSync(file, '{ "hooks": [ { "name": "half-typed", "event": "PreToolU');
        await waitFor("the broken edit to be reported", () => api.session.policyState === "kept-last-good");
        assert(api.statusText.includes("$(warning)"), `status bar: ${api.statusText}`);
        assert(api.logLines.some((l) => l.includes("last good policy stays in force")), "no log line about the last good policy");
        const denied = api.session.counts.deny;
        const rm = await relay(relayPath, "claude", fixture("rm-rf.claude"), runtimeDir);
        assert(rm.verdict === "deny", `rm -rf under the kept policy: ${rm.out}`);
        assert(api.session.counts.deny === denied + 1, "the engine did not decide (fail mode?)");
        const ok = await relay(relayPath, "claude", fixture("npm-test.claude"), runtimeDir);
        assert(ok.verdict === "allow", `npm test under the kept policy (the fail mode would deny): ${ok.out}`);
        fs.writeFileSync(file, good);
        await waitFor("the fixed policy", () => api.session.policyState === "ok");
    });

    await test("issue 9: a workspace { \"hooks\": [] } cannot switch the default off; the status lists the layers in force", async () => {
        const file = path.join(workspace(), ".vscode", "hooks.json");
        const saved = fs.readFileSync(file, "utf8");
        try {
            fs.writeFileSync(file, '{ "defaults": { "enabled": false }, "failMode": "allow", "hooks": [] }\n');
            await waitFor("the reload", () => api.session.layers.some((l) => l.layer === "workspace" && l.hooks === 0));
            const layers = api.session.layers.map((l) => `${l.layer}:${l.state}`);
            assert(layers[0] === "default:in force" && layers.includes("workspace:in force"), `layers: ${layers.join(", ")}`);
            await waitFor("the tooltip", () => /Policy layers: built-in default \(4 hooks\) · workspace \(0 hooks\)/.test(api.statusTooltip));
            assert(api.logLines.some((l) => l.includes('"defaults" is ignored in a workspace policy')), "no warning about the workspace's defaults switch");
            const rm = await relay(relayPath, "claude", fixture("rm-rf.claude"), runtimeDir);
            assert(rm.verdict === "deny", `rm -rf with a workspace { "hooks": [] }: ${rm.out}`);
            const registry = JSON.parse(fs.readFileSync(api.session.registryFile, "utf8"));
            assert(registry.failMode.PreToolUse === "deny", `the registry's fail mode: ${JSON.stringify(registry.failMode)}`);
        } finally {
            fs.writeFileSync(file, saved);
            await waitFor("the sample policy again", () => api.session.layers.some((l) => l.layer === "workspace" && l.hooks > 0));
        }
    });

    await test("disable stops the engine (registry entry gone) and enable starts it again", async () => {
        const registry = api.session.registryFile;
        await vscode.commands.executeCommand("hookwarden.disable");
        await waitFor("the disabled state", () => api.state === "disabled");
        assert(!fs.existsSync(registry), "the registry entry outlived the engine");
        assert(/disabled/.test(api.statusText), `status bar: ${api.statusText}`);
        await vscode.commands.executeCommand("hookwarden.enable");
        await waitFor("the engine to run again", () => api.state === "running" && api.session && fs.existsSync(api.session.registryFile));
        info.restartMs = api.activationMs;
    });

    await test("open policy creates .vscode/hooks.json from the template when it is missing", async () => {
        const file = path.join(workspace(), ".vscode", "hooks.json");
        const saved = fs.readFileSync(file, "utf8");
        fs.rmSync(file);
        try {
            const opened = await vscode.commands.executeCommand("hookwarden.openPolicy");
            assert(opened === file && fs.existsSync(file), `openPolicy returned ${opened}`);
            assert(fs.readFileSync(file, "utf8").includes('"shell-safety"'), "not the template");
            assert(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath === file, "the policy is not the active editor");
        } finally {
            fs.writeFileSync(file, saved);
            await vscode.commands.executeCommand("workbench.action.closeAllEditors");
        }
    });

    // Issue 11: the policy editor (its own file).
    await require("./policyEditor").runPolicyEditorTests({ test, assert, waitFor, workspace, info, api });

    await test("trust: a trusted workspace runs workspace command hooks, an untrusted one holds them back", async () => {
        assert(vscode.workspace.isTrusted, "the test workspace is not trusted");
        // A workspace command hook whose deny can only come from running it: the sample policy alone has no
        // command hook, so an empty held-back list would prove nothing.
        const file = path.join(workspace(), ".vscode", "hooks.json");
        const good = fs.readFileSync(file, "utf8");
        const marker = `trust-marker-${process.pid}`;
        // Each call its own tool-use id: the engine answers a repeated call from its dedupe cache.
        let calls = 0;
        const probe = () => {
            const payload = JSON.parse(fixture("npm-test.claude"));
            payload.tool_use_id = `trust-${process.pid}-${calls++}`;
            return relay(relayPath, "claude", JSON.stringify(payload), runtimeDir);
        };
        const hook = { name: "trust-probe", event: "PreToolUse", match: { tool: "@shell" }, command: `echo '{"decision":"deny","reason":"${marker}"}'` };
        fs.writeFileSync(file, JSON.stringify({ hooks: [hook] }));
        try {
            let trusted;
            await waitFor("the probe policy", async () => (trusted = await probe()).out.includes(marker));
            assert(trusted.verdict === "deny", `the workspace command hook's deny: ${trusted.out}`);
            assert(api.session.heldBackHooks().length === 0, `held back in a trusted workspace: ${api.session.heldBackHooks()}`);
            api.session.setTrusted(false);
            try {
                assert(api.session.heldBackHooks().join() === "trust-probe", `held back when untrusted: ${api.session.heldBackHooks()}`);
                const untrusted = await probe();
                assert(!untrusted.out.includes(marker), `an untrusted workspace ran its command hook: ${untrusted.out}`);
            } finally {
                api.session.setTrusted(true);
            }
        } finally {
            fs.writeFileSync(file, good);
            await waitFor("the sample policy again", async () => (await probe()).verdict === "allow");
        }
    });

    return finish(info);
}

function finish(info) {
    fs.writeFileSync(RESULTS, JSON.stringify({ info, results }, null, 2));
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) {
        throw new Error(`${failed} integration test(s) failed`);
    }
}

module.exports = { run };
