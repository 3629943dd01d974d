// Completions the static schema cannot give: the shell categories (with their meaning) inside
// options.deny / options.ask, and tool groups and tool names inside match.tool.
import * as vscode from "vscode";

import { entriesFor, slotAt } from "./policyCatalog";
import { rangeOf } from "./policyDiagnostics";

export class PolicyCompletions implements vscode.CompletionItemProvider {
    static readonly triggers = ['"', "@"];

    provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
        const text = doc.getText();
        const at = slotAt(text, doc.offsetAt(position));
        if (!at) {
            return [];
        }
        // Inside a string: replace the whole literal, quotes included; else insert a new one.
        const node = at.location.previousNode;
        const range = node?.type === "string" ? rangeOf(doc, node.offset, node.length) : new vscode.Range(position, position);
        return entriesFor(at.slot).map((e, i) => {
            const item = new vscode.CompletionItem(e.name, at.slot === "tool" && e.name.startsWith("@") ? vscode.CompletionItemKind.Module : vscode.CompletionItemKind.EnumMember);
            item.insertText = JSON.stringify(e.name);
            item.filterText = JSON.stringify(e.name);
            item.range = range;
            item.detail = e.detail;
            item.documentation = new vscode.MarkdownString(e.documentation);
            item.sortText = String(i).padStart(4, "0");
            return item;
        });
    }
}
