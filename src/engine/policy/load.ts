// hooks.json → PolicyLayer. JSON with comments through jsonc-parser; every problem becomes a
// PolicyError naming file, line, column and field, and saying what was expected.
import * as fs from "node:fs";
import * as path from "node:path";
import { type Node, type ParseError, parse, parseTree, printParseErrorCode } from "jsonc-parser";

import { isVerdict, type Verdict } from "../decision";
import { EVENT_NAMES, HARNESSES, isEventName, isHarness, type EventName, type Harness } from "../events";
import { TOOL_GROUP_NAMES, isToolGroup } from "../tools";
import { shortFormToPayload } from "../adapters";
import {
    CLASSIFIER_NAMES,
    DEFAULT_TIMEOUT_MS,
    type ClassifierName,
    type DefaultsSwitch,
    type FailMode,
    type Hook,
    type LayerName,
    type PolicyError,
    type PolicyLayer,
    type PolicyTest,
    type SourcePosition,
    type ToolMatch,
} from "./model";
import { checkCommandProgram, checkModuleFile, checkTimeout, checkToolName, type CompileOptions } from "./checks";
import { validateClassifierOptions } from "./classifierOptions";
import { codeOf, type DiagnosticData, type DiagnosticRule, type DiagnosticSeverity } from "./diagnostics";
import { DEFAULT_POLICY_TEXT } from "./defaultPolicy";
import { CompileBudget, maxNesting, POLICY_LIMITS } from "./limits";

const TOP_LEVEL_FIELDS = ["$schema", "version", "failMode", "defaults", "hooks", "tests"];
const DEFAULTS_FIELDS = ["enabled", "disable"];
const HOOK_FIELDS = [
    "name",
    "description",
    "event",
    "match",
    "classifier",
    "options",
    "command",
    "module",
    "timeoutMs",
    "onError",
    "enabled",
];
const MATCH_FIELDS = ["tool", "harness", "paths"];
const TEST_FIELDS = [
    "name",
    "harness",
    "payload",
    "event",
    "tool",
    "input",
    "output",
    "prompt",
    "cwd",
    "expect",
    "reasonContains",
    "outputContains",
    "outputNotContains",
    "inputContains",
    "hook",
];

/** Line/column (1-based) of byte offsets in one text, computed once. */
class LineIndex {
    private readonly starts: number[] = [0];
    constructor(text: string) {
        for (let i = 0; i < text.length; i++) {
            if (text.charCodeAt(i) === 10) {
                this.starts.push(i + 1);
            }
        }
    }
    position(offset: number): { line: number; column: number } {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if ((this.starts[mid] ?? 0) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
    }
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j] ?? 0;
            row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length] ?? 0;
}

