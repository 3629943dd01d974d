// Shared by the unit tests: fixture paths and small policy builders.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { combineLayers, Engine, parsePolicyText, type EngineOptions, type Policy } from "../../src/engine";

/** The repository root (tests run from out/test/unit). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const FIXTURES = path.join(ROOT, "test", "fixtures");

export function tempDir(prefix = "hookwarden-test-"): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A policy from JSON text, written to a file in `dir` so relative module paths resolve there. */
export function policyFrom(text: string, dir: string = path.join(FIXTURES, "hooks"), layer = "workspace"): Policy {
    return combineLayers([parsePolicyText(text, path.join(dir, "hooks.json"), layer)]);
}

export function engineFor(text: string, options: EngineOptions & { dir?: string; layer?: string } = {}): Engine {
    const policy = policyFrom(text, options.dir, options.layer);
    // Hints (a policy without tests) are fine for a test's policy; errors and warnings are not.
    const problems = policy.errors.filter((e) => e.severity !== "info");
    if (problems.length > 0) {
        throw new Error(`test policy has errors: ${JSON.stringify(problems)}`);
    }
    return new Engine(policy, options);
}

export function claudePre(command: string, cwd = "/home/u/proj"): Record<string, unknown> {
    return { session_id: "s", cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, tool_use_id: "t1" };
}
