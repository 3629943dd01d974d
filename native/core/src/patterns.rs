//! A user's named regexes, compiled into one set.
//!
//! [`PatternSet::matching`] is one pass of one [`RegexSet`] over the text, whatever the number of
//! patterns. Per-pattern regexes, needed only for spans, are compiled lazily the first time
//! [`PatternSet::scan`] finds their pattern matching, so that loading a policy with a thousand
//! patterns costs one set compilation, not a thousand.
//!
//! # Word boundaries in ASCII patterns are ASCII
//! With Unicode word boundaries (`\b`), the lazy DFA behind a set has to give up on any text
//! containing a non-ASCII byte, and the fallback costs several hundred times more: the seed's 102
//! patterns on 2 KB take 14 µs with ASCII boundaries, about 4 ms with Unicode ones once the text
//! holds one `é`. So in a pattern written in ASCII (no non-ASCII character, no `\p{…}`), `\b`,
//! `\B`, `\<`, `\>` and `\b{…}` are compiled as their ASCII forms (`(?-u:\b)`): the characters
//! next to the boundary count as word characters only if they are `[0-9A-Za-z_]`. The difference
//! shows only next to non-ASCII letters (`\bcaf\b` also matches inside `café`); classes such as
//! `\w` and `\d` keep their Unicode meaning.
//!
//! A pattern that names non-ASCII text (`\bcafé\b`, `\b\p{Greek}+\b`) keeps Unicode boundaries
//! and goes into a second set, so that only those patterns pay for the slow path on non-ASCII
//! text.
//!
//! # ASCII text
//! On ASCII text, Unicode and ASCII meanings of `\w`, `\d`, `\s`, `\b`, `.`, negated classes and
//! case-insensitive letters match exactly the same strings, so [`PatternSet::matching`] answers
//! for ASCII text with a lazy DFA compiled in ASCII mode (much smaller and quicker to build than the
//! Unicode one), walked byte by byte here rather than through `RegexSet` (whose overlapping search
//! returns to its caller at every match, several hundred times on a 2 KB text). Patterns that do not
//! compile in ASCII mode (`\p{…}`, non-ASCII literals) are left to the sets; text with any
//! non-ASCII byte goes through the sets as before.
//!
//! # Limits
//! The compiled set may not exceed [`SET_SIZE_LIMIT`] bytes, so a pathological pattern
//! (`(?:\w{100}){100}`) is reported as an error instead of eating memory; when the set is too big,
//! each pattern is compiled alone (limit [`PATTERN_SIZE_LIMIT`]) to name the culprits.

use std::borrow::Cow;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

use regex::bytes::{RegexSet, RegexSetBuilder};
use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, Span as ReSpan};

use crate::finding::category;
use crate::{Finding, Severity, Span};

#[derive(Debug, Clone)]
pub struct NamedPattern {
    pub name: String,
    pub regex: String,
    /// Category reported in findings; `pattern` when absent.
    pub category: Option<String>,
    pub severity: Severity,
}

/// A pattern that did not compile: its index and name and the compiler's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub index: usize,
    pub name: String,
    pub message: String,
    /// Byte offset in the pattern where the compiler puts the error, when it names one.
    pub offset: Option<usize>,
}

/// Where in `pattern` the regex parser places its error (byte offset), for editors to point at.
pub fn syntax_error_offset(pattern: &str) -> Option<usize> {
    match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => Some(e.span().start.offset),
        Err(regex_syntax::Error::Translate(e)) => Some(e.span().start.offset),
        _ => None,
    }
}

/// Largest compiled size of one pattern alone, in bytes.
pub const PATTERN_SIZE_LIMIT: usize = 8 << 20;
/// Largest compiled size of the whole set, in bytes.
pub const SET_SIZE_LIMIT: usize = 64 << 20;
/// Lazy-DFA cache of the set, per thread. The default (2 MiB) is just enough for the seed's 102
/// patterns; below it the DFA gives up and the search is 200 times slower.
const SET_DFA_CACHE: usize = 8 << 20;