export function suggest(value: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = distance(value.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

export interface ReportExtras {
    data?: DiagnosticData;
    /** Related places in the same file: the node and what it says about the problem. */
    related?: { node: Node; message: string }[];
}

/** Collects the diagnostics of one file while walking its tree. */
export class Reporter {
    readonly errors: PolicyError[] = [];
    /** What this layer may still compile (limits.ts). */
    readonly budget = new CompileBudget();
    private readonly lines: LineIndex;
    constructor(
        readonly file: string,
        readonly text: string,
        readonly options: CompileOptions = {},
    ) {
        this.lines = new LineIndex(text);
    }
    /** Diagnostics of severity error so far (warnings and hints never drop what they concern). */
    get errorCount(): number {
        return this.errors.filter((e) => e.severity === "error").length;
    }
    at(offset: number): SourcePosition {
        return { file: this.file, ...this.lines.position(offset) };
    }
    report(node: Node | undefined, field: string, message: string, rule: DiagnosticRule, severity: DiagnosticSeverity = "error", extras: ReportExtras = {}): void {
        this.reportAt(node?.offset ?? 0, node?.length ?? 0, field, message, rule, severity, extras);
    }
    reportAt(offset: number, length: number, field: string, message: string, rule: DiagnosticRule, severity: DiagnosticSeverity = "error", extras: ReportExtras = {}): void {
        const { line, column } = this.lines.position(offset);
        const end = this.lines.position(offset + length);
        const related = extras.related?.map(({ node, message: m }) => ({ file: this.file, offset: node.offset, length: node.length, ...this.lines.position(node.offset), message: m }));
        this.errors.push({
            file: this.file,
            line,
            column,
            endLine: end.line,
            endColumn: end.column,
            field,
            message,
            offset,
            length,
            severity,
            code: codeOf(rule),
            rule,
            ...(extras.data ? { data: extras.data } : {}),
            ...(related && related.length > 0 ? { related } : {}),
        });
    }
    /** An unknown name, with the did-you-mean replacement as the quick fix's data. */
    unknown(node: Node, field: string, what: string, value: string, candidates: readonly string[], rule: DiagnosticRule, tail = "", severity: DiagnosticSeverity = "error"): void {
        const s = suggest(value, candidates);
        this.report(node, field, `Unknown ${what} "${value}".${s ? ` Did you mean "${s}"?` : ""}${tail}`, rule, severity, s ? { data: { replacement: s } } : {});
    }
}

/** A problem of the whole file (unreadable, internal): at its start. */
export function fileDiagnostic(file: string, message: string, rule: DiagnosticRule): PolicyError {
    return { file, line: 1, column: 1, endLine: 1, endColumn: 1, field: "", message, offset: 0, length: 0, severity: "error", code: codeOf(rule), rule };
}

function describe(node: Node): string {
    return node.type === "null" ? "null" : node.type === "array" ? "a list" : node.type === "object" ? "an object" : `${node.type} ${JSON.stringify(node.value)}`;
}

function properties(node: Node): Map<string, { key: Node; value: Node }> {
    const out = new Map<string, { key: Node; value: Node }>();
    for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) {
            out.set(String(key.value), { key, value });
        }
    }
    return out;
}

function checkFields(r: Reporter, node: Node, field: string, allowed: readonly string[]): void {
    for (const [name, { key }] of properties(node)) {
        if (!allowed.includes(name)) {
            r.unknown(key, field ? `${field}.${name}` : name, "field", name, allowed, "unknown-field", ` Expected one of: ${allowed.join(", ")}.`);
        }
    }
}

/** A JSON value as plain data (jsonc-parser's getNodeValue without the import churn). */
export function nodeValue(node: Node): unknown {
    switch (node.type) {
        case "object": {
            const o: Record<string, unknown> = {};
            for (const [k, { value }] of properties(node)) {
                o[k] = nodeValue(value);
            }
            return o;
        }
        case "array":
            return (node.children ?? []).map(nodeValue);
        default:
            return node.value;
    }
}

function stringOrList(r: Reporter, node: Node, field: string, what: string): { value: string; node: Node }[] | undefined {
    if (node.type === "string") {
        return [{ value: node.value as string, node }];
    }
    if (node.type === "array") {
        const out: { value: string; node: Node }[] = [];
        (node.children ?? []).forEach((child, i) => {
            if (child.type === "string") {
                out.push({ value: child.value as string, node: child });
            } else {
                r.report(child, `${field}[${i}]`, `Expected ${what} as a string, got ${describe(child)}.`, "wrong-type");
            }
        });
        return out;
    }
    r.report(node, field, `Expected ${what} or a list of them, got ${describe(node)}.`, "wrong-type");
    return undefined;
}

function parseVerdict(r: Reporter, node: Node, field: string): Verdict | undefined {
    if (node.type === "string" && isVerdict(node.value)) {
        return node.value;
    }
    r.report(node, field, `Expected "allow", "ask" or "deny", got ${describe(node)}.`, "wrong-value");
    return undefined;
}

