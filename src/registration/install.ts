// `hookwarden install` / `uninstall`: the relay copied to a stable path and registered in each
// harness's user-level config. Only our entries are edited (jsonc-parser edits, so the user's
// comments and formatting stay); every write is atomic and preceded by a backup; install is
// idempotent and uninstall restores the file byte for byte when nothing else changed it.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { findNodeAtLocation, parseTree, type Node, type ParseError } from "jsonc-parser";

import { writeFileAtomic } from "../engine/server/runtimeDir";
import {
    CLAUDE_EVENTS,
    CODEX_EVENTS,
    COPILOT_EVENTS,
    configFile,
    HARNESS_TIMEOUT_S,
    RELAY_MARKER,
    relayCommand,
    REGISTRATION_TARGETS,
    type RegistrationTarget,
} from "./harnesses";

export interface InstallOptions {
    home: string;
    /** The built relay binary to copy. */
    relaySource: string;
    targets?: RegistrationTarget[];
    /** The command the relay may run to start a headless engine. */
    serveCommand?: string[];
    /** The relay's deadline (clamped below the harness's timeout); default 20 s. */
    deadlineMs?: number;
}

export interface TargetResult {
    target: RegistrationTarget;
    file: string;
    changed: boolean;
    note?: string;
}

interface StateEntry {
    /** The file's bytes before our first install (null: it did not exist). */
    original: string | null;
    /** sha256 of the file as our install left it. */
    installedHash: string;
    /** Containers install created (`hooks`, `hooks.PreToolUse`), removed again on uninstall. */
    created: string[];
}
type State = Partial<Record<RegistrationTarget, StateEntry>>;

export function hookwardenDir(home: string): string {
    return path.join(home, ".hookwarden");
}

export function stableRelayPath(home: string): string {
    return path.join(hookwardenDir(home), "bin", "hookwarden-relay");
}

function statePath(home: string): string {
    return path.join(hookwardenDir(home), "registration.json");
}

function readState(home: string): State {
    try {
        return JSON.parse(fs.readFileSync(statePath(home), "utf8")) as State;
    } catch {
        return {};
    }
}

function writeState(home: string, state: State): void {
    fs.mkdirSync(hookwardenDir(home), { recursive: true, mode: 0o700 });
    writeFileAtomic(statePath(home), `${JSON.stringify(state, null, 2)}\n`);
}

const sha = (s: string): string => createHash("sha256").update(s).digest("hex");

function readText(file: string): string | null {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return null;
        }
        throw err;
    }
}

function isOurs(entry: Node | undefined): boolean {
    if (!entry) {
        return false;
    }
    const text = JSON.stringify(nodeToValue(entry));
    return text.includes(RELAY_MARKER);
}

function nodeToValue(n: Node): unknown {
    if (n.type === "object") {
        return Object.fromEntries((n.children ?? []).map((p) => [p.children?.[0]?.value as string, p.children?.[1] ? nodeToValue(p.children[1]) : null]));
    }
    if (n.type === "array") {
        return (n.children ?? []).map(nodeToValue);
    }
    return n.value;
}

/** Inserts `text` at `offset`. */
function insertAt(text: string, offset: number, insert: string): string {
    return text.slice(0, offset) + insert + text.slice(offset);
}

/**
 * Inserts a member into an object or array node, right after its last member (or its opening
 * bracket). `separator` goes between the previous member and ours (so removal takes it too).
 */
function insertMember(text: string, container: Node, member: string, separator = ", "): string {
    const last = container.children?.at(-1);
    return last ? insertAt(text, last.offset + last.length, separator + member) : insertAt(text, container.offset + 1, member);
}

/** JSON for a member we create, indented to sit `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
    return JSON.stringify(value, null, 2).replace(/\n/g, `\n${"  ".repeat(depth)}`);
}

/** Removes a member of an object or array: the exact inverse of insertMember. */
function removeMember(text: string, container: Node, index: number): string {
    const children = container.children ?? [];
    const node = children[index] as Node;
    const prev = children[index - 1];
    const next = children[index + 1];
    const [start, end] = prev ? [prev.offset + prev.length, node.offset + node.length] : next ? [node.offset, next.offset] : [node.offset, node.offset + node.length];
    return text.slice(0, start) + text.slice(end);
}

