// Every command, as one table. The `hookwarden.` prefix is added here only; titles and the
// "Hookwarden" category are in package.json's contributes.commands.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

import type { Ctx } from "./extension";
import { showStatus } from "./views/statusPick";

export const COMMAND_PREFIX = "hookwarden";
export const commandId = (name: string): string => `${COMMAND_PREFIX}.${name}`;

type Command = (...args: unknown[]) => unknown;

export function createCommands(ctx: Ctx): Record<string, Command> {
    return {
        enable: () => ctx.config.setEnabled(true),
        disable: () => ctx.config.setEnabled(false),
        register: () => ctx.register(),
        unregister: () => ctx.unregister(),
        reloadPolicy: () => {
            const r = ctx.session?.reload();
            if (!r) {
                void vscode.window.showWarningMessage("Hookwarden: the engine is not running.");
            }
            return r;
        },
        openPolicy: () => openPolicy(ctx),
        showStatus: () => showStatus(ctx.home, ctx.session, ctx.state),
        showLog: () => ctx.output.show(true),
        showDecisions: (id?: unknown) => ctx.decisions.show(typeof id === "string" ? id : undefined),
        /** Shows another decision log (a `hookwarden serve` log) in the panel; asks for it without an argument. */
        openDecisionLog: async (file?: unknown) => {
            const picked = typeof file === "string" ? file : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "Decision logs": ["jsonl"], "All files": ["*"] } }))?.[0]?.fsPath;
            if (picked) {
                await ctx.decisions.show();
                ctx.decisions.openLogFile(picked);
            }
        },
    };
}

export function registerCommands(ctx: Ctx, subscriptions: vscode.Disposable[]): void {
    for (const [name, run] of Object.entries(createCommands(ctx))) {
        subscriptions.push(vscode.commands.registerCommand(commandId(name), run));
    }
}

/** Opens the workspace's `.vscode/hooks.json`, created from the template when missing. */
async function openPolicy(ctx: Ctx): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
        void vscode.window.showWarningMessage("Hookwarden: open a folder first; its policy lives in .vscode/hooks.json.");
        return undefined;
    }
    const file = path.join(folder.uri.fsPath, ".vscode", "hooks.json");
    if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.copyFileSync(path.join(ctx.extensionPath, "media", "hooks.template.jsonc"), file);
        ctx.output.info(`created ${file} from the template`);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    return file;
}
