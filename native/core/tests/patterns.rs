//! User pattern sets: compile errors, matching, spans, ASCII word boundaries.

use hookwarden_core::patterns::{NamedPattern, PatternError, PatternSet};
use hookwarden_core::Severity;

fn p(name: &str, regex: &str) -> NamedPattern {
    NamedPattern {
        name: name.into(),
        regex: regex.into(),
        category: None,
        severity: Severity::Medium,
    }
}

fn set(patterns: &[NamedPattern]) -> PatternSet {
    match PatternSet::new(patterns) {
        Ok(s) => s,
        Err(e) => panic!("{e:?}"),
    }
}

fn errors(patterns: &[NamedPattern]) -> Vec<PatternError> {
    match PatternSet::new(patterns) {
        Ok(_) => panic!("expected compile errors"),
        Err(e) => e,
    }
}

#[test]
fn every_bad_pattern_is_reported_with_the_regex_message() {
    let e = errors(&[
        p("ok", "a+"),
        p("open", "foo("),
        p("fine", r"\d"),
        p("class", "[z-a]"),
        p("rep", "x{2,1}"),
    ]);
    let got: Vec<(usize, &str)> = e.iter().map(|e| (e.index, e.name.as_str())).collect();
    assert_eq!(got, vec![(1, "open"), (3, "class"), (4, "rep")]);
    assert!(e[0].message.contains("unclosed group"), "{}", e[0].message);
    assert!(
        e[1].message.contains("invalid character class range"),
        "{}",
        e[1].message
    );
    // The message shows the pattern as written, not as rewritten for ASCII boundaries.
    let e = errors(&[p("b", r"\bfoo(")]);
    assert!(e[0].message.contains(r"\bfoo("), "{}", e[0].message);
    assert!(!e[0].message.contains("(?-u"), "{}", e[0].message);
}

#[test]
fn pathological_patterns_hit_the_size_limit() {
    let e = errors(&[
        p("fine", "abc"),
        p("huge", r"(?:\w{100}){100}"),
        p("also-fine", "x"),
    ]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].index, e[0].name.as_str()), (1, "huge"));
    assert!(e[0].message.contains("size limit"), "{}", e[0].message);
}

#[test]
fn matching_reports_every_matching_pattern_in_order() {
    let s = set(&[
        p("a", "apple"),
        p("b", "banana"),
        p("c", r"\d{3}"),
        p("d", "cherry"),
    ]);
    assert_eq!(s.len(), 4);
    assert_eq!(s.matching("banana 123 apple"), vec![0, 1, 2]);
    assert_eq!(s.matching("nothing here"), Vec::<usize>::new());
}

#[test]
fn empty_set() {
    let s = set(&[]);
    assert!(s.is_empty());
    assert!(s.matching("anything").is_empty());
    assert!(s.scan("anything").is_empty());
}

#[test]
fn scaling_workload_token_patterns() {
    let hay = "token3 appears here along with token17 and token42.\n\
               commit: token7 and token23 and token99 reference this block\n\
               metadata: token500 shows up in config section alongside token800 (not token8000)";
    for n in [10usize, 50, 100, 500, 1000] {
        let pats: Vec<NamedPattern> = (0..n)
            .map(|i| p(&format!("t{i}"), &format!(r"\btoken{i}\b")))
            .collect();
        let s = set(&pats);
        let expected: Vec<usize> = [3, 7, 17, 23, 42, 99, 500, 800]
            .into_iter()
            .filter(|&i| i < n)
            .collect();
        assert_eq!(s.matching(hay), expected, "n = {n}");
    }
}

#[test]
fn word_boundaries_are_ascii() {
    let s = set(&[
        p("word", r"\bword\b"),
        p("cafe", r"\bcafé\b"),
        p("caf", r"\bcaf\b"),
        p("w", r"\w+ly\b"),
        p("greek", r"\b\p{Greek}+\b"),
    ]);
    // Non-ASCII text around ASCII words behaves as usual.
    assert_eq!(s.matching("naïve — word ✓"), vec![0]);
    // ASCII patterns get ASCII boundaries: `caf` ends at a boundary before `é`. The pattern that
    // names `café` keeps Unicode boundaries and matches the whole word.
    assert_eq!(s.matching("un café noir"), vec![1, 2]);
    assert_eq!(s.matching("un cafés noir"), vec![2]);
    // `\w` keeps its Unicode meaning.
    assert_eq!(s.matching("éternellement quickly"), vec![3]);
    assert_eq!(s.matching("λόγος"), vec![4]);
    assert_eq!(s.scan("λόγος")[0].span.end, "λόγος".len());
}

#[test]
fn scan_reports_spans_ids_and_categories() {
    let mut custom = p("aws-cli", r"\baws\s+s\d\s+rm\b");
    custom.category = Some("destructive-cloud".into());
    custom.severity = Severity::High;
    let s = set(&[p("num", r"\d+"), custom]);
    let text = "run 12 then aws s4 rm bucket, then 345";
    let f = s.scan(text);
    let got: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.category.as_str(),
                &text[f.span.start..f.span.end],
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("patterns.num", "pattern", "12"),
            ("patterns.aws-cli", "destructive-cloud", "aws s4 rm"),
            ("patterns.num", "pattern", "4"),
            ("patterns.num", "pattern", "345"),
        ]
    );
    assert_eq!(f[1].severity, Severity::High);
    assert!(f[1].message.contains("aws-cli"));
}

#[test]
fn scan_spans_are_byte_offsets_into_utf8_text() {
    let s = set(&[p("x", "wörld")]);
    let text = "héllo wörld";
    let f = s.scan(text);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].span.start..f[0].span.end], "wörld");
}

#[test]
fn empty_matches_yield_one_empty_finding() {
    let s = set(&[p("blank-line", r"(?m)^\s*$"), p("maybe", "x*")]);
    let text = "a\n\nb";
    assert_eq!(s.matching(text), vec![0, 1]);
    let f = s.scan(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f.iter().all(|f| f.span.start == f.span.end));
    // A pattern with non-empty matches reports only those.
    let s = set(&[p("xs", "x*")]);
    let f = s.scan("ab xx c x");
    let spans: Vec<(usize, usize)> = f.iter().map(|f| (f.span.start, f.span.end)).collect();
    assert_eq!(spans, vec![(3, 5), (8, 9)]);
}

#[test]
fn seed_style_patterns_compile_and_run_on_non_ascii_text() {
    let pats: Vec<NamedPattern> = [
        r"\b[A-Z]\w+",
        r"\b\w{10,}\b",
        r"\b[a-z]+ing\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"https?://[\w\-.]+",
        r"^\s*$",
        r"\s+$",
        r"\[INFO\]",
        r"\b[A-F0-9]{2}(:[A-F0-9]{2}){5}\b",
        r"#[0-9a-f]{6}\b",
    ]
    .iter()
    .enumerate()
    .map(|(i, r)| p(&format!("p{i}"), r))
    .collect();
    let s = set(&pats);
    let text =
        "[INFO] Déploiement running since 2026-04-14 — see https://example.com, color #a1b2c3 ✓";
    assert_eq!(s.matching(text), vec![0, 1, 2, 3, 4, 7, 9]);
}
