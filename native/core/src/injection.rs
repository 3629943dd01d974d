//! Prompt-injection markers in tool output.
//!
//! Three kinds of marker:
//! - literal phrases (`<|im_start|>`, `</system>`, `BEGIN SYSTEM PROMPT`), found directly by one
//!   ASCII-case-insensitive Aho-Corasick automaton;
//! - sentence patterns (`ignore all previous instructions`, `do not tell the user`, `send the API
//!   keys to https://…`): the automaton finds the word each can start with, and the pattern is
//!   tried, anchored, only there;
//! - invisible characters: Unicode tag characters (U+E0000–U+E007F, "ASCII smuggling"; the hidden
//!   text is decoded into the message, with secrets redacted), runs of zero-width characters and
//!   bidirectional controls. Pure-ASCII text skips this check.
//!
//! Phrases and keywords that start (end) with a letter or digit must start (end) a word, so
//! `dan mode` does not fire inside `sudan model` and `do` does not fire inside `document`; tags
//! (`<system>`, `[INST]`) must not follow a letter or digit, so Perl's `C<system>` is not a tag.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::{meta, Anchored, Input};

use crate::finding::category;
use crate::Severity::{self, High, Low, Medium};
use crate::{Finding, Span};

enum Kind {
    /// Reported wherever one of the phrases occurs.
    Phrases(&'static [&'static str]),
    /// `regex` is tried, anchored, where one of `starts` occurs (each match of `regex` must begin
    /// with one of them). The regex is compiled case-insensitively.
    Pattern {
        starts: &'static [&'static str],
        regex: &'static str,
    },
}

struct Marker {
    id: &'static str,
    message: &'static str,
    severity: Severity,
    kind: Kind,
}

const fn phrases(
    id: &'static str,
    message: &'static str,
    severity: Severity,
    list: &'static [&'static str],
) -> Marker {
    Marker {
        id,
        message,
        severity,
        kind: Kind::Phrases(list),
    }
}

const fn pattern(
    id: &'static str,
    message: &'static str,
    severity: Severity,
    starts: &'static [&'static str],
    regex: &'static str,
) -> Marker {
    Marker {
        id,
        message,
        severity,
        kind: Kind::Pattern { starts, regex },
    }
}

