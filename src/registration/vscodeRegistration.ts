// The editor's side of registration, without a `vscode` import: where the VSIX keeps the relay,
// what registration will change (shown before asking), and the relay refresh on an update.
import * as fs from "node:fs";
import * as path from "node:path";

import { configFile, type RegistrationTarget } from "./harnesses";
import { install, installRelay, registrationStatus, stableRelayPath, uninstall, type TargetResult } from "./install";

/** The relay binary shipped in the VSIX. */
export function bundledRelay(extensionPath: string): string {
    return path.join(extensionPath, "dist", "bin", "hookwarden-relay");
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
    return [`the relay binary → ${stableRelayPath(home)}`, ...targets.map((t) => `${harnessName(t)} → ${configFile(t, home)}`)];
}

export function register(extensionPath: string, home: string, targets: RegistrationTarget[], deadlineMs?: number): TargetResult[] {
    return install({ home, relaySource: bundledRelay(extensionPath), targets, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
}

export function unregister(home: string, targets?: RegistrationTarget[]): TargetResult[] {
    return uninstall({ home, ...(targets ? { targets } : {}) });
}

/**
 * After an extension update, the copy at the stable path is replaced by the new bundled relay
 * (only when it is there already: registration itself is never done without asking).
 */
export function refreshRelay(extensionPath: string, home: string): boolean {
    const source = bundledRelay(extensionPath);
    if (!fs.existsSync(stableRelayPath(home)) || !fs.existsSync(source)) {
        return false;
    }
    installRelay({ home, relaySource: source });
    return true;
}

export { registrationStatus };
