//! `PatternSet::matching` on ASCII text (answered by the ASCII-mode lazy DFA) must agree with each
//! pattern compiled alone as written (Unicode mode).

use hookwarden_core::patterns::{NamedPattern, PatternSet};
use hookwarden_core::Severity;

const PATTERNS: &[&str] = &[
    r"\b[A-Z]\w+",
    r"\b\w{10,}\b",
    r"\b[a-z]+ing\b",
    r"\bthe\b",
    r"\b\d{4,}\b",
    r"\b[1-9]\d*\b",
    r"https?://[\w\-.]+",
    r"fn \w+\s*\(",
    r"\[INFO\]",
    r"^\s*$",
    r"\s{4,}",
    r"\s+$",
    r"^\s+",
    r"\t+",
    r"\n{2,}",
    r"(?i)KEY",
    r"(?m)^end$",
    r"[^a-z ]{3}",
    r"a.c",
    r"(?s)a.c",
    r"\Bx",
    r"x\B",
    r"\d+us\b",
    r"",
    r"x*",
    r"\p{Greek}|plain",
    r"café|tea",
    r"(?u:\b)word(?u:\b)",
    r"\btoken7\b",
];

const TEXTS: &[&str] = &[
    "",
    " ",
    "\n\n",
    "The testing of things 12345 and 7us here\n",
    "fn main ( ) [INFO] https://example.com/x abc\taaa\n",
    "    indented\nend\nkey a\nc axc tea",
    "plain word token7 token70 xx_x x",
    "nothing",
    "ABC!!!___",
];

fn set() -> PatternSet {
    let patterns: Vec<NamedPattern> = PATTERNS
        .iter()
        .enumerate()
        .map(|(i, p)| NamedPattern {
            name: format!("p{i}"),
            regex: (*p).to_owned(),
            category: None,
            severity: Severity::Low,
        })
        .collect();
    PatternSet::new(&patterns).expect("patterns compile")
}

#[test]
fn ascii_text_matches_like_each_pattern_alone() {
    let set = set();
    for text in TEXTS {
        let expected: Vec<usize> = PATTERNS
            .iter()
            .enumerate()
            .filter(|(_, p)| regex::Regex::new(p).unwrap().is_match(text))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(set.matching(text), expected, "text {text:?}");
    }
}

#[test]
fn seed_like_text_same_with_and_without_non_ascii_tail() {
    let set = set();
    let text = "The testing 2024 token7 fn x ( KEY\n\n    tail  ";
    let ascii = set.matching(text);
    // A non-ASCII character after the last word changes nothing these patterns can see except
    // `\s+$`, `\s{4,}` ends and the empty patterns, which match both ways.
    let non_ascii = set.matching(&format!("{text}é"));
    let mut expected = ascii.clone();
    expected.retain(|&i| PATTERNS[i] != r"\s+$");
    let mut got = non_ascii;
    got.retain(|&i| PATTERNS[i] != r"\s+$");
    assert_eq!(got, expected);
}
