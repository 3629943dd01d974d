// What `hookwarden lint` and `hookwarden test` print: diagnostics as text, JSON or SARIF 2.1.0
// (GitHub code scanning shows them on pull requests); test results as spec, TAP or JUnit XML.
import * as path from "node:path";
import { pathToFileURL } from "node:url";

import { DIAGNOSTICS, DIAGNOSTIC_RULES, type PolicyError, type PolicyTestResult } from "./engine";

export const LINT_FORMATS = ["text", "json", "sarif"] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];
export const TEST_REPORTERS = ["spec", "tap", "junit"] as const;
export type TestReporter = (typeof TEST_REPORTERS)[number];

/** `file:line:column code severity message`, the shape editors and CI logs link. */
export function formatDiagnostic(e: PolicyError): string {
    return `${e.file}:${e.line}:${e.column} ${e.code} ${e.severity} ${e.message}${e.field ? ` [${e.field}]` : ""}`;
}

export interface LintSummary {
    hooks: number;
    tests: number;
}

export function lintText(errors: PolicyError[], summary: LintSummary): string {
    const count = (s: string): number => errors.filter((e) => e.severity === s).length;
    return [...errors.map(formatDiagnostic), `${summary.hooks} hooks, ${summary.tests} tests, ${count("error")} errors, ${count("warning")} warnings, ${count("info")} hints`].join("\n") + "\n";
}

export function lintJson(errors: PolicyError[], summary: LintSummary): string {
    return `${JSON.stringify({ ...summary, diagnostics: errors }, null, 2)}\n`;
}

const SARIF_LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** A file as SARIF names it: relative to `cwd` (the checkout) when inside it, else a file URI. */
function sarifUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
    const rel = path.relative(cwd, file);
    if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) {
        return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
    }
    return { uri: pathToFileURL(file).href };
}

export function lintSarif(errors: PolicyError[], version: string, cwd: string = process.cwd()): string {
    const rules = DIAGNOSTIC_RULES.map((rule) => ({
        id: DIAGNOSTICS[rule].code,
        name: rule,
        shortDescription: { text: DIAGNOSTICS[rule].title },
    }));
    const results = errors.map((e) => ({
        ruleId: e.code,
        ruleIndex: DIAGNOSTIC_RULES.indexOf(e.rule),
        level: SARIF_LEVEL[e.severity],
        message: { text: e.message },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: sarifUri(e.file, cwd),
                    region: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn, charOffset: e.offset, charLength: e.length },
                },
                ...(e.field ? { logicalLocations: [{ fullyQualifiedName: e.field, kind: "member" }] } : {}),
            },
        ],
        ...(e.related
            ? {
                  relatedLocations: e.related.map((r, id) => ({
                      id,
                      message: { text: r.message },
                      physicalLocation: { artifactLocation: sarifUri(r.file, cwd), region: { startLine: r.line, startColumn: r.column, charOffset: r.offset, charLength: r.length } },
                  })),
              }
            : {}),
    }));
    const log = {
        $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "hookwarden", semanticVersion: version, rules } },
                originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd + path.sep).href } },
                columnKind: "utf16CodeUnits",
                results,
            },
        ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

function where(r: PolicyTestResult): string {
    return `${r.test.position.file}:${r.test.position.line}:${r.test.position.column}`;
}

function xml(s: string): string {
    return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}

export function testReport(results: PolicyTestResult[], reporter: TestReporter): string {
    const failed = results.filter((r) => !r.passed);
    switch (reporter) {
        case "spec":
            return (
                results
                    .map((r) => (r.passed ? `ok   ${r.test.name} (${r.decision})` : `FAIL ${r.test.name} at ${where(r)}: ${r.failure ?? ""}\n     reason: ${r.reason}`))
                    .concat(`${results.length - failed.length} passed, ${failed.length} failed`)
                    .join("\n") + "\n"
            );
        case "tap": {
            const lines = ["TAP version 13", `1..${results.length}`];
            results.forEach((r, i) => {
                lines.push(`${r.passed ? "ok" : "not ok"} ${i + 1} - ${r.test.name.replace(/#/g, "\\#")}`);
                if (!r.passed) {
                    lines.push("  ---", `  message: ${JSON.stringify(r.failure ?? "")}`, `  expected: ${r.test.expect}`, `  actual: ${r.decision}`, `  reason: ${JSON.stringify(r.reason)}`, `  at: ${JSON.stringify(where(r))}`, "  ...");
                }
            });
            return lines.join("\n") + "\n";
        }
        case "junit": {
            const cases = results.map((r) => {
                const open = `    <testcase name="${xml(r.test.name)}" classname="${xml(r.test.position.file)}" file="${xml(r.test.position.file)}" line="${r.test.position.line}">`;
                if (r.passed) {
                    return `${open}</testcase>`;
                }
                return `${open}\n      <failure message="${xml(r.failure ?? "")}" type="expected ${xml(r.test.expect)}, got ${xml(r.decision)}">${xml(`${r.failure ?? ""}\nreason: ${r.reason}\nat ${where(r)}`)}</failure>\n    </testcase>`;
            });
            return [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites tests="${results.length}" failures="${failed.length}">`, `  <testsuite name="hookwarden policy tests" tests="${results.length}" failures="${failed.length}">`, ...cases, "  </testsuite>", "</testsuites>"].join("\n") + "\n";
        }
    }
}
