// Small text utilities shared by the runners: byte spans (the native side reports UTF-8 byte
// offsets) and walking the string leaves of a tool input.

/** Replaces byte spans of `text` with labels; spans may come unsorted and must not overlap. */
export function replaceByteSpans(text: string, spans: { start: number; end: number; label: string }[]): string {
    if (spans.length === 0) {
        return text;
    }
    const bytes = Buffer.from(text, "utf8");
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    const parts: string[] = [];
    let at = 0;
    for (const s of sorted) {
        if (s.start < at) {
            continue; // overlapping: the earlier span already covers it
        }
        parts.push(bytes.subarray(at, s.start).toString("utf8"), s.label);
        at = s.end;
    }
    parts.push(bytes.subarray(at).toString("utf8"));
    return parts.join("");
}

/** Every string leaf of a JSON value with its path (`tool_input.command`, `tool_input.edits[0].new_string`). */
export function stringLeaves(value: unknown, prefix: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
    if (typeof value === "string") {
        out.push({ path: prefix, text: value });
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => stringLeaves(v, `${prefix}[${i}]`, out));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            stringLeaves(v, `${prefix}.${k}`, out);
        }
    }
    return out;
}

/** A copy of `value` with every string leaf passed through `fn`. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
    if (typeof value === "string") {
        return fn(value);
    }
    if (Array.isArray(value)) {
        return value.map((v) => mapStrings(v, fn));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = mapStrings(v, fn);
        }
        return out;
    }
    return value;
}

/** Sets the string leaf at a path produced by stringLeaves (paths are built from this file only). */
export function setLeaf(root: Record<string, unknown>, path: string, prefix: string, text: string): void {
    const steps = path.slice(prefix.length).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
    let node: unknown = root;
    steps.forEach((step, i) => {
        const key: string | number = step.startsWith("[") ? Number(step.slice(1, -1)) : step.slice(1);
        const container = node as Record<string | number, unknown>;
        if (i === steps.length - 1) {
            container[key] = text;
        } else {
            node = container[key];
        }
    });
}
