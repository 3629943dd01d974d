#!/usr/bin/env node
// `npm run package`: bundles the extension with esbuild, stages the relay binary, and builds the
// platform VSIX with vsce (offline: no dependencies are fetched, the allow-list .vscodeignore
// decides what goes in). `--bundle-only` stops after esbuild (`npm run build:ext`).
// Prints the VSIX path and size; usable as a module: packageVsix() → { vsix, bytes }.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
export const TARGET = "linux-x64";
export const VSIX = path.join(ROOT, `${pkg.name}-${pkg.version}-${TARGET}.vsix`);
const RELAY_BUILT = path.join(ROOT, "native", "target", "release", "hookwarden-relay");
export const RELAY_STAGED = path.join(ROOT, "dist", "bin", "hookwarden-relay");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function sh(cmd, args, opts = {}) {
    const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"], ...opts });
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
    }
}

/** The native module and the relay, built only when missing (npm test builds both). */
export function ensureNative() {
    if (!fs.readdirSync(path.join(ROOT, "native", "napi")).some((f) => f.endsWith(".node"))) {
        sh("npm", ["run", "build:native"]);
    }
    if (!fs.existsSync(RELAY_BUILT)) {
        sh("npm", ["run", "build:relay"]);
    }
}

export function bundle() {
    fs.rmSync(path.join(ROOT, "dist"), { recursive: true, force: true });
    const esbuild = path.join(ROOT, "node_modules", ".bin", "esbuild");
    const common = ["--bundle", "--main-fields=module,main", "--platform=node", "--target=node20", "--format=cjs", "--external:vscode", "--minify", "--log-level=warning"];
    sh(esbuild, ["src/extension.ts", "--outfile=dist/extension.js", ...common]);
    sh(esbuild, ["src/registration/vscodeUninstall.ts", "--outfile=dist/uninstall.js", ...common]);
    // The headless engine the relay starts while the editor is closed (relay.json names it).
    sh(esbuild, ["src/cli.ts", "--outfile=dist/cli.js", ...common]);
    bundleWebview(esbuild);
}

/** The Decisions panel's browser code, its stylesheet and the codicon font: dist/webview/ (WEBVIEW_FILES). */
export const WEBVIEW_FILES = ["panel.js", "panel.css", "codicon.css", "codicon.ttf"];
function bundleWebview(esbuild) {
    const out = path.join(ROOT, "dist", "webview");
    sh(esbuild, ["src/webview/ui/main.ts", "--bundle", "--platform=browser", "--target=chrome120", "--format=iife", "--minify", "--log-level=warning", `--outfile=${path.join(out, "panel.js")}`]);
    sh(esbuild, ["src/webview/ui/panel.css", "--bundle", "--minify", "--log-level=warning", `--outfile=${path.join(out, "panel.css")}`]);
    const codicons = path.join(ROOT, "node_modules", "@vscode", "codicons", "dist");
    for (const f of ["codicon.css", "codicon.ttf"]) {
        fs.copyFileSync(path.join(codicons, f), path.join(out, f));
    }
}

export function stageRelay() {
    fs.mkdirSync(path.dirname(RELAY_STAGED), { recursive: true });
    fs.copyFileSync(RELAY_BUILT, RELAY_STAGED);
    fs.chmodSync(RELAY_STAGED, 0o755);
}

export function packageVsix() {
    ensureNative();
    bundle();
    stageRelay();
    fs.rmSync(VSIX, { force: true });
    const vsce = path.join(ROOT, "node_modules", ".bin", "vsce");
    sh(vsce, ["package", "--target", TARGET, "--no-dependencies", "--allow-missing-repository", "--skip-license", "-o", VSIX], { stdio: ["ignore", "ignore", "inherit"] });
    return { vsix: VSIX, bytes: fs.statSync(VSIX).size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    try {
        if (process.argv.includes("--bundle-only")) {
            bundle();
            stageRelay();
            process.stdout.write("bundled dist/extension.js, dist/uninstall.js, dist/cli.js and dist/webview/\n");
        } else {
            const { vsix, bytes } = packageVsix();
            process.stdout.write(`${path.relative(ROOT, vsix)}: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes)\n`);
        }
    } catch (err) {
        process.stderr.write(`package: ${err.message}\n`);
        process.exit(1);
    }
}
