// The native pattern sets and path rules a policy compiles, shared by the compiler (which needs
// their errors) and the runners (which scan with them): one compilation per distinct list, so a
// reload, an editor keystroke or a `lint` of unchanged hooks does not rebuild what it has. Each
// entry keeps what compiling it cost, and a hit charges that to the layer's compile budget again:
// a layer over budget stays over budget on every load, cached or not.
import type { Native } from "../native";

export type CompiledPatternSet = ReturnType<Native["PatternSet"]["compile"]>;
export type CompiledPathRules = ReturnType<Native["PathRules"]["compile"]>;
type PathRuleSource = Parameters<Native["PathRules"]["compile"]>[0][number];

export interface PatternSource {
    name: string;
    regex: string;
    category?: string;
}

export interface Compiled<T> {
    value: T;
    /** Milliseconds the first compilation took. */
    costMs: number;
}

/** Per kind; old entries fall out first (a policy layer has at most POLICY_LIMITS.patterns regexes). */
const MAX_ENTRIES = 1024;
const sets = new WeakMap<Native, Map<string, Compiled<CompiledPatternSet>>>();
const pathRules = new WeakMap<Native, Map<string, Compiled<CompiledPathRules>>>();

export function patternSetOf(native: Native, patterns: readonly PatternSource[]): Compiled<CompiledPatternSet> {
    const input = patterns.map((p) => ({ name: p.name, regex: p.regex, ...(p.category ? { category: p.category } : {}) }));
    return cached(sets, native, JSON.stringify(input), () => native.PatternSet.compile(input));
}

/** The runner's view: just the set. */
export function compiledPatternSet(native: Native, patterns: readonly PatternSource[]): CompiledPatternSet {
    return patternSetOf(native, patterns).value;
}

export function pathRulesOf(native: Native, rules: readonly PathRuleSource[]): Compiled<CompiledPathRules> {
    return cached(pathRules, native, JSON.stringify(rules), () => native.PathRules.compile([...rules]));
}

function cached<T>(all: WeakMap<Native, Map<string, Compiled<T>>>, native: Native, key: string, build: () => T): Compiled<T> {
    let cache = all.get(native);
    if (!cache) {
        cache = new Map();
        all.set(native, cache);
    }
    const hit = cache.get(key);
    if (hit !== undefined) {
        // Most recently used last, so the oldest goes first.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
    }
    const t0 = performance.now();
    const value = build();
    const entry = { value, costMs: performance.now() - t0 };
    if (cache.size >= MAX_ENTRIES) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) {
            cache.delete(oldest);
        }
    }
    cache.set(key, entry);
    return entry;
}

/** Forgets every compiled set and rule list (the bench's cold compile). */
export function clearCompiledPatternSets(native: Native): void {
    sets.delete(native);
    pathRules.delete(native);
}
