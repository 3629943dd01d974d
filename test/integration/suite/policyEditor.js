// Issue 11, in the real extension host: the policy editor. Diagnostics (code and range) from the
// engine's compiler on the unsaved buffer, a quick fix that repairs an unknown category,
// completions of shell categories and tool groups, a hover with a category's description.
const fs = require("node:fs");
const path = require("node:path");
const vscode = require("vscode");

// Known mistakes, each at a place the test names: line (0-based) and the text flagged.
const BROKEN = `// A policy with mistakes (comments are fine: JSON with comments).
{
  "hooks": [
    { "name": "guard", "event": "PreToolUes", "match": { "tool": "@shel" }, "classifier": "shell",
      "options": { "deny": ["destructive-fs"], "action": "deny" } },
    { "name": "words", "event": "PostToolUse", "classifier": "patterns",
      "options": { "patterns": { "p": "\\\\d+(ab" } } },
    { "name": "slow", "event": "Stop", "command": "true", "timeoutMs": 25000 },
    { "name": "script", "event": "Stop", "command": "./scripts/guard.sh --strict" }
  ],
  "tests": []
}
`;

const WITH_TESTS = `{
  "hooks": [
    { "name": "guard", "event": "PreToolUse", "match": { "tool": "@shell" }, "classifier": "shell" }
  ],
  "tests": [
    { "name": "rm -rf / is denied", "event": "PreToolUse", "tool": "Bash", "input": { "command": "rm -rf /" }, "expect": "deny" },
    { "name": "ls is denied (wrong on purpose)", "event": "PreToolUse", "tool": "Bash", "input": { "command": "ls" }, "expect": "deny" }
  ]
}
`;

/** The range of `needle` on `line`, optionally from `skip` characters into the needle. */
function rangeOf(doc, line, needle, skip = 0, length = needle.length - skip) {
    const col = doc.lineAt(line).text.indexOf(needle);
    if (col < 0) {
        throw new Error(`"${needle}" is not on line ${line}: ${doc.lineAt(line).text}`);
    }
    return new vscode.Range(line, col + skip, line, col + skip + length);
}

