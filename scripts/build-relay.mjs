#!/usr/bin/env node
// Builds the relay (`native/target/release/hookwarden-relay`) as a static, non-PIE executable.
//
// A harness spawns the relay once per hook event, so its start-up is most of its cost, and on a
// VM most of the start-up is page faults: the dynamic loader, libc's relocations and a PIE's own
// relocations each touch pages. Linked statically at a fixed address the relay takes about a third
// fewer faults (bench/results/bench.md, relay rows). The flags apply to the relay binary alone:
// the napi module in the same workspace must stay a normal shared library.
//
// Falls back to an ordinary (dynamic) build when static linking is not possible here (no static
// libc), saying so: the relay works the same, only slower to start.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = path.join(root, "native", "Cargo.toml");
const base = ["--release", "-p", "hookwarden-relay", "--manifest-path", manifest];
const cargo = (args) => spawnSync("cargo", args, { cwd: root, stdio: "inherit" }).status === 0;

const linuxGnu = process.platform === "linux" && !process.env["HOOKWARDEN_RELAY_DYNAMIC"];
if (linuxGnu && cargo(["rustc", ...base, "--bin", "hookwarden-relay", "--", "-C", "target-feature=+crt-static", "-C", "relocation-model=static"])) {
    process.exit(0);
}
if (linuxGnu) {
    process.stderr.write("build-relay: static linking failed; building a dynamically linked relay instead\n");
}
process.exit(cargo(["build", ...base]) ? 0 : 1);
