// Hovers on a shell category (its meaning and an example) and on a tool group (its members).
import * as vscode from "vscode";

import { entriesFor, slotAt } from "./policyCatalog";
import { rangeOf } from "./policyDiagnostics";

export class PolicyHover implements vscode.HoverProvider {
    provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
        const at = slotAt(doc.getText(), doc.offsetAt(position));
        const node = at?.location.previousNode;
        if (!at || node?.type !== "string") {
            return undefined;
        }
        const entry = entriesFor(at.slot).find((e) => e.name === node.value);
        if (!entry) {
            return undefined;
        }
        return new vscode.Hover(new vscode.MarkdownString(`**${entry.name}** (${entry.detail})\n\n${entry.documentation}`), rangeOf(doc, node.offset, node.length));
    }
}
