// The compiled form of hooks.json. The loader (./load.ts) builds it and reports every problem
// with its place; nothing here is ever half-valid.
import type { Verdict } from "../decision";
import type { EventName, Harness } from "../events";
import type { DiagnosticCode, DiagnosticData, DiagnosticRule, DiagnosticSeverity, RelatedLocation } from "./diagnostics";

export type LayerName = "machine" | "user" | "workspace" | "default" | (string & {});

export const CLASSIFIER_NAMES = ["shell", "secrets", "paths", "patterns", "injection"] as const;
export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];

export interface SourcePosition {
    file: string;
    line: number; // 1-based
    column: number; // 1-based
}

export interface ToolMatch {
    /** Exact names, globs (`mcp__*`) and groups (`@shell`). Empty list = any tool. */
    tools: string[];
    harnesses: Harness[];
    /** Globs over the paths the tool call touches. */
    paths: string[];
}

interface HookBase {
    name: string;
    description?: string;
    events: EventName[];
    match: ToolMatch;
    timeoutMs: number;
    onError: Verdict;
    enabled: boolean;
    layer: LayerName;
    /** Where the hook is declared, for the trace and the editor. */
    position: SourcePosition;
}

export interface ClassifierHook extends HookBase {
    kind: "classifier";
    classifier: ClassifierName;
    options: Record<string, unknown>;
}

export interface CommandHook extends HookBase {
    kind: "command";
    command: string;
    /** Directory the command runs in when the event has no cwd: the policy file's folder. */
    baseDir: string;
}

export interface ModuleHook extends HookBase {
    kind: "module";
    /** Absolute path of the JS file. */
    modulePath: string;
    exportName: string;
    /** As written, for the trace. */
    spec: string;
}

export type Hook = ClassifierHook | CommandHook | ModuleHook;

export interface PolicyTest {
    name: string;
    harness: Harness;
    /** A raw harness payload, or the short form turned into one by the loader. */
    payload: Record<string, unknown>;
    /** The event for payloads that carry no event name (Copilot's camelCase dialect). */
    eventHint?: string;
    expect: Verdict;
    reasonContains?: string;
    outputContains?: string;
    outputNotContains?: string;
    inputContains?: string;
    /** The hook expected to decide (its verdict is the decision). */
    hook?: string;
    position: SourcePosition;
}

export type FailMode = Partial<Record<EventName, Verdict>>;

export interface PolicyError {
    file: string;
    /** 1-based, of the start and the end of the range. */
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    /** JSON path of the offending field, e.g. `hooks[2].match.tool`. */
    field: string;
    message: string;
    /** Offset and length in the file's text (UTF-16 units, as editors count), for editor diagnostics. */
    offset: number;
    length: number;
    /** `info` is a hint: it never breaks a layer. */
    severity: DiagnosticSeverity;
    /** Stable code (diagnostics.ts), e.g. `HW022`. */
    code: DiagnosticCode;
    /** Its readable name, e.g. `unknown-category`. */
    rule: DiagnosticRule;
    /** What a quick fix needs (the did-you-mean replacement, ...). */
    data?: DiagnosticData;
    related?: RelatedLocation[];
}

/**
 * The user's switch for the built-in default layer: `"defaults": { "enabled": false }` or
 * `"defaults": { "disable": ["shell-safety"] }`. Honoured in the machine and user layers only.
 */
export interface DefaultsSwitch {
    /** False turns the whole default layer off (its hooks and its fail mode). */
    enabled: boolean;
    /** Default hooks turned off by name. */
    disable: string[];
}

/** What the switches of the machine and user layers turned off of the default layer. */
export interface DefaultsOff {
    all: boolean;
    hooks: string[];
    /** The files whose switch did it. */
    by: string[];
}

export interface PolicyLayer {
    layer: LayerName;
    file: string;
    hooks: Hook[];
    tests: PolicyTest[];
    failMode: FailMode;
    errors: PolicyError[];
    /** The `defaults` switch as written (dropped, with a warning, in a workspace layer). */
    defaults?: DefaultsSwitch;
    /** Set on the default layer once combined: what the user's switch turned off. */
    off?: DefaultsOff;
}

export interface Policy {
    /** In force, lowest first: default, machine, user, workspace (or the files given). */
    layers: PolicyLayer[];
    /** All hooks of all layers, the default layer's first. */
    hooks: Hook[];
    tests: PolicyTest[];
    failMode: FailMode;
    /** Errors of every layer; when any is an error, the fail mode decides each event. */
    errors: PolicyError[];
}

export const DEFAULT_TIMEOUT_MS = 5000;
