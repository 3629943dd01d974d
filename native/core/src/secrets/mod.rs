//! Provider token formats in one compiled RegexSet with a keyword prefilter.
//!
//! The rule table ([`rules`]) is compiled once, on first use, into:
//! - one ASCII-case-insensitive Aho-Corasick automaton over every rule's keywords. A text in which
//!   no keyword occurs costs one pass of that automaton and nothing else;
//! - one [`RegexSet`] over every rule, run once when some keyword occurs, to learn which rules
//!   match at all;
//! - one regex per rule, to find the spans.
//!
//! When few rules are candidates (the usual case), each candidate's own regex searches the text:
//! almost all of them start with a literal the regex engine skips to, so this costs less than one
//! pass of the set, whose cost per byte does not depend on how many rules are candidates. When
//! many are, the set runs once and only the rules it reports are searched. Rules that have no such
//! literal but always start at one of their keywords (the generic `password=` rule) are instead
//! verified by anchored searches at their keyword hits.
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
use regex::{RegexSet, RegexSetBuilder};
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Anchored, Input};

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
        return Redaction {
            text: text.to_owned(),
            findings,
        };
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
    Redaction {
        text: out,
        findings,
    }
}

// ---- compilation ----

const WORD_BOUNDARY: &str = r"(?-u:\b)";
const TOKEN_END: &str = r"(?:[^A-Za-z0-9_-]|\z)";
const ASSIGN: &str = r#"[A-Za-z0-9_.-]{0,20}?["'`]?[ \t]{0,3}(?:=|:=|:|=>|\?=)[ \t]{0,3}["'`]?"#;

/// The regex source of a rule, placeholders expanded.
fn regex_source(rule: &RuleSpec) -> String {
    let template = match rule.shape {
        Shape::Template(t) => t.to_owned(),
        Shape::Assign { names, value } => format!("(?i:{names}){{A}}({value}){{E}}"),
    };
    template
        .replace("{B}", WORD_BOUNDARY)
        .replace("{E}", TOKEN_END)
        .replace("{A}", ASSIGN)
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

    fn minus(&self, other: &RuleBits) -> RuleBits {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0.iter()) {
            *a &= !b;
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..MAX_RULES).filter(|&i| self.has(i))
    }
}

/// One keyword (text and flags): which rules it enables and how strictly it must match.
struct Keyword {
    len: usize,
    /// Rules listing this keyword.
    rules: RuleBits,
    /// The subset of `rules` verified by anchored searches at this keyword's hits.
    anchored: RuleBits,
    /// The byte before the hit must not be ASCII alphanumeric.
    word_start: bool,
    /// The hit must have exactly this case.
    exact: Option<&'static str>,
}

struct Engine {
    /// One pattern per distinct keyword text (lower-cased).
    keywords: AhoCorasick,
    keyword_info: Vec<Keyword>,
    /// For each pattern of `keywords`: the keywords to check when it is reported, i.e. those
    /// whose text is the pattern's text or a proper prefix of it. A leftmost-longest search
    /// reports only the longest pattern starting at a position, and the shorter ones starting
    /// there are its prefixes.
    checks: Vec<Vec<usize>>,
    anchored_rules: RuleBits,
    set: RegexSet,
    regexes: Vec<meta::Regex>,
}

/// Per-rule and set size limits: generous for the built-in table, which is tested to compile.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
const SET_SIZE_LIMIT: usize = 64 << 20;
const SET_DFA_SIZE_LIMIT: usize = 16 << 20;

/// Up to this many candidate rules, each candidate's own regex searches the text (most start with
/// a literal the engine skips to, a fraction of a microsecond per 2 KB); beyond it, one pass of
/// the set over the text (a few microseconds per 2 KB whatever the number of rules) picks the
/// rules worth searching.
const DIRECT_CANDIDATES: u32 = 12;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::build() {
        Ok(e) => e,
        // The table is static and a test compiles it, so this is a programming error.
        Err(e) => panic!("built-in secret rules do not compile: {e}"),
    })
}

/// Parses a keyword spec (`^` word start, `=` exact case; see the `rules` module docs).
fn parse_keyword(spec: &'static str) -> (String, bool, Option<&'static str>) {
    let (word_start, rest) = match spec.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let (exact, text) = match rest.strip_prefix('=') {
        Some(text) => (Some(text), text),
        None => (None, rest),
    };
    (text.to_ascii_lowercase(), word_start, exact)
}