function hasSyntaxErrors(text: string): boolean {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true });
    return errors.length > 0;
}

/**
 * Adds our matcher group to `hooks.<Event>` arrays of a Claude-shaped file, editing only the
 * bytes of our entries; returns what it had to create so uninstall can take exactly that away.
 */
function addClaudeShaped(text: string, harness: "claude" | "codex", relay: string, events: string[], created: string[], deadlineMs?: number): string {
    let out = text.trim() === "" ? "{}\n" : text;
    const group = { matcher: "*", hooks: [{ type: "command", command: relayCommand(relay, harness, undefined, deadlineMs), timeout: HARNESS_TIMEOUT_S }] };
    const root = parseTree(out) as Node;
    if (!findNodeAtLocation(root, ["hooks"])) {
        // Nothing of the user's to keep inside: the whole object goes in, readable.
        created.push("hooks");
        return insertMember(out, root, `"hooks": ${pretty(Object.fromEntries(events.map((e) => [e, [group]])), 1)}`, ",\n  ");
    }
    for (const event of events) {
        const current = parseTree(out) as Node;
        const hooks = findNodeAtLocation(current, ["hooks"]) as Node;
        const list = findNodeAtLocation(current, ["hooks", event]);
        if (!list) {
            out = insertMember(out, hooks, `"${event}": [${JSON.stringify(group)}]`, ",\n    ");
            created.push(`hooks.${event}`);
        } else if (list.type === "array" && !(list.children ?? []).some(isOurs)) {
            out = insertMember(out, list, JSON.stringify(group));
        }
    }
    return out;
}

/** Removes our entries, and the arrays and hooks object that install created. */
function removeClaudeShaped(text: string, created: string[]): string {
    let out = text;
    for (;;) {
        const root = parseTree(out);
        const hooks = root ? findNodeAtLocation(root, ["hooks"]) : undefined;
        if (!root || hooks?.type !== "object") {
            return out;
        }
        // First our entries inside arrays, then the containers install created, innermost first.
        const props = hooks.children ?? [];
        const withOurs = props.map((p) => p.children?.[1]).find((list) => list?.type === "array" && (list.children ?? []).some(isOurs));
        if (withOurs) {
            out = removeMember(out, withOurs, (withOurs.children ?? []).findIndex(isOurs));
            continue;
        }
        const emptyCreated = props.findIndex((p) => (created.includes("hooks") || created.includes(`hooks.${String(p.children?.[0]?.value)}`)) && (p.children?.[1]?.children ?? []).length === 0);
        if (emptyCreated >= 0) {
            out = removeMember(out, hooks, emptyCreated);
            continue;
        }
        if (created.includes("hooks") && props.length === 0) {
            const index = (root.children ?? []).findIndex((p) => p.children?.[0]?.value === "hooks");
            out = removeMember(out, root, index);
        }
        return out;
    }
}

function copilotFile(relay: string, deadlineMs?: number): string {
    const hooks = Object.fromEntries(COPILOT_EVENTS.map((e) => [e, [{ type: "command", bash: relayCommand(relay, "copilot", e, deadlineMs), timeoutSec: HARNESS_TIMEOUT_S }]]));
    return `${JSON.stringify({ version: 1, hooks }, null, 2)}\n`;
}

function backup(file: string, text: string): void {
    const bak = `${file}.hookwarden-backup`;
    if (!fs.existsSync(bak)) {
        writeFileAtomic(bak, text, fs.statSync(file).mode & 0o777);
    }
}

function writeConfig(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let mode = 0o600;
    try {
        mode = fs.statSync(file).mode & 0o777;
    } catch {
        // New file.
    }
    writeFileAtomic(file, text, mode);
}

/** Copies the relay to its stable path (atomically, so a running relay is never half-written). */
export function installRelay(options: InstallOptions): string {
    const dest = stableRelayPath(options.home);
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.copyFileSync(options.relaySource, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, dest);
    if (options.serveCommand) {
        writeRelayConfig(options.home, options.serveCommand);
    }
    return dest;
}

