// Activation only wires: the engine session (policy, server, log), the status bar, the output
// channel, the Decisions panel, commands, trust and configuration listeners. Every disposable is owned by Ctx, which
// is owned by the extension context.
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";

import { commandId, registerCommands } from "./commands";
import { Config } from "./config";
import { registerPolicyEditor } from "./editor";
import type { PolicyEditor } from "./editor";
import type { PolicyTestOutcome } from "./editor/policyTestController";
import type { PolicyError } from "./engine";
import { EngineSession } from "./engine/session";
import type { RegistrationTarget } from "./registration/harnesses";
import { refreshRelay, refreshServeCommand, register, registrationPlan, unregister } from "./registration/vscodeRegistration";
import { DecisionsView } from "./views/decisionsView";
import { StatusBar, type EngineState } from "./views/statusBar";

const REGISTRATION_ANSWER = "hookwarden.registration.answer";
const INSTALLED_VERSION = "hookwarden.installedVersion";

/** What `activate` returns: read by the integration tests and other extensions. */
export interface HookwardenApi {
    readonly state: EngineState;
    readonly session: EngineSession | undefined;
    /** activate() entered → engine listening, in ms. */
    readonly activationMs: number | undefined;
    readonly timings: Record<string, number>;
    readonly statusText: string;
    /** The status bar tooltip (engine state, the policy layers in force, what is held back). */
    readonly statusTooltip: string;
    readonly logLines: string[];
    /** Edit → diagnostics published in the policy editor, ms, newest last. */
    readonly policyEditLatencies: number[];
    /** The policy tests in the Test Explorer, `file: name`. */
    readonly policyTestItems: string[];
    /** The outcomes of the last policy test run. */
    readonly policyTestRun: PolicyTestOutcome[];
}

export class Ctx implements vscode.Disposable {
    readonly config = new Config();
    readonly output = vscode.window.createOutputChannel("Hookwarden", { log: true });
    readonly home = os.homedir();
    readonly extensionPath: string;
    session: EngineSession | undefined;
    /** Diagnostics of the open policy files (the editor's own compile, as you type). */
    policyEditor: PolicyEditor | undefined;
    state: EngineState = "starting";
    activationMs: number | undefined;
    timings: Record<string, number> = {};
    /** The last lines written to the output channel (for tests and the status view). */
    readonly logLines: string[] = [];
    private readonly statusBar = new StatusBar(commandId("showDecisions"));
    readonly decisions: DecisionsView;
    private readonly sessionDisposables: { dispose(): void }[] = [];

    constructor(private readonly context: vscode.ExtensionContext) {
        this.extensionPath = context.extensionPath;
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the panel reads the live session
        const ctx = this;
        this.decisions = new DecisionsView({
            get session() {
                return ctx.session;
            },
            extensionUri: context.extensionUri,
            get trusted() {
                return vscode.workspace.isTrusted;
            },
            get roots() {
                return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
            },
            log: (level, message) => this.log(level, message),
        });
        context.subscriptions.push(this, this.output, this.statusBar, this.decisions);
        vscode.workspace.onDidGrantWorkspaceTrust(() => this.trustGranted(), this, context.subscriptions);
        vscode.workspace.onDidChangeConfiguration((e) => {
            if (Config.needsRestart(e)) {
                void this.restart();
            }
        }, this, context.subscriptions);
        vscode.workspace.onDidChangeWorkspaceFolders(() => void this.restart(), this, context.subscriptions);
    }

    private log(level: "info" | "warn" | "error", message: string): void {
        this.output[level](message);
        this.logLines.push(`[${level}] ${message}`);
        if (this.logLines.length > 500) {
            this.logLines.shift();
        }
    }

    private notify(level: "info" | "warn" | "error", message: string): void {
        const setting = this.config.notifications;
        if (setting === "off" || (setting === "errors" && level === "info")) {
            return;
        }
        const show = level === "info" ? vscode.window.showInformationMessage : level === "warn" ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
        void show(`Hookwarden: ${message}`);
    }

