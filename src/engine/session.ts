// The engine as the extension host runs it: the layered policy (hot-reloaded, last good kept),
// the socket server the relay talks to, the decision log, and the counts the status bar shows.
// No `vscode` import: the extension wires this to the UI, and plain Node can test it.
import * as path from "node:path";

import type { CheckResult } from "./check";
import { BLOCKING_EVENTS } from "./events";
import type { Engine } from "./dispatch";
import { DecisionLog } from "./log/store";
import { assembleEngine } from "./assemble";
import { summarizeLayers, type LayerSummary } from "./policy/layers";
import type { PolicyError } from "./policy/model";
import type { PolicyHost, ReloadResult } from "./policyHost";
import { EngineServer } from "./server/server";

export interface SessionOptions {
    home: string;
    /** Workspace folders; the first one's `.vscode/hooks.json` is the workspace layer. */
    roots: string[];
    logFile: string;
    trusted: boolean;
    /** `deny`: blocking events fail closed whatever the policy says (a setting may only be stricter). */
    failMode: "policy" | "deny";
    runtimeDir?: string;
    machineDir?: string;
    /** The relay's deadline setting (hook timeouts at or above it are flagged). */
    relayDeadlineMs?: number;
}

export type Counts = { allow: number; ask: number; deny: number };

/**
 * The `hookwarden.failMode` setting from every scope it is set in (default, user, workspace,
 * folder): the strictest wins. A repository's `.vscode/settings.json` overrides the user's
 * settings in VS Code, so taking the last one would let it lift the user's `deny`.
 */
export function strictestFailModeSetting(values: readonly unknown[]): "policy" | "deny" {
    return values.includes("deny") ? "deny" : "policy";
}
export type PolicyState = "ok" | "kept-last-good" | "errors";

export interface SessionTimings {
    policyMs: number;
    serverMs: number;
}


export class EngineSession {
    readonly counts: Counts = { allow: 0, ask: 0, deny: 0 };
    /** Last event seen per harness (claude, codex, copilot, vscode). */
    readonly lastEvent = new Map<string, Date>();
    policyState: PolicyState = "ok";
    /** Resolves with the native warm-up's duration (ms), which runs just after start(). */
    warmUp: Promise<number> = Promise.resolve(0);
    errors: PolicyError[] = [];
    private host: PolicyHost | undefined;
    private server: EngineServer | undefined;
    readonly log: DecisionLog;
    private readonly decisionListeners: ((r: CheckResult) => void)[] = [];
    private readonly reloadListeners: ((r: ReloadResult, state: PolicyState) => void)[] = [];

    constructor(private readonly options: SessionOptions) {
        this.log = new DecisionLog(options.logFile);
    }

    /** The engine in force (undefined before start and after stop). */
    get engine(): Engine | undefined {
        return this.host?.engine;
    }

    get policyFiles(): string[] {
        return this.host?.files() ?? [];
    }

    /** The policy layers in force, lowest (the built-in default) first. */
    get layers(): LayerSummary[] {
        return this.host ? summarizeLayers(this.host.engine.policy) : [];
    }

    get workspacePolicyFile(): string | undefined {
        const root = this.options.roots[0];
        return root === undefined ? undefined : path.join(root, ".vscode", "hooks.json");
    }

    get runtimeDir(): string | undefined {
        return this.server?.dir;
    }

    get registryFile(): string | undefined {
        return this.server?.registryFile;
    }

    get listening(): boolean {
        return this.server !== undefined;
    }

    async start(): Promise<SessionTimings> {
        const t0 = performance.now();
        const host = assembleEngine({
            roots: this.options.roots,
            trusted: this.options.trusted,
            home: this.options.home,
            ...(this.options.machineDir ? { machineDir: this.options.machineDir } : {}),
            ...(this.options.relayDeadlineMs !== undefined ? { compile: { relayDeadlineMs: this.options.relayDeadlineMs } } : {}),
        });
        this.host = host;
        this.errors = host.errors;
        this.policyState = host.errors.some((e) => e.severity === "error") ? "errors" : "ok";
        this.applyFailMode();
        host.onReload((r) => this.reloaded(r));
        host.watch();
        const t1 = performance.now();
        // Compiling the native rule sets (~100 ms) is not needed to listen: it runs right after
        // activation instead (below), off the activation path.
        const server = new EngineServer({
            roots: this.options.roots,
            engine: () => host.engine,
            warmUpOnStart: false,
            log: this.log,
            ...(this.options.runtimeDir ? { runtimeDir: this.options.runtimeDir } : {}),
            onDecision: (r) => this.decided(r),
        });
        await server.start();
        this.server = server;
        const t2 = performance.now();
        this.warmUp = new Promise((resolve) =>
            setImmediate(() => {
                const w0 = performance.now();
                host.engine.warmUp();
                resolve(performance.now() - w0);
            }),
        );
        return { policyMs: t1 - t0, serverMs: t2 - t1 };
    }

    async stop(): Promise<void> {
        this.host?.dispose();
        this.host = undefined;
        const server = this.server;
        this.server = undefined;
        await server?.stop();
    }

    reload(): ReloadResult | undefined {
        return this.host?.reload();
    }

    setTrusted(trusted: boolean): void {
        this.options.trusted = trusted;
        this.host?.setTrusted(trusted);
        this.applyFailMode();
    }

    /** Names of the hooks in force (the panel lists the ones that never matched). */
    policyHooks(): string[] {
        return this.host?.engine.policy.hooks.map((h) => h.name) ?? [];
    }

    /** Workspace `command`/`module` hooks, which run only in a trusted workspace. */
    heldBackHooks(): string[] {
        if (this.options.trusted || !this.host) {
            return [];
        }
        return this.host.engine.policy.hooks.filter((h) => h.layer === "workspace" && h.kind !== "classifier").map((h) => h.name);
    }

    onDecision(listener: (r: CheckResult) => void): { dispose(): void } {
        this.decisionListeners.push(listener);
        return { dispose: () => this.decisionListeners.splice(this.decisionListeners.indexOf(listener) >>> 0, 1) };
    }

    onReload(listener: (r: ReloadResult, state: PolicyState) => void): { dispose(): void } {
        this.reloadListeners.push(listener);
        return { dispose: () => this.reloadListeners.splice(this.reloadListeners.indexOf(listener) >>> 0, 1) };
    }

    private decided(r: CheckResult): void {
        this.counts[r.decision.decision] += 1;
        this.lastEvent.set(r.event.harness, new Date());
        for (const l of this.decisionListeners) {
            l(r);
        }
    }

    private reloaded(r: ReloadResult): void {
        this.errors = r.errors;
        const broken = r.errors.some((e) => e.severity === "error");
        this.policyState = !broken ? "ok" : r.applied ? "errors" : "kept-last-good";
        this.applyFailMode();
        for (const l of this.reloadListeners) {
            l(r, this.policyState);
        }
    }

    /** The setting may only make the fail mode stricter; the registry carries it to the relay. */
    private applyFailMode(): void {
        if (this.options.failMode === "deny" && this.host) {
            const failMode = this.host.engine.policy.failMode as Record<string, string>;
            for (const event of BLOCKING_EVENTS) {
                failMode[event] = "deny";
            }
        }
        this.server?.writeRegistry();
    }
}