impl Engine {
    fn build() -> Result<Engine, String> {
        if RULES.len() > MAX_RULES {
            return Err(format!("{} rules, RuleBits holds {MAX_RULES}", RULES.len()));
        }
        let sources: Vec<String> = RULES.iter().map(regex_source).collect();
        let mut regexes = Vec::with_capacity(sources.len());
        for (rule, source) in RULES.iter().zip(&sources) {
            let re = meta::Regex::builder()
                .configure(meta::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
                .build(source)
                .map_err(|e| format!("{}: {e}", rule.id))?;
            regexes.push(re);
        }
        let set = RegexSetBuilder::new(&sources)
            .size_limit(SET_SIZE_LIMIT)
            .dfa_size_limit(SET_DFA_SIZE_LIMIT)
            .build()
            .map_err(|e| format!("set: {e}"))?;

        let mut texts: Vec<String> = Vec::new();
        let mut keyword_info: Vec<Keyword> = Vec::new();
        let mut anchored_rules = RuleBits::default();
        for (i, rule) in RULES.iter().enumerate() {
            if rule.keywords.is_empty() {
                return Err(format!("{}: every rule needs a keyword", rule.id));
            }
            if rule.anchored {
                anchored_rules.set(i);
            }
            for &spec in rule.keywords {
                let (lower, word_start, exact) = parse_keyword(spec);
                let existing = texts.iter().zip(&keyword_info).position(|(t, k)| {
                    *t == lower && k.word_start == word_start && k.exact == exact
                });
                let slot = existing.unwrap_or_else(|| {
                    texts.push(lower.clone());
                    keyword_info.push(Keyword {
                        len: lower.len(),
                        rules: RuleBits::default(),
                        anchored: RuleBits::default(),
                        word_start,
                        exact,
                    });
                    texts.len() - 1
                });
                keyword_info[slot].rules.set(i);
                if rule.anchored {
                    keyword_info[slot].anchored.set(i);
                }
            }
        }
        // `texts` holds one entry per keyword; the automaton gets each distinct text once.
        let mut patterns: Vec<String> = texts.clone();
        patterns.sort_unstable();
        patterns.dedup();
        let checks: Vec<Vec<usize>> = patterns
            .iter()
            .map(|long| {
                let prefix_of_long =
                    |(_, short): &(usize, &String)| long.starts_with(short.as_str());
                texts
                    .iter()
                    .enumerate()
                    .filter(prefix_of_long)
                    .map(|(k, _)| k)
                    .collect()
            })
            .collect();
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| format!("keywords: {e}"))?;
        Ok(Engine {
            keywords,
            keyword_info,
            checks,
            anchored_rules,
            set,
            regexes,
        })
    }

    /// One pass of the keyword automaton: the rules whose keywords occur, and where the keywords
    /// of anchored rules start.
    ///
    /// The search is leftmost-longest and restarts one byte after the start of each hit, so it
    /// reports every position where some keyword starts (the longest one there); `checks` adds
    /// the shorter keywords starting at the same position.
    fn prefilter(&self, text: &str) -> Prefiltered {
        let mut out = Prefiltered::default();
        let mut from = 0;
        while let Some(m) = self
            .keywords
            .find(aho_corasick::Input::new(text).range(from..))
        {
            for &k in &self.checks[m.pattern().as_usize()] {
                self.accept(text, k, m.start(), &mut out);
            }
            from = m.start() + 1;
            if from >= text.len() {
                break;
            }
        }
        out
    }

    fn accept(&self, text: &str, k: usize, at: usize, out: &mut Prefiltered) {
        let info = &self.keyword_info[k];
        let bytes = text.as_bytes();
        if info.word_start && at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            return;
        }
        if let Some(exact) = info.exact {
            if bytes.get(at..at + info.len) != Some(exact.as_bytes()) {
                return;
            }
        }
        out.candidates.union(&info.rules);
        if !info.anchored.is_empty() {
            out.anchors.push((at, k));
        }
    }

    /// The surviving matches, sorted by position.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let pre = self.prefilter(text);
        if pre.candidates.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();

        // Anchored rules: one anchored search per keyword hit.
        let mut caps = None;
        for &(at, k) in &pre.anchors {
            for i in self.keyword_info[k].anchored.iter() {
                let re = &self.regexes[i];
                let caps = caps.get_or_insert_with(|| re.create_captures());
                if caps.group_len() != re.captures_len() {
                    *caps = re.create_captures();
                }
                let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                // The DFA-only search rejects most keyword hits at their first bytes; captures
                // are computed only for real matches.
                if re.search_half(&input).is_none() {
                    continue;
                }
                re.search_captures(&input, caps);
                self.push_hit(text, i, caps, &mut hits);
            }
        }

        // The others: their own regexes when few, else the set picks.
        let unanchored = pre.candidates.minus(&self.anchored_rules);
        if unanchored.count() <= DIRECT_CANDIDATES {
            for i in unanchored.iter() {
                self.search_rule(text, i, &mut hits);
            }
        } else {
            for i in self.set.matches(text).iter() {
                if unanchored.has(i) {
                    self.search_rule(text, i, &mut hits);
                }
            }
        }
        resolve_overlaps(hits)
    }

    /// Every match of rule `i` in `text`.
    fn search_rule(&self, text: &str, i: usize, hits: &mut Vec<Hit>) {
        for caps in self.regexes[i].captures_iter(text) {
            self.push_hit(text, i, &caps, hits);
        }
    }

    fn push_hit(&self, text: &str, i: usize, caps: &Captures, hits: &mut Vec<Hit>) {
        let Some(whole) = caps.get_match() else {
            return;
        };
        let secret = (1..caps.group_len())
            .find_map(|g| caps.get_group(g))
            .unwrap_or_else(|| whole.span());
        if secret.is_empty() {
            return;
        }
        if let Some(check) = RULES[i].check {
            let m = rules::Matched {
                text,
                whole: whole.range(),
                secret: secret.range(),
            };
            if !check(&m) {
                return;
            }
        }
        let span = Span::new(secret.start, secret.end);
        if !hits.iter().any(|h| h.rule == i && h.span == span) {
            hits.push(Hit { rule: i, span });
        }
    }
}

#[derive(Default)]
struct Prefiltered {
    candidates: RuleBits,
    /// `(position, keyword)` for keywords of anchored rules.
    anchors: Vec<(usize, usize)>,
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
        (
            RULES[h.rule].tier,
            h.span.start,
            Reverse(h.span.end - h.span.start),
            h.rule,
        )
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept
            .iter()
            .all(|k| k.span.end <= h.span.start || h.span.end <= k.span.start)
        {
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
        let ok = rules::is_high_entropy;
        assert!(ok("s3cr3tP4ssw0rdX9"));
        assert!(!ok("getPassword"), "no digit");
        assert!(!ok("12345678901"), "no letter");
        assert!(!ok("aaaa1111"), "low entropy");
        assert!(!ok("your_api_key_here1"), "placeholder");
    }
}
