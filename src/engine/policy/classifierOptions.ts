// Options of each native classifier: validated at load time (pattern and glob compile errors
// included, so the editor can show them), normalised into the shapes the runners use.
import type { Node } from "jsonc-parser";

import type { Verdict } from "../decision";
import { loadNative } from "../native";
import { pathRulesOf, patternSetOf } from "./compiled";
import { regexCompileWeight } from "./limits";
import type { Reporter } from "./load";
import { offsetInJsonString, type DiagnosticRule } from "./diagnostics";
import { CLASSIFIER_NAMES, type ClassifierName } from "./model";

/** The shell classifier's categories, as the native core lists them (one source of truth). */
let categories: readonly string[] | undefined;
export function shellCategories(): readonly string[] {
    categories ??= loadNative().shellCategories();
    return categories;
}

export const SCAN_TARGETS = ["input", "output", "prompt"] as const;
export type ScanTarget = (typeof SCAN_TARGETS)[number];

export interface ShellOptions {
    deny: string[];
    ask: string[];
    /** Deletions git can undo (tracked, unchanged files): allowed, or put to the user. */
    recoverable: "allow" | "ask";
}
export interface SecretsOptions {
    action: "redact" | "deny" | "ask";
    scan: ScanTarget[];
}
export interface PathsOptions {
    deny: string[];
    ask: string[];
    access: "write" | "any";
}
export interface PatternsOptions {
    patterns: { name: string; regex: string; category?: string }[];
    action: "redact" | "deny" | "ask";
    scan: ScanTarget[];
}
export interface InjectionOptions {
    action: "context" | "deny" | "ask";
}

export const SHELL_DEFAULTS: ShellOptions = {
    deny: ["destructive-fs", "destructive-git", "remote-code-exec", "exfiltration"],
    ask: ["privilege", "package-install", "secrets-access", "dynamic"],
    recoverable: "allow",
};

type Field = { key: string; value: Node };

function props(node: Node): Map<string, Field> {
    const out = new Map<string, Field>();
    for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) {
            out.set(String(k.value), { key: String(k.value), value: v });
        }
    }
    return out;
}

function keyNode(node: Node, name: string): Node | undefined {
    return (node.children ?? []).find((p) => p.children?.[0]?.value === name)?.children?.[0];
}

/** `allowed` with what an unknown value is called and the code it gets (a category, a scan target). */
type Allowed = { names: readonly string[]; what: string; rule: DiagnosticRule };

function stringList(r: Reporter, node: Node, field: string, allowed?: Allowed): string[] {
    if (node.type !== "array") {
        r.report(node, field, `Expected a list of strings.`, "wrong-type");
        return [];
    }
    const out: string[] = [];
    (node.children ?? []).forEach((c, i) => {
        if (c.type !== "string") {
            r.report(c, `${field}[${i}]`, `Expected a string.`, "wrong-type");
        } else if (allowed && !allowed.names.includes(c.value as string)) {
            r.unknown(c, `${field}[${i}]`, allowed.what, c.value as string, allowed.names, allowed.rule, ` Expected one of: ${allowed.names.join(", ")}.`);
        } else {
            out.push(c.value as string);
        }
    });
    return out;
}

function oneOf<T extends string>(r: Reporter, node: Node, field: string, allowed: readonly T[]): T | undefined {
    if (node.type === "string" && (allowed as readonly string[]).includes(node.value as string)) {
        return node.value as T;
    }
    r.report(node, field, `Expected one of: ${allowed.map((a) => `"${a}"`).join(", ")}.`, "wrong-value");
    return undefined;
}

const ALLOWED_KEYS: Record<ClassifierName, string[]> = {
    shell: ["deny", "ask", "recoverable"],
    secrets: ["action", "scan"],
    paths: ["deny", "ask", "access"],
    patterns: ["patterns", "action", "scan"],
    injection: ["action"],
};

