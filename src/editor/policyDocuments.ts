// Which documents are policy files, and which layer each is: the editor checks a buffer as the
// engine would load that file.
import * as os from "node:os";
import * as path from "node:path";
import type * as vscode from "vscode";

import type { LayerName } from "../engine";

/** Every policy file, whichever language VS Code gave it (json or jsonc). */
export const POLICY_SELECTOR: vscode.DocumentFilter[] = [
    { scheme: "file", pattern: "**/.vscode/hooks.json" },
    { scheme: "file", pattern: "**/.hookwarden/hooks.json" },
    { scheme: "file", pattern: "**/etc/hookwarden/hooks.json" },
];

/** The layer a policy file is, or undefined when the file is not one. */
export function policyLayerOf(file: string, home: string = os.homedir()): LayerName | undefined {
    const f = path.resolve(file);
    if (path.basename(f) !== "hooks.json") {
        return undefined;
    }
    const dir = path.basename(path.dirname(f));
    if (f === path.join(home, ".hookwarden", "hooks.json") || dir === ".hookwarden") {
        return "user";
    }
    if (f.endsWith(`${path.sep}etc${path.sep}hookwarden${path.sep}hooks.json`)) {
        return "machine";
    }
    if (dir === ".vscode") {
        return "workspace";
    }
    return undefined;
}

export function isPolicyDocument(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === "file" && policyLayerOf(doc.uri.fsPath) !== undefined;
}
