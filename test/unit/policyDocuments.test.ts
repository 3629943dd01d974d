// Which files the policy editor checks, and as which layer (the engine's layer rules differ).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { policyLayerOf } from "../../src/editor/policyDocuments";

describe("policyLayerOf", () => {
    it("names the layer of every policy file, and nothing else", () => {
        assert.equal(policyLayerOf("/home/u/proj/.vscode/hooks.json", "/home/u"), "workspace");
        assert.equal(policyLayerOf("/home/u/.hookwarden/hooks.json", "/home/u"), "user");
        assert.equal(policyLayerOf("/etc/hookwarden/hooks.json", "/home/u"), "machine");
        assert.equal(policyLayerOf("/home/u/proj/.vscode/settings.json", "/home/u"), undefined);
        assert.equal(policyLayerOf("/home/u/proj/hooks.json", "/home/u"), undefined);
    });
});