/// The text markers. Each pattern's `starts` are the words its regex can begin with.
const MARKERS: &[Marker] = &[
    pattern(
        "injection.ignore-instructions",
        "Tool output tells the agent to ignore its previous instructions",
        High,
        &["ignore", "disregard", "forget"],
        concat!(
            r"(?:ignore|disregard|forget)\s+(?:(?:the|of|my|these|those|and|other|current)\s+)*",
            r"(?:all|any|every|previous|prior|preceding|above|earlier|former|original|initial|",
            r"existing|system|your|developer|safety)\s+",
            r"(?:(?:the|of|my|your|these|those|and|other|previous|prior|above|earlier|system|",
            r"developer|safety|existing)\s+)*",
            r"(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guardrails|",
            r"constraints|programming|guidance|policies)(?-u:\b)"
        ),
    ),
    pattern(
        "injection.disregard-above",
        "Tool output tells the agent to disregard what came before",
        High,
        &["ignore", "disregard", "forget"],
        concat!(
            r"(?:ignore|disregard|forget)\s+(?:(?:all|everything|anything|the|that|what|was|is|",
            r"you\s+were\s+told|you\s+have\s+been\s+told|said|written|stated|of)\s+){0,4}",
            r"(?:above|before\s+this|so\s+far|previously)",
            r"(?:\s*(?:[.!:;,]|\z)|\s+(?:instructions?|prompts?|text|content|messages?|context|",
            r"and|then)(?-u:\b))"
        ),
    ),
    pattern(
        "injection.role-reassignment",
        "Tool output tries to give the agent a new role",
        Medium,
        &["you", "from"],
        concat!(
            r"you\s+are\s+now\s+(?:an?\s+|the\s+|my\s+|in\s+)?",
            r"(?:DAN(?-u:\b)|unrestricted|unfiltered|uncensored|jailbroken|free\s+(?:from|of)|",
            r"no\s+longer\s+(?:an?\s+)?(?:ai|assistant|bound|restricted)|",
            r"(?:[a-z-]+\s+){0,2}(?:ai|assistant|model|agent|bot|persona|character|hacker|mode)(?-u:\b))",
            r"|from\s+now\s+on,?\s+you\s+(?:are|will|must|shall)(?-u:\b)"
        ),
    ),
    phrases(
        "injection.chat-template-token",
        "Tool output contains chat-template control tokens",
        Medium,
        &[
            "<|im_start|>",
            "<|im_end|>",
            "<|system|>",
            "<|user|>",
            "<|assistant|>",
            "<|endoftext|>",
            "<|start_header_id|>",
            "<|end_header_id|>",
            "<|eot_id|>",
            "[inst]",
            "[/inst]",
            "<<sys>>",
            "<</sys>>",
            "<start_of_turn>",
            "<end_of_turn>",
        ],
    ),
    phrases(
        "injection.fake-system-tag",
        "Tool output contains a fake system-prompt tag",
        High,
        &[
            "<system>",
            "</system>",
            "<system_prompt>",
            "</system_prompt>",
            "<system-prompt>",
            "</system-prompt>",
            "<system-reminder>",
            "</system-reminder>",
            "<system_message>",
            "</system_message>",
        ],
    ),
    phrases(
        "injection.system-prompt-marker",
        "Tool output claims to contain a system prompt",
        Medium,
        &[
            "system prompt:",
            "begin system prompt",
            "end system prompt",
            "start of system prompt",
            "end of system prompt",
            "new system prompt",
            "system message:",
            "### system:",
            "### system prompt",
            "[system message]",
        ],
    ),
    pattern(
        "injection.new-instructions",
        "Tool output announces new instructions",
        Medium,
        &[
            "new",
            "updated",
            "revised",
            "real",
            "actual",
            "secret",
            "hidden",
            "additional",
            "important",
            "urgent",
        ],
        concat!(
            r"(?:new|updated|revised|real|actual|secret|hidden|additional|important|urgent)",
            r"\s+instructions?\s*(?:for\s+(?:the\s+)?(?:ai|assistant|agent|model)\s*)?:"
        ),
    ),
    pattern(
        "injection.conceal-from-user",
        "Tool output tells the agent to hide something from the user",
        High,
        &["do", "don't", "don’t", "dont", "never", "without", "user"],
        concat!(
            r"(?:(?:do\s+not|don['’]?t|never)\s+(?:tell|inform|mention|reveal|notify|alert)",
            r"|without\s+(?:telling|informing|alerting))\s+",
            r"(?:(?:this|it|anything|that|about\s+(?:this|it))\s+)?(?:to\s+)?(?:the\s+)?",
            r"(?:user|human|operator)s?(?-u:\b)",
            r"|user\s+(?:must|should)\s+(?:not|never)\s+",
            r"(?:know|notice|find\s+out|be\s+(?:told|informed))(?-u:\b)"
        ),
    ),
    pattern(
        "injection.exfiltrate-secrets",
        "Tool output asks for secrets or the conversation to be sent somewhere",
        High,
        &[
            "send",
            "post",
            "upload",
            "forward",
            "transmit",
            "leak",
            "submit",
            "share",
            "email",
            "copy",
            "exfiltrate",
        ],
        concat!(
            r"(?:send|post|upload|forward|transmit|leak|submit|share|email|copy|exfiltrate)(?-u:\b)",
            r"[^\n]{0,80}?(?-u:\b)(?:secrets?|credentials?|api[\s_-]?keys?|tokens?|passwords?|",
            r"\.env|ssh|private\s+keys?|cookies?|env(?:ironment)?\s+variables?|conversation|",
            r"chat\s+history|system\s+prompt)(?-u:\b)[^\n]{0,80}?(?-u:\b)(?:to|into|at|via)\s+",
            r"(?:https?://|ftp://|wss?://|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z])"
        ),
    ),
    pattern(
        "injection.exfiltration-word",
        "Tool output talks about exfiltrating data",
        Low,
        &["exfiltrat"],
        r"exfiltrat[a-z]*",
    ),
    phrases(
        "injection.jailbreak",
        "Tool output contains a known jailbreak phrase",
        Medium,
        &[
            "do anything now",
            "developer mode enabled",
            "dan mode",
            "jailbreak mode",
            "jailbroken mode",
            "god mode enabled",
            "no ethical guidelines",
            "without any restrictions",
        ],
    ),
    phrases(
        "injection.fake-tool-call",
        "Tool output contains text shaped like a tool call",
        Medium,
        &[
            "<function_calls>",
            "</function_calls>",
            "<invoke name=",
            "<tool_call>",
            "<tool_use>",
            "<|tool_call|>",
        ],
    ),
    pattern(
        "injection.ai-directive",
        "Tool output addresses the AI agent directly",
        Medium,
        &[
            "note",
            "message",
            "instruction",
            "instructions",
            "attention",
            "reminder",
            "if",
        ],
        concat!(
            r"(?:note|message|instructions?|attention|reminder)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?",
            r"(?:ai\s+(?:assistant|agent|model)|ai|llm|assistant|agent|model|language\s+model|",
            r"coding\s+agent|chatbot)s?(?-u:\b)",
            r"|if\s+you\s+are\s+(?:an?\s+)?(?:ai\s+assistant|ai\s+agent|ai|llm|",
            r"large\s+language\s+model|language\s+model|coding\s+agent)(?-u:\b)"
        ),
    ),
];

