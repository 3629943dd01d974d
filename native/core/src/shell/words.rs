//! Words as the shell sees them after quote removal, with their spans in the original input.

use crate::Span;

/// How byte offsets of a (re-)parsed text map back to the original input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SpanMap {
    /// The text is a verbatim slice of the input starting at this offset.
    Offset(usize),
    /// The text was rebuilt (escapes removed, words joined): everything maps to this span.
    Whole(Span),
}

impl SpanMap {
    pub fn span(self, start: usize, end: usize) -> Span {
        match self {
            SpanMap::Offset(base) => Span::new(base + start, base + end),
            SpanMap::Whole(span) => span,
        }
    }

    /// The map of a verbatim sub-slice starting at `start`.
    pub fn sub(self, start: usize) -> SpanMap {
        match self {
            SpanMap::Offset(base) => SpanMap::Offset(base + start),
            whole => whole,
        }
    }
}

/// One shell word after quote removal. Expansions the classifier cannot evaluate are kept as
/// written (`$HOME`, `${x}`, `$(…)`) and flagged `dynamic`.
#[derive(Debug, Clone, Default)]
pub(super) struct Word {
    pub text: String,
    pub span: Span,
    /// Contains a parameter expansion or a command/process/arithmetic substitution.
    pub dynamic: bool,
    /// Contains a command or process substitution.
    pub subst: bool,
    /// A substitution inside it downloads something (`$(curl …)`).
    pub fetch: bool,
    /// The whole word is a process substitution `<(…)` / `>(…)`.
    pub procsub: bool,
    /// Where `text` sits verbatim in the input, for parsing it again as code with exact spans.
    pub code_map: Option<SpanMap>,
    /// A stand-in for data only known at run time (what `xargs` reads, what `find` found).
    pub stdin: bool,
}

impl Word {
    pub fn synthetic(text: impl Into<String>, span: Span) -> Word {
        Word {
            text: text.into(),
            span,
            ..Word::default()
        }
    }

    /// A run-time value (stdin item, `find` result) standing in for an argument.
    pub fn placeholder(text: impl Into<String>, span: Span) -> Word {
        Word {
            text: text.into(),
            span,
            dynamic: true,
            stdin: true,
            ..Word::default()
        }
    }

    pub fn code_map(&self) -> SpanMap {
        self.code_map.unwrap_or(SpanMap::Whole(self.span))
    }

    /// Known before the command runs.
    pub fn is_static(&self) -> bool {
        !self.dynamic && !self.stdin
    }

    /// An option-looking word (`-x`, `--foo`), not `-` alone and not run-time data.
    pub fn is_option(&self) -> bool {
        !self.stdin && self.text.len() > 1 && self.text.starts_with('-')
    }
}

/// The span covering all `words` (their min start to max end), or `fallback` if none.
pub(super) fn span_of(words: &[Word], fallback: Span) -> Span {
    let mut it = words.iter();
    let Some(first) = it.next() else {
        return fallback;
    };
    let mut span = first.span;
    for w in it {
        span.start = span.start.min(w.span.start);
        span.end = span.end.max(w.span.end);
    }
    span
}

/// Text of `words` joined by spaces, cut to about `max` bytes for messages.
pub(super) fn snippet(words: &[Word], max: usize) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&w.text);
        if s.len() > max {
            break;
        }
    }
    clip(&s, max)
}

/// `s` cut to at most `max` bytes (on a char boundary) with an ellipsis, newlines flattened.
pub(super) fn clip(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if flat.len() <= max {
        return flat;
    }
    let mut end = max;
    while !flat.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &flat[..end])
}

/// Appends `s` to `out` after quote removal for an unquoted word: `\x` → `x`,
/// backslash-newline vanishes.
pub(super) fn push_unescaped_unquoted(out: &mut String, s: &str) {
    if !s.contains('\\') {
        out.push_str(s);
        return;
    }
    out.reserve(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') | None => {}
                Some(n) => out.push(n),
            }
        } else {
            out.push(c);
        }
    }
}

/// Appends `s` to `out` after quote removal inside double quotes: only `\$ \` \" \\` and
/// backslash-newline are escapes.
pub(super) fn push_unescaped_dquoted(out: &mut String, s: &str) {
    if !s.contains('\\') {
        out.push_str(s);
        return;
    }
    out.reserve(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('$' | '`' | '"' | '\\') => out.push(chars.next().unwrap_or('\\')),
                Some('\n') => {
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
}

/// The value of an ANSI-C quoted string body (`$'…'` without the quotes).
pub(super) fn unescape_ansi_c(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c != '\\' || i >= b.len() {
            out.push(c);
            continue;
        }
        let e = b[i];
        i += 1;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'e' | 'E' => out.push('\u{1b}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' | '\'' | '"' | '?' => out.push(e),
            'x' | 'u' | 'U' => {
                let max = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                let mut n = 0;
                while n < max && i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v * 16 + b[i].to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.push('\\');
                    out.push(e);
                } else if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                }
            }
            '0'..='7' => {
                let mut v: u32 = e.to_digit(8).unwrap_or(0);
                let mut n = 1;
                while n < 3 && i < b.len() && b[i].is_digit(8) {
                    v = v * 8 + b[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                }
            }
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

/// Splits like the shell's field splitting on blanks (no quote handling).
pub(super) fn split_blanks(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', '\t', '\n']).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape_unquoted(s: &str) -> String {
        let mut out = String::from(">");
        push_unescaped_unquoted(&mut out, s);
        out.split_off(1)
    }

    fn unescape_dquoted(s: &str) -> String {
        let mut out = String::from(">");
        push_unescaped_dquoted(&mut out, s);
        out.split_off(1)
    }

    #[test]
    fn unescapes() {
        assert_eq!(unescape_unquoted(r"a\ b\\c"), r"a b\c");
        assert_eq!(unescape_unquoted("ab"), "ab");
        assert_eq!(unescape_dquoted(r#"a\"b\n\$"#), r#"a"b\n$"#);
        assert_eq!(unescape_dquoted("ab"), "ab");
        assert_eq!(unescape_ansi_c(r"a\nb\x41\101\'"), "a\nbAA'");
        assert_eq!(unescape_ansi_c(r"\"), "\\");
    }

    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(clip("héllo", 2), "h…");
        assert_eq!(clip("a\nb", 10), "a b");
    }
}
