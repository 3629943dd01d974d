// Hook time under VS Code's own agent, as VS Code itself logs it ("GitHub Copilot Chat Hooks"):
// Hookwarden's relay (asking the extension's engine) next to a `node` command hook running the
// same policy (`hookwarden check`), both fired for the same tool calls of the same agent session.
// The integration run (test/integration/agentSuite.mjs) drives the agent and writes
// test/artifacts/vscode-agent-hooks.json; this suite reports it.
import * as fs from "node:fs";
import * as path from "node:path";

import { fmtRatio } from "../stats";
import type { BenchContext, Suite } from "../suite";

const G = "vscode-agent";

interface HookTimes {
    hook: string;
    command: string;
    n: number;
    medianMs: number;
    p90Ms: number;
    maxMs: number;
}

interface AgentHooks {
    measuredAt: string;
    vscode: string;
    event: string;
    relay: HookTimes;
    node: HookTimes;
}

export const vscodeAgentSuite: Suite = {
    id: G,
    title: "Hook time under VS Code's own agent (as VS Code logs it)",
    description:
        "VS Code 1.139.1's Local agent (code-server, built-in Copilot Chat, scripted model) runs every registered PreToolUse hook for each tool call and logs each one's " +
        "duration in its \"GitHub Copilot Chat Hooks\" output channel. The relay registered by the extension (asking the extension host's engine) next to a `node` command hook " +
        "that loads the same policy and decides in a fresh process, for the same calls. Measured by the integration run (`node test/integration/run.mjs`).",
    needsSeed: false,
    run(ctx: BenchContext): Promise<void> {
        const { report, config } = ctx;
        const file = path.join(config.repoRoot, "test", "artifacts", "vscode-agent-hooks.json");
        if (!fs.existsSync(file)) {
            report.skip(G, `not measured: run \`node test/integration/run.mjs\` first (it writes ${path.relative(config.repoRoot, file)})`);
            return Promise.resolve();
        }
        const a = JSON.parse(fs.readFileSync(file, "utf8")) as AgentHooks;
        const row = (h: HookTimes): string[] => [h.hook, String(h.n), h.medianMs.toFixed(1), h.p90Ms.toFixed(1), h.maxMs.toFixed(1)];
        report.table({
            group: G,
            title: `${a.event} hooks, measured ${a.measuredAt} in VS Code ${a.vscode} (ms, as VS Code logs them)`,
            header: ["hook", "calls", "median", "p90", "max"],
            rows: [row(a.relay), row(a.node)],
            right: [false, true, true, true, true],
        });
        report.check({
            id: "vscode-agent.relay-vs-node",
            group: G,
            kind: "extra",
            label: "relay hook faster than a node command hook with the same policy, under VS Code's agent",
            status: a.relay.medianMs < a.node.medianMs ? "PASS" : "FAIL",
            value: fmtRatio(a.node.medianMs / a.relay.medianMs),
            threshold: "> 1×",
        });
        return Promise.resolve();
    },
};
