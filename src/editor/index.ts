// The policy editor, composed: diagnostics as you type, quick fixes, completions, hovers and the
// policy tests in the Testing API, for every policy file (workspace, user, machine). Each
// provider is its own file.
import * as vscode from "vscode";

import { PolicyCompletions } from "./policyCompletions";
import { PolicyDiagnostics } from "./policyDiagnostics";
import { POLICY_SELECTOR } from "./policyDocuments";
import { PolicyHover } from "./policyHover";
import { createCommandScript, CREATE_SCRIPT_COMMAND, PolicyQuickFixes } from "./policyQuickFixes";
import { PolicyTestController } from "./policyTestController";

export interface PolicyEditor {
    diagnostics: PolicyDiagnostics;
    tests: PolicyTestController;
}

export function registerPolicyEditor(relayDeadlineMs: () => number, subscriptions: vscode.Disposable[]): PolicyEditor {
    const diagnostics = new PolicyDiagnostics(relayDeadlineMs);
    const tests = new PolicyTestController();
    subscriptions.push(
        diagnostics,
        tests,
        vscode.languages.registerCodeActionsProvider(POLICY_SELECTOR, new PolicyQuickFixes(diagnostics), { providedCodeActionKinds: PolicyQuickFixes.kinds }),
        vscode.languages.registerCompletionItemProvider(POLICY_SELECTOR, new PolicyCompletions(), ...PolicyCompletions.triggers),
        vscode.languages.registerHoverProvider(POLICY_SELECTOR, new PolicyHover()),
        vscode.commands.registerCommand(CREATE_SCRIPT_COMMAND, (file: string) => createCommandScript(file)),
    );
    return { diagnostics, tests };
}
