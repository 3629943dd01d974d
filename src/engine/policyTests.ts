// Runs a policy's embedded `tests`: each payload must get its expected decision.
import { checkPayload } from "./check";
import type { Engine } from "./dispatch";
import type { TraceEntry } from "./decision";
import type { PolicyTest } from "./policy/model";

export interface PolicyTestResult {
    test: PolicyTest;
    passed: boolean;
    /** Why it failed, in one line. */
    failure?: string;
    decision: string;
    reason: string;
    /** Every hook that ran, with its outcome (the editor's Trace profile prints it). */
    trace: TraceEntry[];
}

export async function runPolicyTests(engine: Engine, tests: PolicyTest[]): Promise<PolicyTestResult[]> {
    const results: PolicyTestResult[] = [];
    for (const test of tests) {
        const { decision } = await checkPayload(engine, test.harness, JSON.stringify(test.payload), test.eventHint !== undefined ? { event: test.eventHint } : {});
        const failures: string[] = [];
        if (decision.decision !== test.expect) {
            failures.push(`expected ${test.expect}, got ${decision.decision}`);
        }
        if (test.reasonContains !== undefined && !decision.reason.includes(test.reasonContains)) {
            failures.push(`reason does not contain ${JSON.stringify(test.reasonContains)}`);
        }
        const output = decision.updatedOutput;
        if (test.outputContains !== undefined && !(output ?? "").includes(test.outputContains)) {
            failures.push(`redacted output does not contain ${JSON.stringify(test.outputContains)}`);
        }
        if (test.outputNotContains !== undefined && (output === undefined || output.includes(test.outputNotContains))) {
            failures.push(output === undefined ? "the output was not rewritten" : `redacted output still contains ${JSON.stringify(test.outputNotContains)}`);
        }
        if (test.inputContains !== undefined && !JSON.stringify(decision.updatedInput ?? {}).includes(test.inputContains)) {
            failures.push(`rewritten input does not contain ${JSON.stringify(test.inputContains)}`);
        }
        if (test.hook !== undefined && !decision.trace.some((t) => t.hook === test.hook && t.outcome === decision.decision)) {
            const deciders = decision.trace.filter((t) => t.outcome === decision.decision).map((t) => t.hook);
            failures.push(`expected the hook ${JSON.stringify(test.hook)} to decide, decided by ${deciders.length > 0 ? deciders.join(", ") : "no hook"}`);
        }
        results.push({
            test,
            passed: failures.length === 0,
            ...(failures.length ? { failure: failures.join("; ") } : {}),
            decision: decision.decision,
            reason: decision.reason,
            trace: decision.trace,
        });
    }
    return results;
}
