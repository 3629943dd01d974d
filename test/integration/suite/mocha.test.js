// The same in-host suite for @vscode/test-cli (desktop VS Code through @vscode/test-electron),
// which runs mocha files: one mocha test wraps index.js's run(). See .vscode-test.mjs.
/* global suite, test */
const { run } = require("./index");

suite("Hookwarden in the extension host", () => {
    test("the integration suite passes (details in $HW_RESULTS)", async function () {
        this.timeout(120000);
        await run();
    });
});