pub struct PatternSet {
    patterns: Vec<NamedPattern>,
    /// The sources as compiled (word boundaries made ASCII where allowed).
    sources: Vec<String>,
    /// Patterns without Unicode word boundaries: the fast set.
    fast: Group,
    /// Patterns that keep Unicode word boundaries (see the module docs).
    unicode: Group,
    /// For ASCII text: the patterns that compile in ASCII mode, as one lazy DFA.
    ascii: Option<AsciiGroup>,
    /// For ASCII text: the patterns `ascii` lacks, as a set.
    ascii_rest: Group,
    /// Per-pattern regexes for spans, compiled on first use.
    regexes: Vec<OnceLock<Option<Regex>>>,
}

/// A set over some of the patterns.
struct Group {
    set: RegexSet,
    /// Index in `PatternSet::patterns` of each pattern of `set`.
    ids: Vec<usize>,
}

impl Group {
    fn build(
        sources: &[String],
        ids: Vec<usize>,
        patterns: &[NamedPattern],
    ) -> Result<Group, Vec<PatternError>> {
        let own: Vec<&str> = ids.iter().map(|&i| sources[i].as_str()).collect();
        let set = RegexSetBuilder::new(&own)
            .size_limit(SET_SIZE_LIMIT)
            .dfa_size_limit(SET_DFA_CACHE)
            .build()
            .map_err(|set_error| blame(patterns, sources, &ids, &set_error))?;
        Ok(Group { set, ids })
    }

    fn matches<'a>(&'a self, text: &str) -> impl Iterator<Item = usize> + 'a {
        let found = if self.ids.is_empty() {
            None
        } else {
            Some(self.set.matches(text.as_bytes()))
        };
        found
            .into_iter()
            .flat_map(|m| m.into_iter())
            .map(|i| self.ids[i])
    }
}

type WalkerPoolFn = Box<dyn Fn() -> Walker + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Largest lazy-DFA cache of [`AsciiGroup`], per thread.
const ASCII_DFA_CACHE: usize = 8 << 20;

/// The patterns that compile in ASCII mode, as one lazy DFA reporting every pattern that matches
/// (only for ASCII text: see the module docs).
struct AsciiGroup {
    dfa: Arc<DFA>,
    walkers: Pool<Walker, WalkerPoolFn>,
    /// Where a match of some pattern may start (when the patterns' prefixes allow a fast one):
    /// lets the walk skip text while no match is under way.
    prefilter: Option<Prefilter>,
    /// Index in `PatternSet::patterns` of each pattern of `dfa`.
    ids: Vec<usize>,
}

/// A lazy-DFA cache and what the walks learnt about its match states.
///
/// With a hundred patterns, a third of a text's bytes can land in a match state, mostly the same
/// few states again and again; listing a state's patterns every time was a third of the walk.
/// `noted[state]` holds the number of the last walk that listed that state, so each walk lists a
/// match state once. State numbers are valid until the cache is cleared (`clear_count`).
struct Walker {
    cache: Cache,
    noted: Vec<u32>,
    walk: u32,
    clear_count: usize,
}

/// The number behind a lazy state ID, untagged. `LazyStateID` derives `Hash` over its one `u32`
/// but does not expose it; hashing into this hasher reads it back.
#[derive(Default)]
struct RawId(u32);

