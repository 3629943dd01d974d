#!/usr/bin/env node
// Installs the pinned real agent clients into .vscode-test/agents/<client>/ (git-ignored), each in
// its own folder, none global. Idempotent: a client whose pinned version is already there is left
// alone. Usable as a module (setupClients()) or on its own: `node test/e2e/setup-clients.mjs`.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const AGENTS_DIR = path.join(ROOT, ".vscode-test", "agents");

/** The pinned versions (all three exist on the registry as pinned; checked with `npm view`). */
export const CLIENTS = {
    claude: { pkg: "@anthropic-ai/claude-code", version: "2.1.197", bin: "claude" },
    codex: { pkg: "@openai/codex", version: "0.169.0", bin: "codex" },
    copilot: { pkg: "@github/copilot", version: "1.0.102", bin: "copilot" },
};

/** The environment for npm: never the `npm_*` configuration of an enclosing `npm test`. */
export function cleanEnv(extra = {}) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    return { ...env, ...extra };
}

export function clientDir(name) {
    return path.join(AGENTS_DIR, name);
}

/** The client's executable (node_modules/.bin/<bin>), or null when not installed. */
export function clientBin(name) {
    const bin = path.join(clientDir(name), "node_modules", ".bin", CLIENTS[name].bin);
    return fs.existsSync(bin) ? bin : null;
}

export function installedVersion(name) {
    const { pkg } = CLIENTS[name];
    try {
        return JSON.parse(fs.readFileSync(path.join(clientDir(name), "node_modules", ...pkg.split("/"), "package.json"), "utf8")).version;
    } catch {
        return null;
    }
}

/** Checks that the client starts (`--version`); returns its output or throws. */
function probe(name) {
    const bin = clientBin(name);
    if (!bin) {
        throw new Error(`${name}: ${CLIENTS[name].bin} is missing from node_modules/.bin`);
    }
    const home = fs.mkdtempSync(path.join(AGENTS_DIR, `.probe-${name}-`));
    try {
        const r = spawnSync(bin, ["--version"], {
            encoding: "utf8",
            timeout: 60_000,
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_CACHE_HOME: path.join(AGENTS_DIR, "copilot-cache"), COPILOT_OFFLINE: "true", COPILOT_AUTO_UPDATE: "false", DISABLE_AUTOUPDATER: "1", NO_COLOR: "1" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        if (r.status !== 0) {
            throw new Error(`${name} --version failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
        }
        return r.stdout.trim().split("\n")[0];
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

/**
 * Installs each client (unless its pinned version is already there). Returns, per client,
 * { ok, version, bin, skipped (already installed), error }.
 */
export function setupClients(names = Object.keys(CLIENTS), { log = (s) => process.stderr.write(`${s}\n`) } = {}) {
    fs.mkdirSync(AGENTS_DIR, { recursive: true });
    const results = {};
    for (const name of names) {
        const { pkg, version } = CLIENTS[name];
        const dir = clientDir(name);
        const t0 = Date.now();
        let skipped = false;
        try {
            if (installedVersion(name) === version && clientBin(name)) {
                skipped = true;
            } else {
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: `hookwarden-e2e-${name}`, private: true, version: "0.0.0" }, null, 2)}\n`);
                log(`setup: installing ${pkg}@${version} into ${path.relative(ROOT, dir)}`);
                const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--save-exact", "--loglevel=error", `${pkg}@${version}`], {
                    cwd: dir,
                    env: cleanEnv(),
                    encoding: "utf8",
                    timeout: 300_000,
                    stdio: ["ignore", "pipe", "pipe"],
                });
                if (r.status !== 0) {
                    throw new Error(`npm install ${pkg}@${version} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || "").trim().slice(-2000)}`);
                }
                if (installedVersion(name) !== version) {
                    throw new Error(`npm install finished but ${pkg} is at ${installedVersion(name)}, not ${version}`);
                }
            }
            const reported = probe(name);
            results[name] = { ok: true, version, reported, bin: clientBin(name), skipped };
            log(`setup: ${name} ${pkg}@${version} ${skipped ? "already installed" : "installed"} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${reported}`);
        } catch (err) {
            results[name] = { ok: false, version, bin: null, skipped, error: err instanceof Error ? err.message : String(err) };
            log(`setup: ${name} FAILED: ${results[name].error}`);
        }
    }
    return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const results = setupClients(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
    fs.writeFileSync(path.join(AGENTS_DIR, "setup.json"), `${JSON.stringify(results, null, 2)}\n`);
    process.exit(Object.values(results).every((r) => r.ok) ? 0 : 1);
}
