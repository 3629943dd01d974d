import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { parse } from "jsonc-parser";

import { install, registrationStatus, stableRelayPath, uninstall } from "../../src/registration/install";
import { HEADLESS_IDLE_EXIT_MS, headlessServeCommand, refreshServeCommand, register } from "../../src/registration/vscodeRegistration";
import { tempDir } from "./helpers";

const USER_SETTINGS = `{
  // My own Claude Code settings, with comments.
  "permissions": {
    "allow": ["Bash(npm test:*)", "Read(~/notes/**)"],
    "deny": ["Bash(rm:*)"]
  },
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "~/bin/my-guard.sh", "timeout": 10 } ] }
    ],
    /* keep this */ "Stop": [ { "hooks": [ { "type": "command", "command": "say done" } ] } ]
  },
  "model": "opus",
}
`;

function setup(): { home: string; relay: string; settings: string } {
    const home = tempDir("hookwarden-home-");
    fs.mkdirSync(path.join(home, ".claude"));
    const settings = path.join(home, ".claude", "settings.json");
    fs.writeFileSync(settings, USER_SETTINGS, { mode: 0o644 });
    const relay = path.join(tempDir(), "hookwarden-relay");
    fs.writeFileSync(relay, "#!/bin/sh\necho '{}'\n");
    return { home, relay, settings };
}

