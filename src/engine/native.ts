// The one place native code is loaded from. Everything else imports `native` from here.
import * as fs from "node:fs";
import * as path from "node:path";

import type * as NativeBinding from "../../native/napi/index";

export type Native = typeof NativeBinding;

const OVERRIDE_ENV = "HOOKWARDEN_NATIVE_PATH";
const LOADER = path.join("native", "napi", "index.js");

/** Candidate loader paths: the override, then `native/napi/index.js` in each ancestor of this file. */
export function nativeCandidates(fromDir: string = __dirname): string[] {
    const out: string[] = [];
    const override = process.env[OVERRIDE_ENV];
    if (override) {
        out.push(override);
    }
    let dir = fromDir;
    for (;;) {
        out.push(path.join(dir, LOADER));
        const parent = path.dirname(dir);
        if (parent === dir) {
            return out;
        }
        dir = parent;
    }
}

let cached: Native | undefined;

/** Loads the native module once; throws one error that lists every place tried. */
export function loadNative(): Native {
    if (cached) {
        return cached;
    }
    const tried: string[] = [];
    for (const candidate of nativeCandidates()) {
        if (!fs.existsSync(candidate)) {
            tried.push(`${candidate}: not found`);
            continue;
        }
        try {
            // A .node file given directly through the override is loaded as is.
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
            cached = require(candidate) as Native;
            return cached;
        } catch (err) {
            tried.push(`${candidate}: ${(err as Error).message}`);
        }
    }
    throw new Error(
        `Hookwarden's native module could not be loaded (build it with \`npm run build:native\`, ` +
            `or point ${OVERRIDE_ENV} at it). Tried:\n  ${tried.join("\n  ")}`,
    );
}
