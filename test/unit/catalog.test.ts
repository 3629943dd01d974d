// The names a policy can write, one list each: wherever hooks.schema.json enumerates events,
// harnesses, classifiers or shell categories, it must list exactly the compiler's names, so
// the editor's schema and the engine never disagree. Fix a failure by copying the compiler's
// list (src/engine/events.ts, src/engine/policy/model.ts, native/core/src/finding.rs) into the schema.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { CLASSIFIER_NAMES, EVENT_NAMES, HARNESSES, loadNative, TOOL_GROUP_NAMES } from "../../src/engine";
import { ROOT } from "./helpers";

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "hooks.schema.json"), "utf8")) as unknown;

/** Every `enum` in the schema with its JSON path. */
function enums(node: unknown, at = "$", out: { at: string; values: string[] }[] = []): { at: string; values: string[] }[] {
    if (Array.isArray(node)) {
        node.forEach((v, i) => enums(v, `${at}[${i}]`, out));
    } else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
            if (k === "enum" && Array.isArray(v)) {
                out.push({ at, values: v as string[] });
            } else if (k !== "examples") {
                enums(v, `${at}.${k}`, out);
            }
        }
    }
    return out;
}

describe("one catalog of names: the schema lists exactly the compiler's", () => {
    const all = enums(schema);
    const lists: [string, readonly string[]][] = [
        ["event", EVENT_NAMES],
        ["harness", HARNESSES],
        ["classifier", CLASSIFIER_NAMES],
        ["shell category", loadNative().shellCategories()],
    ];
    for (const [what, names] of lists) {
        it(`every ${what} enum`, () => {
            // An enum is of this kind when it shares a name with the list (none of the lists overlap).
            const found = all.filter((e) => e.values.some((v) => names.includes(v)));
            assert.ok(found.length > 0, `the schema enumerates no ${what}`);
            for (const e of found) {
                assert.deepEqual(e.values, [...names], `${e.at} drifted from the compiler's ${what} names`);
            }
        });
    }
    it("failMode's per-event keys are the events", () => {
        const failMode = (schema as { properties: { failMode: { anyOf: { properties?: Record<string, unknown> }[] } } }).properties.failMode.anyOf.find((a) => a.properties);
        assert.deepEqual(Object.keys(failMode?.properties ?? {}), [...EVENT_NAMES]);
    });
    it("the match.tool description names every tool group", () => {
        const text = JSON.stringify(schema);
        for (const g of TOOL_GROUP_NAMES) {
            assert.ok(text.includes(`${g},`) || text.includes(`${g}.`), `the schema never names ${g}`);
        }
    });
});
