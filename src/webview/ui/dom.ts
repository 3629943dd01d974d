// Building DOM nodes without innerHTML: every text from the log is set as text, never parsed.
export type Child = Node | string | null | undefined | false;

/** The children that are there (conditional ones may be null). */
export function present(children: Child[]): (Node | string)[] {
    return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === false) {
            continue;
        }
        el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
        if (c !== null && c !== undefined && c !== false) {
            el.append(c);
        }
    }
    return el;
}

export function icon(name: string, label?: string): HTMLElement {
    return h("span", { class: `codicon codicon-${name}`, "aria-hidden": label ? undefined : "true", role: label ? "img" : undefined, "aria-label": label });
}

export function formatUs(us: number): string {
    return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`;
}

export function formatTime(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour12: false });
}
