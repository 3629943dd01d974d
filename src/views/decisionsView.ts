// The Decisions panel (a WebviewView in Hookwarden's panel container): the host side. It holds
// the records (a LogView), feeds the webview the rows it scrolls to, follows the log live, and
// carries out the panel's actions on the policy and the log.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

import type { EngineSession } from "../engine/session";
import { LogView } from "../engine/log/logView";
import type { LogRecord } from "../engine/log/redact";
import { replay } from "../engine/log/replay";
import { LogFollower, TailReader } from "../engine/log/tail";
import type { Action, HostMessage, WebviewMessage } from "../webview/protocol";
import { appendTest, engineWithBuffers, hookRange, testFromRecord, testNames } from "./policyEdits";

export const DECISIONS_VIEW = "hookwarden.decisions";
/** Records shown at once on opening a log; the older ones load after the first paint, LOAD_STEP at a time. */
const FIRST_PAINT = 500;
const LOAD_STEP = 2000;
const MAX_RECORDS = 100_000;

export interface DecisionsHost {
    readonly session: EngineSession | undefined;
    readonly extensionUri: vscode.Uri;
    readonly trusted: boolean;
    readonly roots: string[];
    log(level: "info" | "warn" | "error", message: string): void;
}

export class DecisionsView implements vscode.WebviewViewProvider, vscode.Disposable {
    private webview: vscode.WebviewView | undefined;
    private readonly view: LogView;
    private follower: LogFollower | undefined;
    private loading: TailReader | undefined;
    private ownSubscription: { dispose(): void } | undefined;
    /** A log opened with "Open log…" instead of the session's own. */
    private otherLog: string | undefined;
    private pending: ReturnType<typeof setTimeout> | undefined;
    private pendingSelect: string | undefined;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly host: DecisionsHost) {
        this.view = new LogView("", () => host.session?.policyHooks() ?? []);
        this.disposables.push(vscode.window.registerWebviewViewProvider(DECISIONS_VIEW, this));
    }

    /** The session (re)started: show its log, live. */
    attach(session: EngineSession | undefined): void {
        this.ownSubscription?.dispose();
        this.ownSubscription = undefined;
        if (!session) {
            return;
        }
        this.ownSubscription = session.log.onRecord((r) => {
            if (this.otherLog === undefined) {
                this.appended([r]);
            }
        });
        if (this.otherLog === undefined) {
            this.openSource(session.log.file);
        }
    }

    private openSource(file: string): void {
        this.follower?.dispose();
        this.follower = undefined;
        this.loading?.close();
        const reader = new TailReader(file);
        this.loading = reader;
        const first = reader.next(FIRST_PAINT);
        this.view.load(first, file);
        this.postState("load");
        this.host.log("info", `decisions panel: showing ${file}`);
        // The older records in steps, so the engine in this same thread keeps answering hook calls.
        const older: LogRecord[][] = [];
        const step = (): void => {
            if (this.loading !== reader) {
                return; // another log was opened meanwhile
            }
            const chunk = reader.done ? [] : reader.next(LOAD_STEP);
            if (chunk.length > 0 && this.view.loaded + older.length * LOAD_STEP < MAX_RECORDS) {
                older.unshift(chunk);
                setImmediate(step);
                return;
            }
            reader.close();
            this.loading = undefined;
            if (older.length > 0) {
                // Everything arrived while reading is in the view already; the history goes in front.
                this.view.prepend(older.flat());
                this.postState("load");
            }
            if (this.otherLog !== undefined) {
                this.follower = new LogFollower(file, (rs) => this.appended(rs), reader.resumeAt, 500);
            }
        };
        setImmediate(step);
    }

    private appended(records: LogRecord[]): void {
        this.view.append(records);
        // Coalesce bursts: one update per tick.
        this.pending ??= setTimeout(() => {
            this.pending = undefined;
            this.postState("append");
        }, 0);
    }

    resolveWebviewView(view: vscode.WebviewView): void {
        this.webview = view;
        const dist = vscode.Uri.joinPath(this.host.extensionUri, "dist", "webview");
        view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
        view.webview.html = this.html(view.webview, dist);
        view.webview.onDidReceiveMessage((m: WebviewMessage) => void this.received(m).catch((err: unknown) => this.notice(`${(err as Error).message}`, "error")), undefined, this.disposables);
        view.onDidDispose(() => (this.webview = undefined), undefined, this.disposables);
    }

    private html(webview: vscode.Webview, dist: vscode.Uri): string {
        const nonce = crypto.randomBytes(16).toString("base64");
        const uri = (f: string): string => webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString();
        const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`, `style-src ${webview.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join("; ");
        return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri("codicon.css")}" id="vscode-codicon-stylesheet" nonce="${nonce}">
<link rel="stylesheet" href="${uri("panel.css")}" nonce="${nonce}">
<title>Hookwarden decisions</title>
</head>
<body>
<script nonce="${nonce}" src="${uri("panel.js")}"></script>
</body>
</html>`;
    }

    private post(m: HostMessage): void {
        void this.webview?.webview.postMessage(m);
    }

    private postState(reason: "load" | "filter" | "append"): void {
        if (!this.webview) {
            return;
        }
        this.post(this.view.stateMessage(reason));
        if (this.pendingSelect) {
            this.reveal(this.pendingSelect);
        }
    }

    private notice(text: string, level: "info" | "error" = "info"): void {
        this.post({ type: "notice", text, level });
        if (level === "error") {
            this.host.log("error", `decisions panel: ${text}`);
        }
    }

    /** Opens the panel on one decision (the "Why?" of a deny notification). */
    async show(id?: string): Promise<void> {
        await vscode.commands.executeCommand(`${DECISIONS_VIEW}.focus`);
        if (id) {
            this.pendingSelect = id;
            if (this.webview) {
                this.reveal(id);
            }
        }
    }

    private reveal(id: string): void {
        const record = this.view.get(id);
        if (!record) {
            return;
        }
        this.pendingSelect = undefined;
        if (this.view.indexOf(id) < 0) {
            this.view.setFilter({});
            this.postState("filter");
        }
        this.post({ type: "select", id, index: this.view.indexOf(id) });
        this.post({ type: "detail", id, record });
    }

    /** A deny of the session's own engine: a notification whose "Why?" opens the panel on it. */
    async notifyDeny(r: LogRecord, setting: string): Promise<void> {
        if (setting !== "all" || r.decision.decision !== "deny" || r.spooled || r.origin === "duplicate" || !r.id) {
            return;
        }
        const what = r.summary ? `${r.toolName ?? r.event} \`${r.summary.slice(0, 60)}\`` : (r.toolName ?? r.event);
        const answer = await vscode.window.showWarningMessage(`Hookwarden denied ${r.harness}'s ${what}${r.hook ? ` (${r.hook.name})` : ""}.`, "Why?");
        if (answer === "Why?") {
            await this.show(r.id);
        }
    }

    private async received(m: WebviewMessage): Promise<void> {
        switch (m.type) {
            case "ready":
                this.postState("load");
                if (this.pendingSelect) {
                    this.reveal(this.pendingSelect);
                }
                return;
            case "window":
                this.post({ type: "state", state: this.view.state(), rows: this.view.rows(m.start, m.count), start: m.start, reason: "window" });
                return;
            case "filter":
                this.view.setFilter(m.filter);
                this.postState("filter");
                return;
            case "detail": {
                const record = this.view.get(m.id);
                if (record) {
                    this.post({ type: "detail", id: m.id, record });
                }
                return;
            }
            case "action":
                return this.act(m.action, m.id);
        }
    }

    private async act(action: Action, id: string | undefined): Promise<void> {
        const record = id ? this.view.get(id) : undefined;
        const needsRecord: Action[] = ["goToHook", "addTest", "copy", "replaySelection"];
        if (needsRecord.includes(action) && !record) {
            this.notice("Select a decision first.");
            return;
        }
        switch (action) {
            case "goToHook":
                return this.goToHook(record as LogRecord);
            case "addTest":
                return this.addTest(record as LogRecord);
            case "copy":
                await vscode.env.clipboard.writeText(JSON.stringify(record, null, 2));
                this.notice("Copied the decision as JSON.");
                return;
            case "replaySelection":
                return this.replay([record as LogRecord], [id as string], "the selected decision");
            case "replayView":
                return this.replay(this.view.visibleRecords(), this.view.visibleIds(), `${this.view.total} decisions in view`);
            case "export":
                return this.exportView();
            case "openLog":
                return this.openLog();
            case "ownLog":
                this.otherLog = undefined;
                this.attach(this.host.session);
                return;
        }
    }

    private async goToHook(r: LogRecord): Promise<void> {
        const hook = r.hook;
        if (!hook?.file || hook.line === undefined) {
            this.notice(hook ? `"${hook.name}" is the engine's own answer, not a hook in a file.` : "No hook decided this one (no hook applied).");
            return;
        }
        if (!fs.existsSync(hook.file)) {
            this.notice(`${hook.file} is not on this machine (the built-in default policy?).`);
            return;
        }
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(hook.file));
        const range = hookRange(doc, hook.line, hook.column ?? 1);
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        // The whole hook selected, the cursor at its start (the status bar shows the hook's line).
        editor.selection = new vscode.Selection(range.end, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    private async addTest(r: LogRecord): Promise<void> {
        const file = this.host.session?.workspacePolicyFile;
        if (!file || !fs.existsSync(file)) {
            this.notice("This workspace has no .vscode/hooks.json to add a test to (Hookwarden: Open Workspace Policy creates one).", "error");
            return;
        }
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        const test = testFromRecord(r, testNames(doc));
        if (!(await appendTest(doc, test))) {
            this.notice(`Could not edit ${file}.`, "error");
            return;
        }
        await vscode.window.showTextDocument(doc, { preview: false });
        this.notice(`Added the test "${String(test.name)}" to ${path.basename(path.dirname(file))}/${path.basename(file)} (unsaved; Undo removes it).`);
    }

    private async replay(records: LogRecord[], ids: string[], scope: string): Promise<void> {
        const session = this.host.session;
        const { engine, unsaved } = engineWithBuffers(session?.policyFiles ?? [], { trusted: this.host.trusted, roots: this.host.roots });
        const result = await replay(records, engine, (_r, i) => ids[i] ?? "");
        const policy = unsaved.length ? `the current policy with unsaved edits (${unsaved.map((f) => path.basename(path.dirname(f)) + "/" + path.basename(f)).join(", ")})` : "the current policy";
        this.view.flipped = Object.fromEntries(result.changed.map((c) => [c.id, c.after]));
        this.post({ type: "replay", scope, replayed: result.replayed, changed: result.changed, skipped: result.skipped.length, policy });
        this.postState("filter");
    }

    private async exportView(): Promise<void> {
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(this.host.roots[0] ?? path.dirname(this.view.source), "decisions-export.jsonl")), filters: { "JSON lines": ["jsonl"] }, title: "Export the filtered decisions" });
        if (!target) {
            return;
        }
        const text = this.view.visibleRecords().map((r) => JSON.stringify(r)).join("\n");
        await vscode.workspace.fs.writeFile(target, Buffer.from(text ? `${text}\n` : ""));
        this.notice(`Exported ${this.view.total} decisions to ${target.fsPath}.`);
    }

    private async openLog(): Promise<void> {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "Decision logs": ["jsonl"], "All files": ["*"] }, title: "Open a decision log (e.g. a hookwarden serve log)" });
        const file = picked?.[0]?.fsPath;
        if (file) {
            this.openLogFile(file);
        }
    }

    /** Shows another log file (a `hookwarden serve` log), followed live. */
    openLogFile(file: string): void {
        this.otherLog = file;
        this.openSource(file);
    }

    dispose(): void {
        this.follower?.dispose();
        this.loading?.close();
        this.ownSubscription?.dispose();
        clearTimeout(this.pending);
        for (const d of this.disposables) {
            d.dispose();
        }
    }
}
