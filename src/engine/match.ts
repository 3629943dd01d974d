// Does a hook apply to an event? Tool names, globs and groups; harnesses; touched paths.
import type { NormalizedEvent } from "./events";
import type { Native } from "./native";
import type { Hook } from "./policy/model";
import type { HookContext } from "./runners/context";
import { isToolGroup, toolGroupOf } from "./tools";
import { fileToolPaths, shellCommandOf } from "./toolPaths";

const globCache = new Map<string, RegExp>();

/** Tool-name globs: `*` any run of characters, `?` one character; case-sensitive like the harnesses. */
function toolGlob(glob: string): RegExp {
    let re = globCache.get(glob);
    if (!re) {
        const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        re = new RegExp(`^${body}$`);
        globCache.set(glob, re);
    }
    return re;
}

export function toolMatches(patterns: string[], toolName: string | undefined): boolean {
    if (patterns.length === 0) {
        return true;
    }
    if (toolName === undefined) {
        return false;
    }
    const group = toolGroupOf(toolName);
    return patterns.some((p) => {
        if (isToolGroup(p)) {
            return p === group;
        }
        if (p.includes("*") || p.includes("?")) {
            return toolGlob(p).test(toolName);
        }
        return p === toolName;
    });
}

const pathMatchers = new WeakMap<Hook, ReturnType<Native["PathRules"]["compile"]>>();

function pathsMatch(hook: Hook, ctx: HookContext): boolean {
    let rules = pathMatchers.get(hook);
    if (!rules) {
        rules = ctx.native.PathRules.compile(hook.match.paths.map((glob, i) => ({ id: `match.paths[${i}]`, glob, access: "read" as const })));
        pathMatchers.set(hook, rules);
    }
    const uses = fileToolPaths(ctx.event, ctx.toolInput).map((u) => ({ path: u.path, access: u.access }));
    const cmd = shellCommandOf(ctx.event, ctx.toolInput);
    if (cmd) {
        for (const p of ctx.analyzeShell(cmd.command).paths) {
            uses.push({ path: p.path, access: p.access });
        }
    }
    return uses.length > 0 && rules.check(uses, ctx.event.cwd, ctx.home).length > 0;
}

export function hookApplies(hook: Hook, ev: NormalizedEvent, ctx: HookContext): boolean {
    if (!hook.events.includes(ev.event)) {
        return false;
    }
    if (hook.match.harnesses.length > 0 && !hook.match.harnesses.includes(ev.harness)) {
        return false;
    }
    if (!toolMatches(hook.match.tools, ev.toolName)) {
        return false;
    }
    return hook.match.paths.length === 0 || pathsMatch(hook, ctx);
}
