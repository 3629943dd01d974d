// Keeps the policy in force: loads the layers, reloads when a layer file changes, and keeps the
// last good policy when an edit breaks a file (the errors are reported, not silently applied).
import * as fs from "node:fs";
import * as path from "node:path";

import { Engine, type EngineOptions } from "./dispatch";
import { loadLayeredPolicy, loadPolicyFiles, type LayerPaths } from "./policy/layers";
import type { CompileOptions } from "./policy/checks";
import type { Policy, PolicyError } from "./policy/model";
import { loadNative } from "./native";
import { RepoStateCache } from "./repoState";
import { clearModuleCache } from "./runners/module";

export type PolicySource = { kind: "layers"; paths: LayerPaths } | { kind: "files"; files: string[] };

export interface ReloadResult {
    /** True when the new policy is in force. */
    applied: boolean;
    errors: PolicyError[];
}

export class PolicyHost {
    private current: Engine;
    private lastGood: boolean;
    /** Errors of the newest load, also when the last good policy stayed in force. */
    errors: PolicyError[];
    private watchers: fs.FSWatcher[] = [];
    private debounce: NodeJS.Timeout | undefined;
    private readonly listeners: ((r: ReloadResult) => void)[] = [];

    constructor(
        private readonly source: PolicySource,
        private options: EngineOptions = {},
        private readonly compile: CompileOptions = {},
    ) {
        // One repository-state cache for every engine this host builds (reloads keep it).
        this.options = { ...options, repoStates: options.repoStates ?? new RepoStateCache(options.native ?? loadNative()) };
        const policy = this.load();
        this.current = new Engine(policy, options);
        this.errors = policy.errors;
        this.lastGood = !policy.errors.some((e) => e.severity === "error");
    }

    get engine(): Engine {
        return this.current;
    }

    files(): string[] {
        return this.source.kind === "files" ? this.source.files : [this.source.paths.machine, this.source.paths.user, this.source.paths.workspace].filter((f): f is string => f !== undefined);
    }

    private load(): Policy {
        return this.source.kind === "files" ? loadPolicyFiles(this.source.files, this.compile) : loadLayeredPolicy(this.source.paths, this.compile);
    }

    /** Trust changes take effect on the next event, without a reload of the files. */
    setTrusted(trusted: boolean): void {
        this.options = { ...this.options, trusted };
        this.current = new Engine(this.current.policy, this.options);
    }

    reload(): ReloadResult {
        const policy = this.load();
        this.errors = policy.errors;
        const broken = policy.errors.some((e) => e.severity === "error");
        let result: ReloadResult;
        if (broken && this.lastGood) {
            result = { applied: false, errors: policy.errors };
        } else {
            clearModuleCache();
            this.current = new Engine(policy, this.options);
            this.lastGood = !broken;
            result = { applied: true, errors: policy.errors };
        }
        for (const l of this.listeners) {
            l(result);
        }
        return result;
    }

    onReload(listener: (r: ReloadResult) => void): void {
        this.listeners.push(listener);
    }

    /** Watches the layer files' folders (files may not exist yet) and reloads, debounced. */
    watch(debounceMs = 100): void {
        const dirs = new Set(this.files().map((f) => path.dirname(f)));
        const names = new Set(this.files().map((f) => path.basename(f)));
        for (const dir of dirs) {
            if (!fs.existsSync(dir)) {
                continue;
            }
            try {
                const w = fs.watch(dir, (_event, name) => {
                    if (name === null || names.has(String(name))) {
                        clearTimeout(this.debounce);
                        this.debounce = setTimeout(() => this.reload(), debounceMs);
                    }
                });
                w.on("error", () => w.close());
                this.watchers.push(w);
            } catch {
                // A folder we cannot watch: changes there need a manual reload.
            }
        }
    }

    dispose(): void {
        clearTimeout(this.debounce);
        for (const w of this.watchers) {
            w.close();
        }
        this.watchers = [];
    }
}
