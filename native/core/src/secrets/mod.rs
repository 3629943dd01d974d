//! Provider token formats in one compiled RegexSet with a keyword prefilter.
//!
//! The rule table ([`rules`]) is compiled once, on first use, into:
//! - one ASCII-case-insensitive Aho-Corasick automaton over every rule's keywords. A text in which
//!   no keyword occurs costs one pass of that automaton and nothing else;
//! - one [`RegexSet`] over every rule, run once when some keyword occurs, to learn which rules
//!   match at all;
//! - one [`Regex`] per rule, run only for rules that both had a keyword hit and matched in the set,
//!   to find the spans.
//!
//! # Spans and overlaps
//! A finding's span covers the secret value itself (`AKIA…`, the password in `postgres://u:p@h`,
//! the value of `API_KEY=…`), not the surrounding key or URL, so that redaction keeps the context
//! readable. When the spans of several matches overlap, one wins and the others are dropped:
//! 1. the more specific tier: a self-identifying token (`ghp_…`, a PEM block) beats a value named
//!    by its context (`DATADOG_API_KEY=…`, a database URL), which beats the generic
//!    `password=`/`token=` rule;
//! 2. within a tier, the match that starts first;
//! 3. then the longer match;
//! 4. then the rule listed first in the table (more specific rules are listed first).
//!
//! # Redaction label
//! [`redact`] replaces every reported span with `[REDACTED:<rule id>]`, using the full rule id as
//! it appears in the findings and the decision log, e.g. `[REDACTED:secrets.github-pat]`.

mod rules;

use std::cmp::Reverse;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::finding::category;
use crate::{Finding, Span};

use rules::{RuleSpec, Shape, RULES};

/// The text with every secret replaced by `[REDACTED:<rule>]`, and what was replaced.
#[derive(Debug, Clone)]
pub struct Redaction {
    pub text: String,
    /// The findings that were redacted, with spans into the *original* text.
    pub findings: Vec<Finding>,
}

/// Ids of all built-in rules (for coverage reports and the schema).
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

/// Every secret in `text`, in order of position, without overlaps (see the module docs).
pub fn scan(text: &str) -> Vec<Finding> {
    engine()
        .hits(text)
        .into_iter()
        .map(|h| {
            let rule = &RULES[h.rule];
            Finding {
                rule_id: rule.id.to_owned(),
                category: category::SECRET.to_owned(),
                severity: rule.severity,
                span: h.span,
                message: rule.message.to_owned(),
            }
        })
        .collect()
}

/// `text` with every finding of [`scan`] replaced by `[REDACTED:<rule id>]`.
pub fn redact(text: &str) -> Redaction {
    let findings = scan(text);
    if findings.is_empty() {
        return Redaction { text: text.to_owned(), findings };
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &findings {
        out.push_str(&text[at..f.span.start]);
        out.push_str("[REDACTED:");
        out.push_str(&f.rule_id);
        out.push(']');
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    Redaction { text: out, findings }
}

// ---- compilation ----

const WORD_BOUNDARY: &str = r"(?-u:\b)";
const TOKEN_END: &str = r"(?:[^A-Za-z0-9_-]|\z)";
const ASSIGN: &str = r#"[A-Za-z0-9_.-]{0,20}?["'`]?[ \t]{0,3}(?:=|:=|:|=>|\?=|,|>)[ \t]{0,3}["'`]?"#;

/// The regex source of a rule, placeholders expanded.
fn regex_source(rule: &RuleSpec) -> String {
    let template = match rule.shape {
        Shape::Template(t) => t.to_owned(),
        Shape::Assign { names, value } => format!("(?i:{names}){{A}}({value}){{E}}"),
    };
    template.replace("{B}", WORD_BOUNDARY).replace("{E}", TOKEN_END).replace("{A}", ASSIGN)
}

/// Rules are tracked in a fixed-size bit set; the table must stay within it.
const MAX_RULES: usize = 256;

#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct RuleBits([u64; MAX_RULES / 64]);

impl RuleBits {
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn union(&mut self, other: &RuleBits) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
}

/// One Aho-Corasick pattern: which rules it enables and how strictly it must match.
struct Keyword {
    rules: RuleBits,
    /// The byte before the hit must not be ASCII alphanumeric.
    word_start: bool,
    /// The hit must have exactly this case.
    exact: Option<&'static str>,
}

struct Engine {
    keywords: AhoCorasick,
    keyword_info: Vec<Keyword>,
    set: RegexSet,
    regexes: Vec<Regex>,
}

/// Per-rule and set size limits: generous for the built-in table, which is tested to compile.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
const SET_SIZE_LIMIT: usize = 64 << 20;
const SET_DFA_SIZE_LIMIT: usize = 16 << 20;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::build() {
        Ok(e) => e,
        // The table is static and a test compiles it, so this is a programming error.
        Err(e) => panic!("built-in secret rules do not compile: {e}"),
    })
}

