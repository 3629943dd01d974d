// Attacks on the relay ↔ engine channel, tested with the real relay binary and a real engine
// server: another user, a wrong or missing token, an untrusted runtime directory or registry file,
// and a workspace file that tries to change how the relay starts an engine.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { DecisionLog, EngineServer, type RegistryEntry } from "../../src/engine";
import { claudePre, engineFor, ROOT, tempDir } from "./helpers";

const RELAY = path.join(ROOT, "native", "target", "release", "hookwarden-relay");
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync("setpriv", ["--version"]).status === 0;

/** The relay, as a harness runs it; `as` runs it under another uid with setpriv. Asynchronous: the
 * engine answers from this very process, which a blocking spawnSync would stall. */
function relay(runtime: string, payload: string, opts: { home?: string; cwd?: string; as?: number } = {}): Promise<{ answer: Record<string, unknown>; stderr: string }> {
    const argv = ["--harness", "claude", "--deadline-ms", "3000"];
    const env = { PATH: process.env["PATH"] ?? "", HOME: opts.home ?? tempDir(), HOOKWARDEN_RUNTIME_DIR: runtime };
    const [cmd, args] = opts.as !== undefined ? ["setpriv", [`--reuid=${opts.as}`, `--regid=${opts.as}`, "--clear-groups", RELAY, ...argv]] : [RELAY, argv];
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { env, cwd: opts.cwd ?? "/" });
        let out = "";
        let err = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString()));
        child.stderr.on("data", (b: Buffer) => (err += b.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            try {
                assert.equal(code, 0, err);
                resolve({ answer: JSON.parse(out) as Record<string, unknown>, stderr: err });
            } catch (e) {
                reject(e as Error);
            }
        });
        child.stdin.end(payload);
    });
}

function decisionOf(answer: Record<string, unknown>): string | undefined {
    return (answer["hookSpecificOutput"] as { permissionDecision?: string } | undefined)?.permissionDecision;
}

function request(socket: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
        const s = net.createConnection(socket);
        let data = "";
        s.on("data", (b: Buffer) => (data += b.toString()));
        s.on("end", () => resolve(JSON.parse(data) as Record<string, unknown>));
        s.on("error", reject);
        s.write(`${JSON.stringify(body)}\n`);
    });
}