impl std::hash::Hasher for RawId {
    fn finish(&self) -> u64 {
        u64::from(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not how `LazyStateID` hashes today; kept exact should that change (the tests comparing
        // `matching` with each pattern alone would catch a mix-up of states).
        for (i, &b) in bytes.iter().take(4).enumerate() {
            self.0 |= u32::from(b) << (8 * i);
        }
    }
    fn write_u32(&mut self, raw: u32) {
        self.0 = raw;
    }
    fn write_u64(&mut self, raw: u64) {
        self.0 = raw as u32;
    }
    fn write_usize(&mut self, raw: usize) {
        self.0 = raw as u32;
    }
}

/// How many states of its slice each lane of [`AsciiGroup::walk_lanes`] records for the walk
/// coming from the slice before to meet it. Unanchored walks meet within a word or two.
const SYNC_WINDOW: usize = 128;

/// Tag bits of a lazy state ID (unknown, dead, quit, start, match: the top five of 32).
const LAZY_ID_TAGS: u32 = 0b11111 << 27;

impl AsciiGroup {
    /// The group and the indices of the patterns left out of it; `None` if no pattern compiles
    /// in ASCII mode or the group is too big.
    fn build(sources: &[String]) -> Option<(AsciiGroup, Vec<usize>)> {
        let config = syntax::Config::new().unicode(false).utf8(false);
        let (mut ids, mut rest, mut hirs) = (Vec::new(), Vec::new(), Vec::new());
        for (i, source) in sources.iter().enumerate() {
            if let Ok(hir) = syntax::parse_with(source, &config) {
                ids.push(i);
                hirs.push(hir);
            } else {
                rest.push(i);
            }
        }
        let prefilter =
            Prefilter::from_hirs_prefix(MatchKind::All, &hirs).filter(Prefilter::is_fast);
        if ids.is_empty() {
            return None;
        }
        let own: Vec<&str> = ids.iter().map(|&i| sources[i].as_str()).collect();
        let dfa = DFA::builder()
            .syntax(config)
            .thompson(thompson::Config::new().nfa_size_limit(Some(SET_SIZE_LIMIT)))
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(ASCII_DFA_CACHE)
                    .skip_cache_capacity_check(true)
                    // Only `(?u:\b)` written out; it quits on non-ASCII bytes, which ASCII text
                    // does not have.
                    .unicode_word_boundary(true)
                    .specialize_start_states(prefilter.is_some()),
            )
            .build_many(&own)
            .ok()?;
        let dfa = Arc::new(dfa);
        let for_pool = Arc::clone(&dfa);
        let create: WalkerPoolFn = Box::new(move || Walker {
            cache: for_pool.create_cache(),
            noted: Vec::new(),
            walk: 0,
            clear_count: 0,
        });
        let walkers = Pool::new(create);
        let group = AsciiGroup {
            dfa,
            walkers,
            prefilter,
            ids,
        };
        Some((group, rest))
    }

    /// Every pattern matching somewhere in `text` (ASCII), ascending; `None` if the lazy DFA gave
    /// up (then the caller asks the sets).
    fn matching(&self, text: &[u8]) -> Option<Vec<usize>> {
        let mut walker = self.walkers.get();
        let mut seen = vec![false; self.ids.len()];
        match (self.prefilter.is_some(), text.len()) {
            (false, 1024..) => self.walk_lanes::<4>(&mut walker, text, &mut seen)?,
            (false, 256..) => self.walk_lanes::<2>(&mut walker, text, &mut seen)?,
            _ => self.walk(&mut walker, text, &mut seen)?,
        }
        Some(
            seen.iter()
                .zip(&self.ids)
                .filter(|(&hit, _)| hit)
                .map(|(_, &id)| id)
                .collect(),
        )
    }

    /// One forward walk of the whole text, noting the patterns of every match state met (a match
    /// state of the lazy DFA reports matches ending one byte earlier, hence the end-of-input step).
    fn walk(&self, walker: &mut Walker, text: &[u8], seen: &mut [bool]) -> Option<()> {
        let dfa = &*self.dfa;
        self.begin_walk(walker);
        let mut sid = dfa
            .start_state_forward(&mut walker.cache, &Input::new(text))
            .ok()?;
        let mut at = 0;
        // The match state last noted: a text often stays in one match state for a while.
        let mut last_noted = None;
        while at < text.len() {
            if sid.is_start() {
                // Start states are tagged only with a prefilter. No match is under way here, so
                // the next one starts no sooner than the prefilter's next candidate.
                if let Some(pre) = &self.prefilter {
                    let Some(candidate) = pre.find(text, ReSpan::from(at..text.len())) else {
                        return Some(());
                    };
                    if candidate.start > at {
                        at = candidate.start;
                        let input = Input::new(text).range(at..);
                        sid = dfa.start_state_forward(&mut walker.cache, &input).ok()?;
                    }
                }
            }
            sid = Self::step(dfa, walker, sid, text[at], seen, &mut last_noted)?;
            at += 1;
            if sid.is_dead() {
                return Some(());
            }
        }
        sid = dfa.next_eoi_state(&mut walker.cache, sid).ok()?;
        Self::note(dfa, walker, sid, seen)
    }

    /// The same result as [`walk`](Self::walk), from `N` walks in lockstep over `N` slices of
    /// the text.
    ///
    /// A DFA walk is one chain of dependent table loads, so its speed is the latency of a load
    /// (about 2.5 ns a byte here), not the processor's throughput; `N` independent chains overlap.
    /// Lane `l` starts at its slice with the unanchored start state, so it sees every match that
    /// starts in its slice or later, but not the ones under way at its start. Those are found by
    /// continuing the walk of the slice before (whose state there is exact) into lane `l`'s slice
    /// until both walks are in the same state: equal states have equal futures, so from there on
    /// lane `l` is exact. Lanes record their first [`SYNC_WINDOW`] states for that comparison; a
    /// walk that has not met its lane by then simply goes on to the end of the slice, which is
    /// still exact, only slower. Only without a prefilter (start states are then not tagged).
    fn walk_lanes<const N: usize>(
        &self,
        walker: &mut Walker,
        text: &[u8],
        seen: &mut [bool],
    ) -> Option<()> {
        let dfa = &*self.dfa;
        self.begin_walk(walker);
        let len = text.len();
        let starts: [usize; N] = std::array::from_fn(|l| len * l / N);
        let end = |l: usize| if l + 1 < N { starts[l + 1] } else { len };
        let mut sid = [LazyStateID::default(); N];
        for l in 0..N {
            let input = Input::new(text).range(starts[l]..);
            sid[l] = dfa.start_state_forward(&mut walker.cache, &input).ok()?;
        }
        let mut recorded = [[LazyStateID::default(); SYNC_WINDOW]; N];
        let mut last_noted = [None; N];
        // Slices differ in length by at most one byte: lockstep over the shortest, then the rest.
        let shortest = (0..N).map(|l| end(l) - starts[l]).min().unwrap_or(0);
        let window = shortest.min(SYNC_WINDOW);
        for i in 0..window {
            for l in 0..N {
                let byte = text[starts[l] + i];
                sid[l] = Self::step(dfa, walker, sid[l], byte, seen, &mut last_noted[l])?;
                recorded[l][i] = sid[l];
            }
        }
        for i in window..shortest {
            for l in 0..N {
                let byte = text[starts[l] + i];
                sid[l] = Self::step(dfa, walker, sid[l], byte, seen, &mut last_noted[l])?;
            }
        }
        for l in 0..N {
            for at in starts[l] + shortest..end(l) {
                sid[l] = Self::step(dfa, walker, sid[l], text[at], seen, &mut last_noted[l])?;
                if at - starts[l] < SYNC_WINDOW {
                    recorded[l][at - starts[l]] = sid[l];
                }
            }
        }

        // The exact walk: lane 0's, carried across each boundary until it meets the lane there.
        let mut exact = sid[0];
        let mut last = None;
        for l in 1..N {
            let (start, stop) = (starts[l], end(l));
            let mut met = false;
            for (i, &byte) in text[start..stop].iter().enumerate() {
                exact = Self::step(dfa, walker, exact, byte, seen, &mut last)?;
                if i < SYNC_WINDOW && recorded[l][i] == exact {
                    met = true;
                    break;
                }
            }
            if met {
                // Lane `l` is exact from the meeting point on, so is its final state.
                exact = sid[l];
            }
        }
        let eoi = dfa.next_eoi_state(&mut walker.cache, exact).ok()?;
        Self::note(dfa, walker, eoi, seen)
    }

    /// One transition, noting the patterns of a match state entered (once per walk and run of
    /// the same state); `None` when the DFA gave up.
    #[inline(always)]
    fn step(
        dfa: &DFA,
        walker: &mut Walker,
        sid: LazyStateID,
        byte: u8,
        seen: &mut [bool],
        last_noted: &mut Option<LazyStateID>,
    ) -> Option<LazyStateID> {
        let next = dfa.next_state(&mut walker.cache, sid, byte).ok()?;
        if next.is_tagged() && *last_noted != Some(next) {
            Self::note(dfa, walker, next, seen)?;
            *last_noted = Some(next);
        }
        Some(next)
    }

    /// Starts a walk: a new number for the `noted` marks.
    fn begin_walk(&self, walker: &mut Walker) {
        walker.walk = walker.walk.wrapping_add(1);
        if walker.walk == 0 {
            // Once in 2^32 walks: old marks could pass for this walk's.
            walker.noted.fill(0);
            walker.walk = 1;
        }
    }

    /// Notes the patterns of match state `sid` unless this walk already did; `None` on a state
    /// the walk cannot go past.
    fn note(dfa: &DFA, walker: &mut Walker, sid: LazyStateID, seen: &mut [bool]) -> Option<()> {
        if sid.is_match() {
            let cache = &walker.cache;
            if cache.clear_count() != walker.clear_count {
                // The cache was cleared: state numbers now name other states.
                walker.clear_count = cache.clear_count();
                walker.noted.clear();
            }
            let mut raw = RawId::default();
            std::hash::Hash::hash(&sid, &mut raw);
            let state = ((raw.0 & !LAZY_ID_TAGS) as usize) >> dfa.byte_classes().stride2();
            if state >= walker.noted.len() {
                walker.noted.resize(state + 1, 0);
            }
            if walker.noted[state] == walker.walk {
                return Some(());
            }
            walker.noted[state] = walker.walk;
            for i in 0..dfa.match_len(cache, sid) {
                seen[dfa.match_pattern(cache, sid, i).as_usize()] = true;
            }
        } else if sid.is_quit() || sid.is_unknown() {
            return None;
        }
        Some(())
    }
}

impl PatternSet {
    /// Compiles all patterns; every pattern that fails is reported, none is dropped silently.
    pub fn new(patterns: &[NamedPattern]) -> Result<PatternSet, Vec<PatternError>> {
        let mut errors = Vec::new();
        let mut sources = Vec::with_capacity(patterns.len());
        let (mut fast, mut unicode) = (Vec::new(), Vec::new());
        for (index, p) in patterns.iter().enumerate() {
            let names_non_ascii =
                !p.regex.is_ascii() || p.regex.contains("\\p") || p.regex.contains("\\P");
            let rewritten = if names_non_ascii {
                Cow::Borrowed(p.regex.as_str())
            } else {
                ascii_word_boundaries(&p.regex)
            };
            let unicode_boundaries = names_non_ascii && ascii_word_boundaries(&p.regex) != p.regex;
            if unicode_boundaries {
                &mut unicode
            } else {
                &mut fast
            }
            .push(index);
            // Parsing alone is cheap and catches every syntax error; the message is the one the
            // regex crate gives for the pattern as the user wrote it.
            if regex_automata::util::syntax::parse(&rewritten).is_ok() {
                sources.push(rewritten.into_owned());
                continue;
            }
            match RegexBuilder::new(&p.regex)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
            {
                Err(e) => errors.push(PatternError {
                    index,
                    name: p.name.clone(),
                    message: e.to_string(),
                    offset: syntax_error_offset(&p.regex),
                }),
                // Only if the rewrite itself broke the pattern: keep it as written.
                Ok(_) => sources.push(p.regex.clone()),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let fast = Group::build(&sources, fast, patterns)?;
        let unicode = Group::build(&sources, unicode, patterns)?;
        let (ascii, ascii_rest) = match AsciiGroup::build(&sources) {
            Some((group, rest)) => (Some(group), Group::build(&sources, rest, patterns)?),
            None => (None, Group::build(&sources, Vec::new(), patterns)?),
        };
        let regexes = (0..patterns.len()).map(|_| OnceLock::new()).collect();
        Ok(PatternSet {
            patterns: patterns.to_vec(),
            sources,
            fast,
            unicode,
            ascii,
            ascii_rest,
            regexes,
        })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Indices of every pattern that matches somewhere in `text`, ascending (one pass of the set,
    /// no early exit).
    pub fn matching(&self, text: &str) -> Vec<usize> {
        if let Some(ascii) = &self.ascii {
            if text.is_ascii() {
                if let Some(mut found) = ascii.matching(text.as_bytes()) {
                    let before = found.len();
                    found.extend(self.ascii_rest.matches(text));
                    if found.len() > before {
                        found.sort_unstable();
                    }
                    return found;
                }
            }
        }
        let mut found: Vec<usize> = self.fast.matches(text).collect();
        let before = found.len();
        found.extend(self.unicode.matches(text));
        if found.len() > before {
            found.sort_unstable();
        }
        found
    }

    /// One finding per match of every matching pattern, with spans, ordered by position.
    ///
    /// Empty matches (`^\s*$`, `x*`) are not reported one by one; a pattern whose only matches
    /// are empty gets one empty-span finding at its first match, so that `scan` and [`matching`]
    /// agree on which patterns match.
    ///
    /// [`matching`]: PatternSet::matching
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        for i in self.matching(text) {
            let Some(re) = self.regex(i) else { continue };
            let p = &self.patterns[i];
            let mut first_empty = None;
            let before = findings.len();
            for m in re.find_iter(text) {
                if m.is_empty() {
                    first_empty.get_or_insert(m.start());
                } else {
                    findings.push(self.finding(p, Span::new(m.start(), m.end())));
                }
            }
            if findings.len() == before {
                if let Some(at) = first_empty {
                    findings.push(self.finding(p, Span::new(at, at)));
                }
            }
        }
        findings.sort_by_key(|f| (f.span.start, f.span.end));
        findings
    }

    fn regex(&self, i: usize) -> Option<&Regex> {
        self.regexes[i]
            .get_or_init(|| {
                // Validated by the set, so this cannot fail; if it did, the pattern has no spans.
                RegexBuilder::new(&self.sources[i])
                    .size_limit(SET_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    fn finding(&self, p: &NamedPattern, span: Span) -> Finding {
        Finding {
            rule_id: format!("patterns.{}", p.name),
            category: p
                .category
                .clone()
                .unwrap_or_else(|| category::PATTERN.to_owned()),
            severity: p.severity,
            span,
            message: format!("matches pattern {:?}", p.name),
        }
    }
}

/// A set failed to build (in practice: it is too big). Compiles each of its patterns alone to
/// name the culprits; if none is too big alone, the error is reported on its last pattern.
fn blame(
    patterns: &[NamedPattern],
    sources: &[String],
    ids: &[usize],
    set_error: &regex::Error,
) -> Vec<PatternError> {
    let mut errors: Vec<PatternError> = ids
        .iter()
        .filter_map(|&index| {
            let e = RegexBuilder::new(&sources[index])
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
                .err()?;
            Some(PatternError {
                index,
                name: patterns[index].name.clone(),
                message: e.to_string(),
                offset: None,
            })
        })
        .collect();
    if errors.is_empty() {
        if let Some(&index) = ids.last() {
            errors.push(PatternError {
                index,
                name: patterns[index].name.clone(),
                message: format!(
                    "the {} patterns together are too big: {set_error}",
                    ids.len()
                ),
                offset: None,
            });
        }
    }
    errors
}

/// `pattern` with every word-boundary assertion (`\b`, `\B`, `\<`, `\>`, `\b{start}`, …) made
/// ASCII-only by wrapping it in `(?-u:…)`. Escaped backslashes are skipped; anything else is
/// copied unchanged. A boundary inside a class is a syntax error either way.
pub fn ascii_word_boundaries(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains('\\') {
        return Cow::Borrowed(pattern);
    }
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut copied = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let kind = bytes[i + 1];
        if !matches!(kind, b'b' | b'B' | b'<' | b'>') {
            i += 2; // an escape pair, e.g. `\\` or `\d`: skip both
            continue;
        }
        let mut end = i + 2;
        if kind == b'b' && bytes.get(end) == Some(&b'{') {
            if let Some(close) = pattern[end..].find('}') {
                end += close + 1;
            }
        }
        out.push_str(&pattern[copied..i]);
        out.push_str("(?-u:");
        out.push_str(&pattern[i..end]);
        out.push(')');
        copied = end;
        i = end;
    }
    if copied == 0 {
        return Cow::Borrowed(pattern);
    }
    out.push_str(&pattern[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as ascii;

    #[test]
    fn rewrites_boundaries_only() {
        assert_eq!(ascii(r"\btoken1\b"), r"(?-u:\b)token1(?-u:\b)");
        assert_eq!(ascii(r"\Bx\<y\>"), r"(?-u:\B)x(?-u:\<)y(?-u:\>)");
        assert_eq!(
            ascii(r"\b{start}w\b{end-half}"),
            r"(?-u:\b{start})w(?-u:\b{end-half})"
        );
        assert_eq!(ascii(r"\\b\d+\\\b"), r"\\b\d+\\(?-u:\b)");
        assert_eq!(ascii("plain"), "plain");
        assert_eq!(ascii(r"\w+\s"), r"\w+\s");
        assert_eq!(ascii(r"trailing\"), r"trailing\");
        assert_eq!(ascii("é\\bü"), "é(?-u:\\b)ü");
    }
}
