// @vscode/test-cli configuration: the same in-host suite as test/integration/run.mjs, in desktop
// VS Code downloaded by @vscode/test-electron. Needs network access to update.code.visualstudio.com
// (the offline path is `node test/integration/run.mjs`, on code-server). Usage, after
// `npm run package` (or `npm run build:ext`) has produced dist/:
//     npx vscode-test            # stable
//     npx vscode-test --label min  # the minimum engine version from package.json
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "@vscode/test-cli";

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
// A throw-away HOME, runtime dir and sample workspace: registration must never touch a real user's configs.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "hw-vt-"));
for (const sub of ["home", "ws/.vscode"]) {
    fs.mkdirSync(path.join(scratch, sub), { recursive: true });
}
fs.mkdirSync(path.join(scratch, "rt"), { mode: 0o700 });
fs.writeFileSync(
    path.join(scratch, "ws", ".vscode", "hooks.json"),
    `{
  "failMode": { "PreToolUse": "deny" },
  "hooks": [
    { "name": "shell-safety", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell",
      "options": { "deny": ["destructive-fs", "destructive-git", "remote-code-exec"], "ask": ["privilege"] } },
    { "name": "redact-secrets", "event": "PostToolUse", "classifier": "secrets", "options": { "action": "redact", "scan": ["output"] } }
  ]
}
`,
);

const common = {
    files: "test/integration/suite/mocha.test.js",
    workspaceFolder: path.join(scratch, "ws"),
    extensionDevelopmentPath: root,
    launchArgs: ["--disable-extensions"],
    env: {
        HOME: path.join(scratch, "home"),
        HW_HOME: path.join(scratch, "home"),
        HW_REPO: root,
        HW_RESULTS: path.join(scratch, "results.json"),
        HOOKWARDEN_RUNTIME_DIR: path.join(scratch, "rt"),
    },
    mocha: { ui: "tdd", timeout: 120000 },
};

export default defineConfig([
    { label: "stable", version: "stable", ...common },
    { label: "min", version: pkg.engines.vscode.replace(/^\^/, ""), ...common },
]);
