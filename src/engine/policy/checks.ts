// Semantic checks of one hook beyond its JSON shape: what a command or module hook runs exists,
// its timeout fits under the relay's deadline, a tool name is one some harness uses. These are
// warnings: the hook still loads (at run time its onError decides), the author learns early.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Node } from "jsonc-parser";

import { knownToolNames } from "../tools";
import type { Reporter } from "./load";

/** The relay answers with the fail mode after this long (hookwarden.relayDeadlineMs default). */
export const DEFAULT_RELAY_DEADLINE_MS = 20_000;

/** The compiler's context: what it cannot read from the file itself. */
export interface CompileOptions {
    /** The relay's deadline (the setting); a hook timeout at or above it never gets to answer. */
    relayDeadlineMs?: number;
}

/** The program a shell command starts: its first word after `VAR=value` assignments; undefined when it is shell syntax. */
export function commandProgram(command: string): string | undefined {
    const words = command.trim().match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
    for (const w of words) {
        if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
            continue;
        }
        if (/[$`(){}<>|;&*?[\]]/.test(w)) {
            return undefined; // expanded or composed at run time: nothing to check statically
        }
        return w.replace(/^(["'])(.*)\1$/, "$2");
    }
    return undefined;
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

function exists(file: string): boolean {
    try {
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** PATH lookups of the last second: a policy of many command hooks runs few distinct programs. */
const pathHits = new Map<string, { at: number; found: boolean }>();

function onPath(program: string): boolean {
    const key = `${process.env.PATH ?? ""}\0${program}`;
    const now = Date.now();
    const hit = pathHits.get(key);
    if (hit && now - hit.at < 1000) {
        return hit.found;
    }
    const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
    const found = dirs.some((d) => isExecutable(path.join(d, program)));
    if (pathHits.size > 256) {
        pathHits.clear();
    }
    pathHits.set(key, { at: now, found });
    return found;
}

const SHELL_BUILTINS = new Set(["cd", "echo", "exit", "export", "printf", "read", "set", "test", "true", "false", "exec", "eval", ".", "source", ":", "["]);

/**
 * Where the program may be: a path with a slash runs relative to the event's cwd (the workspace
 * root for a workspace policy, the folder above `.vscode`) or, without one, the policy's folder.
 */
function candidates(program: string, baseDir: string): string[] {
    if (path.isAbsolute(program)) {
        return [program];
    }
    const dirs = [baseDir];
    if (path.basename(baseDir) === ".vscode") {
        dirs.unshift(path.dirname(baseDir));
    }
    return dirs.map((d) => path.resolve(d, program));
}

export function checkCommandProgram(r: Reporter, node: Node, field: string, command: string, baseDir: string): void {
    const program = commandProgram(command);
    if (program === undefined || SHELL_BUILTINS.has(program)) {
        return;
    }
    if (program.includes("/")) {
        const files = candidates(program, baseDir);
        if (files.some(isExecutable)) {
            return;
        }
        const present = files.find(exists);
        if (present) {
            r.report(node, field, `"${program}" exists but is not executable: the hook would fail and its onError decide. Make it executable (chmod +x) or run it through its interpreter.`, "command-not-executable", "warning", { data: { program: present } });
        } else {
            r.report(node, field, `The program "${program}" does not exist (looked in ${files.map((f) => path.dirname(f)).join(" and ")}): the hook would fail and its onError decide.`, "command-not-found", "warning", { data: { program: files[0] ?? program } });
        }
        return;
    }
    if (!onPath(program)) {
        r.report(node, field, `The program "${program}" is not on the PATH here: the hook would fail and its onError decide.`, "command-not-found", "warning", { data: { program } });
    }
}

/**
 * The module file must exist; its export is checked in the text only (linting must never run
 * workspace code), so a missing export is a warning that may be wrong for generated exports.
 */
export function checkModuleFile(r: Reporter, node: Node, field: string, modulePath: string, exportName: string): void {
    let text: string;
    try {
        if (!fs.statSync(modulePath).isFile()) {
            throw new Error("not a file");
        }
        text = fs.readFileSync(modulePath, "utf8");
    } catch {
        r.report(node, field, `The module file ${modulePath} does not exist: the hook would fail and its onError decide.`, "module-not-found", "warning");
        return;
    }
    const name = exportName.replace(/[$]/g, "\\$");
    const exported =
        exportName === "default"
            ? /\bexport\s+default\b|\bmodule\.exports\s*=|\bexports\.default\b/.test(text)
            : new RegExp(`\\bexport\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+${name}\\b|\\bexport\\s*\\{[^}]*\\b${name}\\b|\\bexports\\.${name}\\b|\\bmodule\\.exports\\b[^;]*\\b${name}\\b`).test(text);
    if (!exported) {
        r.report(node, field, `${path.basename(modulePath)} does not seem to export "${exportName}".`, "module-export-missing", "warning");
    }
}

export function checkTimeout(r: Reporter, node: Node, field: string, timeoutMs: number): void {
    const deadline = r.options.relayDeadlineMs ?? DEFAULT_RELAY_DEADLINE_MS;
    if (timeoutMs >= deadline) {
        const max = Math.max(1, deadline - 1000);
        r.report(node, field, `timeoutMs ${timeoutMs} is at or above the relay's deadline of ${deadline} ms: the relay would answer with the fail mode before this hook does. Use at most ${max}.`, "timeout-over-deadline", "warning", { data: { maxTimeoutMs: max } });
    }
}

/** A plain tool name (no glob, no group, not MCP) that no supported harness uses can never match. */
export function checkToolName(r: Reporter, node: Node, field: string, tool: string): void {
    if (tool.startsWith("@") || /[*?[\]{}]/.test(tool) || tool.startsWith("mcp_")) {
        return;
    }
    const known = knownToolNames();
    if (!known.includes(tool)) {
        r.unknown(node, field, "tool", tool, known, "unknown-tool", " No supported harness has a tool of this name, so the hook never matches it.", "warning");
    }
}
