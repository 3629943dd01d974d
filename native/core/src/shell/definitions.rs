//! Aliases and functions defined earlier in the same input, followed where they are used: a
//! function's body runs at its call with the call's arguments as `$1`…, an alias expands in
//! place of the command name.

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::pathclass::VarVal;
use super::walk::{Analyzer, Input, Output, Unit};
use super::words::{SpanMap, Word};

/// A function body, as code to parse again at each call.
#[derive(Debug, Clone)]
struct Function {
    body: Rc<str>,
    map: SpanMap,
}

#[derive(Debug, Default)]
pub(super) struct Definitions {
    functions: HashMap<String, Function>,
    aliases: HashMap<String, String>,
    /// Names being expanded now (an alias or function that uses itself stops there).
    active: Vec<String>,
}

impl Analyzer {
    /// `name() { … }` / `function name { … }`: remembered, not run.
    pub fn define_function(&mut self, node: Node, u: &Unit) {
        let (Some(name), Some(body)) = (
            node.child_by_field_name("name"),
            node.child_by_field_name("body"),
        ) else {
            return;
        };
        let f = Function {
            body: Rc::from(u.text_of(&body)),
            map: u.map.sub(body.start_byte()),
        };
        self.defs.functions.insert(u.text_of(&name).to_owned(), f);
    }

    /// `alias name=value …`.
    pub fn define_aliases(&mut self, args: &[Word]) {
        for a in args {
            if let Some((name, value)) = a.text.split_once('=') {
                if !name.is_empty() && !name.starts_with('-') {
                    self.defs.aliases.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }

    /// Runs `argv` as a call of a function or alias the input defined; None when it is neither.
    pub fn call_definition(&mut self, argv: &[Word], u: &Unit, input: &Input) -> Option<Output> {
        let name = argv.first().filter(|w| w.is_static())?.text.clone();
        if self.defs.active.contains(&name) {
            return None;
        }
        if let Some(f) = self.defs.functions.get(&name).cloned() {
            self.defs.active.push(name);
            // $1… are the call's arguments for the body, then what they were before.
            let saved: Vec<(String, Option<VarVal>)> = (1..=9)
                .map(|i| (i.to_string(), self.vars.get(&i.to_string()).cloned()))
                .collect();
            for (i, (k, _)) in saved.iter().enumerate() {
                let val = match argv.get(i + 1) {
                    Some(w) if w.is_static() => VarVal::Static(w.text.clone()),
                    Some(_) => VarVal::Unknown,
                    None => VarVal::Static(String::new()),
                };
                self.vars.insert(k.clone(), val);
            }
            let out = self.code(&f.body, f.map, u.depth + 1, input);
            for (k, v) in saved {
                match v {
                    Some(v) => self.vars.insert(k, v),
                    None => self.vars.remove(&k),
                };
            }
            self.defs.active.pop();
            return Some(out);
        }
        if let Some(value) = self.defs.aliases.get(&name).cloned() {
            self.defs.active.push(name);
            let rest: Vec<&str> = argv[1..].iter().map(|w| w.text.as_str()).collect();
            let code = if rest.is_empty() {
                value
            } else {
                format!("{value} {}", rest.join(" "))
            };
            let span = super::words::span_of(argv, argv[0].span);
            let out = self.code(&code, SpanMap::Whole(span), u.depth + 1, input);
            self.defs.active.pop();
            return Some(out);
        }
        None
    }
}
