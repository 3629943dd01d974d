// The status view: a quick pick with the engine and each harness (found, registered, last event).
import * as vscode from "vscode";

import type { EngineSession } from "../engine/session";
import type { RegistrationTarget } from "../registration/harnesses";
import { harnessName, registrationStatus } from "../registration/vscodeRegistration";

export interface HarnessRow {
    target: RegistrationTarget;
    file: string;
    found: boolean;
    registered: boolean;
    lastEvent: string | null;
}

export function harnessRows(home: string, session: EngineSession | undefined): HarnessRow[] {
    return registrationStatus(home).map((s) => {
        const seen = session?.lastEvent.get(s.target);
        return { ...s, lastEvent: seen ? seen.toLocaleTimeString() : null };
    });
}

export async function showStatus(home: string, session: EngineSession | undefined, engineState: string): Promise<void> {
    const items: vscode.QuickPickItem[] = [{ label: "Engine", kind: vscode.QuickPickItemKind.Separator }];
    const c = session?.counts;
    items.push({
        label: `$(server-process) Engine ${engineState}`,
        description: c ? `${c.allow} allowed · ${c.ask} asked · ${c.deny} denied` : "",
        detail: session?.policyFiles.join(", "),
    });
    const layers = session?.layers ?? [];
    if (layers.length > 0) {
        items.push({ label: "Policy layers in force (lowest first; a higher layer can only add restrictions)", kind: vscode.QuickPickItemKind.Separator });
        for (const l of layers) {
            const icon = l.state === "in force" ? "$(shield)" : l.state === "has errors" ? "$(error)" : "$(circle-slash)";
            items.push({ label: `${icon} ${layerTitle(l.layer)}`, description: `${l.state} · ${l.detail}`, detail: l.file });
        }
    }
    const held = session?.heldBackHooks() ?? [];
    if (held.length > 0) {
        items.push({ label: "$(workspace-untrusted) Held back until the workspace is trusted", description: held.join(", ") });
    }
    items.push({ label: "Harnesses", kind: vscode.QuickPickItemKind.Separator });
    for (const row of harnessRows(home, session)) {
        items.push({
            label: `${row.registered ? "$(pass-filled)" : "$(circle-large-outline)"} ${harnessName(row.target)}`,
            description: `${row.found ? "found" : "not found"} · ${row.registered ? "registered" : "not registered"} · last event: ${row.lastEvent ?? "none yet"}`,
            detail: row.file,
        });
    }
    await vscode.window.showQuickPick(items, { title: "Hookwarden status", placeHolder: "Engine and harness registration" });
}

function layerTitle(layer: string): string {
    switch (layer) {
        case "default":
            return "Built-in default policy";
        case "machine":
            return "Machine policy";
        case "user":
            return "User policy";
        case "workspace":
            return "Workspace policy";
        default:
            return layer;
    }
}
