//! The little the relay knows about harness dialects: enough to find the event and cwd in a
//! payload and to render a fail-mode answer from the shared table (`protocol/dialects.json`).
//! Everything else is the engine's adapters' job.

use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// The harness dialects, written once for the relay and the engine (`protocol/dialects.json`).
static TABLE_TEXT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../protocol/dialects.json"
));

fn table() -> &'static Value {
    static TABLE: OnceLock<Value> = OnceLock::new();
    // The file is compiled in and checked by this crate's tests: a parse failure cannot reach a user.
    TABLE.get_or_init(|| serde_json::from_str(TABLE_TEXT).unwrap_or(Value::Null))
}

/// The canonical (PascalCase) name of any harness's spelling of an event, as used in fail-mode maps
/// and log records. A name no harness uses is treated as the strictest event, PreToolUse.
pub fn canonical_event(name: &str) -> String {
    let Some(events) = table()["events"].as_object() else {
        return "PreToolUse".into();
    };
    if events.contains_key(name) {
        return name.to_string();
    }
    events
        .iter()
        .find(|(_, e)| {
            e["aliases"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(name)))
        })
        .map_or_else(|| "PreToolUse".into(), |(canonical, _)| canonical.clone())
}

/// Fail closed where a harness lets a hook block; observe-only events fail open.
pub fn default_fail_mode(event: &str) -> Verdict {
    if table()["events"][event]["blocking"].as_bool() == Some(true) {
        Verdict::Deny
    } else {
        Verdict::Allow
    }
}

/// A template with every `"$name"` string replaced by `values[name]`.
fn fill(template: &Value, values: &[(&str, &str)]) -> Value {
    match template {
        Value::String(s) => s
            .strip_prefix('$')
            .and_then(|name| values.iter().find(|(k, _)| *k == name))
            .map_or_else(
                || template.clone(),
                |(_, v)| Value::String((*v).to_string()),
            ),
        Value::Array(items) => Value::Array(items.iter().map(|t| fill(t, values)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The relay's own answer (a fail mode decided: no policy was consulted), in the harness's
/// dialect, as the table renders it. An `allow` is the table's `failModeAllow` (`{}`, no opinion:
/// the harness's normal permission flow runs), never an explicit allow that would skip the
/// harness's own prompts. Where the harness cannot ask, an ask is answered as deny.
pub fn render(h: Harness, event: &str, v: Verdict, reason: &str) -> String {
    let t = table();
    let dialect = &t["harnesses"][h.as_str()];
    let ask_as_deny = v == Verdict::Ask
        && dialect["askAsDeny"]
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e.as_str() == Some(event)));
    let (v, reason) = if ask_as_deny {
        let template = t["askAsDenyReason"].as_str().unwrap_or("$reason");
        (Verdict::Deny, template.replace("$reason", reason))
    } else {
        (v, reason.to_string())
    };
    if v == Verdict::Allow {
        return t["failModeAllow"].to_string();
    }
    let own = &dialect["renderings"][event][v.as_str()];
    let template = if own.is_null() {
        let shape = dialect["shape"].as_str().unwrap_or("nested");
        &t["renderings"][shape][event][v.as_str()]
    } else {
        own
    };
    if template.is_null() {
        return "{}".into();
    }
    fill(template, &[("reason", &reason)]).to_string()
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
        assert_eq!(canonical_event("errorOccurred"), "Notification");
        assert_eq!(canonical_event("somethingNew"), "PreToolUse");
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
    fn the_shared_table_is_compiled_in() {
        assert!(
            table()["events"].is_object(),
            "protocol/dialects.json did not parse"
        );
        for h in ["claude", "codex", "copilot", "vscode"] {
            assert!(table()["harnesses"][h]["shape"].is_string(), "{h}");
        }
        assert_eq!(default_fail_mode("PermissionRequest"), Verdict::Deny);
        assert_eq!(default_fail_mode("Notification"), Verdict::Allow);
    }

    #[test]
    fn codex_cannot_ask() {
        let v: Value =
            serde_json::from_str(&render(Harness::Codex, "PreToolUse", Verdict::Ask, "why"))
                .unwrap();
        assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
        assert_eq!(
            v["hookSpecificOutput"]["permissionDecisionReason"],
            "Needs approval: why"
        );
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
            r#"{"decision":"block","reason":"x"}"#
        );
        assert_eq!(
            render(Harness::Claude, "SessionStart", Verdict::Deny, "x"),
            "{}"
        );
    }

    const PROP_CASES: u32 = 512;

    #[test]
    #[allow(clippy::print_stdout)] // the case count is this test's report
    fn prop_case_count() {
        // Shown by the test command (cargo test --show-output).
        println!("proptest: relay payload reading and fail-mode rendering (in-process) {PROP_CASES} cases");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: PROP_CASES, failure_persistence: None, ..Default::default() })]

        /// Whatever the text, reading it never panics and every fail-mode answer is a JSON object.
        #[test]
        fn any_text_reads_and_renders(text in "\\PC{0,200}", bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), reason in "\\PC{0,80}") {
            let lossy = String::from_utf8_lossy(&bytes);
            for t in [text.as_str(), &lossy] {
                let p = peek(t);
                let _ = detect_harness(&p);
                let _ = infer_event(&p);
                let _ = scan_event(t);
                let event = canonical_event(t);
                for h in [Harness::Claude, Harness::Codex, Harness::Copilot, Harness::Vscode] {
                    for v in [Verdict::Allow, Verdict::Ask, Verdict::Deny] {
                        let out: Value = serde_json::from_str(&render(h, &event, v, &reason)).unwrap();
                        proptest::prop_assert!(out.is_object());
                    }
                }
            }
        }
    }
}
