// The private runtime directory where engines register and the relay finds them. It must be
// ours and closed to everyone else (0700); registry files are 0600.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
    if (env["HOOKWARDEN_RUNTIME_DIR"]) {
        return env["HOOKWARDEN_RUNTIME_DIR"];
    }
    if (env["XDG_RUNTIME_DIR"]) {
        return path.join(env["XDG_RUNTIME_DIR"], "hookwarden");
    }
    return path.join("/tmp", `hookwarden-${os.userInfo().uid}`);
}

export class RuntimeDirError extends Error {}

/** Creates the directory (0700) or checks an existing one is ours and private; throws otherwise. */
export function ensurePrivateDir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || st.isSymbolicLink()) {
        throw new RuntimeDirError(`${dir} is not a directory`);
    }
    const uid = os.userInfo().uid;
    if (st.uid !== uid) {
        throw new RuntimeDirError(`${dir} belongs to uid ${st.uid}, not to this user (${uid})`);
    }
    if ((st.mode & 0o077) !== 0) {
        fs.chmodSync(dir, 0o700);
    }
}

/** Writes a file atomically (temp file in the same dir, then rename) with the given mode. */
export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const fd = fs.openSync(tmp, "wx", mode);
    try {
        fs.writeSync(fd, data);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
}

export function pidAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
