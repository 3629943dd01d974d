// The three policy layers (machine, user, workspace), combined in that order. A later layer can
// add restrictions but never lift one: decisions merge deny > ask > allow across all hooks.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { DEFAULT_POLICY_TEXT, DEFAULT_POLICY_FILE } from "./defaultPolicy";
import { loadPolicyFile, parsePolicyText } from "./load";
import type { FailMode, Policy, PolicyLayer } from "./model";

export interface LayerPaths {
    machine: string;
    user: string;
    workspace?: string;
}

export function layerPaths(options: { home?: string; workspaceRoot?: string; machineDir?: string } = {}): LayerPaths {
    const home = options.home ?? os.homedir();
    return {
        machine: path.join(options.machineDir ?? "/etc/hookwarden", "hooks.json"),
        user: path.join(home, ".hookwarden", "hooks.json"),
        ...(options.workspaceRoot ? { workspace: path.join(options.workspaceRoot, ".vscode", "hooks.json") } : {}),
    };
}

export function defaultPolicyLayer(): PolicyLayer {
    return parsePolicyText(DEFAULT_POLICY_TEXT, DEFAULT_POLICY_FILE, "default");
}

export function combineLayers(layers: PolicyLayer[]): Policy {
    const failMode: FailMode = {};
    for (const layer of layers) {
        for (const [event, verdict] of Object.entries(layer.failMode)) {
            const current = failMode[event as keyof FailMode];
            // Layers can only make the fail mode stricter.
            if (!current || verdict === "deny" || (verdict === "ask" && current === "allow")) {
                failMode[event as keyof FailMode] = verdict;
            }
        }
    }
    return {
        layers,
        hooks: layers.flatMap((l) => l.hooks),
        tests: layers.flatMap((l) => l.tests),
        failMode,
        errors: layers.flatMap((l) => l.errors),
    };
}

/**
 * Loads every layer file that exists. With none at all, the built-in default policy applies,
 * so a fresh install is protected.
 */
export function loadLayeredPolicy(paths: LayerPaths): Policy {
    const layers: PolicyLayer[] = [];
    const candidates: [string, string | undefined][] = [
        ["machine", paths.machine],
        ["user", paths.user],
        ["workspace", paths.workspace],
    ];
    for (const [layer, file] of candidates) {
        if (file && fs.existsSync(file)) {
            layers.push(loadPolicyFile(file, layer));
        }
    }
    return combineLayers(layers.length > 0 ? layers : [defaultPolicyLayer()]);
}

/** Policy files given explicitly (the CLI's --policy), each its own layer, in order. */
export function loadPolicyFiles(files: string[]): Policy {
    return combineLayers(files.map((f) => loadPolicyFile(f, f)));
}
