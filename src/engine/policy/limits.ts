// What one policy layer may cost the engine. Any layer file, the workspace's included, is read
// and compiled on every start and reload inside the engine (the extension host, in VS Code): a
// file that is huge, not a file at all, or compiles into thousands of automata must not take the
// engine down. Past a limit the layer gets an error naming the file and the field, so it is
// broken and the (merged) fail mode decides, never the half of it that fit.

export const POLICY_LIMITS = {
    /** Bytes of one policy file. The built-in default is ~5 KB; a 500-hook policy ~150 KB. */
    fileBytes: 1024 * 1024,
    /**
     * Nesting of objects and lists. A policy needs about 6 levels (test payloads some more); the
     * JSON parser recurses once per level and overflows the stack near 10,000 (a 20 KB file).
     */
    nesting: 64,
    /** Hooks of one layer (the editor's target is a 500-hook policy). */
    hooks: 1000,
    /** Embedded tests of one layer. */
    tests: 1000,
    /** Regexes of the layer's `patterns` classifiers, and their source text in bytes. */
    patterns: 2000,
    patternBytes: 256 * 1024,
    /**
     * Estimated compile weight of the layer's regexes (regexCompileWeight): 2000 is about 250 ms
     * of native compile here (`\w{100}` weighs 1000 and takes ~115 ms; `[A-Za-z0-9]{1000}`
     * weighs 0 and takes 0.3 ms).
     */
    patternWeight: 2000,
    /** Globs of the layer's `paths` classifiers and `match.paths`. */
    globs: 5000,
    /**
     * Native compile time one layer may spend. The counts above bound the usual cost; this is
     * the backstop for short patterns that compile into huge automata (`\w{500}`).
     */
    compileMs: 3000,
} as const;

export type BudgetKind = "patterns" | "globs";

/** Unicode classes compile into large UTF-8 automata: each copy of `\w` costs ~1.1 ms here. */
const HEAVY_CLASS = 10;
/** `\d`, `\s`: ~0.1 ms a copy. ASCII classes, literals and `.` cost next to nothing. */
const MEDIUM_CLASS = 1;
const MAX_REPEAT = 1_000_000;

function escapeWeight(e: string | undefined): number {
    return e !== undefined && "wWpP".includes(e) ? HEAVY_CLASS : e !== undefined && "dDsS".includes(e) ? MEDIUM_CLASS : 0;
}

/**
 * A conservative estimate of what a regex costs to compile: its Unicode classes, each times the
 * counted repetitions around it (`(\w{10}){10}` is a hundred copies of `\w`). Short patterns
 * can compile for seconds (`\w{500}`: ~0.5 s), so the budget counts this, not the length.
 * `(?-u:…)` is not understood, so ASCII-mode classes are over-counted, never under-counted.
 */
export function regexCompileWeight(src: string): number {
    const stack: { total: number; last: number }[] = [{ total: 0, last: 0 }];
    const top = (): { total: number; last: number } => stack[stack.length - 1] ?? { total: 0, last: 0 };
    const atom = (w: number): void => {
        const f = top();
        f.total += w;
        f.last = w;
    };
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (c === "\\") {
            const e = src[i + 1];
            atom(escapeWeight(e));
            const braced = e !== undefined && "pPxu".includes(e) && src[i + 2] === "{";
            i = braced ? (src.indexOf("}", i) + 1 || src.length) : i + 2;
        } else if (c === "[") {
            // A class weighs what its heaviest member weighs.
            let w = 0;
            let j = i + 1;
            if (src[j] === "^") {
                j++;
            }
            if (src[j] === "]") {
                j++;
            }
            for (let depth = 1; j < src.length && depth > 0; j++) {
                if (src[j] === "\\") {
                    w = Math.max(w, escapeWeight(src[j + 1]));
                    j++;
                } else if (src[j] === "[") {
                    depth++;
                } else if (src[j] === "]") {
                    depth--;
                }
            }
            atom(w);
            i = j;
        } else if (c === "(") {
            stack.push({ total: 0, last: 0 });
            i++;
            if (src[i] === "?") {
                // Flags or a group name: `(?i)`, `(?i:`, `(?P<name>`, `(?<name>`.
                while (i < src.length && src[i] !== ":" && src[i] !== ")" && src[i] !== ">") {
                    i++;
                }
                if (src[i] === ")") {
                    stack.pop(); // `(?i)` sets flags and opens no group
                }
                i++;
            }
        } else if (c === ")") {
            const group = stack.length > 1 ? stack.pop() : undefined;
            atom(group?.total ?? 0);
            i++;
        } else if (c === "{") {
            const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i, i + 24));
            if (m) {
                const times = Math.min(MAX_REPEAT, Math.max(Number(m[1]), m[2] ? Number(m[2]) : 0));
                const f = top();
                f.total += f.last * (times - 1);
                f.last *= times;
                i += m[0].length;
            } else {
                atom(0);
                i++;
            }
        } else if (c === "|") {
            top().last = 0;
            i++;
        } else {
            if (c !== "*" && c !== "+" && c !== "?") {
                atom(0);
            }
            i++;
        }
    }
    return stack.reduce((n, f) => n + f.total, 0);
}

