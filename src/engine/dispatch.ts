// The engine: matching hooks in declaration order → runners → merge → Decision with its trace.
// Merge: deny > ask > allow; the first deny ends the chain; input rewrites accumulate and later
// hooks see them; output redactions accumulate; additional context is collected.
import * as os from "node:os";

import { stricter, type Decision, type HookResult, type TraceEntry, type Verdict } from "./decision";
import { defaultFailMode, type EventName, type NormalizedEvent } from "./events";
import { hookApplies } from "./match";
import { loadNative, type Native } from "./native";
import type { Hook, Policy } from "./policy/model";
import { runClassifier } from "./runners/classifier";
import { runCommand } from "./runners/command";
import { HookContext } from "./runners/context";
import { runModule } from "./runners/module";
import { RepoStateCache } from "./repoState";

export interface EngineOptions {
    /** Whether the workspace is trusted: untrusted workspace layers' command/module hooks are held back. */
    trusted?: boolean;
    home?: string;
    native?: Native;
    /** Workspace roots the engine serves (never scratch space, even under /tmp). */
    protectedRoots?: string[];
    /** What git can restore in the workspace repositories; shared across policy reloads. */
    repoStates?: RepoStateCache;
}

/** The merge state of one event's hook chain. */
interface Chain {
    trace: TraceEntry[];
    verdict: Verdict;
    reason: string;
    inputChanged: boolean;
    outputChanged: boolean;
    /** A workspace hook rewrote the input or the output: the lower layers judge it again. */
    workspaceRewrote: boolean;
    contexts: string[];
}

function microsSince(start: bigint): number {
    return Number((process.hrtime.bigint() - start) / 1000n);
}

export class Engine {
    private readonly native: Native;
    private readonly trusted: boolean;
    private readonly home: string;
    private readonly protectedRoots: string[];
    readonly repoStates: RepoStateCache;

    constructor(
        readonly policy: Policy,
        options: EngineOptions = {},
    ) {
        this.native = options.native ?? loadNative();
        this.trusted = options.trusted ?? true;
        this.home = options.home ?? os.homedir();
        this.protectedRoots = (options.protectedRoots ?? []).filter((r) => r !== "/");
        this.repoStates = options.repoStates ?? new RepoStateCache(this.native);
    }

    /** The native module this engine uses (the log's redactor shares it). */
    get nativeModule(): Native {
        return this.native;
    }

    /**
     * Compiles the native rule sets now (the secrets set takes ~100 ms on first use) so the
     * first event after start is not the one that pays for it.
     */
    warmUp(): void {
        this.native.scanSecrets("");
        this.native.scanInjection("");
        this.native.classifyShell("true");
    }

    failMode(event: EventName): Verdict {
        return this.policy.failMode[event] ?? defaultFailMode(event);
    }

    private heldBack(hook: Hook): string | undefined {
        if (!hook.enabled) {
            return "disabled in the policy";
        }
        if (!this.trusted && hook.layer === "workspace" && hook.kind !== "classifier") {
            return `held back: ${hook.kind} hooks of the workspace policy run only in a trusted workspace`;
        }
        return undefined;
    }

    private async runHook(hook: Hook, ctx: HookContext): Promise<HookResult> {
        switch (hook.kind) {
            case "classifier":
                return runClassifier(hook, ctx);
            case "command":
                return runCommand(hook, ctx);
            case "module":
                return runModule(hook, ctx);
        }
    }

