// The JS side of the regex workload: Rust-syntax patterns translated to JS RegExps, and the loop that
// tests each of them once. Kept free of bench machinery: the fresh-process row (oneShot.ts) loads it.

/** A Rust-syntax pattern as a JS RegExp, with what had to change (empty when used verbatim). */
export interface JsPattern {
    original: string;
    source: string;
    flags: string;
    changes: string[];
}

export class UnsupportedPattern extends Error {
    constructor(
        readonly pattern: string,
        reason: string,
    ) {
        super(`${reason} in ${JSON.stringify(pattern)}`);
    }
}

// Characters JS lets you escape in `u` mode; every other escaped punctuation becomes a \x/\u escape.
const SYNTAX_CHARS = new Set("^$\\.*+?()[]{}|/".split(""));

// POSIX classes (Rust supports them inside brackets, JS does not), as ASCII ranges.
const POSIX_CLASSES: Record<string, string> = {
    alnum: "0-9A-Za-z",
    alpha: "A-Za-z",
    ascii: "\\x00-\\x7F",
    blank: "\\t ",
    cntrl: "\\x00-\\x1F\\x7F",
    digit: "0-9",
    graph: "!-~",
    lower: "a-z",
    print: " -~",
    punct: "!-\\/:-@\\[-`{-~",
    space: "\\t\\n\\v\\f\\r ",
    upper: "A-Z",
    word: "0-9A-Za-z_",
    xdigit: "0-9A-Fa-f",
};

function hexEscape(ch: string): string {
    const cp = ch.codePointAt(0) ?? 0;
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u{${cp.toString(16)}}`;
}

/**
 * Translates one pattern in Rust `regex` syntax to an equivalent JS RegExp source + flags.
 *
 * Handled: leading inline flags `(?imsx)`, `(?P<name>…)`, `\A`, `\z`, `\<`, `\>`, `\b{start|end|…}`,
 * `\x{…}`, `\pL`, POSIX classes, `[]…]`, escaped punctuation JS rejects in `u` mode, and Rust's `.`
 * (everything but `\n`; JS's `.` also stops at `\r`, U+2028, U+2029). Rejected with UnsupportedPattern:
 * inline flags after the start or scoped `(?i:…)` (Node 20 has no regexp modifiers), nested classes and
 * class set operations, `(?U)`/`(?R)`. Not translated (semantic, noted by the caller): Rust's `\w`,
 * `\d`, `\s`, `\b` are Unicode-aware while JS's are ASCII — identical on ASCII text.
 */
export function toJsRegex(src: string): JsPattern {
    const changes: string[] = [];
    const flags = new Set<string>();
    let verbose = false;
    let needUnicode = false;
    let i = 0;

    for (;;) {
        const m = /^\(\?([A-Za-z]+)\)/.exec(src.slice(i));
        if (!m) {
            break;
        }
        const fl = m[1] as string;
        for (const f of fl) {
            if (f === "i" || f === "m" || f === "s") {
                flags.add(f);
            } else if (f === "x") {
                verbose = true;
            } else if (f !== "u") {
                throw new UnsupportedPattern(src, `inline flag (?${f})`);
            }
        }
        changes.push(`leading (?${fl}) → JS flags`);
        i += m[0].length;
    }

    let out = "";
    let inClass = false;
    while (i < src.length) {
        const c = src[i] as string;

        if (verbose && /\s/.test(c)) {
            i++;
            continue;
        }
        if (verbose && c === "#" && !inClass) {
            while (i < src.length && src[i] !== "\n") {
                i++;
            }
            continue;
        }

        if (c === "\\") {
            const n = src[i + 1];
            if (n === undefined) {
                throw new UnsupportedPattern(src, "trailing backslash");
            }
            if (!inClass && (n === "A" || n === "z")) {
                out += n === "A" ? "(?<![\\s\\S])" : "(?![\\s\\S])";
                changes.push(`\\${n} → ${n === "A" ? "(?<![\\s\\S])" : "(?![\\s\\S])"}`);
                i += 2;
                continue;
            }
            if (!inClass && (n === "<" || n === ">")) {
                out += n === "<" ? "\\b(?=\\w)" : "\\b(?<=\\w)";
                changes.push(`\\${n} → word-boundary lookaround`);
                i += 2;
                continue;
            }
            if (!inClass && n === "b" && src[i + 2] === "{") {
                const end = src.indexOf("}", i);
                const kind = src.slice(i + 3, end);
                const map: Record<string, string> = {
                    start: "\\b(?=\\w)",
                    end: "\\b(?<=\\w)",
                    "start-half": "(?<!\\w)",
                    "end-half": "(?!\\w)",
                };
                const js = map[kind];
                if (end < 0 || js === undefined) {
                    throw new UnsupportedPattern(src, `\\b{${kind}}`);
                }
                out += js;
                changes.push(`\\b{${kind}} → ${js}`);
                i = end + 1;
                continue;
            }
            if (n === "x" && src[i + 2] === "{") {
                const end = src.indexOf("}", i);
                if (end < 0) {
                    throw new UnsupportedPattern(src, "unterminated \\x{");
                }
                out += `\\u{${src.slice(i + 3, end)}}`;
                needUnicode = true;
                changes.push("\\x{…} → \\u{…} (u flag)");
                i = end + 1;
                continue;
            }
            if (n === "p" || n === "P") {
                if (src[i + 2] === "{") {
                    const end = src.indexOf("}", i);
                    if (end < 0) {
                        throw new UnsupportedPattern(src, "unterminated \\p{");
                    }
                    out += src.slice(i, end + 1);
                    i = end + 1;
                } else {
                    out += `\\${n}{${src[i + 2] ?? ""}}`;
                    changes.push(`\\${n}${src[i + 2] ?? ""} → \\${n}{…}`);
                    i += 3;
                }
                needUnicode = true;
                continue;
            }
            if (/[A-Za-z0-9]/.test(n)) {
                out += `\\${n}`; // \d \w \s \b \B \n \t \r \f \v and friends: same spelling
            } else if (SYNTAX_CHARS.has(n) || (inClass && n === "-")) {
                out += `\\${n}`;
            } else {
                out += hexEscape(n); // e.g. `\#`, `\ `, `\&`, `\~`: Rust allows them, JS (u mode) does not
            }
            i += 2;
            continue;
        }

        if (inClass) {
            if (c === "[") {
                const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
                const body = m ? POSIX_CLASSES[m[2] as string] : undefined;
                if (!m || body === undefined) {
                    throw new UnsupportedPattern(src, "nested character class");
                }
                if (m[1] === "^") {
                    throw new UnsupportedPattern(src, "negated POSIX class");
                }
                out += body;
                changes.push(`[:${m[2] as string}:] → ${body}`);
                i += m[0].length;
                continue;
            }
            if ((c === "&" || c === "-" || c === "~") && src[i + 1] === c) {
                throw new UnsupportedPattern(src, `class set operation ${c}${c}`);
            }
            if (c === "]") {
                inClass = false;
            }
            out += c;
            i++;
            continue;
        }

        if (c === "[") {
            inClass = true;
            out += c;
            i++;
            if (src[i] === "^") {
                out += "^";
                i++;
            }
            if (src[i] === "]") {
                out += "\\]"; // Rust: a leading ] is literal; JS: [] is the empty class
                changes.push("leading ] in class escaped");
                i++;
            }
            continue;
        }

        if (c === "(" && src[i + 1] === "?") {
            if (src.startsWith("(?P<", i)) {
                out += "(?<";
                changes.push("(?P<name> → (?<name>");
                i += 4;
                continue;
            }
            if (src.startsWith("(?:", i) || src.startsWith("(?<", i)) {
                out += src.slice(i, i + 3);
                i += 3;
                continue;
            }
            throw new UnsupportedPattern(src, "inline flags inside the pattern");
        }

        if (c === "." && !flags.has("s")) {
            out += "[^\\n]";
            changes.push(". → [^\\n]");
            i++;
            continue;
        }

        out += c;
        i++;
    }
    if (inClass) {
        throw new UnsupportedPattern(src, "unterminated character class");
    }
    if (verbose) {
        changes.push("(?x) whitespace and comments removed");
    }
    if (needUnicode) {
        flags.add("u");
    }
    const flagString = ["i", "m", "s", "u"].filter((f) => flags.has(f)).join("");
    try {
        new RegExp(out, flagString);
    } catch (err) {
        throw new UnsupportedPattern(src, `JS rejects the translation /${out}/${flagString} (${(err as Error).message})`);
    }
    return { original: src, source: out, flags: flagString, changes: [...new Set(changes)] };
}

