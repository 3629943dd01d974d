// Tool groups: one name in a policy covers every harness's names for the same kind of tool.
// Names come from ../../shared/reference/agent-hook-protocols.md (§1.6, §3, §4, §5, §7).

export const TOOL_GROUPS = {
    "@shell": [
        "Bash", // Claude Code, Codex (exec_command is normalised to Bash)
        "bash", // Copilot CLI
        "powershell", // Copilot CLI on Windows
        "run_in_terminal", // VS Code Local
        "send_to_terminal",
        "exec_command",
        "shell",
        "local_shell",
    ],
    "@edit": [
        "Write",
        "Edit",
        "MultiEdit",
        "NotebookEdit",
        "create",
        "edit",
        "apply_patch",
        "create_file",
        "replace_string_in_file",
        "multi_replace_string_in_file",
        "insert_edit_into_file",
        "edit_notebook_file",
        "create_directory",
        "edit_files",
    ],
    "@read": [
        "Read",
        "Glob",
        "Grep",
        "LS",
        "NotebookRead",
        "view",
        "glob",
        "grep",
        "read_file",
        "list_dir",
        "file_search",
        "grep_search",
        "semantic_search",
        "get_changed_files",
        "view_image",
    ],
    "@web": ["WebFetch", "WebSearch", "web_fetch", "web_search", "fetch_webpage", "open_browser_page"],
    "@agent": ["Task", "Agent", "task", "spawn_agent", "runSubagent", "search_subagent", "execution_subagent"],
    "@mcp": [] as string[],
} as const;

export type ToolGroup = keyof typeof TOOL_GROUPS;

export const TOOL_GROUP_NAMES = Object.keys(TOOL_GROUPS) as ToolGroup[];

export function isToolGroup(s: string): s is ToolGroup {
    return Object.prototype.hasOwnProperty.call(TOOL_GROUPS, s);
}

/** MCP tools: Claude/Codex `mcp__server__tool`; VS Code and Copilot use `mcp_` prefixes. */
function isMcpTool(name: string): boolean {
    return name.startsWith("mcp__") || name.startsWith("mcp_");
}

const GROUP_OF = new Map<string, ToolGroup>();
for (const group of TOOL_GROUP_NAMES) {
    for (const name of TOOL_GROUPS[group]) {
        GROUP_OF.set(name, group);
    }
}

export function toolGroupOf(name: string | undefined): ToolGroup | undefined {
    if (name === undefined) {
        return undefined;
    }
    if (isMcpTool(name)) {
        return "@mcp";
    }
    return GROUP_OF.get(name);
}

/** Tools of the supported harnesses that no group covers (agent-hook-protocols.md §1.6, §3, §4, §5). */
export const UNGROUPED_TOOLS = [
    "TodoWrite",
    "ExitPlanMode",
    "BashOutput",
    "KillShell",
    "KillBash",
    "SlashCommand",
    "Skill",
    "AskUserQuestion",
    "update_plan",
    "write_stdin",
    "report_intent",
    "think",
    "manage_todo_list",
    "get_errors",
    "get_terminal_output",
    "run_vscode_command",
    "run_task",
    "testFailure",
    "runTests",
    "kill_terminal",
    "terminal_last_command",
    "terminal_selection",
    "get_task_output",
    "vscode_askQuestions",
    "memory",
    "skill",
    "tool_search",
    "click_element",
    "get_search_view_results",
    "vscode_searchExtensions_internal",
    "install_extension",
    "create_new_workspace",
    "get_project_setup_info",
    "create_and_run_task",
    "list_code_usages",
] as const;

let knownTools: string[] | undefined;

/** Every tool name of every supported harness Hookwarden knows of (for "this tool name never matches"). */
export function knownToolNames(): string[] {
    knownTools ??= [...new Set([...TOOL_GROUP_NAMES.flatMap((g) => TOOL_GROUPS[g] as readonly string[]), ...UNGROUPED_TOOLS])];
    return knownTools;
}
