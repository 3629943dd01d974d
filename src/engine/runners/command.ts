// Runs a command hook: `sh -c`, the event as JSON on stdin. Exit 0 with JSON is a decision,
// empty stdout is allow, exit 2 is deny with stderr as the reason; anything else is an error
// that the hook's onError decides. On timeout, and when the hook exits, its whole process group
// is killed: nothing it started outlives it.
import { spawn } from "node:child_process";
import * as fs from "node:fs";

import type { HookResult } from "../decision";
import type { CommandHook } from "../policy/model";
import { HookAnswerError, parseHookAnswer } from "./answer";
import type { HookContext } from "./context";

/** Bytes kept of a command's stdout/stderr; more is an error (stdout) or cut (stderr). */
export const OUTPUT_CAP_BYTES = 1024 * 1024;

export class HookRunError extends Error {}

/** The event a command hook reads: Claude Code's keys, which most existing hook scripts expect. */
export function commandHookPayload(ctx: HookContext): Record<string, unknown> {
    const ev = ctx.event;
    return {
        hook_event_name: ev.event,
        session_id: ev.sessionId ?? null,
        cwd: ev.cwd,
        harness: ev.harness,
        ...(ev.toolName !== undefined ? { tool_name: ev.toolName, tool_input: ctx.toolInput ?? {} } : {}),
        ...(ev.toolUseId !== undefined ? { tool_use_id: ev.toolUseId } : {}),
        ...(ctx.toolOutput !== undefined ? { tool_response: ctx.toolOutput } : {}),
        ...(ev.prompt !== undefined ? { prompt: ev.prompt } : {}),
    };
}

function killGroup(pid: number | undefined): void {
    if (pid === undefined) {
        return;
    }
    try {
        process.kill(-pid, "SIGKILL");
    } catch {
        // Already gone.
    }
}

export function runCommand(hook: CommandHook, ctx: HookContext): Promise<HookResult> {
    return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", hook.command], {
            cwd: ctx.event.cwd && isDir(ctx.event.cwd) ? ctx.event.cwd : hook.baseDir,
            detached: true, // its own process group, so a timeout kills grandchildren too
            stdio: ["pipe", "pipe", "pipe"],
            env: { ...process.env, HOOKWARDEN_HOOK: hook.name, HOOKWARDEN_HARNESS: ctx.event.harness, HOOKWARDEN_EVENT: ctx.event.event },
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let outBytes = 0;
        let errBytes = 0;
        let overflow = false;
        let settled = false;
        const finish = (fn: () => void): void => {
            if (!settled) {
                settled = true;
                clearTimeout(timer);
                fn();
            }
        };
        const timer = setTimeout(() => {
            killGroup(child.pid);
            finish(() => reject(new HookRunError(`timed out after ${hook.timeoutMs} ms (process group killed)`)));
        }, hook.timeoutMs);
        child.stdout.on("data", (b: Buffer) => {
            outBytes += b.length;
            if (outBytes > OUTPUT_CAP_BYTES) {
                overflow = true;
                killGroup(child.pid);
            } else {
                stdout.push(b);
            }
        });
        child.stderr.on("data", (b: Buffer) => {
            if (errBytes < OUTPUT_CAP_BYTES) {
                stderr.push(b.subarray(0, OUTPUT_CAP_BYTES - errBytes));
            }
            errBytes += b.length;
        });
        child.on("error", (err) => finish(() => reject(new HookRunError(`could not start: ${err.message}`))));
        child.stdin.on("error", () => {
            // The hook may exit without reading stdin; its exit status still decides.
        });
        child.on("close", (code, signal) => {
            // A hook's processes do not outlive it: whatever it left running in its group ends now.
            killGroup(child.pid);
            finish(() => {
                const out = Buffer.concat(stdout).toString("utf8").trim();
                const err = Buffer.concat(stderr).toString("utf8").trim();
                if (overflow) {
                    reject(new HookRunError(`wrote more than ${OUTPUT_CAP_BYTES} bytes to stdout`));
                } else if (signal) {
                    reject(new HookRunError(`killed by ${signal}`));
                } else if (code === 2) {
                    resolve({ verdict: "deny", reason: err || "the hook exited with code 2" });
                } else if (code !== 0) {
                    reject(new HookRunError(`exited with code ${code ?? "?"}${err ? `: ${err.slice(0, 500)}` : ""}`));
                } else if (out === "") {
                    resolve({ verdict: "allow" });
                } else {
                    let parsed: unknown;
                    try {
                        parsed = JSON.parse(out);
                    } catch {
                        reject(new HookRunError(`printed output that is not JSON: ${JSON.stringify(out.slice(0, 200))}`));
                        return;
                    }
                    try {
                        resolve(parseHookAnswer(parsed));
                    } catch (e) {
                        reject(new HookRunError(`printed an invalid answer: ${(e as HookAnswerError).message}`));
                    }
                }
            });
        });
        child.stdin.end(JSON.stringify(commandHookPayload(ctx)));
    });
}

function isDir(p: string): boolean {
    try {
        return fs.statSync(p).isDirectory();
    } catch {
        return false;
    }
}