/** Patterns compiled once; the in-process JS architecture. */
export interface JsPatternList {
    regexes: RegExp[];
    translated: JsPattern[];
}

export function compileJs(patterns: readonly string[]): JsPatternList {
    const translated = patterns.map(toJsRegex);
    // No `g`/`y` flag: .test() keeps no lastIndex state between calls.
    return { regexes: translated.map((p) => new RegExp(p.source, p.flags)), translated };
}

/** Indices of the patterns that match anywhere in `text`: every pattern is tested, no early exit. */
export function jsMatching(regexes: readonly RegExp[], text: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < regexes.length; i++) {
        if ((regexes[i] as RegExp).test(text)) {
            out.push(i);
        }
    }
    return out;
}

/**
 * The text the seed scans in a PreToolUse payload: every string value of `tool_input` (recursively,
 * in key order) and `tool_output`, joined by single spaces. (The envelope fields `hook_event_name`
 * and `tool_name` are not part of it: with them the seed payload gives 2,133 bytes, without 2,112.)
 */
export function scannedText(payload: unknown): string {
    const parts: string[] = [];
    const walk = (v: unknown): void => {
        if (typeof v === "string") {
            parts.push(v);
        } else if (Array.isArray(v)) {
            v.forEach(walk);
        } else if (v !== null && typeof v === "object") {
            Object.values(v as Record<string, unknown>).forEach(walk);
        }
    };
    if (payload !== null && typeof payload === "object") {
        const p = payload as Record<string, unknown>;
        walk(p["tool_input"]);
        walk(p["tool_output"]);
    }
    return parts.join(" ");
}
