// The schema (hooks.schema.json, used by the editor) and the loader must agree on every fixture.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import Ajv from "ajv";
import { parse } from "jsonc-parser";

import { DEFAULT_POLICY_TEXT } from "../../src/engine/policy/defaultPolicy";
import { builtInHookNames, loadPolicyFile, parsePolicyText } from "../../src/engine";
import { FIXTURES, ROOT } from "./helpers";

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "hooks.schema.json"), "utf8")) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

function files(kind: string): string[] {
    const dir = path.join(FIXTURES, "policies", kind);
    return fs
        .readdirSync(dir)
        .filter((f) => /\.jsonc?$/.test(f))
        .map((f) => path.join(dir, f));
}

function schemaAccepts(file: string): boolean {
    return validate(parse(fs.readFileSync(file, "utf8"), [], { allowTrailingComma: true })) as boolean;
}

describe("hooks.schema.json and the loader agree", () => {
    for (const file of files("valid")) {
        it(`valid: ${path.basename(file)} passes both`, () => {
            assert.ok(schemaAccepts(file), `schema rejected it: ${ajv.errorsText(validate.errors)}`);
            assert.deepEqual(loadPolicyFile(file, "workspace").errors.filter((e) => e.severity !== "info"), [], "no errors or warnings (hints aside)");
        });
    }
    for (const file of files("invalid")) {
        it(`invalid: ${path.basename(file)} fails both`, () => {
            assert.equal(schemaAccepts(file), false, "the schema accepted it");
            assert.ok(loadPolicyFile(file, "workspace").errors.length > 0, "the loader accepted it");
        });
    }
    for (const file of files("user")) {
        it(`user layer: ${path.basename(file)} passes both (and its "defaults" is a warning in a workspace layer)`, () => {
            assert.ok(schemaAccepts(file), `schema rejected it: ${ajv.errorsText(validate.errors)}`);
            const problems = (layer: string): string[] => loadPolicyFile(file, layer).errors.filter((e) => e.severity !== "info").map((e) => `${e.severity}:${e.rule}`);
            assert.deepEqual(problems("user"), []);
            assert.deepEqual(problems("workspace"), ["warning:defaults-in-workspace"]);
        });
    }
    it("defaults.disable names exactly the built-in default policy's hooks", () => {
        const disable = ((schema["properties"] as Record<string, Record<string, unknown>>)["defaults"]?.["properties"] as Record<string, { anyOf: { enum?: string[] }[] }>)["disable"];
        assert.deepEqual(disable?.anyOf[0]?.enum, builtInHookNames());
    });
    it("the built-in default policy passes both", () => {
        assert.ok(validate(parse(DEFAULT_POLICY_TEXT)), ajv.errorsText(validate.errors));
        assert.deepEqual(parsePolicyText(DEFAULT_POLICY_TEXT, "default", "default").errors, []);
    });
    it("every property in the schema has a description and an example", () => {
        const missing: string[] = [];
        const walk = (node: unknown, at: string): void => {
            if (Array.isArray(node)) {
                node.forEach((n, i) => walk(n, `${at}[${i}]`));
                return;
            }
            if (node === null || typeof node !== "object") {
                return;
            }
            const o = node as Record<string, unknown>;
            const props = o["properties"] as Record<string, Record<string, unknown>> | undefined;
            for (const [name, prop] of Object.entries(props ?? {})) {
                if (!("$ref" in prop) && (typeof prop["description"] !== "string" || !Array.isArray(prop["examples"]))) {
                    missing.push(`${at}.${name}`);
                }
            }
            for (const [k, v] of Object.entries(o)) {
                if (k !== "examples" && k !== "if") {
                    walk(v, `${at}.${k}`);
                }
            }
        };
        walk(schema, "$");
        assert.deepEqual(missing, []);
    });
});