export function validateClassifierOptions(r: Reporter, classifier: ClassifierName, node: Node | undefined, field: string): Record<string, unknown> {
    if (node && node.type !== "object") {
        r.report(node, field, `Expected an object of options for the "${classifier}" classifier.`, "wrong-type");
        return {};
    }
    const p = node ? props(node) : new Map<string, Field>();
    if (node) {
        for (const [k] of p) {
            if (!ALLOWED_KEYS[classifier].includes(k)) {
                const elsewhere = CLASSIFIER_NAMES.filter((c) => c !== classifier && ALLOWED_KEYS[c].includes(k));
                const tail = `${elsewhere.length > 0 ? ` ("${k}" is an option of ${elsewhere.map((c) => `"${c}"`).join(", ")}.)` : ""} Expected: ${ALLOWED_KEYS[classifier].join(", ")}.`;
                r.unknown(keyNode(node, k) as Node, `${field}.${k}`, `option for the "${classifier}" classifier:`, k, ALLOWED_KEYS[classifier], "option-not-applicable", tail);
            }
        }
    }
    const get = (k: string): Node | undefined => p.get(k)?.value;
    switch (classifier) {
        case "shell": {
            const o: ShellOptions = { deny: [...SHELL_DEFAULTS.deny], ask: [...SHELL_DEFAULTS.ask], recoverable: SHELL_DEFAULTS.recoverable };
            const deny = get("deny");
            const ask = get("ask");
            const recoverable = get("recoverable");
            const categories: Allowed = { names: shellCategories(), what: "shell category", rule: "unknown-category" };
            if (deny) {
                o.deny = stringList(r, deny, `${field}.deny`, categories);
            }
            if (ask) {
                o.ask = stringList(r, ask, `${field}.ask`, categories);
            }
            if (recoverable) {
                o.recoverable = oneOf(r, recoverable, `${field}.recoverable`, ["allow", "ask"] as const) ?? "allow";
            }
            return { ...o };
        }
        case "secrets": {
            const o: SecretsOptions = { action: "redact", scan: [...SCAN_TARGETS] };
            const action = get("action");
            const scan = get("scan");
            if (action) {
                o.action = oneOf(r, action, `${field}.action`, ["redact", "deny", "ask"] as const) ?? "redact";
            }
            if (scan) {
                o.scan = stringList(r, scan, `${field}.scan`, { names: SCAN_TARGETS, what: "scan target", rule: "wrong-value" }) as ScanTarget[];
            }
            return { ...o };
        }
        case "paths": {
            const o: PathsOptions = { deny: [], ask: [], access: "any" };
            const access = get("access");
            if (access) {
                o.access = oneOf(r, access, `${field}.access`, ["write", "any"] as const) ?? "any";
            }
            for (const verdict of ["deny", "ask"] as const) {
                const n = get(verdict);
                if (!n) {
                    continue;
                }
                const globs = stringList(r, n, `${field}.${verdict}`);
                const over = r.budget.take("globs", globs.length);
                if (over) {
                    r.report(n, `${field}.${verdict}`, `Too many path globs: ${over}.`, "over-budget");
                    continue;
                }
                const compiled = r.budget.charged(pathRulesOf(loadNative(), globs.map((glob, i) => ({ id: `${verdict}[${i}]`, glob }))));
                for (const e of compiled.errors) {
                    r.report(n.children?.[e.index], `${field}.${verdict}[${e.index}]`, `Invalid glob: ${e.message}`, "invalid-glob");
                }
                o[verdict] = globs;
            }
            if (o.deny.length + o.ask.length === 0) {
                r.report(node, field, `The "paths" classifier needs globs in "deny" and/or "ask".`, "missing-field", "warning");
            }
            return { ...o };
        }
        case "patterns": {
            const o: PatternsOptions = { patterns: [], action: "deny", scan: [...SCAN_TARGETS] };
            const action = get("action");
            const scan = get("scan");
            if (action) {
                o.action = oneOf(r, action, `${field}.action`, ["redact", "deny", "ask"] as const) ?? "deny";
            }
            if (scan) {
                o.scan = stringList(r, scan, `${field}.scan`, { names: SCAN_TARGETS, what: "scan target", rule: "wrong-value" }) as ScanTarget[];
            }
            const patterns = get("patterns");
            const regexNodes: Node[] = [];
            if (!patterns) {
                r.report(node, `${field}.patterns`, `Missing "patterns": an object of name → regex.`, "missing-field");
            } else if (patterns.type !== "object") {
                r.report(patterns, `${field}.patterns`, `Expected an object of name → regex (Rust regex syntax).`, "wrong-type");
            } else {
                for (const [name, { value }] of props(patterns)) {
                    if (value.type !== "string") {
                        r.report(value, `${field}.patterns.${name}`, `Expected a regex as a string.`, "wrong-type");
                        continue;
                    }
                    o.patterns.push({ name, regex: value.value as string });
                    regexNodes.push(value);
                }
                const over = r.budget.take(
                    "patterns",
                    o.patterns.length,
                    o.patterns.reduce((n, x) => n + Buffer.byteLength(x.regex), 0),
                    o.patterns.reduce((n, x) => n + regexCompileWeight(x.regex), 0),
                );
                if (over) {
                    // Not compiled at all: the layer is broken, and the fail mode decides.
                    r.report(patterns, `${field}.patterns`, `Too many patterns: ${over}.`, "over-budget");
                    return { ...o };
                }
                const compiled = r.budget.charged(patternSetOf(loadNative(), o.patterns));
                for (const e of compiled.errors) {
                    reportRegexError(r, regexNodes[e.index], `${field}.patterns.${e.name}`, `The pattern "${e.name}" does not compile: ${e.message}`, e.offset ?? undefined);
                }
            }
            return { ...o };
        }
        case "injection": {
            const o: InjectionOptions = { action: "context" };
            const action = get("action");
            if (action) {
                o.action = oneOf(r, action, `${field}.action`, ["context", "deny", "ask"] as const) ?? "context";
            }
            return { ...o };
        }
    }
}

/**
 * At the character the regex compiler blames, inside the JSON string (escapes accounted for),
 * or the whole string when it names no position.
 */
function reportRegexError(r: Reporter, node: Node | undefined, field: string, message: string, byteOffset: number | undefined): void {
    if (!node || byteOffset === undefined) {
        r.report(node, field, message, "invalid-regex");
        return;
    }
    const raw = r.text.slice(node.offset, node.offset + node.length);
    const at = offsetInJsonString(raw, byteOffset);
    r.reportAt(node.offset + at, 1, field, message, "invalid-regex");
}

export function verdictOfAction(action: string): Verdict {
    return action === "deny" ? "deny" : action === "ask" ? "ask" : "allow";
}
