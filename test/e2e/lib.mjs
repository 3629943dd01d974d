// Shared pieces of the e2e suite: a throw-away sandbox per client (HOME, project, runtime dir),
// the fake model server, `hookwarden install` / `serve`, and one bounded run of a real client.
// Facts about the clients (flags, env, pitfalls): shared/reference/real-agent-clients-offline.md.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { AGENTS_DIR, clientBin, ROOT } from "./setup-clients.mjs";

export { ROOT };
export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RELAY = path.join(ROOT, "native", "target", "release", "hookwarden-relay");
export const CLI = path.join(ROOT, "bin", "hookwarden.js");
export const COPILOT_CACHE = path.join(AGENTS_DIR, "copilot-cache");
/** Upper bound for one client run (the reference's `timeout 120`). */
export const CLIENT_TIMEOUT_MS = 120_000;

/** A minimal PATH: node (the clients' npm wrappers need it) and the system tools. */
export const BASE_PATH = [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function readJsonl(file) {
    if (!fs.existsSync(file)) {
        return [];
    }
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .flatMap((l) => {
            try {
                return [JSON.parse(l)];
            } catch {
                return []; // A torn last line.
            }
        });
}

/** Runs a child to completion with a hard bound (SIGKILL to its whole process group). */
export function runBounded(cmd, args, { cwd, env, timeoutMs = CLIENT_TIMEOUT_MS, stdin = "ignore" } = {}) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const child = spawn(cmd, args, { cwd, env, stdio: [stdin, "pipe", "pipe"], detached: true });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        child.stdout.on("data", (b) => (stdout += b));
        child.stderr.on("data", (b) => (stderr += b));
        const timer = setTimeout(() => {
            timedOut = true;
            try {
                process.kill(-child.pid, "SIGKILL");
            } catch {
                // Already gone.
            }
        }, timeoutMs);
        child.on("error", (err) => {
            clearTimeout(timer);
            resolve({ code: null, signal: null, stdout, stderr: `${stderr}\n${err.message}`, timedOut, ms: Date.now() - t0 });
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            // Anything the client left behind in its group (a stray hook, a shell) goes too.
            try {
                process.kill(-child.pid, "SIGKILL");
            } catch {
                // Nothing left.
            }
            resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 });
        });
    });
}

/** Temp dirs: a path under one of them is scratch space to the shell classifier. */
export function tempDirs() {
    const dirs = ["/tmp", "/var/tmp", "/dev/shm", os.tmpdir(), ...(process.env.TMPDIR ? [process.env.TMPDIR] : [])];
    return [...new Set(dirs.flatMap((d) => (fs.existsSync(d) ? [d, fs.realpathSync(d)] : [d])))];
}

export function isUnderTemp(p) {
    return tempDirs().some((t) => {
        const rel = path.relative(t, p);
        return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
    });
}

/**
 * The parent of the sandbox homes: inside the repository's git-ignored test/artifacts/ (or the
 * user's cache directory when the checkout is in a temp dir), so a victim under HOME is outside
 * the project and outside every temp dir (HOOKWARDEN_E2E_HOME_DIR moves it). The rest of the sandbox stays under os.tmpdir() (short socket paths).
 */
export const HOMES_DIR =
    process.env.HOOKWARDEN_E2E_HOME_DIR ??
    // A checkout that itself lies in a temp dir (a CI clone under /tmp): the user's cache directory instead.
    (isUnderTemp(path.join(ROOT, "test", "artifacts")) ? path.join(os.homedir(), ".cache", "hookwarden-tests", "e2e-homes") : path.join(ROOT, "test", "artifacts", "e2e-homes"));

