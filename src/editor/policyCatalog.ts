// Where in a policy the cursor is, and what names fit there: shell categories inside a shell
// hook's options.deny / options.ask, tool groups and tool names inside match.tool. Descriptions
// come from the native catalog (the same one the schema is checked against).
import { getLocation, type Location } from "jsonc-parser";

import { knownToolNames, loadNative, TOOL_GROUP_NAMES, TOOL_GROUPS, type Native } from "../engine";

type CatalogEntry = ReturnType<Native["shellCategoryCatalog"]>[number];

export type Slot = "shell-category" | "tool";

export function slotAt(text: string, offset: number): { slot: Slot; location: Location } | undefined {
    const location = getLocation(text, offset);
    if (location.isAtPropertyKey) {
        return undefined;
    }
    if (location.matches(["hooks", "*", "options", "deny", "*"]) || location.matches(["hooks", "*", "options", "ask", "*"]) || location.matches(["hooks", "*", "options", "deny"]) || location.matches(["hooks", "*", "options", "ask"])) {
        return { slot: "shell-category", location };
    }
    if (location.matches(["hooks", "*", "match", "tool", "*"]) || location.matches(["hooks", "*", "match", "tool"])) {
        return { slot: "tool", location };
    }
    return undefined;
}

let catalog: CatalogEntry[] | undefined;

export function shellCategoryCatalog(): CatalogEntry[] {
    catalog ??= loadNative().shellCategoryCatalog();
    return catalog;
}

export interface SlotEntry {
    name: string;
    detail: string;
    documentation: string;
}

export function entriesFor(slot: Slot): SlotEntry[] {
    if (slot === "shell-category") {
        return shellCategoryCatalog().map((e) => ({ name: e.name, detail: "shell category", documentation: `${e.description}\n\nExample: \`${e.example}\`` }));
    }
    const groups = TOOL_GROUP_NAMES.map((g) => ({
        name: g,
        detail: "tool group",
        documentation: g === "@mcp" ? "Every MCP tool (`mcp__server__tool`, `mcp_…`) of every harness." : `Every harness's name for this kind of tool: ${(TOOL_GROUPS[g] as readonly string[]).map((t) => `\`${t}\``).join(", ")}.`,
    }));
    const tools = knownToolNames().map((t) => ({ name: t, detail: "tool", documentation: `The tool \`${t}\` as a harness names it.` }));
    return [...groups, ...tools];
}
