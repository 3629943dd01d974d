//! The little the relay knows about harness dialects: enough to find the event and cwd in a
//! payload and to render a fail-mode answer. Everything else is the engine's adapters' job.

use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Harness {
    Claude,
    Codex,
    Copilot,
    Vscode,
}

impl Harness {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "claude" => Some(Self::Claude),
            "codex" => Some(Self::Codex),
            "copilot" => Some(Self::Copilot),
            "vscode" => Some(Self::Vscode),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Claude => "claude",
            Self::Codex => "codex",
            Self::Copilot => "copilot",
            Self::Vscode => "vscode",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
    Allow,
    Ask,
    Deny,
}

impl Verdict {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "allow" => Some(Self::Allow),
            "ask" => Some(Self::Ask),
            "deny" => Some(Self::Deny),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Ask => "ask",
            Self::Deny => "deny",
        }
    }
}

/// The few top-level facts the relay reads from a payload. The payload is validated as JSON but
/// its values are not built into a tree (`RawValue`), so a large `tool_input` costs one scan.
#[derive(Default, Debug)]
pub struct Peek {
    pub event: Option<String>,
    pub cwd: Option<String>,
    has: Vec<&'static str>,
}

const KEYS_OF_INTEREST: [&str; 7] = [
    "hook_event_name",
    "hookEventName",
    "toolName",
    "toolResult",
    "prompt",
    "turn_id",
    "permission_mode",
];

impl Peek {
    pub fn has(&self, key: &str) -> bool {
        self.has.contains(&key)
    }
}

pub fn peek(text: &str) -> Peek {
    let Ok(map) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else {
        return Peek::default();
    };
    let string = |k: &str| {
        map.get(k)
            .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
            .filter(|s| !s.is_empty())
    };
    Peek {
        event: string("hook_event_name").or_else(|| string("hookEventName")),
        cwd: string("cwd"),
        has: KEYS_OF_INTEREST
            .into_iter()
            .filter(|k| map.contains_key(*k))
            .collect(),
    }
}

/// For a payload too large to parse: look for the event name in its first bytes.
pub fn scan_event(prefix: &str) -> Option<String> {
    for key in ["\"hook_event_name\"", "\"hookEventName\""] {
        let Some(at) = prefix.find(key) else { continue };
        let rest = prefix[at + key.len()..]
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        let name = &rest[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some(name.to_string());
        }
    }
    None
}

/// Fallback when no `--harness` flag was given (registration always passes one).
pub fn detect_harness(p: &Peek) -> Harness {
    if p.has("toolName") || p.has("toolResult") {
        Harness::Copilot
    } else if p.has("hookEventName") {
        Harness::Vscode
    } else if p.has("turn_id") {
        Harness::Codex
    } else if p.has("hook_event_name") && !p.has("permission_mode") {
        Harness::Copilot
    } else {
        Harness::Claude
    }
}

/// Copilot's camelCase payloads carry no event name.
pub fn infer_event(p: &Peek) -> Option<&'static str> {
    if p.has("toolResult") {
        Some("postToolUse")
    } else if p.has("toolName") {
        Some("preToolUse")
    } else if p.has("prompt") {
        Some("userPromptSubmitted")
    } else {
        None
    }
}

/// PascalCase event name, as used in fail-mode maps and log records.
pub fn canonical_event(name: &str) -> String {
    let mapped = match name {
        "preToolUse" => "PreToolUse",
        "postToolUse" => "PostToolUse",
        "postToolUseFailure" => "PostToolUseFailure",
        "userPromptSubmitted" | "userPromptSubmit" | "UserPromptSubmitted" => "UserPromptSubmit",
        "permissionRequest" => "PermissionRequest",
        "agentStop" | "AgentStop" => "Stop",
        "subagentStop" => "SubagentStop",
        "subagentStart" => "SubagentStart",
        "sessionStart" => "SessionStart",
        "sessionEnd" => "SessionEnd",
        "preCompact" => "PreCompact",
        "errorOccurred" => "ErrorOccurred",
        "notification" => "Notification",
        other => {
            let mut chars = other.chars();
            return match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => "PreToolUse".to_string(),
            };
        }
    };
    mapped.to_string()
}