function parseFailMode(r: Reporter, node: Node): FailMode {
    if (node.type === "string") {
        const v = parseVerdict(r, node, "failMode");
        return v ? Object.fromEntries(EVENT_NAMES.map((e) => [e, v])) : {};
    }
    if (node.type !== "object") {
        r.report(node, "failMode", `Expected a verdict ("deny") or an object of event → verdict, got ${describe(node)}.`, "wrong-type");
        return {};
    }
    const out: FailMode = {};
    for (const [name, { key, value }] of properties(node)) {
        if (!isEventName(name)) {
            r.unknown(key, `failMode.${name}`, "event", name, EVENT_NAMES, "unknown-event");
            continue;
        }
        const v = parseVerdict(r, value, `failMode.${name}`);
        if (v) {
            out[name] = v;
        }
    }
    return out;
}

function parseMatch(r: Reporter, node: Node | undefined, field: string): ToolMatch {
    const match: ToolMatch = { tools: [], harnesses: [], paths: [] };
    if (!node) {
        return match;
    }
    if (node.type !== "object") {
        r.report(node, field, `Expected an object with "tool", "harness" and/or "paths", got ${describe(node)}.`, "wrong-type");
        return match;
    }
    checkFields(r, node, field, MATCH_FIELDS);
    const props = properties(node);
    const tool = props.get("tool");
    if (tool) {
        for (const { value, node: n } of stringOrList(r, tool.value, `${field}.tool`, "a tool name, glob or @group") ?? []) {
            if (value.startsWith("@") && !isToolGroup(value)) {
                r.unknown(n, `${field}.tool`, "tool group", value, TOOL_GROUP_NAMES, "unknown-tool-group", ` Groups: ${TOOL_GROUP_NAMES.join(", ")}.`);
                continue;
            }
            if (value === "") {
                r.report(n, `${field}.tool`, `Empty tool name: leave "tool" out to match every tool.`, "wrong-value");
                continue;
            }
            checkToolName(r, n, `${field}.tool`, value);
            match.tools.push(value);
        }
    }
    const harness = props.get("harness");
    if (harness) {
        for (const { value, node: n } of stringOrList(r, harness.value, `${field}.harness`, "a harness") ?? []) {
            if (isHarness(value)) {
                match.harnesses.push(value);
            } else {
                r.unknown(n, `${field}.harness`, "harness", value, HARNESSES, "unknown-harness", ` Expected one of: ${HARNESSES.join(", ")}.`);
            }
        }
    }
    const paths = props.get("paths");
    const pathGlobs = paths ? (stringOrList(r, paths.value, `${field}.paths`, "a path glob") ?? []) : [];
    const over = r.budget.take("globs", pathGlobs.length);
    if (paths && over) {
        r.report(paths.value, `${field}.paths`, `Too many path globs: ${over}.`, "over-budget");
    } else {
        for (const { value, node: n } of pathGlobs) {
            if (value.trim() === "") {
                r.report(n, `${field}.paths`, "Empty path glob.", "wrong-value");
            } else {
                match.paths.push(value);
            }
        }
    }
    return match;
}

