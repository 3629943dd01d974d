// The policy edits the Decisions panel makes: the range of a hook's declaration (to open it),
// a `tests` entry built from a logged decision (appended through a WorkspaceEdit, so it can be
// undone), and the layered policy with unsaved editor buffers in place of their files (replay).
import * as fs from "node:fs";
import { findNodeAtOffset, modify, parseTree, type Node } from "jsonc-parser";
import * as vscode from "vscode";

import { Engine } from "../engine/dispatch";
import type { LogRecord } from "../engine/log/redact";
import { combineLayers, defaultPolicyLayer } from "../engine/policy/layers";
import { parsePolicyText } from "../engine/policy/load";
import type { PolicyLayer, Policy } from "../engine/policy/model";

/** The range of the hook object declared at line/column (1-based) of a hooks.json text. */
export function hookRange(doc: vscode.TextDocument, line: number, column: number): vscode.Range {
    const at = doc.offsetAt(new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1)));
    const tree = parseTree(doc.getText());
    let node: Node | undefined = tree ? findNodeAtOffset(tree, at, true) : undefined;
    // Climb to the object that is an element of the "hooks" array.
    while (node && !(node.type === "object" && node.parent?.type === "array" && node.parent.parent?.type === "property" && node.parent.parent.children?.[0]?.value === "hooks")) {
        node = node.parent;
    }
    if (!node) {
        const p = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
        return new vscode.Range(p, p);
    }
    return new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length));
}

/** A policy test in the short form (event, tool, input) that expects the logged verdict. */
export function testFromRecord(r: LogRecord, existingNames: Set<string>): Record<string, unknown> {
    const base = `${r.decision.decision} ${r.toolName ?? r.event}: ${r.summary ?? ""}`.slice(0, 70).trim();
    let name = base;
    for (let i = 2; existingNames.has(name); i++) {
        name = `${base} (${i})`;
    }
    return {
        name,
        harness: r.harness,
        event: r.event,
        ...(r.toolName !== undefined ? { tool: r.toolName } : {}),
        ...(r.toolInput ? { input: r.toolInput } : {}),
        ...(r.toolOutput !== undefined ? { output: r.toolOutput } : {}),
        ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
        expect: r.decision.decision,
    };
}

/** Appends a test to the `tests` list of a hooks.json document through an undoable edit. */
export async function appendTest(doc: vscode.TextDocument, test: Record<string, unknown>): Promise<boolean> {
    const text = doc.getText();
    const indent = /\n( +)"/.exec(text)?.[1]?.length ?? 2;
    const edits = modify(text, ["tests", -1], test, { formattingOptions: { insertSpaces: true, tabSize: indent, eol: "\n" } });
    const we = new vscode.WorkspaceEdit();
    for (const e of edits) {
        we.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    }
    return vscode.workspace.applyEdit(we);
}

export function testNames(doc: vscode.TextDocument): Set<string> {
    const tree = parseTree(doc.getText());
    const tests = tree?.children?.find((p) => p.children?.[0]?.value === "tests")?.children?.[1];
    return new Set((tests?.children ?? []).map((t) => t.children?.find((p) => p.children?.[0]?.value === "name")?.children?.[1]?.value as string).filter((n): n is string => typeof n === "string"));
}

const LAYER_NAMES = ["machine", "user", "workspace"];

/**
 * The layered policy as the editor has it: an open document's text (saved or not) stands for
 * its file; files that exist and are not open are read from disk.
 */
export function policyWithBuffers(files: string[]): { policy: Policy; unsaved: string[] } {
    const layers: PolicyLayer[] = [];
    const unsaved: string[] = [];
    files.forEach((file, i) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === "file" && d.uri.fsPath === file);
        const layer = LAYER_NAMES[i] ?? file;
        if (doc) {
            if (doc.isDirty) {
                unsaved.push(file);
            }
            layers.push(parsePolicyText(doc.getText(), file, layer));
        } else if (fs.existsSync(file)) {
            layers.push(parsePolicyText(fs.readFileSync(file, "utf8"), file, layer));
        }
    });
    return { policy: combineLayers(layers.length > 0 ? layers : [defaultPolicyLayer()]), unsaved };
}

export function engineWithBuffers(files: string[], options: { trusted: boolean; roots: string[] }): { engine: Engine; unsaved: string[] } {
    const { policy, unsaved } = policyWithBuffers(files);
    return { engine: new Engine(policy, { trusted: options.trusted, protectedRoots: options.roots }), unsaved };
}
