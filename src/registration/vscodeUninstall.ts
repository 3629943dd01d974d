// `vscode:uninstall`: run by VS Code with Node after the extension is removed. Takes Hookwarden's
// entries out of every harness config and deletes the relay copy, so no harness calls a relay
// that no engine answers any more. Bundled as dist/uninstall.js.
import * as fs from "node:fs";
import * as os from "node:os";

import { stableRelayPath, uninstall } from "./install";

export function removeRegistration(home: string = os.homedir()): void {
    for (const r of uninstall({ home })) {
        if (r.changed) {
            process.stdout.write(`hookwarden: unregistered from ${r.file}\n`);
        }
    }
    fs.rmSync(stableRelayPath(home), { force: true });
}

if (require.main === module) {
    try {
        removeRegistration();
    } catch (err) {
        process.stderr.write(`hookwarden: uninstall cleanup failed: ${String(err)}\n`);
    }
}
