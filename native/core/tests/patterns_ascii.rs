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
    set_of(PATTERNS)
}

fn set_of(sources: &[&str]) -> PatternSet {
    let patterns: Vec<NamedPattern> = sources
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

/// Texts long enough for the lockstep walk over four slices (≥ 1 KiB) or two (≥ 256 bytes), with
/// matches that start in one slice and end in the next, or span several.
#[test]
fn long_texts_agree_across_slice_boundaries() {
    let long_patterns = [
        r"a{300}",
        r"x[^y]*y",
        r"(?s)BEGIN.*END",
        r"\w{50,}",
        r"\b[A-Z]\w+",
        r"\s+$",
        r"^\s*$",
        r"q\d\d\dq",
        r"(?m)^end$",
    ];
    let all: Vec<&str> = PATTERNS.iter().copied().chain(long_patterns).collect();
    let set = set_of(&all);
    let alone: Vec<regex::Regex> = all.iter().map(|p| regex::Regex::new(p).unwrap()).collect();

    // A small alphabet makes partial matches common; a fixed LCG keeps the test reproducible.
    let alphabet = b"ab xy_AZ09\nq.";
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut texts: Vec<String> = Vec::new();
    for len in [256, 300, 1023, 1024, 1025, 2112, 4099] {
        for _ in 0..6 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[(seed >> 33) as usize % alphabet.len()] as char
                })
                .collect();
            texts.push(text);
        }
        // Matches laid across each boundary of four and of two slices.
        let mut text = vec![b'.'; len];
        for cut in [len / 4, len / 2, len * 3 / 4] {
            text[cut - 3..cut + 3].copy_from_slice(b"q123q.");
            text[cut - 2] = b'q';
            text[cut - 5..cut - 2].copy_from_slice(b"x..");
            text[cut + 4] = b'y';
        }
        texts.push(String::from_utf8(text.clone()).unwrap());
        let mut run = vec![b'a'; len];
        run[0] = b' ';
        texts.push(String::from_utf8(run).unwrap());
        let mut word = vec![b'w'; len];
        word[len / 2 - 40] = b' ';
        texts.push(String::from_utf8(word).unwrap());
        texts.push(format!("BEGIN{}END", " ".repeat(len)));
        texts.push(format!(
            "{}\nend\n{}",
            " ".repeat(len / 2),
            " ".repeat(len / 2)
        ));
    }
    for text in &texts {
        let expected: Vec<usize> = (0..all.len())
            .filter(|&i| alone[i].is_match(text))
            .collect();
        assert_eq!(
            set.matching(text),
            expected,
            "text of {} bytes: {:?}…",
            text.len(),
            &text[..40]
        );
    }
}