const HIDDEN_TAGS: &str = "injection.hidden-unicode-tags";
const ZERO_WIDTH: &str = "injection.zero-width-run";
const BIDI: &str = "injection.bidi-control";

/// A run of this many zero-width characters or more is reported (single ones occur in emoji
/// sequences and around words in ordinary text).
const ZERO_WIDTH_RUN: usize = 3;

/// Ids of all markers.
pub fn rule_ids() -> Vec<&'static str> {
    MARKERS
        .iter()
        .map(|m| m.id)
        .chain([HIDDEN_TAGS, ZERO_WIDTH, BIDI])
        .collect()
}

/// Every marker in `text`, ordered by position.
pub fn scan(text: &str) -> Vec<Finding> {
    let e = engine();
    let mut findings = Vec::new();
    let bytes = text.as_bytes();
    for m in e.automaton.find_overlapping_iter(text) {
        let (start, end) = (m.start(), m.end());
        let Some(entry) = e.entries.get(m.pattern().as_usize()) else {
            continue;
        };
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        if entry.word_start && start > 0 && word(bytes.get(start - 1)) {
            continue;
        }
        if entry.word_end && word(bytes.get(end)) {
            continue;
        }
        for &(marker, ref regex) in &entry.targets {
            let span = match regex {
                None => Some(Span::new(start, end)),
                Some(re) => re
                    .search(&Input::new(text).range(start..).anchored(Anchored::Yes))
                    .map(|m| Span::new(m.start(), m.end())),
            };
            if let Some(span) = span {
                push(&mut findings, &MARKERS[marker], span);
            }
        }
    }
    if !text.is_ascii() {
        invisible_characters(text, &mut findings);
    }
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    findings
}

fn push(findings: &mut Vec<Finding>, marker: &Marker, span: Span) {
    // The same marker can be reached twice at one place (two phrases, or a keyword listed by two
    // markers); exact repeats are dropped.
    if findings
        .iter()
        .any(|f| f.rule_id == marker.id && f.span == span)
    {
        return;
    }
    findings.push(Finding {
        rule_id: marker.id.to_owned(),
        category: category::PROMPT_INJECTION.to_owned(),
        severity: marker.severity,
        span,
        message: marker.message.to_owned(),
    });
}

