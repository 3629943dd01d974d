// The editor's side of registration, without a `vscode` import: where the VSIX keeps the relay,
// what registration will change (shown before asking), and the relay refresh on an update.
import * as fs from "node:fs";
import * as path from "node:path";

import { configFile, type RegistrationTarget } from "./harnesses";
import { install, installRelay, registrationStatus, stableRelayPath, uninstall, writeRelayConfig, type TargetResult } from "./install";

/** The relay binary shipped in the VSIX. */
export function bundledRelay(extensionPath: string): string {
    return path.join(extensionPath, "dist", "bin", "hookwarden-relay");
}

/** The engine's command-line entry shipped in the VSIX (`serve` starts a headless engine). */
export function bundledCli(extensionPath: string): string {
    return path.join(extensionPath, "dist", "cli.js");
}

/** How long a headless engine the relay started stays up with no event. */
export const HEADLESS_IDLE_EXIT_MS = 300_000;

/** The JavaScript runtime the editor runs extensions with. */
export interface EditorRuntime {
    /** `process.execPath` of the extension host. */
    execPath: string;
    /** Set in desktop VS Code, whose executable is Electron (`process.versions.electron`). */
    electron?: string | undefined;
}

/**
 * The command the relay runs to start a headless engine when no editor serves the folder: the
 * VSIX's own engine, run by the runtime the editor ships, so that it needs no system Node. The
 * extension host's executable is Node in code-server and remote hosts, and Electron on the
 * desktop, where ELECTRON_RUN_AS_NODE=1 makes it Node (relay.json holds a plain argv, so `env`
 * sets the variable). Undefined when the VSIX lacks the entry or the runtime is gone.
 */
export function headlessServeCommand(extensionPath: string, runtime: EditorRuntime, exists: (p: string) => boolean = fs.existsSync): string[] | undefined {
    const cli = bundledCli(extensionPath);
    if (!exists(cli) || !path.isAbsolute(runtime.execPath) || !exists(runtime.execPath)) {
        return undefined;
    }
    const serve = [cli, "serve", "--idle-exit-ms", String(HEADLESS_IDLE_EXIT_MS)];
    if (runtime.electron !== undefined) {
        const env = ["/usr/bin/env", "/bin/env"].find(exists);
        return env ? [env, "ELECTRON_RUN_AS_NODE=1", runtime.execPath, ...serve] : undefined;
    }
    return [runtime.execPath, ...serve];
}

function editorRuntime(): EditorRuntime {
    return { execPath: process.execPath, electron: process.versions.electron };
}

const HARNESS_NAMES: Record<RegistrationTarget, string> = {
    claude: "Claude Code (and VS Code's Claude harness)",
    codex: "Codex",
    copilot: "Copilot CLI and VS Code's Copilot/Local agents",
};

export function harnessName(target: RegistrationTarget): string {
    return HARNESS_NAMES[target];
}

/** One line per file registration writes, for the question asked before registering. */
export function registrationPlan(home: string, targets: RegistrationTarget[]): string[] {
    return [`the relay binary → ${stableRelayPath(home)}`, `how it starts an engine while VS Code is closed → ${path.join(home, ".hookwarden", "relay.json")}`, ...targets.map((t) => `${harnessName(t)} → ${configFile(t, home)}`)];
}

export function register(extensionPath: string, home: string, targets: RegistrationTarget[], deadlineMs?: number, runtime: EditorRuntime = editorRuntime()): TargetResult[] {
    const serveCommand = headlessServeCommand(extensionPath, runtime);
    return install({ home, relaySource: bundledRelay(extensionPath), targets, ...(serveCommand ? { serveCommand } : {}), ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
}

export function unregister(home: string, targets?: RegistrationTarget[]): TargetResult[] {
    return uninstall({ home, ...(targets ? { targets } : {}) });
}

/**
 * After an extension update, the copy at the stable path is replaced by the new bundled relay
 * and the headless engine's command points at the new version's files (only when registered
 * already: registration itself is never done without asking).
 */
export function refreshRelay(extensionPath: string, home: string, runtime: EditorRuntime = editorRuntime()): boolean {
    const source = bundledRelay(extensionPath);
    if (!fs.existsSync(stableRelayPath(home)) || !fs.existsSync(source)) {
        return false;
    }
    const serveCommand = headlessServeCommand(extensionPath, runtime);
    installRelay({ home, relaySource: source, ...(serveCommand ? { serveCommand } : {}) });
    return true;
}

/**
 * Points relay.json at this extension's files and runtime when it names others (an editor
 * update moved its runtime, another window of another version wrote it); only when registered.
 */
export function refreshServeCommand(extensionPath: string, home: string, runtime: EditorRuntime = editorRuntime()): boolean {
    const serveCommand = headlessServeCommand(extensionPath, runtime);
    const file = path.join(home, ".hookwarden", "relay.json");
    if (!serveCommand || !fs.existsSync(stableRelayPath(home))) {
        return false;
    }
    let current: unknown;
    try {
        current = (JSON.parse(fs.readFileSync(file, "utf8")) as { serveCommand?: unknown }).serveCommand;
    } catch {
        current = undefined;
    }
    if (JSON.stringify(current) === JSON.stringify(serveCommand)) {
        return false;
    }
    writeRelayConfig(home, serveCommand);
    return true;
}

export { registrationStatus };
