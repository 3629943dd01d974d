// Extension activation: from `activate()` to the engine listening, in a real VS Code extension
// host (code-server). The integration run (test/integration/run.mjs) measures it inside the host
// and writes test/artifacts/activation.json; this suite reports that measurement and its target.
import * as fs from "node:fs";
import * as path from "node:path";

import type { BenchContext, Suite } from "../suite";

const G = "activation";
const TARGET_MS = 100;

interface Activation {
    activationMs: number;
    restartMs?: number;
    timings?: Record<string, number>;
    vscode?: string;
    node?: string;
    measuredAt?: string;
}

export const activationSuite: Suite = {
    id: G,
    title: "Extension activation in a real VS Code extension host",
    description:
        "Wall clock from `activate()` to the engine listening on its socket, measured inside code-server's extension host by the integration run " +
        "(`node test/integration/run.mjs`, which `npm test` calls). The native warm-up runs right after activation and is shown separately.",
    needsSeed: false,
    run(ctx: BenchContext): Promise<void> {
        const { report, config } = ctx;
        const file = path.join(config.repoRoot, "test", "artifacts", "activation.json");
        if (!fs.existsSync(file)) {
            report.skip(G, `activation not measured: run \`node test/integration/run.mjs\` first (it writes ${path.relative(config.repoRoot, file)})`);
            return Promise.resolve();
        }
        const a = JSON.parse(fs.readFileSync(file, "utf8")) as Activation;
        const t = a.timings ?? {};
        report.table({
            group: G,
            title: `Measured ${a.measuredAt ?? "?"} in VS Code ${a.vscode ?? "?"} on Node ${a.node ?? "?"} (ms)`,
            header: ["activate → listening", "of which: policy load", "of which: server start", "restart (enable command)", "native warm-up, after activation"],
            rows: [[a.activationMs.toFixed(1), (t["policyMs"] ?? NaN).toFixed(1), (t["serverMs"] ?? NaN).toFixed(1), (a.restartMs ?? NaN).toFixed(1), (t["warmUpAfterActivationMs"] ?? NaN).toFixed(1)]],
            right: [true, true, true, true, true],
        });
        report.check({
            id: "activation.target",
            group: G,
            kind: "floor",
            label: `activation (activate → engine listening) under ${TARGET_MS} ms`,
            status: a.activationMs < TARGET_MS ? "PASS" : "FAIL",
            value: `${a.activationMs.toFixed(1)} ms`,
            threshold: `< ${TARGET_MS} ms`,
        });
        return Promise.resolve();
    },
};
