// Runs a module hook: `./file.js#export`, in a worker thread. A module hook is code from a policy
// file, and code can block: a busy loop in the engine's own thread would stop every other event
// (and, in VS Code, the extension host). In a worker, a hook that does not answer within its
// timeout is ended with its worker (terminate() stops even a busy loop), its event gets onError,
// and the other events go on. Each worker loads a module once and keeps it; a pool of idle workers
// is reused, so a call costs a message each way (bench: "module hook" rows).
// A throw, a rejected promise or a malformed answer goes to the hook's onError.
import { Worker } from "node:worker_threads";

import type { HookResult } from "../decision";
import type { ModuleHook } from "../policy/model";
import { parseHookAnswer } from "./answer";
import { commandHookPayload } from "./command";
import type { HookContext } from "./context";

/** The worker's whole program (eval'd, so it survives bundling): load once, call, answer. */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const loaded = new Map();
function load(m) {
    const key = m.modulePath + "#" + m.exportName;
    let fn = loaded.get(key);
    if (fn) return fn;
    const mod = require(m.modulePath);
    fn = m.exportName === "default" ? (mod.default ?? mod) : mod[m.exportName];
    if (typeof fn !== "function") {
        throw new Error(m.spec + ': the export "' + m.exportName + '" is ' + (fn === undefined ? "missing" : "a " + typeof fn + ", not a function"));
    }
    loaded.set(key, fn);
    return fn;
}
parentPort.on("message", async (m) => {
    let reply;
    try {
        reply = { ok: true, answer: await load(m)(m.event, m.context) };
    } catch (e) {
        reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    try {
        parentPort.postMessage(reply);
    } catch (e) {
        parentPort.postMessage({ ok: false, error: "the answer cannot leave the hook: " + (e instanceof Error ? e.message : String(e)) });
    }
});
`;

/** Idle workers kept for reuse; more are started when calls overlap, and ended when returned past this. */
const MAX_IDLE = 4;
let idle: Worker[] = [];
const busy = new Set<Worker>();

function startWorker(): Worker {
    // Not `unref`'d while busy: a pending hook keeps the process alive like any pending I/O.
    const w = new Worker(WORKER_SOURCE, { eval: true, stdout: false, stderr: false });
    w.on("error", () => {
        // Reported to the call in flight through "exit"; a spare worker that fails is dropped.
        idle = idle.filter((x) => x !== w);
    });
    return w;
}

function release(w: Worker): void {
    busy.delete(w);
    if (idle.length < MAX_IDLE) {
        w.unref();
        idle.push(w);
    } else {
        void w.terminate();
    }
}

/** Ends every worker, so a policy reload loads edited module files afresh. */
export function clearModuleCache(): void {
    for (const w of [...idle, ...busy]) {
        void w.terminate();
    }
    idle = [];
    busy.clear();
}

/** How many workers exist now (idle and busy), for the fault tests. */
export function moduleWorkerCount(): { idle: number; busy: number } {
    return { idle: idle.length, busy: busy.size };
}

export function runModule(hook: ModuleHook, ctx: HookContext): Promise<HookResult> {
    const worker = idle.pop() ?? startWorker();
    worker.ref();
    busy.add(worker);
    return new Promise<HookResult>((resolve, reject) => {
        let settled = false;
        const done = (fn: () => void): void => {
            if (!settled) {
                settled = true;
                clearTimeout(timer);
                worker.off("message", onMessage);
                worker.off("exit", onExit);
                fn();
            }
        };
        const timer = setTimeout(() => {
            // The hook may be stuck in a loop: end its worker, never reuse it.
            busy.delete(worker);
            void worker.terminate();
            done(() => reject(new Error(`timed out after ${hook.timeoutMs} ms (its worker was ended)`)));
        }, hook.timeoutMs);
        const onMessage = (m: { ok: boolean; answer?: unknown; error?: string }): void => {
            done(() => {
                release(worker);
                if (!m.ok) {
                    reject(new Error(m.error ?? "the hook failed"));
                    return;
                }
                try {
                    resolve(parseHookAnswer(m.answer));
                } catch (e) {
                    reject(e as Error);
                }
            });
        };
        const onExit = (code: number): void => {
            busy.delete(worker);
            done(() => reject(new Error(`its worker stopped (exit code ${code})`)));
        };
        worker.on("message", onMessage);
        worker.on("exit", onExit);
        let event: Record<string, unknown>;
        try {
            event = commandHookPayload(ctx);
            worker.postMessage({ modulePath: hook.modulePath, exportName: hook.exportName, spec: hook.spec, event, context: { harness: ctx.event.harness, hook: hook.name } });
        } catch (e) {
            done(() => {
                release(worker);
                reject(e as Error);
            });
        }
    });
}
