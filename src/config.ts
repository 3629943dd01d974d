// Typed access to the `hookwarden.*` settings. Read fresh on every call, never cached in globals.
import * as vscode from "vscode";

import { strictestFailModeSetting } from "./engine/session";
import { clampDeadlineMs, RELAY_DEADLINE_MS, REGISTRATION_TARGETS, type RegistrationTarget } from "./registration/harnesses";

export const ROOT_SECTION = "hookwarden";

export type NotificationLevel = "all" | "errors" | "off";
/** `policy`: the policy's `failMode` rules. `deny`: blocking events fail closed even where the policy says allow. */
export type FailModeSetting = "policy" | "deny";

/** Settings whose change restarts the engine (the rest apply on their next use). */
export const RESTART_ENGINE_SETTINGS = ["enabled", "failMode"].map((s) => `${ROOT_SECTION}.${s}`);

export class Config {
    private get<T>(key: string, fallback: T): T {
        // `get` returns undefined for unknown keys and null for an explicit null: both mean "default".
        const value = vscode.workspace.getConfiguration(ROOT_SECTION).get<T | null>(key);
        return value === undefined || value === null ? fallback : value;
    }

    get enabled(): boolean {
        return this.get("enabled", true);
    }

    /** Strictest of every scope: a workspace's settings may make it stricter, never lift the user's `deny`. */
    get failMode(): FailModeSetting {
        const i = vscode.workspace.getConfiguration(ROOT_SECTION).inspect<string>("failMode");
        return strictestFailModeSetting([i?.defaultValue, i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue]);
    }

    get harnesses(): RegistrationTarget[] {
        const list = this.get<string[]>("harnesses", REGISTRATION_TARGETS);
        return REGISTRATION_TARGETS.filter((t) => list.includes(t));
    }

    /** The relay's deadline, written into each harness's registration (applies on the next register). */
    get relayDeadlineMs(): number {
        return clampDeadlineMs(this.get<number>("relayDeadlineMs", RELAY_DEADLINE_MS));
    }

    get notifications(): NotificationLevel {
        const v = this.get<string>("notifications", "all");
        return v === "errors" || v === "off" ? v : "all";
    }

    async setEnabled(enabled: boolean): Promise<void> {
        await vscode.workspace.getConfiguration(ROOT_SECTION).update("enabled", enabled, vscode.ConfigurationTarget.Global);
    }

    /** True when the change touches a setting that needs an engine restart. */
    static needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
        return RESTART_ENGINE_SETTINGS.some((s) => e.affectsConfiguration(s));
    }
}
