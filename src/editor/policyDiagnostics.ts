// Diagnostics for every open policy file, computed by the engine's own compiler on the unsaved
// buffer as the user types (debounced): the same codes, ranges and messages as `hookwarden lint`.
import * as vscode from "vscode";

import { parsePolicyText, type PolicyError } from "../engine";
import { isPolicyDocument, policyLayerOf } from "./policyDocuments";

export const DIAGNOSTIC_SOURCE = "hookwarden";

const SEVERITY: Record<PolicyError["severity"], vscode.DiagnosticSeverity> = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    info: vscode.DiagnosticSeverity.Information,
};

export class PolicyDiagnostics implements vscode.Disposable {
    private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
    private readonly pending = new Map<string, NodeJS.Timeout>();
    /** The compiler's diagnostics per document, for the quick fixes (their data). */
    private readonly compiled = new Map<string, PolicyError[]>();
    private readonly disposables: vscode.Disposable[] = [this.collection];
    /** edit → diagnostics published, in ms, newest last (read by the bench). */
    readonly latencies: number[] = [];

    constructor(
        private readonly relayDeadlineMs: () => number,
        private readonly debounceMs = 60,
    ) {
        vscode.workspace.onDidOpenTextDocument((d) => this.check(d), this, this.disposables);
        vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document), this, this.disposables);
        vscode.workspace.onDidCloseTextDocument((d) => this.forget(d), this, this.disposables);
        for (const d of vscode.workspace.textDocuments) {
            this.check(d);
        }
    }

    /** The compiler's diagnostics of a document, as last published. */
    errorsOf(uri: vscode.Uri): PolicyError[] {
        return this.compiled.get(uri.toString()) ?? [];
    }

    private schedule(doc: vscode.TextDocument): void {
        if (!isPolicyDocument(doc)) {
            return;
        }
        const key = doc.uri.toString();
        clearTimeout(this.pending.get(key));
        const edited = performance.now();
        this.pending.set(
            key,
            setTimeout(() => {
                this.pending.delete(key);
                this.check(doc);
                this.latencies.push(performance.now() - edited);
                if (this.latencies.length > 100) {
                    this.latencies.shift();
                }
            }, this.debounceMs),
        );
    }

    check(doc: vscode.TextDocument): void {
        const layer = isPolicyDocument(doc) ? policyLayerOf(doc.uri.fsPath) : undefined;
        if (layer === undefined || doc.isClosed) {
            return;
        }
        const errors = parsePolicyText(doc.getText(), doc.uri.fsPath, layer, { relayDeadlineMs: this.relayDeadlineMs() }).errors;
        this.compiled.set(doc.uri.toString(), errors);
        this.collection.set(doc.uri, errors.map((e) => toDiagnostic(doc, e)));
    }

    private forget(doc: vscode.TextDocument): void {
        const key = doc.uri.toString();
        clearTimeout(this.pending.get(key));
        this.pending.delete(key);
        this.compiled.delete(key);
        this.collection.delete(doc.uri);
    }

    dispose(): void {
        for (const t of this.pending.values()) {
            clearTimeout(t);
        }
        for (const d of this.disposables) {
            d.dispose();
        }
    }
}

export function rangeOf(doc: vscode.TextDocument, offset: number, length: number): vscode.Range {
    return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
}

function toDiagnostic(doc: vscode.TextDocument, e: PolicyError): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(doc, e.offset, e.length), e.message, SEVERITY[e.severity]);
    d.code = e.code;
    d.source = DIAGNOSTIC_SOURCE;
    if (e.related) {
        d.relatedInformation = e.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, rangeOf(doc, r.offset, r.length)), r.message));
    }
    return d;
}