/// Fail closed where a harness lets a hook block; observe-only events fail open.
pub fn default_fail_mode(event: &str) -> Verdict {
    match event {
        "PreToolUse" | "UserPromptSubmit" | "PermissionRequest" => Verdict::Deny,
        _ => Verdict::Allow,
    }
}

/// The relay's own answer, in the harness's dialect. `allow` is always `{}` (no opinion: the
/// harness's normal permission flow runs), never an explicit `permissionDecision:"allow"`, which
/// would skip the harness's own prompts while no policy was consulted.
pub fn render(h: Harness, event: &str, v: Verdict, reason: &str) -> String {
    let copilot = h == Harness::Copilot;
    let out = match (event, v) {
        ("PreToolUse", Verdict::Deny | Verdict::Ask) => {
            let nested = json!({
                "hookEventName": "PreToolUse",
                "permissionDecision": v.as_str(),
                "permissionDecisionReason": reason,
            });
            if copilot {
                // Copilot reads the top-level form; its PascalCase mode may read the nested one.
                json!({
                    "permissionDecision": v.as_str(),
                    "permissionDecisionReason": reason,
                    "hookSpecificOutput": nested,
                })
            } else {
                json!({ "hookSpecificOutput": nested })
            }
        }
        ("PermissionRequest", Verdict::Deny) => {
            let decision = json!({ "behavior": "deny", "message": reason });
            let nested = json!({ "hookEventName": "PermissionRequest", "decision": decision });
            if copilot {
                json!({ "behavior": "deny", "message": reason, "hookSpecificOutput": nested })
            } else {
                json!({ "hookSpecificOutput": nested })
            }
        }
        // No "ask" shape for a prompt: fail closed.
        ("UserPromptSubmit", Verdict::Deny | Verdict::Ask) => {
            json!({ "decision": "block", "reason": reason })
        }
        _ => Value::Object(Default::default()),
    };
    out.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peek_reads_top_level_only() {
        let p = peek(r#"{"hook_event_name":"PreToolUse","cwd":"/w","tool_input":{"cwd":"/x"}}"#);
        assert_eq!(p.event.as_deref(), Some("PreToolUse"));
        assert_eq!(p.cwd.as_deref(), Some("/w"));
        assert_eq!(peek(r#"[{"hook_event_name":"Stop"}]"#).event, None);
        assert_eq!(peek("{nope").event, None);
    }

    #[test]
    fn copilot_camel_case_inference() {
        let p = peek(r#"{"toolName":"bash","toolArgs":"{}","cwd":"/w"}"#);
        assert_eq!(detect_harness(&p), Harness::Copilot);
        assert_eq!(infer_event(&p), Some("preToolUse"));
        let p = peek(r#"{"toolName":"bash","toolResult":{}}"#);
        assert_eq!(infer_event(&p), Some("postToolUse"));
        assert_eq!(canonical_event("agentStop"), "Stop");
        assert_eq!(canonical_event("userPromptSubmitted"), "UserPromptSubmit");
        assert_eq!(canonical_event("somethingNew"), "SomethingNew");
    }

    #[test]
    fn event_scan_in_a_prefix() {
        assert_eq!(
            scan_event(r#"{"session_id":"1", "hook_event_name" : "PostToolUse", "tool_input":{"#),
            Some("PostToolUse".into())
        );
        assert_eq!(scan_event(r#"{"hook_event_name": 3}"#), None);
    }

    #[test]
    fn renders() {
        let r = render(Harness::Claude, "PreToolUse", Verdict::Deny, "no");
        assert_eq!(
            r,
            r#"{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}"#
        );
        let r = render(Harness::Copilot, "PermissionRequest", Verdict::Deny, "no");
        let v: Value = serde_json::from_str(&r).unwrap();
        assert_eq!(v["behavior"], "deny");
        assert_eq!(v["message"], "no");
        assert_eq!(
            render(Harness::Codex, "UserPromptSubmit", Verdict::Deny, "no"),
            r#"{"decision":"block","reason":"no"}"#
        );
        assert_eq!(
            render(Harness::Claude, "PreToolUse", Verdict::Allow, "x"),
            "{}"
        );
        assert_eq!(
            render(Harness::Claude, "PostToolUse", Verdict::Deny, "x"),
            "{}"
        );
    }
}