/** A fresh throw-away world for one client: HOME, project, private runtime dir, artifacts. */
export function makeSandbox(client) {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), `hw-e2e-${client}-`));
    fs.mkdirSync(HOMES_DIR, { recursive: true });
    const sb = {
        client,
        base,
        home: fs.realpathSync(fs.mkdtempSync(path.join(HOMES_DIR, `${client}-`))),
        project: path.join(base, "project"),
        runtime: path.join(base, "run"),
        artifacts: path.join(base, "artifacts"),
    };
    fs.mkdirSync(sb.home, { recursive: true });
    fs.mkdirSync(sb.project, { recursive: true });
    fs.mkdirSync(sb.runtime, { recursive: true, mode: 0o700 });
    fs.chmodSync(sb.runtime, 0o700);
    fs.mkdirSync(sb.artifacts, { recursive: true });
    sb.decisionLog = path.join(sb.artifacts, "decisions.jsonl");
    return sb;
}

/** `hookwarden install --harness <client> --relay <built relay>` with HOME = the sandbox's. */
export function installHookwarden(sb) {
    const r = spawnSync(process.execPath, [CLI, "install", "--harness", sb.client, "--relay", RELAY], {
        env: { PATH: BASE_PATH, HOME: sb.home },
        encoding: "utf8",
        timeout: 30_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts `hookwarden serve --root <project> --log <file>` and waits for its registry entry.
 * `trusted` adds --trust-workspace (the workspace's command and module hooks run).
 */
export async function startEngine(sb, { trusted = false } = {}) {
    const before = new Set(fs.readdirSync(sb.runtime));
    const child = spawn(process.execPath, [CLI, "serve", "--root", sb.project, "--log", sb.decisionLog, "--idle-exit-ms", "300000", ...(trusted ? ["--trust-workspace"] : [])], {
        cwd: sb.project,
        env: { PATH: BASE_PATH, HOME: sb.home, HOOKWARDEN_RUNTIME_DIR: sb.runtime },
        stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        const entry = fs.readdirSync(sb.runtime).find((f) => /^engine-\d+-[0-9a-f]+\.json$/.test(f) && !before.has(f) && f.startsWith(`engine-${child.pid}-`));
        if (entry) {
            return { child, pid: child.pid, registryFile: path.join(sb.runtime, entry), exited, stderr: () => stderr };
        }
        if (child.exitCode !== null) {
            break;
        }
        await sleep(50);
    }
    child.kill("SIGKILL");
    throw new Error(`hookwarden serve did not register in ${sb.runtime}: ${stderr}`);
}

/** SIGTERM, then wait for the exit (SIGKILL after 10 s). */
export async function stopEngine(engine) {
    if (engine.child.exitCode !== null || engine.child.signalCode !== null) {
        return engine.exited;
    }
    engine.child.kill("SIGCONT"); // a frozen engine (SIGSTOP) must be able to exit
    engine.child.kill("SIGTERM");
    const timer = setTimeout(() => engine.child.kill("SIGKILL"), 10_000);
    const r = await engine.exited;
    clearTimeout(timer);
    return r;
}

/**
 * Runs the built relay once, as a harness would: the payload on stdin, the answer on stdout.
 * For checks of the relay's own fail-mode answer against an engine that does not answer.
 */
export function runRelay(sb, harness, payload, { deadlineMs = 1500, cwd = sb.project } = {}) {
    const r = spawnSync(RELAY, ["--harness", harness, "--deadline-ms", String(deadlineMs)], {
        cwd,
        input: JSON.stringify(payload),
        env: { PATH: BASE_PATH, HOME: sb.home, HOOKWARDEN_RUNTIME_DIR: sb.runtime },
        encoding: "utf8",
        timeout: deadlineMs + 10_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The fake model server as a child process; `setCmd`/`setLog` reconfigure it between cases. */
export async function startFakeModel({ log, cmd, exitAfterS = 900 }) {
    const child = spawn(process.execPath, [path.join(E2E_DIR, "fake-model.mjs"), "--log", log, "--cmd", cmd, "--exit-after-s", String(exitAfterS)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: BASE_PATH },
    });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const port = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`fake model did not start: ${stderr}`)), 10_000);
        child.stdout.on("data", (b) => {
            out += b;
            const m = /PORT (\d+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve(Number(m[1]));
            }
        });
        child.on("exit", () => reject(new Error(`fake model exited: ${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const configure = (body) =>
        new Promise((resolve, reject) => {
            const data = JSON.stringify(body);
            const req = http.request(`${url}/__fake/config`, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) } }, (res) => {
                res.resume();
                res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`fake model config failed: ${res.statusCode}`))));
            });
            req.on("error", reject);
            req.end(data);
        });
    return {
        port,
        url,
        child,
        configure,
        stop: () => {
            if (child.exitCode === null) {
                child.kill("SIGTERM");
            }
        },
    };
}

// ---- the clients ------------------------------------------------------------------------------

const PROMPT = "Run the scripted shell command and report its result.";

/** Client-specific config files (written once per sandbox, after `hookwarden install`). */
export function writeClientConfig(sb, port) {
    if (sb.client === "codex") {
        const codexHome = path.join(sb.home, ".codex");
        fs.mkdirSync(codexHome, { recursive: true });
        fs.writeFileSync(
            path.join(codexHome, "config.toml"),
            [
                'model = "gpt-fake"',
                'model_provider = "fake"',
                'approval_policy = "never"',
                'sandbox_mode = "danger-full-access"',
                "check_for_update_on_startup = false",
                'web_search = "disabled"',
                "[model_providers.fake]",
                'name = "fake (loopback)"',
                `base_url = "http://127.0.0.1:${port}/v1"`,
                'wire_api = "responses"',
                'env_key = "FAKE_OPENAI_API_KEY"',
                "request_max_retries = 0",
                "stream_max_retries = 0",
                "stream_idle_timeout_ms = 20000",
                "[analytics]",
                "enabled = false",
                "[features]",
                "hooks = true",
                "plugins = false",
                "remote_plugin = false",
                "apps = false",
                "",
            ].join("\n"),
        );
    }
}

/** The command line and the clean environment for one run of the client. */
export function clientInvocation(sb, port, runDir, { maxTurns = 4 } = {}) {
    const bin = clientBin(sb.client);
    const common = { PATH: BASE_PATH, HOME: sb.home, HOOKWARDEN_RUNTIME_DIR: sb.runtime, LANG: "C.UTF-8", TERM: "dumb" };
    switch (sb.client) {
        case "claude":
            return {
                cmd: bin,
                // --allowedTools Bash: Claude's own permission layer would block rm outside its
                // allowed dirs, and then the deny would not be Hookwarden's. (We run as root, where
                // --dangerously-skip-permissions is refused.)
                args: ["-p", PROMPT, "--output-format", "json", "--model", "claude-sonnet-4-5", "--max-turns", String(maxTurns), "--allowedTools", "Bash", "--debug-file", path.join(runDir, "claude-debug.log")],
                env: {
                    ...common,
                    ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
                    ANTHROPIC_API_KEY: "sk-ant-dummy-hookwarden-e2e",
                    DISABLE_AUTOUPDATER: "1",
                    DISABLE_TELEMETRY: "1",
                    DISABLE_ERROR_REPORTING: "1",
                    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
                    DISABLE_NON_ESSENTIAL_MODEL_CALLS: "1",
                    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: "1",
                    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: "1",
                },
            };
        case "codex":
            return {
                cmd: bin,
                args: ["exec", "--skip-git-repo-check", "--dangerously-bypass-hook-trust", "--json", "--ephemeral", "-C", sb.project, PROMPT],
                env: { ...common, CODEX_HOME: path.join(sb.home, ".codex"), FAKE_OPENAI_API_KEY: "sk-dummy-hookwarden-e2e" },
            };
        case "copilot":
            return {
                cmd: bin,
                args: ["-p", PROMPT, "--allow-all-tools", "--allow-all-paths", "--no-auto-update", "--disable-client-telemetry", "--output-format", "json", "--log-dir", path.join(runDir, "copilot-logs"), "--log-level", "debug"],
                env: {
                    ...common,
                    COPILOT_HOME: path.join(sb.home, ".copilot"),
                    XDG_CACHE_HOME: COPILOT_CACHE,
                    COPILOT_OFFLINE: "true",
                    COPILOT_AUTO_UPDATE: "false",
                    NO_COLOR: "1",
                    COPILOT_PROVIDER_BASE_URL: `http://127.0.0.1:${port}/v1`,
                    COPILOT_PROVIDER_TYPE: "openai",
                    COPILOT_PROVIDER_WIRE_API: "completions",
                    COPILOT_PROVIDER_API_KEY: "sk-dummy-hookwarden-e2e",
                    COPILOT_MODEL: "gpt-4.1",
                },
            };
        default:
            throw new Error(`unknown client ${sb.client}`);
    }
}

/**
 * One bounded run of the client in the project, the model scripted to run `cmd` (a string), or
 * each command of `cmd` (an array) in turn, one per turn. With `onGate`, the fake model holds its
 * tool-call answer until `onGate()` has run (mid-session actions).
 */
export async function runClient(sb, fake, name, cmd, { extraArgs = [], onGate } = {}) {
    const runDir = path.join(sb.artifacts, name);
    fs.mkdirSync(runDir, { recursive: true });
    const modelLog = path.join(runDir, "model-requests.jsonl");
    const gate = onGate ? path.join(runDir, "gate") : null;
    if (gate) {
        fs.mkdirSync(gate, { recursive: true });
    }
    const cmds = Array.isArray(cmd) ? cmd : null;
    await fake.configure({ ...(cmds ? { cmds } : { cmd, cmds: null }), log: modelLog, gate });
    const inv = clientInvocation(sb, fake.port, runDir, { maxTurns: cmds ? cmds.length + 3 : 4 });
    const running = runBounded(inv.cmd, [...inv.args, ...extraArgs], { cwd: sb.project, env: inv.env });
    let gateResult;
    let gateReached = false;
    let gateError;
    if (gate) {
        let finished = false;
        running.then(() => (finished = true));
        while (!finished && !fs.existsSync(path.join(gate, "tool-call-pending"))) {
            await sleep(25);
        }
        gateReached = fs.existsSync(path.join(gate, "tool-call-pending"));
        try {
            gateResult = gateReached ? await onGate() : undefined;
        } catch (err) {
            gateError = err;
        }
        fs.writeFileSync(path.join(gate, "go"), "");
    }
    const r = await running;
    await fake.configure({ gate: null });
    if (gateError) {
        throw gateError;
    }
    fs.writeFileSync(path.join(runDir, "stdout.txt"), r.stdout);
    fs.writeFileSync(path.join(runDir, "stderr.txt"), r.stderr);
    return { ...r, runDir, modelLog, requests: readJsonl(modelLog), gateReached, gateResult };
}

/**
 * For a run of several commands: per command, the text of its tool result as the model received
 * it (the fake model logs each tool call's command and, on the next request, the last result).
 */
export function toolResultsPerCommand(requests, cmds) {
    const out = new Map(cmds.map((c) => [c, undefined]));
    for (const q of requests) {
        const step = q.decision?.step;
        if (typeof step === "number" && step > 0 && q.decision.toolResult) {
            out.set(cmds[step - 1], q.decision.toolResult.text);
        }
    }
    return out;
}

/** The model requests that carried a tool result back, and the tool-result texts. */
export function toolResultsSeen(requests) {
    return requests.filter((q) => q.decision?.toolResult).map((q) => ({ request: q, text: q.decision.toolResult.text }));
}

/** The decision-log records of one event kind whose tool input's command is exactly `command`. */
export function loggedExact(sb, event, command) {
    return readJsonl(sb.decisionLog).filter((r) => r.event === event && r.toolInput?.command === command);
}

/** The decision-log records of one event kind (optionally for one tool-call command substring). */
export function logged(sb, event, commandIncludes) {
    return readJsonl(sb.decisionLog).filter((r) => r.event === event && (commandIncludes === undefined || JSON.stringify(r.toolInput ?? {}).includes(commandIncludes)));
}

/** A one-line summary of a value for the test output. */
export function short(s, n = 200) {
    const t = String(s ?? "").replace(/\s+/g, " ").trim();
    return t.length > n ? `${t.slice(0, n)}…` : t;
}