function show(d) {
    return `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

async function runPolicyEditorTests({ test, assert, waitFor, workspace, info, api }) {
    const file = path.join(workspace(), ".vscode", "hooks.json");
    const saved = fs.readFileSync(file, "utf8");
    const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "hookwarden");
    let doc;
    let editor;
    try {
        fs.writeFileSync(file, BROKEN);
        doc = await vscode.workspace.openTextDocument(file);
        editor = await vscode.window.showTextDocument(doc);

        await test("issue 11: a policy file opens as JSON with comments, the template's comments are not errors", async () => {
            assert(doc.languageId === "jsonc", `.vscode/hooks.json opened as ${doc.languageId}`);
            await waitFor("the JSON language service to validate", async () => {
                await new Promise((r) => setTimeout(r, 300));
                return true;
            });
            const comment = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== "hookwarden" && /comment/i.test(d.message));
            assert(comment.length === 0, `comments flagged: ${comment.map((d) => d.message).join("; ")}`);
        });

        await test("issue 11: opening a policy with known mistakes gives exactly the expected diagnostics (code and range)", async () => {
            const expected = [
                ["HW020", rangeOf(doc, 3, '"PreToolUes"')],
                ["HW023", rangeOf(doc, 3, '"@shel"')],
                ["HW040", rangeOf(doc, 4, '"action"')],
                // The regex error at the compiler's character: the unclosed "(" inside the JSON string.
                ["HW030", rangeOf(doc, 6, "(ab", 0, 1)],
                ["HW054", rangeOf(doc, 7, "25000")],
                ["HW050", rangeOf(doc, 8, '"./scripts/guard.sh --strict"')],
                ["HW061", rangeOf(doc, 2, '"hooks"')],
            ].map(([code, range]) => `${code}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`);
            const got = await waitFor("the policy diagnostics", () => {
                const d = ours(doc.uri);
                return d.length >= expected.length ? d : undefined;
            });
            const actual = got.map(show).sort();
            assert(JSON.stringify(actual) === JSON.stringify([...expected].sort()), `diagnostics:\n  got      ${actual.join(", ")}\n  expected ${[...expected].sort().join(", ")}`);
            const category = got.find((d) => d.code === "HW030");
            assert(category.severity === vscode.DiagnosticSeverity.Error, "the regex error is not an error");
        });

        await test("issue 11: an edit introducing an unknown category gets its diagnostic without a save, and its quick fix repairs it", async () => {
            const at = rangeOf(doc, 4, '"destructive-fs"');
            const t0 = Date.now();
            await editor.edit((e) => e.replace(at, '"destructve-fs"'));
            const d = await waitFor("the HW022 diagnostic", () => ours(doc.uri).find((x) => x.code === "HW022"));
            info.editToDiagnosticPolledMs = Date.now() - t0;
            // Measured by the extension itself: the edit event → the diagnostics published.
            info.policyEditToDiagnosticMs = api.policyEditLatencies[api.policyEditLatencies.length - 1];
            assert(doc.isDirty, "the document was saved: the diagnostic must come from the unsaved buffer");
            assert(show(d) === show({ code: "HW022", range: rangeOf(doc, 4, '"destructve-fs"') }), `HW022 at ${show(d)}`);
            const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
            const fix = actions.find((a) => a.title === 'Change to "destructive-fs"');
            assert(fix && fix.edit, `quick fixes: ${actions.map((a) => a.title).join("; ")}`);
            await vscode.workspace.applyEdit(fix.edit);
            assert(doc.lineAt(4).text.includes('"deny": ["destructive-fs"]'), `after the fix: ${doc.lineAt(4).text}`);
            await waitFor("the diagnostic to go", () => !ours(doc.uri).some((x) => x.code === "HW022"));
        });

        await test("issue 11: the timeout quick fix sets it under the relay deadline", async () => {
            const d = await waitFor("HW054", () => ours(doc.uri).find((x) => x.code === "HW054"));
            const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
            const fix = actions.find((a) => /Set the timeout to 19000 ms/.test(a.title));
            assert(fix, `quick fixes: ${actions.map((a) => a.title).join("; ")}`);
            await vscode.workspace.applyEdit(fix.edit);
            assert(doc.lineAt(7).text.includes('"timeoutMs": 19000'), doc.lineAt(7).text);
        });

        await test("issue 11: the quick fix creates the missing command script, executable", async () => {
            const d = await waitFor("HW050", () => ours(doc.uri).find((x) => x.code === "HW050"));
            const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
            const create = actions.find((a) => /^Create the missing command script/.test(a.title));
            assert(create && create.command, `quick fixes: ${actions.map((a) => a.title).join("; ")}`);
            const script = path.join(workspace(), "scripts", "guard.sh");
            try {
                await vscode.commands.executeCommand(create.command.command, ...create.command.arguments);
                assert(fs.existsSync(script) && (fs.statSync(script).mode & 0o111) !== 0, "the script is missing or not executable");
                assert(fs.readFileSync(script, "utf8").startsWith("#!/bin/sh"), "not a shell script");
            } finally {
                fs.rmSync(path.join(workspace(), "scripts"), { recursive: true, force: true });
                await vscode.window.showTextDocument(doc);
            }
        });

        await test("issue 11: completions offer the shell categories inside options.deny and the tool groups inside match.tool", async () => {
            const deny = rangeOf(doc, 4, '"destructive-fs"');
            const inDeny = await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", doc.uri, deny.start.translate(0, 1));
            const labels = inDeny.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
            // Ours, from the native catalog (the JSON schema's enum offers the bare names too).
            const ours = inDeny.items.find((i) => i.detail === "shell category" && (i.label.label || i.label) === "destructive-fs");
            assert(ours && /nothing can restore/.test(ours.documentation.value), "no catalog completion with its description for destructive-fs");
            for (const c of ["destructive-fs", "destructive-git", "remote-code-exec", "exfiltration", "privilege", "network-egress", "secrets-access", "package-install", "dynamic", "recoverable"]) {
                assert(labels.includes(c), `no ${c} in options.deny completions: ${labels.slice(0, 30).join(", ")}`);
            }
            const tool = rangeOf(doc, 3, '"@shel"');
            const inTool = await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", doc.uri, tool.start.translate(0, 2));
            const tools = inTool.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
            assert(inTool.items.some((i) => i.detail === "tool group"), "no tool-group completion from the policy editor");
            for (const g of ["@shell", "@edit", "@read", "@web", "@agent", "@mcp"]) {
                assert(tools.includes(g), `no ${g} in match.tool completions: ${tools.slice(0, 30).join(", ")}`);
            }
        });

        await test("issue 11: hovering a category shows its description", async () => {
            const deny = rangeOf(doc, 4, '"destructive-fs"');
            const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, deny.start.translate(0, 3));
            const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
            assert(/Destroys data that nothing can restore/.test(text) && /Example: `rm -rf ~\/projects`/.test(text), `hover: ${text}`);
        });
        await test("issue 11: the Test Explorer lists the policy's tests, and running them reports a pass and a failure with expected vs actual", async () => {
            await vscode.commands.executeCommand("workbench.action.files.revert");
            await vscode.commands.executeCommand("workbench.action.closeAllEditors");
            fs.writeFileSync(file, WITH_TESTS);
            const testDoc = await vscode.workspace.openTextDocument(file);
            await vscode.window.showTextDocument(testDoc);
            await waitFor("the two tests in the Test Explorer", () => api.policyTestItems.filter((id) => /rm -rf \/ is denied|ls is denied/.test(id)).length === 2);
            await vscode.commands.executeCommand("testing.runAll");
            const run = await waitFor("the run's outcomes", () => (api.policyTestRun.length === 2 ? api.policyTestRun : undefined), 20000);
            const pass = run.find((r) => r.name === "rm -rf / is denied");
            const fail = run.find((r) => r.name === "ls is denied (wrong on purpose)");
            assert(pass && pass.passed, `outcomes: ${JSON.stringify(run)}`);
            assert(fail && !fail.passed && /expected deny, got allow/.test(fail.message), `outcomes: ${JSON.stringify(run)}`);
        });
    } finally {
        if (doc && doc.isDirty) {
            await vscode.commands.executeCommand("workbench.action.files.revert");
        }
        await vscode.commands.executeCommand("workbench.action.closeAllEditors");
        fs.writeFileSync(file, saved);
    }
}

module.exports = { runPolicyEditorTests };
