// The engine as both hosts run it (the extension's EngineSession and `hookwarden serve`):
// assembled in one place, so what one protects the other protects too.
import { layerPaths } from "./policy/layers";
import type { CompileOptions } from "./policy/checks";
import { PolicyHost } from "./policyHost";

export interface EngineSetup {
    /** The workspace roots served; the first real one's `.vscode/hooks.json` is the workspace layer. */
    roots: string[];
    /** Whether the workspace is trusted (its command/module hooks run). */
    trusted: boolean;
    home?: string;
    machineDir?: string;
    /** Policy files given explicitly (the CLI's --policy): exactly these, no layers. */
    files?: string[];
    compile?: CompileOptions;
}

/** The policy host for a set of workspace roots: the layers, and the roots as protected paths. */
export function assembleEngine(setup: EngineSetup): PolicyHost {
    const workspaceRoot = setup.roots.find((r) => r !== "/");
    const source =
        setup.files && setup.files.length > 0
            ? { kind: "files" as const, files: setup.files }
            : { kind: "layers" as const, paths: layerPaths({ ...(setup.home ? { home: setup.home } : {}), ...(workspaceRoot ? { workspaceRoot } : {}), ...(setup.machineDir ? { machineDir: setup.machineDir } : {}) }) };
    return new PolicyHost(source, {
        trusted: setup.trusted,
        ...(setup.home ? { home: setup.home } : {}),
        // The workspace is never scratch space, even when it lives under a temp directory.
        protectedRoots: setup.roots,
    }, setup.compile ?? {});
}