/** Counts what one layer has compiled so far against POLICY_LIMITS. */
export class CompileBudget {
    private patterns = 0;
    private patternBytes = 0;
    private patternWeight = 0;
    private globs = 0;
    private compileMs = 0;

    constructor(private readonly limits: Readonly<Record<keyof typeof POLICY_LIMITS, number>> = POLICY_LIMITS) {}

    /**
     * Takes `count` items (and `bytes` of regex source) from the budget. Returns why not when
     * that would go over it; then nothing is taken and the caller compiles nothing.
     */
    take(kind: BudgetKind, count: number, bytes = 0, weight = 0): string | undefined {
        if (this.compileMs > this.limits.compileMs) {
            return `this layer's classifiers already took ${Math.round(this.compileMs)} ms to compile, over the ${this.limits.compileMs} ms budget of a policy layer`;
        }
        if (kind === "patterns") {
            if (this.patterns + count > this.limits.patterns) {
                return `${this.patterns + count} regexes in this layer, over the limit of ${this.limits.patterns}`;
            }
            if (this.patternBytes + bytes > this.limits.patternBytes) {
                return `${this.patternBytes + bytes} bytes of regex source in this layer, over the limit of ${this.limits.patternBytes}`;
            }
            if (this.patternWeight + weight > this.limits.patternWeight) {
                return (
                    `the regexes of this layer would take too long to compile (estimated weight ${Math.round(this.patternWeight + weight)}, over the budget of ${this.limits.patternWeight}). ` +
                    "Unicode classes such as \\w, \\d, \\s or \\p{…} under a counted repetition like {100} are what costs; use ASCII classes such as [A-Za-z0-9_] or smaller counts"
                );
            }
            this.patterns += count;
            this.patternBytes += bytes;
            this.patternWeight += weight;
            return undefined;
        }
        if (this.globs + count > this.limits.globs) {
            return `${this.globs + count} path globs in this layer, over the limit of ${this.limits.globs}`;
        }
        this.globs += count;
        return undefined;
    }

    /** Charges a (possibly cached) native compile's time to the layer, and hands its result on. */
    charged<T>(compiled: { value: T; costMs: number }): T {
        this.compileMs += compiled.costMs;
        return compiled.value;
    }
}

/**
 * The deepest nesting of `{` and `[` in a JSON-with-comments text, skipping strings and
 * comments. Counted before parsing, because the parser itself would overflow the stack.
 */
export function maxNesting(text: string): { depth: number; offset: number } {
    let depth = 0;
    let max = 0;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34 /* " */) {
            for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
                if (text.charCodeAt(i) === 92 /* backslash */) {
                    i++;
                }
            }
        } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
            const nl = text.indexOf("\n", i);
            i = nl < 0 ? text.length : nl;
        } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
            const end = text.indexOf("*/", i + 2);
            i = end < 0 ? text.length : end + 1;
        } else if (c === 123 /* { */ || c === 91 /* [ */) {
            depth++;
            if (depth > max) {
                max = depth;
                at = i;
            }
        } else if (c === 125 /* } */ || c === 93 /* ] */) {
            depth = Math.max(0, depth - 1);
        }
    }
    return { depth: max, offset: at };
}
