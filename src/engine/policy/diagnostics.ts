// Every problem the policy compiler reports has a stable code (HW0xx): the CLI, SARIF, the
// editor's Problems view and its quick fixes all key on it. Codes are never renumbered; a
// retired code stays reserved. The rule name is the readable alias (also shown by `lint`).

export const DIAGNOSTICS = {
    // The file and its JSON shape.
    syntax: { code: "HW001", title: "Invalid JSON" },
    "wrong-type": { code: "HW002", title: "Value of the wrong type" },
    "wrong-value": { code: "HW003", title: "Value out of range or not allowed" },
    "missing-field": { code: "HW004", title: "Required field missing" },
    "unknown-field": { code: "HW005", title: "Unknown field" },
    "runner-count": { code: "HW006", title: "A hook needs exactly one of classifier, command, module" },
    "over-budget": { code: "HW007", title: "Over a policy size or compile budget" },
    unreadable: { code: "HW008", title: "Policy file unreadable" },
    "not-a-file": { code: "HW009", title: "Policy path is not a regular file" },
    "too-large": { code: "HW010", title: "Policy file too large" },
    internal: { code: "HW011", title: "Internal error while loading" },
    // Names a policy refers to.
    "unknown-event": { code: "HW020", title: "Unknown event" },
    "unknown-classifier": { code: "HW021", title: "Unknown classifier" },
    "unknown-category": { code: "HW022", title: "Unknown shell category" },
    "unknown-tool-group": { code: "HW023", title: "Unknown tool group" },
    "unknown-harness": { code: "HW024", title: "Unknown harness" },
    "unknown-tool": { code: "HW025", title: "No supported harness has this tool" },
    "unknown-default-hook": { code: "HW026", title: "No such hook in the built-in default policy" },
    // What the native core compiles.
    "invalid-regex": { code: "HW030", title: "Regex does not compile" },
    "invalid-glob": { code: "HW031", title: "Glob does not compile" },
    // Semantics.
    "option-not-applicable": { code: "HW040", title: "Option does not apply to this classifier" },
    "options-without-classifier": { code: "HW041", title: "Options on a hook that is not a classifier" },
    "duplicate-name": { code: "HW042", title: "Duplicate hook name" },
    "payload-and-short-form": { code: "HW043", title: "Test mixes payload and short form" },
    "defaults-in-workspace": { code: "HW044", title: "Defaults switch in a workspace policy" },
    // What the hooks run.
    "command-not-found": { code: "HW050", title: "Command program not found" },
    "command-not-executable": { code: "HW051", title: "Command program not executable" },
    "module-not-found": { code: "HW052", title: "Module file not found" },
    "module-export-missing": { code: "HW053", title: "Module export not found" },
    "timeout-over-deadline": { code: "HW054", title: "Timeout at or above the relay deadline" },
    // Tests.
    "test-unknown-hook": { code: "HW060", title: "Test names an unknown hook" },
    "no-tests": { code: "HW061", title: "Policy has hooks but no tests" },
} as const;

export type DiagnosticRule = keyof typeof DIAGNOSTICS;
export type DiagnosticCode = (typeof DIAGNOSTICS)[DiagnosticRule]["code"];
export type DiagnosticSeverity = "error" | "warning" | "info";

export const DIAGNOSTIC_RULES = Object.keys(DIAGNOSTICS) as DiagnosticRule[];

export function codeOf(rule: DiagnosticRule): DiagnosticCode {
    return DIAGNOSTICS[rule].code;
}

export function ruleOfCode(code: string): DiagnosticRule | undefined {
    return DIAGNOSTIC_RULES.find((r) => DIAGNOSTICS[r].code === code);
}

/** What a quick fix needs; every field optional, each set by the checks it concerns. */
export interface DiagnosticData {
    /** The did-you-mean replacement for the flagged string (without quotes). */
    replacement?: string;
    /** A timeout that fits under the relay deadline. */
    maxTimeoutMs?: number;
    /** The hook a fix concerns (add a test for it). */
    hook?: string;
    /** The program a command hook runs, resolved (create it, make it executable). */
    program?: string;
}

/** Another place that explains the diagnostic, e.g. the first hook of a duplicate name. */
export interface RelatedLocation {
    file: string;
    offset: number;
    length: number;
    line: number;
    column: number;
    message: string;
}

/**
 * JSON string literal `raw` (with its quotes) → the offset inside it, from the start of the
 * literal, of the decoded string's UTF-8 byte `byteOffset` (where a regex compiler points).
 * Escapes (`\\`, `\"`, `\uXXXX`) make the two differ; the answer always lands inside the literal.
 */
export function offsetInJsonString(raw: string, byteOffset: number): number {
    let bytes = 0;
    let i = 1; // past the opening quote
    const end = raw.length - 1;
    while (i < end && bytes < byteOffset) {
        let decoded: string;
        if (raw[i] === "\\") {
            if (raw[i + 1] === "u") {
                decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
                i += 6;
            } else {
                decoded = "x";
                i += 2;
            }
        } else {
            const cp = raw.codePointAt(i) ?? 0;
            decoded = String.fromCodePoint(cp);
            i += decoded.length;
        }
        bytes += Buffer.byteLength(decoded);
    }
    return Math.min(i, Math.max(end, 1));
}
