// The policy editor, composed: diagnostics as you type, quick fixes, completions, hovers, for
// every policy file (workspace, user, machine). Each provider is its own file.
import * as vscode from "vscode";

import { PolicyCompletions } from "./policyCompletions";
import { PolicyDiagnostics } from "./policyDiagnostics";
import { POLICY_SELECTOR } from "./policyDocuments";
import { PolicyHover } from "./policyHover";
import { PolicyQuickFixes } from "./policyQuickFixes";

export function registerPolicyEditor(relayDeadlineMs: () => number, subscriptions: vscode.Disposable[]): PolicyDiagnostics {
    const diagnostics = new PolicyDiagnostics(relayDeadlineMs);
    subscriptions.push(
        diagnostics,
        vscode.languages.registerCodeActionsProvider(POLICY_SELECTOR, new PolicyQuickFixes(diagnostics), { providedCodeActionKinds: PolicyQuickFixes.kinds }),
        vscode.languages.registerCompletionItemProvider(POLICY_SELECTOR, new PolicyCompletions(), ...PolicyCompletions.triggers),
        vscode.languages.registerHoverProvider(POLICY_SELECTOR, new PolicyHover()),
    );
    return diagnostics;
}