function parseHook(r: Reporter, node: Node, index: number, layer: LayerName, baseDir: string, seen: Map<string, Node>): Hook | undefined {
    const field = `hooks[${index}]`;
    if (node.type !== "object") {
        r.report(node, field, `Expected a hook object, got ${describe(node)}.`, "wrong-type");
        return undefined;
    }
    const errorsBefore = r.errorCount;
    checkFields(r, node, field, HOOK_FIELDS);
    const props = properties(node);

    const nameNode = props.get("name")?.value;
    let name = `#${index}`;
    if (!nameNode) {
        r.report(node, `${field}.name`, `Missing "name": every hook needs a unique name (it appears in the decision log).`, "missing-field");
    } else if (nameNode.type !== "string" || (nameNode.value as string).trim() === "") {
        r.report(nameNode, `${field}.name`, `Expected a non-empty string, got ${describe(nameNode)}.`, "wrong-type");
    } else {
        name = nameNode.value as string;
        const previous = seen.get(name);
        if (previous) {
            r.report(nameNode, `${field}.name`, `Duplicate hook name "${name}" (first declared at line ${r.at(previous.offset).line}).`, "duplicate-name", "error", { related: [{ node: previous, message: `"${name}" first declared here` }] });
        } else {
            seen.set(name, nameNode);
        }
    }

    let description: string | undefined;
    const descNode = props.get("description")?.value;
    if (descNode) {
        if (descNode.type === "string") {
            description = descNode.value as string;
        } else {
            r.report(descNode, `${field}.description`, `Expected a string, got ${describe(descNode)}.`, "wrong-type");
        }
    }

    const events: EventName[] = [];
    const eventNode = props.get("event")?.value;
    if (!eventNode) {
        r.report(node, `${field}.event`, `Missing "event": one of ${EVENT_NAMES.join(", ")}, or a list of them.`, "missing-field");
    } else {
        for (const { value, node: n } of stringOrList(r, eventNode, `${field}.event`, "an event name") ?? []) {
            if (isEventName(value)) {
                events.push(value);
            } else {
                r.unknown(n, `${field}.event`, "event", value, EVENT_NAMES, "unknown-event", ` Expected one of: ${EVENT_NAMES.join(", ")}.`);
            }
        }
    }

    const match = parseMatch(r, props.get("match")?.value, `${field}.match`);

    let timeoutMs = DEFAULT_TIMEOUT_MS;
    const timeoutNode = props.get("timeoutMs")?.value;
    if (timeoutNode) {
        const v = timeoutNode.value;
        if (timeoutNode.type === "number" && Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 600_000) {
            timeoutMs = v as number;
        } else {
            r.report(timeoutNode, `${field}.timeoutMs`, `Expected a whole number of milliseconds from 1 to 600000, got ${describe(timeoutNode)}.`, "wrong-value");
        }
    }

    let onError: Verdict = "deny";
    const onErrorNode = props.get("onError")?.value;
    if (onErrorNode) {
        onError = parseVerdict(r, onErrorNode, `${field}.onError`) ?? "deny";
    }

    let enabled = true;
    const enabledNode = props.get("enabled")?.value;
    if (enabledNode) {
        if (enabledNode.type === "boolean") {
            enabled = enabledNode.value as boolean;
        } else {
            r.report(enabledNode, `${field}.enabled`, `Expected true or false, got ${describe(enabledNode)}.`, "wrong-type");
        }
    }

    const runners = (["classifier", "command", "module"] as const).filter((k) => props.has(k));
    if (runners.length !== 1) {
        r.report(
            runners.length === 0 ? node : props.get(runners[1] ?? "command")?.key,
            field,
            runners.length === 0
                ? `A hook needs exactly one of "classifier", "command" or "module".`
                : `A hook takes exactly one of "classifier", "command" or "module"; this one has ${runners.map((k) => `"${k}"`).join(" and ")}.`,
            "runner-count",
        );
    }
    const optionsEntry = props.get("options");
    if (optionsEntry && runners[0] !== "classifier") {
        r.report(optionsEntry.key, `${field}.options`, `"options" applies only to classifier hooks.`, "options-without-classifier");
    }

    const base = { name, ...(description !== undefined ? { description } : {}), events, match, timeoutMs, onError, enabled, layer, position: r.at(node.offset) };
    let hook: Hook | undefined;
    const runner = runners.length === 1 ? runners[0] : undefined;
    if (runner === "classifier") {
        const cNode = props.get("classifier")?.value as Node;
        if (cNode.type !== "string") {
            r.report(cNode, `${field}.classifier`, `Expected a classifier name (${CLASSIFIER_NAMES.join(", ")}), got ${describe(cNode)}.`, "wrong-type");
        } else if (!(CLASSIFIER_NAMES as readonly string[]).includes(cNode.value as string)) {
            r.unknown(cNode, `${field}.classifier`, "classifier", cNode.value as string, CLASSIFIER_NAMES, "unknown-classifier", ` Expected one of: ${CLASSIFIER_NAMES.join(", ")}.`);
        } else {
            const classifier = cNode.value as ClassifierName;
            const options = validateClassifierOptions(r, classifier, optionsEntry?.value, `${field}.options`);
            hook = { ...base, kind: "classifier", classifier, options };
        }
    } else if (runner === "command") {
        const cNode = props.get("command")?.value as Node;
        if (cNode.type !== "string" || (cNode.value as string).trim() === "") {
            r.report(cNode, `${field}.command`, `Expected a non-empty shell command, got ${describe(cNode)}.`, "wrong-type");
        } else {
            hook = { ...base, kind: "command", command: cNode.value as string, baseDir };
            checkCommandProgram(r, cNode, `${field}.command`, cNode.value as string, baseDir);
        }
    } else if (runner === "module") {
        const mNode = props.get("module")?.value as Node;
        const spec = mNode.type === "string" ? (mNode.value as string) : "";
        const m = /^(\.{1,2}\/[^#]+\.(?:c?js|mjs))(?:#([A-Za-z_$][\w$]*))?$/.exec(spec);
        if (!m || !m[1]) {
            r.report(mNode, `${field}.module`, `Expected "./file.js#exportName" (a relative path to a .js/.cjs/.mjs file, then an optional export name; default export "default"), got ${describe(mNode)}.`, "wrong-value");
        } else {
            hook = { ...base, kind: "module", modulePath: path.resolve(baseDir, m[1]), exportName: m[2] ?? "default", spec };
            checkModuleFile(r, mNode, `${field}.module`, hook.modulePath, hook.exportName);
        }
    }
    if (timeoutNode && timeoutMs === timeoutNode.value) {
        checkTimeout(r, timeoutNode, `${field}.timeoutMs`, timeoutMs);
    }
    return r.errorCount === errorsBefore ? hook : undefined;
}

function parseTest(r: Reporter, node: Node, index: number): PolicyTest | undefined {
    const field = `tests[${index}]`;
    if (node.type !== "object") {
        r.report(node, field, `Expected a test object, got ${describe(node)}.`, "wrong-type");
        return undefined;
    }
    const before = r.errorCount;
    checkFields(r, node, field, TEST_FIELDS);
    const props = properties(node);
    const str = (key: string): string | undefined => {
        const n = props.get(key)?.value;
        if (!n) {
            return undefined;
        }
        if (n.type !== "string") {
            r.report(n, `${field}.${key}`, `Expected a string, got ${describe(n)}.`, "wrong-type");
            return undefined;
        }
        return n.value as string;
    };
    const name = str("name") ?? `test #${index + 1}`;
    const harnessValue = str("harness") ?? "claude";
    let harness: Harness = "claude";
    if (isHarness(harnessValue)) {
        harness = harnessValue;
    } else {
        r.unknown(props.get("harness")?.value as Node, `${field}.harness`, "harness", harnessValue, HARNESSES, "unknown-harness");
    }
    const expectNode = props.get("expect")?.value;
    let expect: Verdict = "allow";
    if (!expectNode) {
        r.report(node, `${field}.expect`, `Missing "expect": the decision this payload must get ("allow", "ask" or "deny").`, "missing-field");
    } else {
        expect = parseVerdict(r, expectNode, `${field}.expect`) ?? "allow";
    }
    let payload: Record<string, unknown> | undefined;
    let eventHint: string | undefined;
    const payloadNode = props.get("payload")?.value;
    if (payloadNode) {
        if (payloadNode.type !== "object") {
            r.report(payloadNode, `${field}.payload`, `Expected the harness's JSON payload as an object, got ${describe(payloadNode)}.`, "wrong-type");
        } else {
            payload = nodeValue(payloadNode) as Record<string, unknown>;
        }
        for (const k of ["event", "tool", "input", "output", "prompt"]) {
            const p = props.get(k);
            if (p) {
                r.report(p.key, `${field}.${k}`, `"${k}" belongs to the short form; with "payload" give the whole harness payload instead.`, "payload-and-short-form");
            }
        }
    } else {
        const eventValue = str("event");
        if (!eventValue) {
            r.report(node, field, `A test needs either "payload" (a raw harness payload) or "event" (the short form: event, tool, input, output, prompt, cwd).`, "missing-field");
        } else if (!isEventName(eventValue)) {
            r.unknown(props.get("event")?.value as Node, `${field}.event`, "event", eventValue, EVENT_NAMES, "unknown-event");
        } else {
            const inputNode = props.get("input")?.value;
            if (inputNode && inputNode.type !== "object") {
                r.report(inputNode, `${field}.input`, `Expected the tool input as an object, got ${describe(inputNode)}.`, "wrong-type");
            }
            const tool = str("tool");
            const output = str("output");
            const prompt = str("prompt");
            const cwd = str("cwd");
            eventHint = eventValue;
            payload = shortFormToPayload(harness, {
                event: eventValue,
                ...(tool !== undefined ? { tool } : {}),
                ...(inputNode?.type === "object" ? { input: nodeValue(inputNode) as Record<string, unknown> } : {}),
                ...(output !== undefined ? { output } : {}),
                ...(prompt !== undefined ? { prompt } : {}),
                cwd: cwd ?? process.cwd(),
            });
        }
    }
    const reasonContains = str("reasonContains");
    const outputContains = str("outputContains");
    const outputNotContains = str("outputNotContains");
    const inputContains = str("inputContains");
    const hook = str("hook");
    if (r.errorCount !== before || !payload) {
        return undefined;
    }
    return {
        name,
        harness,
        payload,
        ...(eventHint !== undefined ? { eventHint } : {}),
        expect,
        ...(reasonContains !== undefined ? { reasonContains } : {}),
        ...(outputContains !== undefined ? { outputContains } : {}),
        ...(outputNotContains !== undefined ? { outputNotContains } : {}),
        ...(inputContains !== undefined ? { inputContains } : {}),
        ...(hook !== undefined ? { hook } : {}),
        position: r.at(node.offset),
    };
}

/** A test's `hook` names the hook expected to decide: one of this layer's or the built-in default's. */
function checkTestHook(r: Reporter, node: Node, index: number, test: PolicyTest, hooks: Hook[]): void {
    if (test.hook === undefined) {
        return;
    }
    const names = [...hooks.map((h) => h.name), ...builtInHookNames()];
    if (!names.includes(test.hook)) {
        const hookNode = properties(node).get("hook")?.value as Node;
        r.unknown(hookNode, `tests[${index}].hook`, "hook", test.hook, names, "test-unknown-hook", " The test names a hook neither this policy nor the built-in default has, so it can never pass.", "warning");
    }
}

let defaultHookNames: string[] | undefined;

/** The built-in default policy's hook names (what `defaults.disable` may name). */
export function builtInHookNames(): string[] {
    defaultHookNames ??= ((parse(DEFAULT_POLICY_TEXT) as { hooks: { name: string }[] }).hooks ?? []).map((h) => h.name);
    return defaultHookNames;
}

/**
 * The `defaults` switch. Only the user's own layers (machine, user) may turn the built-in
 * default policy off; in a workspace layer it would let any repository switch the guard off,
 * so there it is dropped with a warning that says where the switch belongs.
 */
function parseDefaults(r: Reporter, key: Node, node: Node, layer: LayerName): DefaultsSwitch | undefined {
    if (layer === "workspace") {
        r.report(
            key,
            "defaults",
            `"defaults" is ignored in a workspace policy: a repository cannot switch off the built-in default policy. Put the switch in your user policy (~/.hookwarden/hooks.json) or the machine policy (/etc/hookwarden/hooks.json).`,
            "defaults-in-workspace",
            "warning",
        );
        return undefined;
    }
    if (node.type !== "object") {
        r.report(node, "defaults", `Expected an object such as { "enabled": false } or { "disable": ["shell-safety"] }, got ${describe(node)}.`, "wrong-type");
        return undefined;
    }
    checkFields(r, node, "defaults", DEFAULTS_FIELDS);
    const props = properties(node);
    const out: DefaultsSwitch = { enabled: true, disable: [] };
    const enabled = props.get("enabled")?.value;
    if (enabled) {
        if (enabled.type === "boolean") {
            out.enabled = enabled.value as boolean;
        } else {
            r.report(enabled, "defaults.enabled", `Expected true or false, got ${describe(enabled)}.`, "wrong-type");
        }
    }
    const disable = props.get("disable")?.value;
    if (disable) {
        const known = builtInHookNames();
        for (const { value, node: n } of stringOrList(r, disable, "defaults.disable", "a hook name of the built-in default policy") ?? []) {
            if (!known.includes(value)) {
                const s = suggest(value, known);
                r.report(n, "defaults.disable", `The built-in default policy has no hook "${value}".${s ? ` Did you mean "${s}"?` : ""} Its hooks: ${known.join(", ")}.`, "unknown-default-hook", "warning", s ? { data: { replacement: s } } : {});
            }
            out.disable.push(value);
        }
    }
    return out;
}

/** Parses one hooks.json text. Never throws: every problem is in `errors`. */
export function parsePolicyText(text: string, file: string, layer: LayerName, options: CompileOptions = {}): PolicyLayer {
    try {
        return parseChecked(text, file, layer, options);
    } catch (err) {
        // A bug of ours must not take the engine down with the file that triggered it: the layer is broken instead.
        const message = `The policy file could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
        return { layer, file, hooks: [], tests: [], failMode: {}, errors: [fileDiagnostic(file, message, "internal")] };
    }
}

function parseChecked(text: string, file: string, layer: LayerName, options: CompileOptions): PolicyLayer {
    const r = new Reporter(file, text, options);
    const nesting = maxNesting(text);
    if (nesting.depth > POLICY_LIMITS.nesting) {
        r.report({ offset: nesting.offset, length: 1 } as Node, "", `Nested ${nesting.depth} levels deep, over the limit of ${POLICY_LIMITS.nesting}: the file is not parsed.`, "over-budget");
        return { layer, file, hooks: [], tests: [], failMode: {}, errors: r.errors };
    }
    const parseErrors: ParseError[] = [];
    const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
    for (const e of parseErrors) {
        r.report({ offset: e.offset, length: e.length } as Node, "", `Invalid JSON: ${printParseErrorCode(e.error)}.`, "syntax");
    }
    const result: PolicyLayer = { layer, file, hooks: [], tests: [], failMode: {}, errors: r.errors };
    if (!root || parseErrors.length > 0) {
        if (!root && parseErrors.length === 0) {
            r.report(undefined, "", "The file is empty: expected an object with a \"hooks\" list.", "syntax");
        }
        return result;
    }
    if (root.type !== "object") {
        r.report(root, "", `Expected an object with a "hooks" list at the top, got ${describe(root)}.`, "wrong-type");
        return result;
    }
    checkFields(r, root, "", TOP_LEVEL_FIELDS);
    const props = properties(root);
    const version = props.get("version")?.value;
    if (version && !(version.type === "number" && version.value === 1)) {
        r.report(version, "version", `Expected 1, got ${describe(version)}.`, "wrong-value");
    }
    const failMode = props.get("failMode")?.value;
    if (failMode) {
        result.failMode = parseFailMode(r, failMode);
    }
    const defaults = props.get("defaults");
    if (defaults) {
        const parsed = parseDefaults(r, defaults.key, defaults.value, layer);
        if (parsed) {
            result.defaults = parsed;
        }
    }
    const hooks = props.get("hooks")?.value;
    if (!hooks) {
        r.report(root, "hooks", `Missing "hooks": a list of hook objects (it may be empty).`, "missing-field");
    } else if (hooks.type !== "array") {
        r.report(hooks, "hooks", `Expected a list of hook objects, got ${describe(hooks)}.`, "wrong-type");
    } else if ((hooks.children?.length ?? 0) > POLICY_LIMITS.hooks) {
        // Nothing of it is compiled: the layer is broken and the fail mode decides.
        r.report(hooks, "hooks", `Too many hooks: ${hooks.children?.length ?? 0}, over the limit of ${POLICY_LIMITS.hooks} per policy file.`, "over-budget");
    } else {
        const baseDir = path.dirname(path.resolve(file));
        const seen = new Map<string, Node>();
        (hooks.children ?? []).forEach((h, i) => {
            const hook = parseHook(r, h, i, layer, baseDir, seen);
            if (hook) {
                result.hooks.push(hook);
            }
        });
    }
    const tests = props.get("tests")?.value;
    if (tests) {
        if (tests.type !== "array") {
            r.report(tests, "tests", `Expected a list of tests, got ${describe(tests)}.`, "wrong-type");
        } else if ((tests.children?.length ?? 0) > POLICY_LIMITS.tests) {
            r.report(tests, "tests", `Too many tests: ${tests.children?.length ?? 0}, over the limit of ${POLICY_LIMITS.tests} per policy file.`, "over-budget");
        } else {
            (tests.children ?? []).forEach((t, i) => {
                const test = parseTest(r, t, i);
                if (test) {
                    result.tests.push(test);
                    checkTestHook(r, t, i, test, result.hooks);
                }
            });
        }
    }
    if (hooks?.type === "array" && (hooks.children?.length ?? 0) > 0 && (tests?.children?.length ?? 0) === 0 && layer !== "default") {
        const first = result.hooks[0]?.name;
        const key = props.get("hooks")?.key;
        r.report(key, "hooks", `This policy has hooks but no tests: add a "tests" entry per hook so \`hookwarden test\` and the editor can check that each decides as intended.`, "no-tests", "info", first !== undefined ? { data: { hook: first } } : {});
    }
    return result;
}

function unreadableLayer(file: string, layer: LayerName, message: string, rule: DiagnosticRule): PolicyLayer {
    return { layer, file, hooks: [], tests: [], failMode: {}, errors: [fileDiagnostic(file, message, rule)] };
}

/**
 * Reads a policy file of at most POLICY_LIMITS.fileBytes. A repository can make its
 * `.vscode/hooks.json` a symlink to /dev/zero, a FIFO or a huge file; none of those may hang or
 * exhaust the engine. So: open without blocking, accept only a regular file, read at most the
 * limit (and one byte more, to see a file that grew past it).
 */
export function readPolicyText(file: string): { text: string } | { message: string; code: "unreadable" | "not-a-file" | "too-large" } {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return { message: `Cannot read the policy file: ${e.code ?? ""} ${e.message}`.trim(), code: "unreadable" as const };
    }
    try {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) {
            const what = st.isFIFO() ? "a FIFO" : st.isCharacterDevice() || st.isBlockDevice() ? "a device" : st.isSocket() ? "a socket" : st.isDirectory() ? "a directory" : "not a regular file";
            return { message: `The policy file is ${what}, not a regular file; it is not read.`, code: "not-a-file" as const };
        }
        const limit = POLICY_LIMITS.fileBytes;
        const tooLarge = (size: number): { message: string; code: "too-large" } => ({ message: `The policy file is ${size > limit ? `${size} bytes` : "larger than the limit"}, over the limit of ${limit} bytes (${limit / 1024} KiB) for a policy file; it is not read.`, code: "too-large" });
        if (st.size > limit) {
            return tooLarge(st.size);
        }
        const buf = Buffer.alloc(limit + 1);
        let length = 0;
        for (;;) {
            const n = fs.readSync(fd, buf, length, buf.length - length, null);
            if (n === 0) {
                break;
            }
            length += n;
            if (length > limit) {
                return tooLarge(length);
            }
        }
        return { text: buf.subarray(0, length).toString("utf8") };
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return { message: `Cannot read the policy file: ${e.code ?? ""} ${e.message}`.trim(), code: "unreadable" as const };
    } finally {
        fs.closeSync(fd);
    }
}

/** Reads and parses a policy file; a missing, unreadable or oversized file is an error of the layer. */
export function loadPolicyFile(file: string, layer: LayerName, options: CompileOptions = {}): PolicyLayer {
    const read = readPolicyText(file);
    if ("message" in read) {
        return unreadableLayer(file, layer, read.message, read.code);
    }
    return parsePolicyText(read.text, file, layer, options);
}