    /** A notification naming the first error, whose button opens the file at it. */
    private showProblem(what: string, e: PolicyError): void {
        if (this.config.notifications === "off") {
            return;
        }
        const action = "Show the Problem";
        void vscode.window.showErrorMessage(`Hookwarden: ${what}. ${path.basename(e.file)}:${e.line}:${e.column} ${e.code} ${e.message}`, action).then(async (answer) => {
            if (answer === action) {
                const doc = await vscode.workspace.openTextDocument(e.file);
                const range = new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length));
                await vscode.window.showTextDocument(doc, { selection: range });
            }
        });
    }

    async start(t0: number): Promise<void> {
        if (!this.config.enabled) {
            this.state = "disabled";
            this.log("info", "disabled by the hookwarden.enabled setting");
            this.refreshStatus();
            return;
        }
        const storage = this.context.storageUri ?? this.context.globalStorageUri;
        const session = new EngineSession({
            home: this.home,
            roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
            logFile: path.join(storage.fsPath, "decisions.jsonl"),
            trusted: vscode.workspace.isTrusted,
            failMode: this.config.failMode,
            relayDeadlineMs: this.config.relayDeadlineMs,
        });
        this.session = session;
        try {
            const timings = await session.start();
            this.timings = { ...timings };
        } catch (err) {
            this.state = "failed";
            this.session = undefined;
            this.log("error", `the engine did not start: ${(err as Error).message}`);
            this.notify("error", `the engine did not start: ${(err as Error).message}`);
            this.refreshStatus();
            return;
        }
        this.activationMs = performance.now() - t0;
        this.state = "running";
        this.sessionDisposables.push(
            session.onDecision((r) => {
                this.log("info", `${r.decision.decision.toUpperCase()} ${r.event.harness} ${r.event.event}${r.event.toolName ? ` ${r.event.toolName}` : ""}: ${r.decision.reason}`);
                this.refreshStatus();
            }),
            session.onReload((r, state) => this.policyReloaded(r.applied, state)),
            session.log.onRecord((r) => void this.decisions.notifyDeny(r, this.config.notifications)),
        );
        this.decisions.attach(session);
        this.log("info", `engine listening (${session.registryFile}); policy: ${session.policyFiles.join(", ")}; ready in ${this.activationMs.toFixed(1)} ms`);
        this.reportPolicyErrors(true);
        this.reportHeldBack();
        this.refreshStatus();
    }

    async stop(): Promise<void> {
        for (const d of this.sessionDisposables.splice(0)) {
            d.dispose();
        }
        const session = this.session;
        this.session = undefined;
        await session?.stop();
    }

    async restart(): Promise<void> {
        await this.stop();
        this.state = "starting";
        await this.start(performance.now());
    }

    private policyReloaded(applied: boolean, state: string): void {
        if (state === "kept-last-good") {
            this.log("warn", "the policy has errors; the last good policy stays in force");
            const first = this.session?.errors.find((e) => e.severity === "error");
            if (first) {
                this.showProblem("the edited policy has errors, so the last good policy stays in force", first);
            }
        } else if (applied) {
            this.log("info", `policy reloaded${state === "errors" ? " with errors (the fail mode decides events)" : ""}`);
        }
        this.reportPolicyErrors(false);
        this.reportHeldBack();
        this.refreshStatus();
    }

    private reportPolicyErrors(notify: boolean): void {
        const errors = this.session?.errors ?? [];
        for (const e of errors) {
            this.log(e.severity === "error" ? "error" : e.severity === "warning" ? "warn" : "info", `${e.file}:${e.line}:${e.column} ${e.code} ${e.field}: ${e.message}`);
        }
        const first = errors.find((e) => e.severity === "error");
        if (notify && first) {
            this.showProblem("the policy has errors; the fail mode decides events until they are fixed", first);
        }
    }

    private reportHeldBack(): void {
        const held = this.session?.heldBackHooks() ?? [];
        if (held.length > 0) {
            this.log("warn", `untrusted workspace: held back ${held.join(", ")} (workspace command/module hooks run only when the workspace is trusted; classifiers still run)`);
            this.notify("warn", `this workspace is not trusted, so its command/module hooks are held back: ${held.join(", ")}. Classifiers still run.`);
        }
    }

    private trustGranted(): void {
        const held = this.session?.heldBackHooks() ?? [];
        this.session?.setTrusted(true);
        if (held.length > 0) {
            this.log("info", `workspace trusted: ${held.join(", ")} now run`);
            this.notify("info", `workspace trusted: ${held.join(", ")} now run.`);
        }
        this.refreshStatus();
    }

    refreshStatus(): void {
        const s = this.session;
        this.statusBar.update(this.state, s?.counts ?? { allow: 0, ask: 0, deny: 0 }, s?.policyState ?? "ok", s?.heldBackHooks() ?? [], s?.layers ?? []);
    }

    get statusText(): string {
        return this.statusBar.text;
    }

    get statusTooltip(): string {
        return this.statusBar.tooltip;
    }

    /** Registers the relay with each configured harness (the command: the user asked for it). */
    register(targets: RegistrationTarget[] = this.config.harnesses): void {
        try {
            for (const r of register(this.extensionPath, this.home, targets, this.config.relayDeadlineMs)) {
                this.log("info", `register ${r.target}: ${r.changed ? "updated" : "unchanged"} ${r.file}${r.note ? ` (${r.note})` : ""}`);
                if (r.note) {
                    this.notify("warn", `${r.target}: ${r.note}`);
                }
            }
            void this.context.globalState.update(REGISTRATION_ANSWER, "yes");
            this.notify("info", `registered with ${targets.join(", ")}.`);
        } catch (err) {
            this.log("error", `registration failed: ${(err as Error).message}`);
            this.notify("error", `registration failed: ${(err as Error).message}`);
        }
    }

    unregister(): void {
        for (const r of unregister(this.home)) {
            this.log("info", `unregister ${r.target}: ${r.changed ? "removed from" : "nothing in"} ${r.file}`);
        }
        void this.context.globalState.update(REGISTRATION_ANSWER, "no");
        this.notify("info", "unregistered from every harness.");
    }

    /** First activation: explain what registration writes and where, and ask once. */
    async askToRegister(): Promise<void> {
        const version = String((this.context.extension.packageJSON as { version?: string }).version);
        if (this.context.globalState.get<string>(INSTALLED_VERSION) !== version) {
            if (refreshRelay(this.extensionPath, this.home)) {
                this.log("info", `relay refreshed for version ${version}`);
            }
            await this.context.globalState.update(INSTALLED_VERSION, version);
        } else if (refreshServeCommand(this.extensionPath, this.home)) {
            this.log("info", "the headless engine's command now names this version's files");
        }
        if (this.context.globalState.get<string>(REGISTRATION_ANSWER) !== undefined || this.config.notifications === "off") {
            return;
        }
        const plan = registrationPlan(this.home, this.config.harnesses);
        this.log("info", `registration would write: ${plan.join("; ")}`);
        const answer = await vscode.window.showInformationMessage(
            `Hookwarden can register its relay so every agent's hooks are decided by this policy engine. It will write: ${plan.join("; ")}. Undo any time with "Hookwarden: Unregister".`,
            "Register",
            "Not now",
            "Show details",
        );
        if (answer === "Register") {
            this.register();
        } else if (answer === "Not now") {
            await this.context.globalState.update(REGISTRATION_ANSWER, "no");
        } else if (answer === "Show details") {
            this.output.show(true);
        }
    }

    api(): HookwardenApi {
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the API reads live state
        const ctx = this;
        return {
            get state() {
                return ctx.state;
            },
            get session() {
                return ctx.session;
            },
            get activationMs() {
                return ctx.activationMs;
            },
            get timings() {
                return ctx.timings;
            },
            get statusText() {
                return ctx.statusText;
            },
            get statusTooltip() {
                return ctx.statusTooltip;
            },
            get logLines() {
                return ctx.logLines;
            },
            get policyEditLatencies() {
                return ctx.policyEditor?.diagnostics.latencies ?? [];
            },
            get policyTestItems() {
                return ctx.policyEditor?.tests.itemIds() ?? [];
            },
            get policyTestRun() {
                return ctx.policyEditor?.tests.lastRun ?? [];
            },
        };
    }

    dispose(): void {
        void this.stop();
    }
}

export async function activate(context: vscode.ExtensionContext): Promise<HookwardenApi> {
    const t0 = performance.now();
    const ctx = new Ctx(context);
    registerCommands(ctx, context.subscriptions);
    ctx.policyEditor = registerPolicyEditor(() => ctx.config.relayDeadlineMs, context.subscriptions);
    try {
        await ctx.start(t0);
    } catch (err) {
        // VS Code does not show a notification when activation fails, so we do.
        void vscode.window.showErrorMessage(`Hookwarden failed to activate: ${(err as Error).message}`);
        throw err;
    }
    void ctx.askToRegister().catch((err: unknown) => ctx.output.error(String(err)));
    return ctx.api();
}

export function deactivate(): void {
    // Ctx is disposed through context.subscriptions (the server stops, the registry entry goes).
}
