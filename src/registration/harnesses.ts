// Where each harness reads user-level hooks, and the entries Hookwarden adds there.
// Facts from ../../shared/reference/agent-hook-protocols.md (§3 Claude, §4 Copilot, §5 Codex).
import * as path from "node:path";

export type RegistrationTarget = "claude" | "codex" | "copilot";
export const REGISTRATION_TARGETS: RegistrationTarget[] = ["claude", "codex", "copilot"];

/** The marker that identifies our entries in a shared config file. */
export const RELAY_MARKER = "hookwarden-relay";

/** Every harness times out and then allows; the relay answers well before. */
export const HARNESS_TIMEOUT_S = 30;
export const RELAY_DEADLINE_MS = 20_000;

export const CLAUDE_EVENTS = ["PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest", "UserPromptSubmit", "SessionStart", "SessionEnd", "Stop", "SubagentStart", "SubagentStop", "PreCompact", "Notification"];
export const CODEX_EVENTS = ["SessionStart", "PreToolUse", "PermissionRequest", "PostToolUse", "PreCompact", "UserPromptSubmit", "SubagentStart", "SubagentStop", "Stop"];
export const COPILOT_EVENTS = ["sessionStart", "sessionEnd", "userPromptSubmitted", "preToolUse", "postToolUse", "postToolUseFailure", "permissionRequest", "agentStop", "subagentStart", "subagentStop", "preCompact", "errorOccurred", "notification"];

export function configFile(target: RegistrationTarget, home: string): string {
    switch (target) {
        case "claude":
            return path.join(home, ".claude", "settings.json");
        case "codex":
            return path.join(home, ".codex", "hooks.json");
        case "copilot":
            return path.join(home, ".copilot", "hooks", "hookwarden.json");
    }
}

/** The relay's deadline must leave the harness time to read the answer: 0.5 s up to timeout − 5 s. */
export function clampDeadlineMs(ms: number | undefined): number {
    if (ms === undefined || !Number.isFinite(ms)) {
        return RELAY_DEADLINE_MS;
    }
    return Math.min(Math.max(Math.round(ms), 500), HARNESS_TIMEOUT_S * 1000 - 5000);
}

/** The relay command line for a harness (paths quoted for sh). */
export function relayCommand(relayPath: string, harness: string, event?: string, deadlineMs?: number): string {
    const q = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
    return [q(relayPath), "--harness", harness, ...(event ? ["--event", event] : []), "--deadline-ms", String(clampDeadlineMs(deadlineMs))].join(" ");
}
