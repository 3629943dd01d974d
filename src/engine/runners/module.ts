// Runs a module hook: `./file.js#export`, loaded once and cached, called in-process.
// A throw, a rejected promise or a malformed answer goes to the hook's onError.
import type { HookResult } from "../decision";
import type { ModuleHook } from "../policy/model";
import { parseHookAnswer } from "./answer";
import { commandHookPayload } from "./command";
import type { HookContext } from "./context";

type HookFunction = (event: Record<string, unknown>, context: { harness: string; hook: string }) => unknown;

const loaded = new Map<string, HookFunction>();

/** Forgets loaded modules, so a policy reload picks up edited files. */
export function clearModuleCache(): void {
    for (const file of loaded.keys()) {
        delete require.cache[file.split("#")[0] ?? ""];
    }
    loaded.clear();
}

function load(hook: ModuleHook): HookFunction {
    const key = `${hook.modulePath}#${hook.exportName}`;
    const cached = loaded.get(key);
    if (cached) {
        return cached;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(hook.modulePath) as Record<string, unknown>;
    const fn = hook.exportName === "default" ? (mod["default"] ?? mod) : mod[hook.exportName];
    if (typeof fn !== "function") {
        throw new Error(`${hook.spec}: the export "${hook.exportName}" is ${fn === undefined ? "missing" : `a ${typeof fn}, not a function`}`);
    }
    loaded.set(key, fn as HookFunction);
    return fn as HookFunction;
}

export async function runModule(hook: ModuleHook, ctx: HookContext): Promise<HookResult> {
    const fn = load(hook);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${hook.timeoutMs} ms`)), hook.timeoutMs);
    });
    try {
        const answer = await Promise.race([Promise.resolve(fn(commandHookPayload(ctx), { harness: ctx.event.harness, hook: hook.name })), timeout]);
        return parseHookAnswer(answer);
    } finally {
        clearTimeout(timer);
    }
}
