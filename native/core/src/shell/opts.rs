//! A small getopt-style option parser over words, for the commands the rules look into.

use super::words::Word;

/// Options and operands of one command's arguments. Options may appear anywhere before `--`
/// (GNU-style permutation); short options cluster (`-rf`), and an option listed as taking a value
/// takes the rest of its cluster or the next word (`-bname`, `-b name`, `--opt=v`, `--opt v`).
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub shorts: Vec<char>,
    pub longs: Vec<String>,
    /// Values of value-taking options (and of any `--long=value`), by option name.
    pub values: Vec<(String, String)>,
    /// Indices (into the parsed slice) of operands before `--`.
    pub operands: Vec<usize>,
    /// Indices of words after `--`.
    pub after_dd: Vec<usize>,
    pub saw_dd: bool,
}

impl Parsed {
    pub fn short(&self, c: char) -> bool {
        self.shorts.contains(&c)
    }

    pub fn long(&self, name: &str) -> bool {
        self.longs.iter().any(|l| l == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Operands before and after `--`, in order.
    pub fn all_operands(&self) -> impl Iterator<Item = usize> + '_ {
        self.operands.iter().chain(self.after_dd.iter()).copied()
    }
}

/// Parses `args`. `short_val` lists short options taking a value; `long_val` long ones.
pub(super) fn parse(args: &[Word], short_val: &str, long_val: &[&str]) -> Parsed {
    let mut p = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let w = &args[i];
        let t = w.text.as_str();
        i += 1;
        if p.saw_dd {
            p.after_dd.push(i - 1);
            continue;
        }
        if !w.is_option() {
            p.operands.push(i - 1);
            continue;
        }
        if t == "--" {
            p.saw_dd = true;
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            if let Some((name, value)) = long.split_once('=') {
                p.longs.push(name.to_owned());
                p.values.push((name.to_owned(), value.to_owned()));
            } else {
                p.longs.push(long.to_owned());
                if long_val.contains(&long) {
                    if let Some(v) = args.get(i) {
                        p.values.push((long.to_owned(), v.text.clone()));
                        i += 1;
                    }
                }
            }
            continue;
        }
        let body = &t[1..];
        for (pos, c) in body.char_indices() {
            if short_val.contains(c) {
                let rest = &body[pos + c.len_utf8()..];
                if !rest.is_empty() {
                    p.values.push((c.to_string(), rest.to_owned()));
                } else if let Some(v) = args.get(i) {
                    p.values.push((c.to_string(), v.text.clone()));
                    i += 1;
                }
                p.shorts.push(c);
                break;
            }
            p.shorts.push(c);
        }
    }
    p
}

/// Index of the first operand when options come first and end at the first operand (POSIX
/// style, as wrappers like `sudo`, `env` and `timeout` parse them). Returns `args.len()` if none.
pub(super) fn first_operand(
    args: &[Word],
    start: usize,
    short_val: &str,
    long_val: &[&str],
) -> usize {
    let mut i = start;
    while i < args.len() {
        let w = &args[i];
        if !w.is_option() {
            return i;
        }
        let t = w.text.as_str();
        if t == "--" {
            return i + 1;
        }
        if let Some(long) = t.strip_prefix("--") {
            i += if !long.contains('=') && long_val.contains(&long) {
                2
            } else {
                1
            };
            continue;
        }
        let body = &t[1..];
        let mut skip = 1;
        for (pos, c) in body.char_indices() {
            if short_val.contains(c) {
                if body[pos + c.len_utf8()..].is_empty() {
                    skip = 2;
                }
                break;
            }
        }
        i += skip;
    }
    args.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn words(s: &str) -> Vec<Word> {
        s.split(' ')
            .map(|t| Word::synthetic(t, Span::default()))
            .collect()
    }

    #[test]
    fn clusters_values_and_double_dash() {
        let a = words("-qbfeature --track=direct x -- -f");
        let p = parse(&a, "b", &[]);
        assert!(p.short('q') && p.short('b') && !p.short('f'));
        assert_eq!(p.value("b"), Some("feature"));
        assert_eq!(p.value("track"), Some("direct"));
        assert_eq!(p.operands, vec![2]);
        assert_eq!(p.after_dd, vec![4]);
    }

    #[test]
    fn first_operand_skips_values() {
        let a = words("sudo -u root -E -- git status");
        assert_eq!(first_operand(&a, 1, "u", &[]), 5);
        let a = words("timeout --signal KILL 5 cmd");
        assert_eq!(first_operand(&a, 1, "sk", &["signal"]), 3);
    }
}