    /** Runs one hook and merges its answer into the chain. */
    private async step(hook: Hook, ctx: HookContext, chain: Chain, recheck: boolean): Promise<void> {
        const ev = ctx.event;
        const held = this.heldBack(hook);
        if (held) {
            chain.trace.push({ hook: hook.name, layer: hook.layer, runner: hook.kind, outcome: "skipped", reason: held, latencyUs: 0, findings: [], ...(recheck ? { recheck } : {}) });
            return;
        }
        const t0 = process.hrtime.bigint();
        let result: HookResult;
        let error: string | undefined;
        try {
            result = await this.runHook(hook, ctx);
        } catch (err) {
            error = err instanceof Error ? err.message : String(err);
            result = { verdict: hook.onError, reason: `hook "${hook.name}" failed (${error}); onError is ${hook.onError}` };
        }
        const entry: TraceEntry = {
            hook: hook.name,
            layer: hook.layer,
            runner: hook.kind,
            outcome: result.verdict,
            ...(result.reason !== undefined ? { reason: result.reason } : {}),
            latencyUs: microsSince(t0),
            findings: result.findings ?? [],
            ...(error !== undefined ? { error } : {}),
            ...(result.notes ? { notes: result.notes } : {}),
            ...(recheck ? { recheck } : {}),
        };
        if (result.updatedInput && (ev.event === "PreToolUse" || ev.event === "PermissionRequest")) {
            ctx.toolInput = result.updatedInput;
            chain.inputChanged = true;
            entry.rewroteInput = true;
        }
        if (result.updatedOutput !== undefined && ctx.toolOutput !== undefined) {
            ctx.toolOutput = result.updatedOutput;
            chain.outputChanged = true;
            entry.redactedOutput = true;
        }
        if ((entry.rewroteInput || entry.redactedOutput) && hook.layer === "workspace") {
            chain.workspaceRewrote = true;
        }
        if (result.additionalContext && !chain.contexts.includes(result.additionalContext)) {
            chain.contexts.push(result.additionalContext);
        }
        chain.trace.push(entry);
        const merged = stricter(chain.verdict, result.verdict);
        if (merged !== chain.verdict || (chain.reason === "" && result.verdict !== "allow")) {
            chain.reason = `${hook.name}: ${result.reason ?? result.verdict}`;
        }
        chain.verdict = merged;
    }

    async decide(ev: NormalizedEvent): Promise<Decision> {
        const started = process.hrtime.bigint();
        if (ev.event === "PostToolUse" || ev.event === "PostToolUseFailure") {
            // A tool ran: the work tree may have changed under the cached git states.
            this.repoStates.invalidate();
        }
        const ctx = new HookContext(ev, this.native, ev.toolInput ? structuredClone(ev.toolInput) : undefined, ev.toolOutput, this.home, this.protectedRoots, this.repoStates);
        const chain: Chain = { trace: [], verdict: "allow", reason: "", inputChanged: false, outputChanged: false, workspaceRewrote: false, contexts: [] };

        // A broken layer never silently drops its rules: the fail mode decides the event.
        const errors = this.policy.errors.filter((e) => e.severity === "error");
        if (errors.length > 0) {
            const failVerdict = this.failMode(ev.event);
            const first = errors[0];
            const where = first ? `${first.file}:${first.line}:${first.column}${first.field ? ` (${first.field})` : ""}: ${first.message}` : "";
            const failReason = `the policy has ${errors.length} error${errors.length > 1 ? "s" : ""} (first: ${where}); fail mode for ${ev.event} is ${failVerdict}`;
            chain.trace.push({ hook: "policy-errors", layer: first?.file ?? "", runner: "engine", outcome: failVerdict, reason: failReason, latencyUs: 0, findings: [] });
            chain.verdict = failVerdict;
            chain.reason = failReason;
        }

        for (const hook of this.policy.hooks) {
            if (chain.verdict === "deny") {
                break; // the first deny ends the chain
            }
            if (hookApplies(hook, ev, ctx)) {
                await this.step(hook, ctx, chain, false);
            }
        }
        // Workspace hooks run last, after the layers beneath them have judged the input and the
        // output. A workspace rewrite would reach the agent unjudged (`rm -rf ~` after the shell
        // classifier allowed `ls`; the raw output after the secrets were redacted), so the lower
        // layers' hooks judge the result once more, and their verdicts and rewrites count.
        if (chain.workspaceRewrote) {
            for (const hook of this.policy.hooks) {
                if (chain.verdict === "deny") {
                    break;
                }
                if (hook.layer !== "workspace" && hookApplies(hook, ev, ctx)) {
                    await this.step(hook, ctx, chain, true);
                }
            }
        }

        const { trace, contexts } = chain;
        let reason = chain.reason;
        if (reason === "") {
            const ran = trace.filter((t) => t.outcome !== "skipped");
            reason = ran.length === 0 ? "no hook applies" : chain.outputChanged ? `allowed; ${ran.filter((t) => t.redactedOutput).map((t) => `${t.hook}: ${t.reason ?? ""}`).join("; ")}` : "allowed by every hook that applies";
        }
        return {
            decision: chain.verdict,
            reason,
            ...(chain.inputChanged && ctx.toolInput ? { updatedInput: ctx.toolInput } : {}),
            ...(chain.outputChanged && ctx.toolOutput !== undefined ? { updatedOutput: ctx.toolOutput } : {}),
            ...(contexts.length ? { additionalContext: contexts.join("\n\n") } : {}),
            event: ev.event,
            harness: ev.harness,
            ...(ev.toolName !== undefined ? { toolName: ev.toolName } : {}),
            latencyUs: microsSince(started),
            trace,
        };
    }
}
