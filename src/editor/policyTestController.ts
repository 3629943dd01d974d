// Policy tests in VS Code's Testing API: every `tests` entry of a policy file is a test item at
// its own line; running compiles the buffer as its layer on top of the built-in default (as the
// engine loads it) and reports each verdict, a failure with the expected and actual decision.
import * as fs from "node:fs";
import * as vscode from "vscode";

import { combineLayers, defaultPolicyLayer, Engine, parsePolicyText, runPolicyTests, type PolicyLayer } from "../engine";
import { isPolicyDocument, policyLayerOf } from "./policyDocuments";

export interface PolicyTestOutcome {
    file: string;
    name: string;
    passed: boolean;
    message?: string;
}

export class PolicyTestController implements vscode.Disposable {
    private readonly controller = vscode.tests.createTestController("hookwarden.policyTests", "Hookwarden policy tests");
    private readonly disposables: vscode.Disposable[] = [this.controller];
    /** The outcomes of the last run, for the integration tests and the status. */
    lastRun: PolicyTestOutcome[] = [];

    constructor() {
        this.controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
        // The same run, with each test's full decision trace in the test output.
        this.controller.createRunProfile("Trace", vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, true), false);
        vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d.uri, d.getText()), this, this.disposables);
        vscode.workspace.onDidChangeTextDocument((e) => this.refresh(e.document.uri, e.document.getText()), this, this.disposables);
        // Tests re-run on save.
        vscode.workspace.onDidSaveTextDocument((d) => {
            const item = this.controller.items.get(d.uri.toString());
            if (item && isPolicyDocument(d)) {
                void this.run(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token);
            }
        }, this, this.disposables);
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
            const uri = vscode.Uri.joinPath(folder.uri, ".vscode", "hooks.json");
            if (fs.existsSync(uri.fsPath)) {
                this.refresh(uri, fs.readFileSync(uri.fsPath, "utf8"));
            }
        }
        for (const d of vscode.workspace.textDocuments) {
            this.refresh(d.uri, d.getText());
        }
    }

    /** Test ids in the explorer, file by file (for the integration tests). */
    itemIds(): string[] {
        const ids: string[] = [];
        this.controller.items.forEach((file) => file.children.forEach((t) => ids.push(`${file.label}: ${t.label}`)));
        return ids;
    }

    private layerOf(uri: vscode.Uri, text: string): PolicyLayer | undefined {
        const layer = uri.scheme === "file" ? policyLayerOf(uri.fsPath) : undefined;
        return layer === undefined ? undefined : parsePolicyText(text, uri.fsPath, layer);
    }

    private refresh(uri: vscode.Uri, text: string): void {
        const layer = this.layerOf(uri, text);
        if (!layer) {
            return;
        }
        const key = uri.toString();
        let file = this.controller.items.get(key);
        if (!file) {
            file = this.controller.createTestItem(key, vscode.workspace.asRelativePath(uri), uri);
            this.controller.items.add(file);
        }
        file.children.replace(
            layer.tests.map((t, i) => {
                const item = this.controller.createTestItem(`${key}#${i}`, t.name, uri);
                item.range = new vscode.Range(t.position.line - 1, t.position.column - 1, t.position.line - 1, t.position.column - 1);
                return item;
            }),
        );
    }

    private textOf(uri: vscode.Uri): string {
        return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? fs.readFileSync(uri.fsPath, "utf8");
    }

    async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, traced = false): Promise<void> {
        const run = this.controller.createTestRun(request);
        const outcomes: PolicyTestOutcome[] = [];
        const files: vscode.TestItem[] = [];
        const wanted = new Set<string>();
        for (const item of request.include ?? [...iterate(this.controller.items)]) {
            const file = item.parent ?? item;
            if (!files.includes(file)) {
                files.push(file);
            }
            if (item.parent) {
                wanted.add(item.id);
            } else {
                item.children.forEach((c) => wanted.add(c.id));
            }
        }
        for (const file of files) {
            if (token.isCancellationRequested || !file.uri) {
                break;
            }
            const layer = this.layerOf(file.uri, this.textOf(file.uri));
            if (!layer) {
                continue;
            }
            const items = layer.tests.map((_, i) => file.children.get(`${file.id}#${i}`));
            const errors = layer.errors.filter((e) => e.severity === "error");
            if (errors.length > 0) {
                const first = errors[0];
                for (const item of items) {
                    if (item && wanted.has(item.id)) {
                        run.errored(item, new vscode.TestMessage(`The policy has errors, so its tests cannot run: ${first ? `${first.line}:${first.column} ${first.code} ${first.message}` : ""}`));
                    }
                }
                continue;
            }
            const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
            const engine = new Engine(combineLayers([defaultPolicyLayer(), layer]), { trusted: vscode.workspace.isTrusted, protectedRoots: roots });
            const tests = layer.tests.filter((_, i) => wanted.has(`${file.id}#${i}`));
            for (const item of items) {
                if (item && wanted.has(item.id)) {
                    run.started(item);
                }
            }
            const t0 = performance.now();
            const results = await runPolicyTests(engine, tests);
            const ms = (performance.now() - t0) / Math.max(1, results.length);
            for (const r of results) {
                const item = items[layer.tests.indexOf(r.test)];
                if (!item) {
                    continue;
                }
                if (traced) {
                    const lines = [`${r.test.name}: ${r.decision} (${r.reason})`, ...r.trace.map((t) => `  ${t.layer}/${t.hook} [${t.runner}] → ${t.outcome}${t.reason ? `: ${t.reason}` : ""}${t.error ? ` (error: ${t.error})` : ""} ${t.latencyUs} µs`)];
                    run.appendOutput(`${lines.join("\r\n")}\r\n`, new vscode.Location(file.uri, item.range ?? new vscode.Range(0, 0, 0, 0)), item);
                }
                if (r.passed) {
                    run.passed(item, ms);
                    outcomes.push({ file: file.uri.fsPath, name: r.test.name, passed: true });
                } else {
                    const message = vscode.TestMessage.diff(`${r.failure ?? "failed"}\nreason: ${r.reason}`, r.test.expect, r.decision);
                    message.location = new vscode.Location(file.uri, item.range ?? new vscode.Range(0, 0, 0, 0));
                    run.failed(item, message, ms);
                    outcomes.push({ file: file.uri.fsPath, name: r.test.name, passed: false, message: `${r.failure ?? ""} (reason: ${r.reason})` });
                }
            }
        }
        this.lastRun = outcomes;
        run.end();
    }

    dispose(): void {
        for (const d of this.disposables) {
            d.dispose();
        }
    }
}

function* iterate(items: vscode.TestItemCollection): Generator<vscode.TestItem> {
    const all: vscode.TestItem[] = [];
    items.forEach((i) => all.push(i));
    yield* all;
}
