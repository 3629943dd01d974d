// The "fresh process per call" architecture: what a hook written as a `node` command does on every
// event. Start, load what it needs, compile, do the work once, print the result, exit.
//
//   node out/bench/oneShot.js regex <payload.json> [patterns.json]   → {"matching":[...]}
//   node out/bench/oneShot.js ast <script.sh>                        → {"nodes":N}
//
// Loads only the workload module its mode needs (no bench machinery): `require` on demand, so the
// regex mode never pays for loading web-tree-sitter.
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from "node:fs";
import * as path from "node:path";

async function main(argv: string[]): Promise<void> {
    const [mode, input, extra] = argv;
    if (mode === "regex" && input) {
        const { compileJs, jsMatching, scannedText } = require("./regexJs") as typeof import("./regexJs");
        const patternsFile = extra ?? path.join(path.dirname(input), "benign_patterns_100.json");
        const patterns = JSON.parse(fs.readFileSync(patternsFile, "utf8")) as string[];
        const { regexes } = compileJs(patterns);
        const text = scannedText(JSON.parse(fs.readFileSync(input, "utf8")));
        process.stdout.write(`${JSON.stringify({ matching: jsMatching(regexes, text) })}\n`);
        return;
    }
    if (mode === "ast" && input) {
        const { createJsShellParser } = require("./astJs") as typeof import("./astJs");
        const parser = await createJsShellParser();
        const nodes = parser.parseAndWalk(fs.readFileSync(input, "utf8"));
        process.stdout.write(`${JSON.stringify({ nodes })}\n`);
        return;
    }
    process.stderr.write("usage: oneShot.js regex <payload.json> [patterns.json] | ast <script.sh>\n");
    process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
});