/** `~/.hookwarden/relay.json`: the command the relay runs to start a headless engine. */
export function writeRelayConfig(home: string, serveCommand: string[]): void {
    fs.mkdirSync(hookwardenDir(home), { recursive: true, mode: 0o700 });
    writeFileAtomic(path.join(hookwardenDir(home), "relay.json"), `${JSON.stringify({ serveCommand }, null, 2)}\n`, 0o600);
}

export function install(options: InstallOptions): TargetResult[] {
    const relay = installRelay(options);
    const state = readState(options.home);
    const results: TargetResult[] = [];
    for (const target of options.targets ?? REGISTRATION_TARGETS) {
        const file = configFile(target, options.home);
        let before = readText(file);
        if (target !== "copilot" && before !== null && before.includes(RELAY_MARKER) && !before.includes(relayCommand(relay, target, undefined, options.deadlineMs))) {
            // Registered with another command line (a new deadline): take ours out, then add it anew.
            uninstall({ home: options.home, targets: [target] });
            delete state[target];
            before = readText(file);
        }
        let after: string;
        let created: string[] = [];
        if (target === "copilot") {
            after = copilotFile(relay, options.deadlineMs);
        } else {
            if (before !== null && before.trim() !== "" && hasSyntaxErrors(before)) {
                results.push({ target, file, changed: false, note: "not changed: the file is not valid JSON; fix it and run install again" });
                continue;
            }
            created = [];
            after = addClaudeShaped(before ?? "", target, relay, target === "claude" ? CLAUDE_EVENTS : CODEX_EVENTS, created, options.deadlineMs);
        }
        if (after === before) {
            results.push({ target, file, changed: false });
            continue;
        }
        if (before !== null) {
            backup(file, before);
        }
        const entry: StateEntry = state[target] ?? { original: before, installedHash: "", created: [] };
        entry.created = [...new Set([...entry.created, ...created])];
        state[target] = entry;
        writeConfig(file, after);
        (state[target] as StateEntry).installedHash = sha(after);
        results.push({ target, file, changed: true, ...(target === "codex" ? { note: "Codex runs new hooks only after you trust them: open /hooks in Codex and review Hookwarden's entries" } : {}) });
    }
    writeState(options.home, state);
    return results;
}

export function uninstall(options: { home: string; targets?: RegistrationTarget[] }): TargetResult[] {
    const state = readState(options.home);
    const results: TargetResult[] = [];
    for (const target of options.targets ?? REGISTRATION_TARGETS) {
        const file = configFile(target, options.home);
        const current = readText(file);
        const recorded = state[target];
        if (current === null) {
            results.push({ target, file, changed: false });
            delete state[target];
            continue;
        }
        if (recorded && sha(current) === recorded.installedHash) {
            // Untouched since our install: put the original bytes back.
            if (recorded.original === null) {
                fs.rmSync(file, { force: true });
            } else {
                writeConfig(file, recorded.original);
            }
            results.push({ target, file, changed: true });
        } else if (target === "copilot") {
            fs.rmSync(file, { force: true });
            results.push({ target, file, changed: true });
        } else {
            const after = removeClaudeShaped(current, recorded?.created ?? []);
            if (after !== current) {
                writeConfig(file, after);
            }
            results.push({ target, file, changed: after !== current, ...(recorded ? { note: "the file changed since install: only Hookwarden's entries were removed" } : {}) });
        }
        delete state[target];
        fs.rmSync(`${file}.hookwarden-backup`, { force: true });
    }
    writeState(options.home, state);
    return results;
}

/** What each harness's config holds now: found (the harness's folder exists) and registered. */
export function registrationStatus(home: string): { target: RegistrationTarget; file: string; found: boolean; registered: boolean }[] {
    return REGISTRATION_TARGETS.map((target) => {
        const file = configFile(target, home);
        const folder = path.join(home, target === "claude" ? ".claude" : target === "codex" ? ".codex" : ".copilot");
        const text = readText(file);
        return { target, file, found: fs.existsSync(folder), registered: text !== null && text.includes(RELAY_MARKER) };
    });
}
