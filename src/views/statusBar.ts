// The status bar item: engine state and allowed/asked/denied counts since start.
import * as vscode from "vscode";

import type { Counts, PolicyState } from "../engine/session";

export type EngineState = "starting" | "running" | "disabled" | "failed";

export class StatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor(commandId: string) {
        this.item = vscode.window.createStatusBarItem("hookwarden.status", vscode.StatusBarAlignment.Left, 50);
        this.item.name = "Hookwarden";
        this.item.command = commandId;
        this.item.show();
    }

    update(state: EngineState, counts: Counts, policy: PolicyState, heldBack: string[]): void {
        const icon = state === "running" ? (policy === "ok" ? "$(shield)" : "$(warning)") : state === "disabled" ? "$(circle-slash)" : state === "failed" ? "$(error)" : "$(sync~spin)";
        const tally = `${counts.allow} allowed · ${counts.ask} asked · ${counts.deny} denied`;
        this.item.text = state === "running" ? `${icon} Hookwarden: ${tally}` : `${icon} Hookwarden: ${state}`;
        const lines = [`Hookwarden engine: ${state}`, `Since start: ${tally}`];
        if (policy === "kept-last-good") {
            lines.push("The policy has errors: the last good policy stays in force.");
        } else if (policy === "errors") {
            lines.push("The policy has errors: the fail mode decides events.");
        }
        if (heldBack.length > 0) {
            lines.push(`Held back (untrusted workspace): ${heldBack.join(", ")}`);
        }
        lines.push("Click for the decisions.");
        this.item.tooltip = lines.join("\n");
        this.item.backgroundColor = state === "failed" || policy !== "ok" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    }

    get text(): string {
        return this.item.text;
    }

    dispose(): void {
        this.item.dispose();
    }
}
