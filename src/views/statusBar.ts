// The status bar item: engine state and allowed/asked/denied counts since start.
import * as vscode from "vscode";

import type { LayerSummary } from "../engine/policy/layers";
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

    update(state: EngineState, counts: Counts, policy: PolicyState, heldBack: string[], layers: LayerSummary[]): void {
        const icon = state === "running" ? (policy === "ok" ? "$(shield)" : "$(warning)") : state === "disabled" ? "$(circle-slash)" : state === "failed" ? "$(error)" : "$(sync~spin)";
        const tally = `${counts.allow} allowed · ${counts.ask} asked · ${counts.deny} denied`;
        this.item.text = state === "running" ? `${icon} Hookwarden: ${tally}` : `${icon} Hookwarden: ${state}`;
        const lines = [`Hookwarden engine: ${state}`, `Since start: ${tally}`];
        if (policy === "kept-last-good") {
            lines.push("The policy has errors: the last good policy stays in force.");
        } else if (policy === "errors") {
            lines.push("The policy has errors: the fail mode decides events.");
        }
        if (layers.length > 0) {
            lines.push(`Policy layers: ${layerLine(layers)}`);
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

    get tooltip(): string {
        return typeof this.item.tooltip === "string" ? this.item.tooltip : (this.item.tooltip?.value ?? "");
    }

    dispose(): void {
        this.item.dispose();
    }
}

/** `default (4 hooks) · user (2 hooks) · workspace (1 hook)`, lowest first, with what is off. */
export function layerLine(layers: LayerSummary[]): string {
    return layers.map((l) => `${l.layer === "default" ? "built-in default" : l.layer} (${l.state === "in force" ? l.detail : `${l.state}: ${l.detail}`})`).join(" · ");
}
