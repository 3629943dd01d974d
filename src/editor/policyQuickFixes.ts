// Quick fixes for the compiler's diagnostics, from the data each carries: the did-you-mean
// replacement, a timeout under the relay deadline, a test for a hook that has none.
import * as fs from "node:fs";
import * as path from "node:path";
import { modify, type EditResult } from "jsonc-parser";
import * as vscode from "vscode";

import { commandId } from "../commands";
import { parsePolicyText, TOOL_GROUPS, isToolGroup, type Hook, type PolicyError } from "../engine";
import { DIAGNOSTIC_SOURCE, rangeOf, type PolicyDiagnostics } from "./policyDiagnostics";
import { policyLayerOf } from "./policyDocuments";

export class PolicyQuickFixes implements vscode.CodeActionProvider {
    static readonly kinds = [vscode.CodeActionKind.QuickFix];

    constructor(private readonly diagnostics: PolicyDiagnostics) {}

    provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
        const errors = this.diagnostics.errorsOf(doc.uri);
        const actions: vscode.CodeAction[] = [];
        for (const diagnostic of context.diagnostics) {
            if (diagnostic.source !== DIAGNOSTIC_SOURCE) {
                continue;
            }
            const offset = doc.offsetAt(diagnostic.range.start);
            const e = errors.find((x) => x.code === diagnostic.code && x.offset === offset);
            if (e) {
                actions.push(...fixesFor(doc, e, diagnostic));
            }
        }
        return actions;
    }
}

function fixesFor(doc: vscode.TextDocument, e: PolicyError, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const fix = (title: string, edit: vscode.WorkspaceEdit, preferred = true): void => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        a.diagnostics = [diagnostic];
        a.isPreferred = preferred;
        out.push(a);
    };
    if (e.data?.replacement !== undefined) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), JSON.stringify(e.data.replacement));
        fix(`Change to "${e.data.replacement}"`, edit);
    }
    if (e.data?.maxTimeoutMs !== undefined) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), String(e.data.maxTimeoutMs));
        fix(`Set the timeout to ${e.data.maxTimeoutMs} ms, under the relay deadline`, edit);
    }
    if (e.rule === "command-not-found" && e.data?.program !== undefined && e.data.program.startsWith("/")) {
        const a = new vscode.CodeAction(`Create the missing command script ${e.data.program}`, vscode.CodeActionKind.QuickFix);
        a.command = { command: CREATE_SCRIPT_COMMAND, title: a.title, arguments: [e.data.program] };
        a.diagnostics = [diagnostic];
        out.push(a);
    }
    if (e.rule === "no-tests" && e.data?.hook !== undefined) {
        const hook = hooksOf(doc).find((h) => h.name === e.data?.hook);
        if (hook) {
            fix(`Add a test for the hook "${hook.name}"`, addTestEdit(doc, hook), false);
        }
    }
    return out;
}

export const CREATE_SCRIPT_COMMAND = commandId("createCommandScript");

/** An executable skeleton that reads the event on stdin and allows; opened for editing. */
export async function createCommandScript(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const skeleton = [
        "#!/bin/sh",
        "# A Hookwarden command hook. The event arrives as JSON on stdin (hook_event_name, tool_name,",
        "# tool_input, cwd, ...). Exit 0 with no output allows; exit 2 with the reason on stderr denies;",
        "# exit 0 with a JSON decision on stdout answers in full.",
        "event=$(cat)",
        '# Example: case "$event" in *deploy*) echo "no deploys from agents" >&2; exit 2 ;; esac',
        "exit 0",
        "",
    ].join("\n");
    fs.writeFileSync(file, skeleton, { flag: "wx" });
    fs.chmodSync(file, 0o755);
    await vscode.window.showTextDocument(vscode.Uri.file(file));
}

function hooksOf(doc: vscode.TextDocument): Hook[] {
    return parsePolicyText(doc.getText(), doc.uri.fsPath, policyLayerOf(doc.uri.fsPath) ?? "workspace").hooks;
}

/** A `tests` entry in the short form, built from what the hook matches. */
export function testFor(hook: Hook): Record<string, unknown> {
    const event = hook.events[0] ?? "PreToolUse";
    const first = hook.match.tools[0] ?? "@shell";
    const tool = isToolGroup(first) ? ((TOOL_GROUPS[first] as readonly string[])[0] ?? "mcp__server__tool") : first.replace(/[*?]/g, "x");
    const shell = isToolGroup(first) ? first === "@shell" : (TOOL_GROUPS["@shell"] as readonly string[]).includes(tool);
    const toolEvent = event === "PreToolUse" || event === "PostToolUse" || event === "PermissionRequest";
    return {
        name: `${hook.name}: a harmless call is allowed`,
        event,
        ...(toolEvent ? { tool, input: shell ? { command: "echo hello" } : {} } : {}),
        ...(event === "UserPromptSubmit" ? { prompt: "hello" } : {}),
        expect: "allow",
    };
}

function addTestEdit(doc: vscode.TextDocument, hook: Hook): vscode.WorkspaceEdit {
    const text = doc.getText();
    const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: doc.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n" } };
    let edits: EditResult;
    try {
        edits = modify(text, ["tests", -1], testFor(hook), { ...options, isArrayInsertion: true });
    } catch {
        edits = modify(text, ["tests"], [testFor(hook)], options);
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
        edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), e.content);
    }
    return edit;
}