/// One automaton pattern: what it triggers and how it must sit in the text.
struct Entry {
    word_start: bool,
    word_end: bool,
    /// `(marker, anchored regex)`; no regex for phrases.
    targets: Vec<(usize, Option<meta::Regex>)>,
}

struct Engine {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match build() {
        Ok(e) => e,
        // The marker table is static and a test compiles it, so this is a programming error.
        Err(e) => panic!("built-in injection markers do not compile: {e}"),
    })
}

fn build() -> Result<Engine, String> {
    let mut words: Vec<String> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (i, marker) in MARKERS.iter().enumerate() {
        let (list, regex) = match marker.kind {
            Kind::Phrases(list) => (list, None),
            Kind::Pattern { starts, regex } => {
                let re = meta::Regex::builder()
                    .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                    .build(regex)
                    .map_err(|e| format!("{}: {e}", marker.id))?;
                (starts, Some(re))
            }
        };
        for w in list {
            let lower = w.to_lowercase();
            let slot = words.iter().position(|x| *x == lower).unwrap_or_else(|| {
                let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let first = lower.chars().next();
                entries.push(Entry {
                    word_start: alnum(first) || matches!(first, Some('<' | '[')),
                    word_end: alnum(lower.chars().last()),
                    targets: Vec::new(),
                });
                words.push(lower);
                words.len() - 1
            });
            entries[slot].targets.push((i, regex.clone()));
        }
    }
    // Keywords that only start a pattern's word (`exfiltrat`) must not need a word end.
    for (w, e) in words.iter().zip(entries.iter_mut()) {
        if w == "exfiltrat" {
            e.word_end = false;
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .map_err(|e| e.to_string())?;
    Ok(Engine { automaton, entries })
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_tag(c: char) -> bool {
    ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// Runs of tag characters, zero-width characters and bidirectional controls.
fn invisible_characters(text: &str, findings: &mut Vec<Finding>) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let class: fn(char) -> bool = if is_tag(c) {
            is_tag
        } else if is_zero_width(c) {
            is_zero_width
        } else if is_bidi_control(c) {
            is_bidi_control
        } else {
            continue;
        };
        let mut end = start + c.len_utf8();
        let mut count = 1;
        let mut hidden = String::new();
        let mut decode = |c: char| {
            // Tags U+E0020..U+E007E mirror ASCII 0x20..0x7E.
            if let Some(a) =
                char::from_u32(u32::from(c) - 0xE0000).filter(|a| (' '..='~').contains(a))
            {
                hidden.push(a);
            }
        };
        if is_tag(c) {
            decode(c);
        }
        while let Some(&(i, n)) = chars.peek() {
            if !class(n) {
                break;
            }
            if is_tag(n) {
                decode(n);
            }
            end = i + n.len_utf8();
            count += 1;
            chars.next();
        }
        let span = Span::new(start, end);
        let (id, severity, message) = if is_tag(c) {
            let shown: String = crate::secrets::redact(&hidden)
                .text
                .chars()
                .take(120)
                .collect();
            (
                HIDDEN_TAGS,
                High,
                format!("Tool output hides {count} Unicode tag characters: {shown:?}"),
            )
        } else if is_zero_width(c) {
            if count < ZERO_WIDTH_RUN {
                continue;
            }
            (
                ZERO_WIDTH,
                Medium,
                format!("Tool output contains a run of {count} zero-width characters"),
            )
        } else {
            (
                BIDI,
                Low,
                format!("Tool output contains {count} bidirectional control characters"),
            )
        };
        findings.push(Finding {
            rule_id: id.to_owned(),
            category: category::PROMPT_INJECTION.to_owned(),
            severity,
            span,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers_compile() {
        let _ = super::engine();
        assert_eq!(super::rule_ids().len(), super::MARKERS.len() + 3);
    }
}
