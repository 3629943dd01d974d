// The paths and shell command a tool call touches, from any harness's tool input shape.
import type { NormalizedEvent } from "./events";
import { toolGroupOf } from "./tools";

export type Access = "read" | "write" | "unknown";

export interface PathUse {
    path: string;
    access: Access;
    /** Which field named it, for the trace. */
    field: string;
}

const PATH_FIELDS = ["file_path", "filePath", "path", "notebook_path", "dirPath", "target_file"];

/** The shell command of a shell tool call, and the field it came from. */
export function shellCommandOf(ev: NormalizedEvent, input: Record<string, unknown> | undefined): { command: string; field: string } | undefined {
    if (toolGroupOf(ev.toolName) !== "@shell" || !input) {
        return undefined;
    }
    for (const k of ["command", "cmd", "input"]) {
        const v = input[k];
        if (typeof v === "string") {
            return { command: v, field: `tool_input.${k}` };
        }
        if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
            return { command: (v as string[]).join(" "), field: `tool_input.${k}` };
        }
    }
    return undefined;
}

/** Paths named by an apply_patch envelope (`*** Update File: x`, `*** Add File: y`, ...). */
function patchPaths(patch: string): string[] {
    const out: string[] = [];
    for (const m of patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)) {
        const p = (m[1] ?? m[2] ?? "").trim();
        if (p) {
            out.push(p);
        }
    }
    return out;
}

/** Paths from file-tool fields (not the shell: the shell classifier reports those). */
export function fileToolPaths(ev: NormalizedEvent, input: Record<string, unknown> | undefined): PathUse[] {
    if (!input) {
        return [];
    }
    const group = toolGroupOf(ev.toolName);
    if (group === "@shell") {
        return [];
    }
    const access: Access = group === "@edit" ? "write" : group === "@read" ? "read" : "unknown";
    const out: PathUse[] = [];
    for (const k of PATH_FIELDS) {
        const v = input[k];
        if (typeof v === "string" && v !== "") {
            out.push({ path: v, access, field: `tool_input.${k}` });
        }
    }
    const replacements = input["replacements"];
    if (Array.isArray(replacements)) {
        replacements.forEach((r, i) => {
            const p = (r as Record<string, unknown> | null)?.["filePath"];
            if (typeof p === "string") {
                out.push({ path: p, access: "write", field: `tool_input.replacements[${i}].filePath` });
            }
        });
    }
    for (const k of ["input", "command", "patch"]) {
        const v = input[k];
        if (typeof v === "string" && v.includes("*** ")) {
            for (const p of patchPaths(v)) {
                out.push({ path: p, access: "write", field: `tool_input.${k}` });
            }
        }
    }
    return out;
}