describe("attacks on the relay and the engine", { skip: !fs.existsSync(RELAY) && "the relay is not built (npm run build:relay)" }, () => {
    const runtime = path.join(tempDir(), "rt");
    const project = tempDir();
    const logFile = path.join(tempDir(), "decisions.jsonl");
    const log = new DecisionLog(logFile);
    // Allows `ls` explicitly: an answer from this engine is told apart from the relay's fail mode (deny).
    const engine = engineFor('{ "hooks": [ { "name": "allow-all", "event": "PreToolUse", "command": "echo \'{\\"decision\\":\\"allow\\",\\"reason\\":\\"engine\\"}\'" } ] }');
    const server = new EngineServer({ roots: [project], engine: () => engine, log, runtimeDir: runtime });
    let entry: RegistryEntry;
    const logged = (): number => (fs.existsSync(logFile) ? log.read().records.length : 0);

    before(async () => {
        await server.start();
        entry = JSON.parse(fs.readFileSync(server.registryFile, "utf8")) as RegistryEntry;
    });
    after(async () => {
        await server.stop();
    });

    it("the set-up works: the relay reaches the engine", async () => {
        const { answer } = await relay(runtime, JSON.stringify(claudePre("ls", project)));
        assert.equal(decisionOf(answer), "allow", JSON.stringify(answer));
        await new Promise((r) => setTimeout(r, 50));
        assert.ok(logged() >= 1);
    });

    it("another user cannot connect to the engine", { skip: (!isRoot && "needs root to switch to another uid with setpriv") || (!hasSetpriv && "setpriv is not installed") }, async () => {
        const before = logged();
        // Through the relay: the runtime dir is not theirs, so the relay does not even look inside.
        const { answer, stderr } = await relay(runtime, JSON.stringify({ ...claudePre("ls", project), tool_use_id: "other-uid" }), { as: NOBODY });
        assert.equal(decisionOf(answer), "deny");
        assert.match(stderr, /not trusted|Permission denied|owned by uid/);
        // Straight at the socket: the kernel refuses (socket 0600 in a 0700 directory).
        const probe = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, "-e", `require("net").createConnection(${JSON.stringify(entry.socket)}).on("connect", () => { console.log("CONNECTED"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); })`], { encoding: "utf8" });
        assert.match(probe.stdout, /EACCES/, probe.stdout + probe.stderr);
        assert.equal(logged(), before, "the engine decided something for another user");
    });

    it("a wrong or missing token gets nothing", async () => {
        const before = logged();
        const payload = JSON.stringify(claudePre("ls", project));
        for (const token of ["wrong", "", undefined, entry.token.slice(0, -1), `${entry.token}x`, 42]) {
            const reply = await request(entry.socket, { v: 1, token, harness: "claude", event: null, payload });
            assert.deepEqual(reply, { v: 1, error: "bad token" }, `token ${JSON.stringify(token)}`);
        }
        // Through the relay, with a registration that carries the wrong token.
        const rt = path.join(tempDir(), "rt");
        fs.mkdirSync(rt, { mode: 0o700 });
        fs.writeFileSync(path.join(rt, "engine-forged.json"), JSON.stringify({ ...entry, token: "forged" }), { mode: 0o600 });
        const { answer, stderr } = await relay(rt, JSON.stringify({ ...claudePre("ls", project), tool_use_id: "forged" }));
        assert.equal(decisionOf(answer), "deny");
        assert.match(stderr, /bad token|no engine answered/);
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(logged(), before);
    });

    /** A copy of our registration in a runtime dir the test then makes untrustworthy. */
    async function untrusted(make: (dir: string, entryFile: string) => string): Promise<void> {
        const base = tempDir();
        const dir = path.join(base, "rt");
        fs.mkdirSync(dir, { mode: 0o700 });
        const entryFile = path.join(dir, "engine-copy.json");
        fs.writeFileSync(entryFile, JSON.stringify(entry), { mode: 0o600 });
        const runtimeToUse = make(dir, entryFile);
        const before = logged();
        const { answer, stderr } = await relay(runtimeToUse, JSON.stringify({ ...claudePre("ls", project), tool_use_id: `u-${Math.random()}` }));
        assert.equal(decisionOf(answer), "deny", `${JSON.stringify(answer)} ${stderr}`);
        assert.match(stderr, /no engine answered/);
        assert.equal(logged(), before, "the engine answered through an untrusted registration");
    }

    it("a runtime directory that is a symlink, not 0700, or someone else's is refused", async () => {
        await untrusted((dir) => {
            const link = `${dir}-link`;
            fs.symlinkSync(dir, link);
            return link;
        });
        await untrusted((dir) => {
            fs.chmodSync(dir, 0o755);
            return dir;
        });
        if (isRoot) {
            await untrusted((dir) => {
                fs.chownSync(dir, NOBODY, NOBODY);
                return dir;
            });
        }
    });

    it("a registry file that is a symlink, not 0600, or someone else's is ignored", async () => {
        await untrusted((dir, file) => {
            const real = path.join(path.dirname(dir), "elsewhere.json");
            fs.renameSync(file, real);
            fs.symlinkSync(real, file);
            return dir;
        });
        await untrusted((dir, file) => {
            fs.chmodSync(file, 0o644);
            return dir;
        });
        if (isRoot) {
            await untrusted((dir, file) => {
                fs.chownSync(file, NOBODY, NOBODY);
                return dir;
            });
        }
    });

    it("a workspace file cannot change how the relay starts an engine", async () => {
        const rt = path.join(tempDir(), "rt");
        fs.mkdirSync(rt, { mode: 0o700 });
        const home = tempDir();
        const ws = tempDir();
        const marker = path.join(tempDir(), "started");
        const evil = JSON.stringify({ serveCommand: ["/bin/sh", "-c", `touch ${marker}`] });
        // The workspace's own .hookwarden/relay.json (and .vscode) are not where the relay looks.
        for (const d of [".hookwarden", ".vscode"]) {
            fs.mkdirSync(path.join(ws, d));
            fs.writeFileSync(path.join(ws, d, "relay.json"), evil);
        }
        await relay(rt, JSON.stringify({ ...claudePre("ls", ws), tool_use_id: "ws" }), { home, cwd: ws });
        // Nor a relay.json in HOME that others could have written, or that is a link to one.
        fs.mkdirSync(path.join(home, ".hookwarden"));
        const config = path.join(home, ".hookwarden", "relay.json");
        fs.writeFileSync(config, evil, { mode: 0o666 });
        fs.chmodSync(config, 0o666);
        await relay(rt, JSON.stringify({ ...claudePre("ls", ws), tool_use_id: "ww" }), { home, cwd: ws });
        fs.rmSync(config);
        fs.writeFileSync(path.join(ws, "target.json"), evil, { mode: 0o600 });
        fs.symlinkSync(path.join(ws, "target.json"), config);
        await relay(rt, JSON.stringify({ ...claudePre("ls", ws), tool_use_id: "wl" }), { home, cwd: ws });
        spawnSync("sleep", ["0.3"]);
        assert.ok(!fs.existsSync(marker), "the relay ran a serve command it should not trust");
        // The control: the same file, ours and 0600, is run (so the checks above could fail).
        fs.rmSync(config);
        fs.writeFileSync(config, evil, { mode: 0o600 });
        await relay(rt, JSON.stringify({ ...claudePre("ls", ws), tool_use_id: "ok" }), { home, cwd: ws });
        const t0 = Date.now();
        while (!fs.existsSync(marker) && Date.now() - t0 < 3000) {
            spawnSync("sleep", ["0.05"]);
        }
        assert.ok(fs.existsSync(marker), "the trusted serve command was not run: the control failed");
    });
});