impl Engine {
    fn build() -> Result<Engine, String> {
        assert!(RULES.len() <= MAX_RULES, "too many secret rules for RuleBits");
        let sources: Vec<String> = RULES.iter().map(regex_source).collect();
        let mut regexes = Vec::with_capacity(sources.len());
        for (rule, source) in RULES.iter().zip(&sources) {
            let re = RegexBuilder::new(source)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| format!("{}: {e}", rule.id))?;
            regexes.push(re);
        }
        let set = RegexSetBuilder::new(&sources)
            .size_limit(SET_SIZE_LIMIT)
            .dfa_size_limit(SET_DFA_SIZE_LIMIT)
            .build()
            .map_err(|e| format!("set: {e}"))?;

        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_info: Vec<Keyword> = Vec::new();
        for (i, rule) in RULES.iter().enumerate() {
            if rule.keywords.is_empty() {
                return Err(format!("{}: every rule needs a keyword", rule.id));
            }
            for spec in rule.keywords {
                let (word_start, rest) = match spec.strip_prefix('^') {
                    Some(rest) => (true, rest),
                    None => (false, *spec),
                };
                let (exact, text) = match rest.strip_prefix('=') {
                    Some(text) => (Some(text), text),
                    None => (None, rest),
                };
                let lower = text.to_ascii_lowercase();
                let existing = patterns.iter().zip(&keyword_info).position(|(p, k)| {
                    *p == lower && k.word_start == word_start && k.exact == exact
                });
                let slot = match existing {
                    Some(slot) => slot,
                    None => {
                        patterns.push(lower);
                        keyword_info.push(Keyword {
                            rules: RuleBits::default(),
                            word_start,
                            exact,
                        });
                        patterns.len() - 1
                    }
                };
                keyword_info[slot].rules.set(i);
            }
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| format!("keywords: {e}"))?;
        Ok(Engine { keywords, keyword_info, set, regexes })
    }

    /// Rules whose keywords occur in `text`.
    fn candidates(&self, text: &str) -> RuleBits {
        let bytes = text.as_bytes();
        let mut cands = RuleBits::default();
        for m in self.keywords.find_overlapping_iter(text) {
            let k = &self.keyword_info[m.pattern().as_usize()];
            if k.word_start && m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                continue;
            }
            if let Some(exact) = k.exact {
                if &bytes[m.start()..m.end()] != exact.as_bytes() {
                    continue;
                }
            }
            cands.union(&k.rules);
        }
        cands
    }

    /// The surviving matches, sorted by position.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let cands = self.candidates(text);
        if cands.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for i in self.set.matches(text).iter() {
            if !cands.has(i) {
                continue;
            }
            let rule = &RULES[i];
            for caps in self.regexes[i].captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                let secret = caps.iter().skip(1).flatten().next().unwrap_or(whole);
                if secret.is_empty() {
                    continue;
                }
                if let Some(check) = rule.check {
                    if !check(whole.as_str(), secret.as_str()) {
                        continue;
                    }
                }
                hits.push(Hit { rule: i, span: Span::new(secret.start(), secret.end()) });
            }
        }
        resolve_overlaps(hits)
    }
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    rule: usize,
    span: Span,
}

/// Keeps one hit per overlapping group (the order is documented on the module) and sorts the
/// survivors by position.
fn resolve_overlaps(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by_key(|h| {
        (RULES[h.rule].tier, h.span.start, Reverse(h.span.end - h.span.start), h.rule)
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept.iter().all(|k| k.span.end <= h.span.start || h.span.end <= k.span.start) {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| (h.span.start, h.span.end));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles_and_ids_are_unique() {
        let e = engine();
        assert_eq!(e.regexes.len(), RULES.len());
        let mut ids = rule_ids();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
        assert!(ids.iter().all(|id| id.starts_with("secrets.")));
    }

    #[test]
    fn entropy_is_bits_per_byte() {
        assert_eq!(rules::entropy("aaaa"), 0.0);
        assert!((rules::entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn generic_value_gate() {
        let ok = |v: &str| rules::high_entropy_value("", v);
        assert!(ok("s3cr3tP4ssw0rdX9"));
        assert!(!ok("getPassword"), "no digit");
        assert!(!ok("12345678901"), "no letter");
        assert!(!ok("aaaa1111"), "low entropy");
        assert!(!ok("your_api_key_here1"), "placeholder");
    }
}
#[doc(hidden)]
pub fn debug_candidates(text: &str) -> Vec<&'static str> {
    let c = engine().candidates(text);
    (0..RULES.len()).filter(|&i| c.has(i)).map(|i| RULES[i].id).collect()
}
#[doc(hidden)]
pub fn debug_keywords() -> Vec<String> {
    let mut v = Vec::new();
    for r in RULES { for k in r.keywords { v.push(k.trim_start_matches('^').trim_start_matches('=').to_ascii_lowercase()); } }
    v.sort(); v.dedup(); v
}
