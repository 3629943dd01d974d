// The policy layers, lowest first: the built-in default, machine, user, workspace. All of them
// apply. Decisions merge deny > ask > allow, so a higher layer can add restrictions but never
// lift one, and the rules below keep it that way for everything else a layer can say:
// - the default layer is always there, unless the user's own layers (machine, user) switch it,
//   or some of its hooks, off with `"defaults"`; a workspace layer cannot (load.ts warns);
// - fail modes merge per event to the strictest any layer names (deny > ask > allow); the
//   workspace layer can only make an event's fail mode stricter than what lies beneath it,
//   including the built-in fallback (defaultFailMode) when no lower layer names one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { stricter } from "../decision";
import { defaultFailMode, type EventName } from "../events";
import { DEFAULT_POLICY_TEXT, DEFAULT_POLICY_FILE } from "./defaultPolicy";
import { loadPolicyFile, parsePolicyText, readPolicyText } from "./load";
import type { CompileOptions } from "./checks";
import type { DefaultsOff, FailMode, Policy, PolicyLayer } from "./model";

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

let defaultLayer: PolicyLayer | undefined;

/** The built-in default policy as a layer (parsed once; layers are never mutated). */
export function defaultPolicyLayer(): PolicyLayer {
    defaultLayer ??= parsePolicyText(DEFAULT_POLICY_TEXT, DEFAULT_POLICY_FILE, "default");
    return defaultLayer;
}

/** The layers the user controls: their `defaults` switch counts. */
function isUsersOwn(layer: PolicyLayer): boolean {
    return layer.layer !== "workspace" && layer.layer !== "default";
}

/** The default layer with what the machine and user switches turned off taken out. */
function switchDefaults(layer: PolicyLayer, all: PolicyLayer[]): PolicyLayer {
    const switches = all.filter((l) => isUsersOwn(l) && l.defaults !== undefined);
    if (switches.length === 0) {
        return layer;
    }
    const off: DefaultsOff = {
        all: switches.some((l) => l.defaults?.enabled === false),
        hooks: [...new Set(switches.flatMap((l) => l.defaults?.disable ?? []))],
        by: switches.map((l) => l.file),
    };
    if (!off.all && off.hooks.length === 0) {
        return layer;
    }
    return {
        ...layer,
        hooks: off.all ? [] : layer.hooks.filter((h) => !off.hooks.includes(h.name)),
        tests: off.all || off.hooks.length > 0 ? [] : layer.tests,
        failMode: off.all ? {} : layer.failMode,
        off,
    };
}

/** Per event, the strictest fail mode the layers name; a workspace layer can only add strictness. */
export function mergeFailModes(layers: PolicyLayer[]): FailMode {
    const failMode: FailMode = {};
    for (const layer of layers) {
        for (const [name, verdict] of Object.entries(layer.failMode)) {
            const event = name as EventName;
            const current = failMode[event];
            if (layer.layer === "workspace") {
                // What lies beneath is the lower layers' fail mode, or the built-in fallback.
                failMode[event] = stricter(current ?? defaultFailMode(event), verdict);
            } else {
                failMode[event] = current === undefined ? verdict : stricter(current, verdict);
            }
        }
    }
    return failMode;
}

export function combineLayers(layers: PolicyLayer[]): Policy {
    const inForce = layers.map((l) => (l.layer === "default" ? switchDefaults(l, layers) : l));
    // The default layer's tests describe the default alone; with other layers on top they test
    // the user's policy instead (a stricter layer may rightly ask where the default allows).
    const ownTests = inForce.filter((l) => l.layer !== "default").flatMap((l) => l.tests);
    return {
        layers: inForce,
        hooks: inForce.flatMap((l) => l.hooks),
        tests: ownTests.length > 0 ? ownTests : inForce.flatMap((l) => l.tests),
        failMode: mergeFailModes(inForce),
        errors: inForce.flatMap((l) => l.errors),
    };
}

/**
 * The built-in default layer, then every layer file that exists: machine, user, workspace.
 * The default applies whatever the files say, unless the user's own switch turns it off.
 */
export function loadLayeredPolicy(paths: LayerPaths, options: CompileOptions = {}): Policy {
    const layers: PolicyLayer[] = [defaultPolicyLayer()];
    const candidates: [string, string | undefined][] = [
        ["machine", paths.machine],
        ["user", paths.user],
        ["workspace", paths.workspace],
    ];
    for (const [layer, file] of candidates) {
        if (file && fileExists(file)) {
            layers.push(loadLayerFile(file, layer, options));
        }
    }
    return combineLayers(layers);
}

/** The last parse of each layer file: a reload recompiles only the layers whose text changed. */
const parsed = new Map<string, { text: string; layer: PolicyLayer }>();

function loadLayerFile(file: string, layer: string, options: CompileOptions): PolicyLayer {
    const read = readPolicyText(file);
    const key = `${layer}\0${file}\0${options.relayDeadlineMs ?? ""}`;
    if ("message" in read) {
        parsed.delete(key);
        return loadPolicyFile(file, layer, options); // the same checks, reported as the layer's error
    }
    const hit = parsed.get(key);
    if (hit?.text === read.text) {
        return hit.layer;
    }
    const result = parsePolicyText(read.text, file, layer, options);
    parsed.set(key, { text: read.text, layer: result });
    return result;
}

/** Exists as anything at all (a dangling symlink does not; a FIFO or a device does, and is refused by the loader). */
function fileExists(file: string): boolean {
    try {
        fs.statSync(file);
        return true;
    } catch {
        return false;
    }
}

/** Policy files given explicitly (the CLI's --policy), each its own layer, in order; no default layer. */
export function loadPolicyFiles(files: string[], options: CompileOptions = {}): Policy {
    return combineLayers(files.map((f) => loadPolicyFile(f, f, options)));
}

/** One layer as the status views show it. */
export interface LayerSummary {
    /** default, machine, user, workspace, or the file given. */
    layer: string;
    file: string;
    /** Hooks in force from this layer. */
    hooks: number;
    /** In a word: what this layer does now. */
    state: "in force" | "off" | "partly off" | "has errors";
    detail: string;
}

/** Which layers are in force, lowest first, with what the user's switch turned off. */
export function summarizeLayers(policy: Policy): LayerSummary[] {
    return policy.layers.map((l) => {
        const errors = l.errors.filter((e) => e.severity === "error").length;
        const n = `${l.hooks.length} hook${l.hooks.length === 1 ? "" : "s"}`;
        const by = l.off ? ` by ${l.off.by.join(", ")}` : "";
        if (errors > 0) {
            return { layer: l.layer, file: l.file, hooks: l.hooks.length, state: "has errors", detail: `${errors} error${errors === 1 ? "" : "s"}: the fail mode decides every event` };
        }
        if (l.off?.all) {
            return { layer: l.layer, file: l.file, hooks: 0, state: "off", detail: `switched off${by}` };
        }
        if (l.off && l.off.hooks.length > 0) {
            return { layer: l.layer, file: l.file, hooks: l.hooks.length, state: "partly off", detail: `${n}; ${l.off.hooks.join(", ")} switched off${by}` };
        }
        return { layer: l.layer, file: l.file, hooks: l.hooks.length, state: "in force", detail: n };
    });
}