describe("registration", () => {
    it("adds the relay to every harness's user config and keeps the user's content", () => {
        const { home, relay, settings } = setup();
        const results = install({ home, relaySource: relay, serveCommand: ["node", "/x/cli.js", "serve"] });
        assert.deepEqual(results.map((r) => [r.target, r.changed]), [["claude", true], ["codex", true], ["copilot", true]]);
        const text = fs.readFileSync(settings, "utf8");
        assert.ok(text.startsWith("{\n  // My own Claude Code settings, with comments."), "comments stay");
        assert.ok(text.includes("/* keep this */"));
        const json = parse(text) as { permissions: unknown; model: string; hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]> };
        assert.deepEqual(json.permissions, { allow: ["Bash(npm test:*)", "Read(~/notes/**)"], deny: ["Bash(rm:*)"] });
        assert.equal(json.model, "opus");
        assert.equal(json.hooks["PreToolUse"]?.[0]?.hooks[0]?.command, "~/bin/my-guard.sh", "the user's hook stays first");
        assert.match(json.hooks["PreToolUse"]?.[1]?.hooks[0]?.command ?? "", /hookwarden-relay --harness claude --deadline-ms 20000$/);
        assert.ok(json.hooks["SessionStart"]?.[0]?.hooks[0]?.command.includes(stableRelayPath(home)));
        assert.equal(fs.statSync(settings).mode & 0o777, 0o644, "the file keeps its mode");
        assert.ok(fs.existsSync(`${settings}.hookwarden-backup`));
        assert.equal(fs.readFileSync(`${settings}.hookwarden-backup`, "utf8"), USER_SETTINGS);
        const copilot = JSON.parse(fs.readFileSync(path.join(home, ".copilot", "hooks", "hookwarden.json"), "utf8")) as { version: number; hooks: Record<string, { bash: string }[]> };
        assert.equal(copilot.version, 1);
        assert.match(copilot.hooks["preToolUse"]?.[0]?.bash ?? "", /--harness copilot --event preToolUse/);
        const codex = JSON.parse(fs.readFileSync(path.join(home, ".codex", "hooks.json"), "utf8")) as { hooks: Record<string, unknown[]> };
        assert.ok(codex.hooks["PreToolUse"]);
        assert.ok(fs.statSync(stableRelayPath(home)).mode & 0o100, "the relay is executable");
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(home, ".hookwarden", "relay.json"), "utf8")), { serveCommand: ["node", "/x/cli.js", "serve"] });
        assert.deepEqual(registrationStatus(home).map((s) => s.registered), [true, true, true]);
    });

    it("install twice changes nothing", () => {
        const { home, relay, settings } = setup();
        install({ home, relaySource: relay });
        const once = fs.readFileSync(settings, "utf8");
        const again = install({ home, relaySource: relay });
        assert.deepEqual(again.map((r) => r.changed), [false, false, false]);
        assert.equal(fs.readFileSync(settings, "utf8"), once);
    });

    it("install then uninstall leaves every file byte-identical, and removes what it created", () => {
        const { home, relay, settings } = setup();
        install({ home, relaySource: relay });
        uninstall({ home });
        assert.equal(fs.readFileSync(settings, "utf8"), USER_SETTINGS);
        assert.ok(!fs.existsSync(path.join(home, ".codex", "hooks.json")));
        assert.ok(!fs.existsSync(path.join(home, ".copilot", "hooks", "hookwarden.json")));
        assert.ok(!fs.existsSync(`${settings}.hookwarden-backup`));
        assert.deepEqual(registrationStatus(home).map((s) => s.registered), [false, false, false]);
    });

    it("when the user edits the file after install, uninstall removes only our entries", () => {
        const { home, relay, settings } = setup();
        install({ home, relaySource: relay });
        const edited = fs.readFileSync(settings, "utf8").replace('"model": "opus"', '"model": "sonnet"');
        fs.writeFileSync(settings, edited);
        const [claude] = uninstall({ home, targets: ["claude"] });
        assert.match(claude?.note ?? "", /only Hookwarden's entries were removed/);
        const text = fs.readFileSync(settings, "utf8");
        assert.ok(!text.includes("hookwarden-relay"));
        assert.equal(text, USER_SETTINGS.replace('"model": "opus"', '"model": "sonnet"'), "the rest is exactly the user's");
    });

    it("a file without hooks: after a later user edit, uninstall takes out the whole hooks object it added", () => {
        const home = tempDir("hookwarden-home-");
        const relay = path.join(tempDir(), "hookwarden-relay");
        fs.writeFileSync(relay, "");
        fs.mkdirSync(path.join(home, ".codex"));
        const file = path.join(home, ".codex", "hooks.json");
        fs.writeFileSync(file, '{\n  "note": "mine"\n}\n');
        install({ home, relaySource: relay, targets: ["codex"] });
        assert.match(fs.readFileSync(file, "utf8"), /"note": "mine",\n {2}"hooks": \{\n {4}"SessionStart": \[/);
        fs.appendFileSync(file, "\n");
        uninstall({ home, targets: ["codex"] });
        assert.equal(fs.readFileSync(file, "utf8"), '{\n  "note": "mine"\n}\n\n');
    });

    it("does not touch a settings file that is not valid JSON", () => {
        const { home, relay, settings } = setup();
        fs.writeFileSync(settings, "{ this is broken");
        const [claude] = install({ home, relaySource: relay, targets: ["claude"] });
        assert.equal(claude?.changed, false);
        assert.match(claude?.note ?? "", /not valid JSON/);
        assert.equal(fs.readFileSync(settings, "utf8"), "{ this is broken");
    });
});

describe("registration deadline", () => {
    it("writes the relay's deadline, clamped below the harness timeout, and re-registers when it changes", () => {
        const { home, relay, settings } = setup();
        install({ home, relaySource: relay, targets: ["claude", "copilot"], deadlineMs: 5000 });
        assert.match(fs.readFileSync(settings, "utf8"), /--deadline-ms 5000"/);
        assert.match(fs.readFileSync(path.join(home, ".copilot", "hooks", "hookwarden.json"), "utf8"), /--deadline-ms 5000"/);
        const changed = install({ home, relaySource: relay, targets: ["claude"], deadlineMs: 90_000 });
        assert.equal(changed[0]?.changed, true);
        const text = fs.readFileSync(settings, "utf8");
        assert.match(text, /--deadline-ms 25000"/, "clamped to the 30 s timeout minus 5 s");
        assert.ok(!text.includes("--deadline-ms 5000"), "the old entries are gone, not duplicated");
        uninstall({ home });
        assert.equal(fs.readFileSync(settings, "utf8"), USER_SETTINGS, "still restores the original bytes");
    });
});

describe("registration from the editor: the headless engine's command", () => {
    function extension(): string {
        const ext = tempDir("hookwarden-ext-");
        fs.mkdirSync(path.join(ext, "dist", "bin"), { recursive: true });
        fs.writeFileSync(path.join(ext, "dist", "cli.js"), "");
        fs.writeFileSync(path.join(ext, "dist", "bin", "hookwarden-relay"), "#!/bin/sh\n");
        return ext;
    }
    it("runs the VSIX's engine entry with the editor's own runtime: Node as is, Electron as Node", () => {
        const ext = extension();
        const cli = path.join(ext, "dist", "cli.js");
        const node = process.execPath;
        assert.deepEqual(headlessServeCommand(ext, { execPath: node }), [node, cli, "serve", "--idle-exit-ms", String(HEADLESS_IDLE_EXIT_MS)]);
        const electron = headlessServeCommand(ext, { execPath: node, electron: "39.2.0" }) ?? [];
        assert.match(electron[0] ?? "", /^\/(usr\/)?bin\/env$/);
        assert.deepEqual(electron.slice(1, 4), ["ELECTRON_RUN_AS_NODE=1", node, cli]);
        assert.equal(headlessServeCommand(ext, { execPath: "/nowhere/node" }), undefined, "a runtime that is gone");
        fs.rmSync(cli);
        assert.equal(headlessServeCommand(ext, { execPath: node }), undefined, "a VSIX without the engine entry");
    });
    it("register writes relay.json; refreshServeCommand rewrites it only when it names other files", () => {
        const ext = extension();
        const home = tempDir("hookwarden-home-");
        register(ext, home, ["copilot"], undefined, { execPath: process.execPath });
        const file = path.join(home, ".hookwarden", "relay.json");
        const written = JSON.parse(fs.readFileSync(file, "utf8")) as { serveCommand: string[] };
        assert.deepEqual(written.serveCommand.slice(0, 3), [process.execPath, path.join(ext, "dist", "cli.js"), "serve"]);
        assert.equal(fs.statSync(file).mode & 0o077, 0, "relay.json is private (the relay refuses a writable one)");
        assert.equal(refreshServeCommand(ext, home, { execPath: process.execPath }), false, "unchanged");
        const updated = extension();
        assert.equal(refreshServeCommand(updated, home, { execPath: process.execPath }), true, "an update moved the files");
        assert.equal((JSON.parse(fs.readFileSync(file, "utf8")) as { serveCommand: string[] }).serveCommand[1], path.join(updated, "dist", "cli.js"));
        assert.equal(refreshServeCommand(updated, tempDir("hookwarden-home-"), { execPath: process.execPath }), false, "never registers by itself");
    });
});
