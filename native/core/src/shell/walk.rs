//! Walks the tree-sitter tree: statements, pipelines, redirects, words and substitutions.
//! Everything that executes reaches [`Analyzer::exec`]; data (quoted arguments, heredoc bodies
//! not fed to an interpreter, comments) does not.

use std::rc::Rc;

use tree_sitter::Node;

use super::effects::Effect;
use super::kinds::{self, kind, K};
use super::pathclass::{self, PathCtx, VarVal, Vars};
use super::words::{self, SpanMap, Word};
use super::{parse, Access, ExecutedCommand, ShellAnalysis, ShellContext, TouchedPath};
use crate::finding::category;
use crate::{Finding, Severity, Span};

/// Nesting of code inside strings (`bash -c 'bash -c …'`) before we give up and say `dynamic`.
pub(super) const MAX_CODE_DEPTH: usize = 16;
/// Nesting of tree nodes walked recursively.
const MAX_NODE_DEPTH: usize = 160;
/// Parses per analysis (each `bash -c`, `eval`, heredoc fed to a shell is one).
const MAX_PARSES: usize = 200;
/// Wrapper-in-wrapper recursion (`xargs xargs …`, `find -exec find -exec …`).
pub(super) const MAX_EXEC_DEPTH: usize = 24;

/// One parsed text: the input itself, or code found in a string of it.
pub(super) struct Unit<'a> {
    pub text: &'a str,
    pub map: SpanMap,
    pub depth: usize,
}

impl Unit<'_> {
    pub fn span(&self, n: &Node) -> Span {
        self.map.span(n.start_byte(), n.end_byte())
    }

    pub fn text_of(&self, n: &Node) -> &str {
        self.text.get(n.byte_range()).unwrap_or("")
    }
}

/// Data known before running: what `echo`/`printf` print, a heredoc or here-string.
#[derive(Debug)]
pub(super) struct Literal {
    pub text: String,
    pub map: SpanMap,
}

/// What a command reads on stdin.
#[derive(Debug, Clone, Default)]
pub(super) struct Input {
    /// Fed by a pipe, heredoc or here-string (not the terminal or a file).
    pub piped: bool,
    /// Content downloaded from the network flows in.
    pub fetch: bool,
    /// A decoded blob (`base64 -d`, `xxd -r`) flows in: code nobody can read in the command.
    pub decoded: bool,
    /// Secret-bearing data flows in: what it is, for the reason.
    pub secret: Option<Rc<str>>,
    /// Paths `find` lists flow in: the glob of what it finds.
    pub found: Option<Rc<str>>,
    pub literal: Option<Rc<Literal>>,
    /// Redirected from this file (`< file`).
    pub file: Option<String>,
}

/// What a statement writes on stdout, as far as the next pipeline stage cares.
#[derive(Debug, Default, Clone)]
pub(super) struct Output {
    pub fetch: bool,
    pub decoded: bool,
    pub secret: Option<Rc<str>>,
    /// `find` prints the paths it finds: their glob.
    pub found: Option<Rc<str>>,
    pub literal: Option<Rc<Literal>>,
}

impl Output {
    /// What the next pipeline stage reads.
    pub fn as_input(&self) -> Input {
        Input {
            piped: true,
            fetch: self.fetch,
            decoded: self.decoded,
            secret: self.secret.clone(),
            found: self.found.clone(),
            literal: self.literal.clone(),
            file: None,
        }
    }

    /// Everything two commands of a group print.
    fn join(self, o: Output) -> Output {
        Output {
            fetch: self.fetch || o.fetch,
            decoded: self.decoded || o.decoded,
            secret: o.secret.or(self.secret),
            found: o.found,
            literal: o.literal,
        }
    }
}

/// Redirects of one command.
#[derive(Default)]
struct Redirs<'t> {
    stdin: Option<Input>,
    /// Words tree-sitter attaches to a redirect that are really arguments (`cmd >f a b`).
    extra_args: Vec<Word>,
    /// Files stdout goes to.
    writes: Vec<String>,
    /// Files `>` replaces (not `>>`).
    overwrites: Vec<Word>,
    /// `cat <<EOF | sh`: tree-sitter nests the rest of the pipeline in the heredoc redirect.
    pipe_cont: Option<Node<'t>>,
    /// `cat <<EOF && x`: statements nested in the heredoc redirect.
    after: Vec<Node<'t>>,
}

pub(super) struct Analyzer {
    pub findings: Vec<Finding>,
    pub commands: Vec<ExecutedCommand>,
    pub paths: Vec<TouchedPath>,
    pub parse_ok: bool,
    pub vars: Vars,
    /// The working directory and protected roots, for classifying targets.
    pub ctx: PathCtx,
    /// Files written by a download (`curl -o f`, `wget URL`, `curl … > f`).
    pub downloads: Vec<String>,
    /// Network fetch commands seen so far (to tell whether a substitution fetched).
    pub fetches: usize,
    pub exec_depth: usize,
    parses: usize,
    too_deep_reported: bool,
    /// What the commands destroy, judged by [`super::consequence`] once the walk is done.
    pub effects: Vec<Effect>,
    /// The directory commands run in, after `cd`s seen so far (None: unknown).
    pub cur_dir: Option<String>,
    pub home_dir: Option<String>,
    /// Secret-bearing reads seen so far (to tell whether a command read one).
    pub secret_reads: Vec<Rc<str>>,
    /// `secret_reads.len()` before the running command's words were expanded.
    pub arg_secret_mark: usize,
    /// Functions and aliases the input defines, followed where they are used.
    pub defs: super::definitions::Definitions,
}

/// Children of a node. Indexed access costs O(index) but allocates nothing, which wins for the
/// usual handful of children; a cursor (one allocation) is used for nodes with many.
enum Kids<'t> {
    Indexed {
        node: Node<'t>,
        next: usize,
        count: usize,
        named: bool,
    },
    Listed(std::vec::IntoIter<Node<'t>>),
}

impl<'t> Iterator for Kids<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        match self {
            Kids::Indexed {
                node,
                next,
                count,
                named,
            } => {
                while *next < *count {
                    let i = *next;
                    *next += 1;
                    let child = if *named {
                        node.named_child(i)
                    } else {
                        node.child(i)
                    };
                    if child.is_some() {
                        return child;
                    }
                }
                None
            }
            Kids::Listed(it) => it.next(),
        }
    }
}

fn kids(node: Node<'_>, named: bool) -> Kids<'_> {
    let count = if named {
        node.named_child_count()
    } else {
        node.child_count()
    };
    if count <= 6 {
        return Kids::Indexed {
            node,
            next: 0,
            count,
            named,
        };
    }
    let mut cursor = node.walk();
    let list: Vec<Node> = if named {
        node.named_children(&mut cursor).collect()
    } else {
        node.children(&mut cursor).collect()
    };
    Kids::Listed(list.into_iter())
}

fn named_children(node: Node<'_>) -> Kids<'_> {
    kids(node, true)
}

fn all_children(node: Node<'_>) -> Kids<'_> {
    kids(node, false)
}

impl Analyzer {
    pub fn run(command: &str, ctx: &ShellContext) -> ShellAnalysis {
        // Bash drops NUL bytes from the script it reads (`r\0m -rf /` runs `rm -rf /`): so does
        // the parse. Spans after a NUL byte shift by the bytes dropped before them.
        let without_nul;
        let command = if command.contains('\0') {
            without_nul = command.replace('\0', "");
            without_nul.as_str()
        } else {
            command
        };
        let mut a = Analyzer {
            findings: Vec::new(),
            commands: Vec::new(),
            paths: Vec::new(),
            parse_ok: true,
            vars: Vars::new(),
            ctx: PathCtx::new(ctx),
            downloads: Vec::new(),
            fetches: 0,
            exec_depth: 0,
            parses: 0,
            too_deep_reported: false,
            effects: Vec::new(),
            cur_dir: ctx.cwd.clone().filter(|c| c.starts_with('/')),
            home_dir: ctx.home.clone().filter(|h| h.starts_with('/')),
            secret_reads: Vec::new(),
            arg_secret_mark: 0,
            defs: super::definitions::Definitions::default(),
        };
        a.code(command, SpanMap::Offset(0), 0, &Input::default());
        let (judged, needs_repo) = super::consequence::judge(&a.effects, ctx);
        for f in judged {
            a.report(&f.rule_id, &f.category, f.severity, f.span, f.message);
        }
        ShellAnalysis {
            findings: a.findings,
            commands: a.commands,
            paths: a.paths,
            parse_ok: a.parse_ok,
            needs_repo,
        }
    }

    /// Adds a finding unless the same rule already fired on the same span.
    pub fn report(
        &mut self,
        rule: &str,
        cat: &str,
        severity: Severity,
        span: Span,
        message: String,
    ) {
        if cat == category::SECRETS_ACCESS {
            // Whatever reads a secret passes it on: the data flow follows it to a sink.
            self.secret_reads
                .push(Rc::from(secret_source(rule, &message)));
        }
        if let Some(f) = self
            .findings
            .iter_mut()
            .find(|f| f.rule_id == rule && f.span == span)
        {
            if severity > f.severity {
                f.severity = severity;
                f.message = message;
            }
            return;
        }
        self.findings.push(Finding {
            rule_id: rule.to_owned(),
            category: cat.to_owned(),
            severity,
            span,
            message,
        });
    }

    pub fn too_deep(&mut self, span: Span) {
        if !self.too_deep_reported {
            self.too_deep_reported = true;
            self.report(
                "shell.nesting-too-deep",
                category::DYNAMIC,
                Severity::High,
                span,
                "command nesting is too deep to analyze statically".into(),
            );
        }
    }

    pub fn record(&mut self, argv: &[Word]) {
        let Some(first) = argv.first() else { return };
        self.commands.push(ExecutedCommand {
            name: first.text.clone(),
            args: argv[1..].iter().map(|w| w.text.clone()).collect(),
            span: words::span_of(argv, first.span),
        });
    }

    /// Parses `text` and walks it. `map` places it in the original input.
    pub fn code(&mut self, text: &str, map: SpanMap, depth: usize, input: &Input) -> Output {
        if text.trim().is_empty() {
            return Output::default();
        }
        let whole = map.span(0, text.len());
        if depth > MAX_CODE_DEPTH || self.parses >= MAX_PARSES {
            self.too_deep(whole);
            return Output::default();
        }
        self.parses += 1;
        let Some(tree) = parse(text) else {
            self.parse_ok = false;
            self.report(
                "shell.parse-error",
                category::DYNAMIC,
                Severity::Medium,
                whole,
                "the shell parser gave up on this command; it cannot be analyzed statically".into(),
            );
            return Output::default();
        };
        let root = tree.root_node();
        let unit = Unit { text, map, depth };
        if root.has_error() {
            self.parse_ok = false;
            let at = first_error(root)
                .map(|n| {
                    // A MISSING node is empty; point at what it was missing from.
                    let n = if n.start_byte() == n.end_byte() {
                        n.parent().unwrap_or(root)
                    } else {
                        n
                    };
                    unit.span(&n)
                })
                .unwrap_or(whole);
            self.report(
                "shell.parse-error",
                category::DYNAMIC,
                Severity::Medium,
                at,
                "the command does not parse cleanly (unterminated quote or syntax error); parts of it cannot be analyzed statically".into(),
            );
        }
        self.stmt(root, &unit, input.clone(), 0)
    }

    /// Walks one statement (or any node that may contain statements).
    pub fn stmt(&mut self, node: Node, u: &Unit, input: Input, nd: usize) -> Output {
        if nd > MAX_NODE_DEPTH {
            self.too_deep(u.span(&node));
            return Output::default();
        }
        match kind(&node) {
            K::Command => self.command(node, u, input, Vec::new(), nd),
            K::RedirectedStatement => self.redirected(node, u, input, nd),
            K::Pipeline => {
                let stages: Vec<Node> = named_children(node)
                    .filter(|n| kind(n) != K::Comment)
                    .collect();
                self.stages(&stages, u, input, None, nd)
            }
            K::Comment
            | K::HeredocStart
            | K::HeredocEnd
            | K::VariableName
            | K::FileDescriptor
            | K::SpecialVariableName => Output::default(),
            K::DeclarationCommand => {
                self.declaration(node, u, nd);
                Output::default()
            }
            K::VariableAssignment => {
                self.assignment_value(node, u, nd);
                Output::default()
            }
            K::Error => {
                self.error_node(node, u, input, nd);
                Output::default()
            }
            K::HeredocBody => {
                self.substs(node, u, nd);
                Output::default()
            }
            K::FunctionDefinition => {
                // Its body runs when it is called, with the call's arguments.
                self.define_function(node, u);
                Output::default()
            }
            K::ForStatement => {
                if let Some(v) = kinds::variable(&node) {
                    self.set_var(u.text_of(&v), VarVal::Unknown);
                }
                let mut out = Output::default();
                for child in named_children(node) {
                    // A group's output is everything its commands print.
                    out = out.join(self.stmt(child, u, input.clone(), nd + 1));
                }
                out
            }
            k if k.is_word() => {
                self.word(node, u, nd);
                Output::default()
            }
            k if k.is_redirect() => {
                let mut r = Redirs::default();
                self.redirect(node, u, &mut r, nd);
                self.finish_redirs(r, Output::default(), u, nd);
                Output::default()
            }
            _ => {
                let mut out = Output::default();
                for child in named_children(node) {
                    // A group's output is everything its commands print.
                    out = out.join(self.stmt(child, u, input.clone(), nd + 1));
                }
                out
            }
        }
    }

    /// Pipeline stages: each reads what the previous one wrote; downloaded content taints the
    /// rest of the pipeline.
    fn stages(
        &mut self,
        stages: &[Node],
        u: &Unit,
        input: Input,
        prev: Option<Output>,
        nd: usize,
    ) -> Output {
        // Downloaded, decoded and secret content taints the rest of the pipeline.
        let mut taint = Output {
            fetch: input.fetch,
            decoded: input.decoded,
            secret: input.secret.clone(),
            found: None,
            literal: None,
        };
        let mut cur = input;
        if let Some(p) = prev {
            taint = taint.join(p);
            cur = taint.as_input();
        }
        for st in stages {
            let out = self.stmt(*st, u, cur, nd + 1);
            taint = taint.join(out);
            cur = taint.as_input();
        }
        taint
    }

    fn redirected(&mut self, node: Node, u: &Unit, input: Input, nd: usize) -> Output {
        let body = kinds::body(&node);
        let mut r = Redirs::default();
        for child in named_children(node) {
            if Some(child) == body {
                continue;
            }
            let k = kind(&child);
            if k.is_redirect() {
                self.redirect(child, u, &mut r, nd + 1);
            } else if k != K::Comment {
                self.stmt(child, u, Input::default(), nd + 1);
            }
        }
        let stdin = r.stdin.take().unwrap_or(input);
        let extra = std::mem::take(&mut r.extra_args);
        let out = match body {
            Some(b) if kind(&b) == K::Command => self.command(b, u, stdin, extra, nd + 1),
            Some(b) => {
                let out = self.stmt(b, u, stdin, nd + 1);
                if !extra.is_empty() {
                    self.exec(extra, u, &Input::default());
                }
                out
            }
            None => Output::default(),
        };
        self.finish_redirs(r, out, u, nd)
    }

    /// After the command ran: downloads written to files, heredoc pipeline continuations.
    fn finish_redirs(&mut self, r: Redirs, mut out: Output, u: &Unit, nd: usize) -> Output {
        for w in &r.overwrites {
            if w.text.starts_with("/dev/tcp/") || w.text.starts_with("/dev/udp/") {
                if let Some(secret) = out.secret.clone() {
                    self.exfiltration(
                        &secret,
                        &format!("a raw connection ({})", words::clip(&w.text, 40)),
                        w.span,
                    );
                }
                continue;
            }
            self.lose(super::effects::LossKind::Overwrite, w, false, ">", w.span);
        }
        if !r.writes.is_empty() {
            if out.fetch {
                self.downloads.extend(r.writes.iter().cloned());
            }
            out.literal = None;
            out.secret = None;
            out.decoded = false;
        }
        if let Some(p) = r.pipe_cont {
            let mut stages = Vec::new();
            let mut after = Vec::new();
            flatten_pipe(p, &mut stages, &mut after, 0);
            out = self.stages(&stages, u, Input::default(), Some(out), nd + 1);
            for s in after {
                self.stmt(s, u, Input::default(), nd + 1);
            }
        }
        for s in r.after {
            self.stmt(s, u, Input::default(), nd + 1);
        }
        out
    }

    fn command(
        &mut self,
        node: Node,
        u: &Unit,
        input: Input,
        extra_args: Vec<Word>,
        nd: usize,
    ) -> Output {
        let mut argv: Vec<Word> = Vec::new();
        let mut r = Redirs::default();
        let mark = self.secret_reads.len();
        for child in named_children(node) {
            match kind(&child) {
                K::VariableAssignment => self.assignment_value(child, u, nd),
                K::CommandName => {
                    let inner = child.named_child(0).unwrap_or(child);
                    argv.push(self.word(inner, u, nd + 1));
                }
                k if k.is_redirect() => self.redirect(child, u, &mut r, nd + 1),
                K::Comment | K::Error => {}
                _ => argv.push(self.word(child, u, nd + 1)),
            }
        }
        argv.extend(extra_args);
        argv.append(&mut r.extra_args);
        let stdin = r.stdin.take().unwrap_or(input);
        let saved = std::mem::replace(&mut self.arg_secret_mark, mark);
        let out = if argv.is_empty() {
            Output::default()
        } else {
            self.exec(argv, u, &stdin)
        };
        self.arg_secret_mark = saved;
        self.finish_redirs(r, out, u, nd)
    }

    /// `export`, `declare`, `local`, `readonly`, `typeset`.
    fn declaration(&mut self, node: Node, u: &Unit, nd: usize) {
        let keyword = node.child(0).map(|c| c.kind()).unwrap_or("");
        let mut names = false;
        let mut args: Vec<Word> = Vec::new();
        for child in named_children(node) {
            match kind(&child) {
                K::VariableAssignment => {
                    names = true;
                    self.assignment_value(child, u, nd);
                }
                K::VariableName => names = true,
                K::Comment => {}
                _ => args.push(self.word(child, u, nd + 1)),
            }
        }
        let mut argv = vec![Word::synthetic(keyword, u.span(&node))];
        argv.extend(args);
        self.record(&argv);
        let dumps = matches!(keyword, "export" | "declare" | "typeset")
            && !names
            && argv[1..]
                .iter()
                .all(|a| a.is_option() && a.text.chars().skip(1).all(|c| matches!(c, 'p' | 'x')));
        if dumps {
            self.report(
                "shell.env-dump",
                category::SECRETS_ACCESS,
                Severity::Low,
                u.span(&node),
                format!(
                    "`{}` prints exported variables, which often hold tokens and keys",
                    words::snippet(&argv, 40)
                ),
            );
        }
    }

    /// Walks an assignment's value and remembers what the variable holds.
    fn assignment_value(&mut self, node: Node, u: &Unit, nd: usize) {
        let mut name = "";
        let mut value = None;
        let mut appends = false;
        for child in all_children(node) {
            match kind(&child) {
                K::VariableName if name.is_empty() => name = u.text_of(&child),
                K::Subscript => appends = true,
                K::PlusEquals => appends = true,
                K::Equals => {}
                _ if child.is_named() && value.is_none() => value = Some(child),
                _ => {}
            }
        }
        let val = if appends {
            VarVal::Unknown
        } else {
            value_of(value, u)
        };
        self.set_var(name, val);
        if let Some(v) = value {
            self.word(v, u, nd + 1);
        }
    }

    /// Records an assignment; a variable assigned different values becomes unknown.
    pub fn set_var(&mut self, name: &str, val: VarVal) {
        if name.is_empty() {
            return;
        }
        match self.vars.get(name) {
            Some(old) if *old != val => {
                self.vars.insert(name.to_owned(), VarVal::Unknown);
            }
            Some(_) => {}
            None => {
                self.vars.insert(name.to_owned(), val);
            }
        }
    }

    /// Tree-sitter's error recovery: run statements it found, and treat loose words as a
    /// command (the conservative reading).
    fn error_node(&mut self, node: Node, u: &Unit, input: Input, nd: usize) {
        let mut pending: Vec<Word> = Vec::new();
        for child in named_children(node) {
            if kind(&child).is_word() {
                let w = self.word(child, u, nd + 1);
                let keyword = matches!(
                    w.text.as_str(),
                    "if" | "then"
                        | "else"
                        | "elif"
                        | "fi"
                        | "do"
                        | "done"
                        | "while"
                        | "until"
                        | "for"
                        | "in"
                        | "case"
                        | "esac"
                        | "{"
                        | "}"
                        | "!"
                );
                if pending.is_empty() && keyword && w.is_static() {
                    continue;
                }
                pending.push(w);
            } else {
                if !pending.is_empty() {
                    self.exec(std::mem::take(&mut pending), u, &input);
                }
                self.stmt(child, u, input.clone(), nd + 1);
            }
        }
        if !pending.is_empty() {
            self.exec(pending, u, &input);
        }
    }

    fn redirect<'t>(&mut self, node: Node<'t>, u: &Unit, r: &mut Redirs<'t>, nd: usize) {
        match kind(&node) {
            K::FileRedirect => {
                let mut op = "";
                let mut dests = Vec::new();
                for child in all_children(node) {
                    if !child.is_named() {
                        if op.is_empty() {
                            op = child.kind();
                        }
                    } else if !matches!(kind(&child), K::FileDescriptor | K::Comment) {
                        dests.push(child);
                    }
                }
                let mut it = dests.into_iter();
                if let Some(d) = it.next() {
                    let w = self.word(d, u, nd + 1);
                    self.redirect_target(op, w, r);
                }
                for d in it {
                    let w = self.word(d, u, nd + 1);
                    r.extra_args.push(w);
                }
            }
            K::HeredocRedirect => {
                let mut body: Option<Input> = None;
                for child in named_children(node) {
                    match kind(&child) {
                        K::HeredocBody => {
                            let before = self.fetches;
                            self.substs(child, u, nd + 1);
                            let lit = Literal {
                                text: u.text_of(&child).to_owned(),
                                map: u.map.sub(child.start_byte()),
                            };
                            body = Some(Input {
                                piped: true,
                                fetch: self.fetches > before,
                                literal: Some(Rc::new(lit)),
                                ..Input::default()
                            });
                        }
                        K::Pipeline => r.pipe_cont = Some(child),
                        k if k.is_redirect() => self.redirect(child, u, r, nd + 1),
                        K::HeredocStart | K::HeredocEnd | K::HeredocContent | K::Comment => {}
                        _ => r.after.push(child),
                    }
                }
                let empty = Literal {
                    text: String::new(),
                    map: u.map.sub(node.end_byte()),
                };
                r.stdin = Some(body.unwrap_or(Input {
                    piped: true,
                    literal: Some(Rc::new(empty)),
                    ..Input::default()
                }));
            }
            K::HerestringRedirect => {
                for child in named_children(node) {
                    if kind(&child) == K::Comment {
                        continue;
                    }
                    let secrets_before = self.secret_reads.len();
                    let w = self.word(child, u, nd + 1);
                    let lit = Literal {
                        text: format!("{}\n", w.text),
                        map: w.code_map(),
                    };
                    r.stdin = Some(Input {
                        piped: true,
                        fetch: w.fetch,
                        secret: self.secret_reads.get(secrets_before).cloned(),
                        literal: Some(Rc::new(lit)),
                        ..Input::default()
                    });
                }
            }
            _ => {}
        }
    }

    fn redirect_target(&mut self, op: &str, w: Word, r: &mut Redirs) {
        let dup = matches!(op, ">&" | "<&" | ">&-" | "<&-")
            && (w.text.chars().all(|c| c.is_ascii_digit()) || w.text == "-");
        if dup {
            return;
        }
        let access = if op == "<" {
            let secrets_before = self.secret_reads.len();
            r.stdin = Some(Input {
                piped: w.procsub,
                fetch: w.fetch,
                file: (!w.procsub).then(|| w.text.clone()),
                ..Input::default()
            });
            if !w.procsub {
                self.touch(&w, Access::Read);
            }
            if let Some(s) = r.stdin.as_mut() {
                s.secret = self.secret_reads.get(secrets_before).cloned();
            }
            return;
        } else {
            if op != "<>" && !w.procsub {
                r.writes.push(w.text.clone());
                if matches!(op, ">" | ">|" | "&>") && !pathclass::is_boring(&w.text) {
                    r.overwrites.push(w.clone());
                }
            }
            Access::Write
        };
        if !w.procsub {
            self.touch(&w, access);
        }
    }

    /// Records a path a command names and checks it against the secret / privileged / device
    /// lists.
    pub fn touch(&mut self, w: &Word, access: Access) {
        if w.stdin || w.text.is_empty() || pathclass::is_boring(&w.text) {
            return;
        }
        self.paths.push(TouchedPath {
            path: w.text.clone(),
            access,
            span: w.span,
        });
        let expanded = pathclass::expand_vars(&w.text, &self.vars);
        match access {
            Access::Read | Access::Unknown => {
                if let Some(kind) = pathclass::secret_kind(&expanded) {
                    let sev = if kind.contains("private key") || kind.contains("password") {
                        Severity::High
                    } else {
                        Severity::Medium
                    };
                    self.report(
                        "shell.secret-file-read",
                        category::SECRETS_ACCESS,
                        sev,
                        w.span,
                        format!("reads {kind} ({})", words::clip(&w.text, 60)),
                    );
                }
            }
            Access::Write => {
                if pathclass::is_block_device(&expanded) {
                    self.report(
                        "shell.write-block-device",
                        category::DESTRUCTIVE_FS,
                        Severity::Critical,
                        w.span,
                        format!(
                            "writes directly to the disk device {}, destroying its file systems",
                            words::clip(&w.text, 40)
                        ),
                    );
                } else if let Some(what) = pathclass::privilege_file(&expanded) {
                    self.report(
                        "shell.privileged-file-write",
                        category::PRIVILEGE,
                        Severity::High,
                        w.span,
                        format!("modifies {what} ({})", words::clip(&w.text, 40)),
                    );
                }
            }
        }
    }

    /// Renders a word node and walks the substitutions in it (they execute).
    pub fn word(&mut self, node: Node, u: &Unit, nd: usize) -> Word {
        let mut w = Word {
            span: u.span(&node),
            ..Word::default()
        };
        let before = self.fetches;
        self.render(node, u, &mut w, nd);
        w.fetch = self.fetches > before;
        let k = kind(&node);
        w.procsub = k == K::ProcessSubstitution;
        let raw = u.text_of(&node);
        if w.text == raw {
            w.code_map = Some(u.map.sub(node.start_byte()));
        } else if matches!(k, K::String | K::RawString)
            && raw.len() >= 2
            && raw.get(1..raw.len() - 1) == Some(w.text.as_str())
        {
            w.code_map = Some(u.map.sub(node.start_byte() + 1));
        }
        w
    }

    fn render(&mut self, node: Node, u: &Unit, w: &mut Word, nd: usize) {
        if nd > MAX_NODE_DEPTH {
            self.too_deep(u.span(&node));
            return;
        }
        let raw = u.text_of(&node);
        match kind(&node) {
            K::Word | K::Number | K::SpecialVariableName => {
                words::push_unescaped_unquoted(&mut w.text, raw)
            }
            K::RawString => {
                let inner = raw.strip_prefix('\'').unwrap_or(raw);
                w.text.push_str(inner.strip_suffix('\'').unwrap_or(inner));
            }
            K::AnsiCString => {
                let inner = raw.strip_prefix("$'").unwrap_or(raw);
                w.text.push_str(&words::unescape_ansi_c(
                    inner.strip_suffix('\'').unwrap_or(inner),
                ));
            }
            K::String | K::TranslatedString => {
                let mut pos = node.start_byte();
                let end = node.end_byte();
                for child in all_children(node) {
                    let (cs, ce) = (child.start_byte(), child.end_byte());
                    if cs > pos {
                        words::push_unescaped_dquoted(
                            &mut w.text,
                            u.text.get(pos..cs).unwrap_or(""),
                        );
                    }
                    match kind(&child) {
                        K::DoubleQuote | K::DollarDoubleQuote => {}
                        K::StringContent => {
                            words::push_unescaped_dquoted(&mut w.text, u.text_of(&child))
                        }
                        _ if child.is_named() => self.render(child, u, w, nd + 1),
                        _ => w.text.push_str(u.text_of(&child)),
                    }
                    pos = pos.max(ce);
                }
                if pos < end.saturating_sub(1) {
                    words::push_unescaped_dquoted(
                        &mut w.text,
                        u.text.get(pos..end - 1).unwrap_or(""),
                    );
                }
            }
            K::Concatenation => {
                for child in all_children(node) {
                    if child.is_named() {
                        self.render(child, u, w, nd + 1);
                    } else {
                        words::push_unescaped_unquoted(&mut w.text, u.text_of(&child));
                    }
                }
            }
            K::SimpleExpansion => {
                w.dynamic = true;
                w.text.push_str(raw);
                // `$name`, `$1`, `$@`: the grammar gives it a single leaf child, so there is
                // nothing to find unless error recovery built something else in it (or the
                // depth limit would speak).
                if node.has_error() || nd + 2 > MAX_NODE_DEPTH {
                    self.substs(node, u, nd + 1);
                }
            }
            K::Expansion | K::ArithmeticExpansion => {
                w.dynamic = true;
                w.text.push_str(raw);
                self.substs(node, u, nd + 1);
            }
            K::CommandSubstitution | K::ProcessSubstitution => {
                w.dynamic = true;
                w.subst = true;
                w.text.push_str(raw);
                self.substitution(node, u, nd + 1);
            }
            K::BraceExpression => w.text.push_str(raw),
            _ => {
                w.text.push_str(raw);
                self.substs(node, u, nd + 1);
            }
        }
    }

    /// Walks the commands inside `$(…)`, backticks, `<(…)` and `>(…)`: they execute.
    fn substitution(&mut self, node: Node, u: &Unit, nd: usize) {
        let raw = u.text_of(&node);
        if raw.starts_with('`') && raw.contains("\\`") {
            // Nested backticks are escaped inside backticks; tree-sitter does not see them.
            let inner = raw.strip_prefix('`').unwrap_or(raw);
            let inner = inner.strip_suffix('`').unwrap_or(inner);
            let mut code = String::with_capacity(inner.len());
            let mut chars = inner.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\\' && matches!(chars.peek(), Some('`' | '\\' | '$')) {
                    code.push(chars.next().unwrap_or('\\'));
                } else {
                    code.push(c);
                }
            }
            self.code(
                &code,
                SpanMap::Whole(u.span(&node)),
                u.depth + 1,
                &Input::default(),
            );
            return;
        }
        for child in named_children(node) {
            self.stmt(child, u, Input::default(), nd + 1);
        }
    }

    /// Finds and walks substitutions anywhere below `node` (in expansions, arithmetic, tests).
    pub fn substs(&mut self, node: Node, u: &Unit, nd: usize) {
        if nd > MAX_NODE_DEPTH {
            self.too_deep(u.span(&node));
            return;
        }
        for child in named_children(node) {
            match kind(&child) {
                K::CommandSubstitution | K::ProcessSubstitution => {
                    self.substitution(child, u, nd + 1)
                }
                K::RawString => {}
                _ => self.substs(child, u, nd + 1),
            }
        }
    }
}

/// What a secrets-access finding's message says was read, for naming it in an exfiltration.
fn secret_source(rule: &str, message: &str) -> String {
    match rule {
        "shell.env-dump" => return "every environment variable".to_owned(),
        "shell.secret-var-print" => return "a secret-looking variable".to_owned(),
        _ => {}
    }
    match message.split_once(" (") {
        Some((what, rest)) if message.starts_with("reads ") => {
            let path = rest.trim_end_matches(')');
            format!("{} ({path})", what.trim_start_matches("reads "))
        }
        _ => words::clip(message, 80),
    }
}

/// Stages of a pipeline nested in a heredoc redirect; statements chained after it go to `after`.
fn flatten_pipe<'t>(
    node: Node<'t>,
    stages: &mut Vec<Node<'t>>,
    after: &mut Vec<Node<'t>>,
    depth: usize,
) {
    for child in named_children(node) {
        match kind(&child) {
            K::Pipeline if depth < 32 => flatten_pipe(child, stages, after, depth + 1),
            K::List if depth < 32 => {
                let kids: Vec<Node> = named_children(child).collect();
                if let Some((first, rest)) = kids.split_first() {
                    if kind(first) == K::Pipeline {
                        flatten_pipe(*first, stages, after, depth + 1);
                    } else {
                        stages.push(*first);
                    }
                    after.extend_from_slice(rest);
                }
            }
            K::Comment => {}
            _ => stages.push(child),
        }
    }
}

fn first_error(root: Node) -> Option<Node> {
    let mut cursor = root.walk();
    let mut steps = 0usize;
    loop {
        let n = cursor.node();
        if n.is_error() || n.is_missing() {
            return Some(n);
        }
        steps += 1;
        if steps > 100_000 {
            return None;
        }
        if n.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// A variable's value from its assignment node, without walking substitutions (the real walk
/// does that later).
fn value_of(value: Option<Node>, u: &Unit) -> VarVal {
    let Some(v) = value else {
        return VarVal::Static(String::new());
    };
    let raw = u.text_of(&v);
    let unquoted = raw.trim_matches('"');
    if (unquoted.starts_with("$(mktemp") && unquoted.ends_with(')'))
        || (unquoted.starts_with("`mktemp") && unquoted.ends_with('`'))
    {
        return VarVal::Temp;
    }
    let mut text = String::new();
    if static_text(v, u, &mut text, 0) {
        VarVal::Static(text)
    } else {
        VarVal::Unknown
    }
}

/// Quote-removed text of a word without command substitutions (parameter expansions are kept
/// as written). False if it holds a substitution.
fn static_text(n: Node, u: &Unit, out: &mut String, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let raw = u.text_of(&n);
    match kind(&n) {
        K::Word | K::Number => words::push_unescaped_unquoted(out, raw),
        K::RawString => out.push_str(raw.trim_start_matches('\'').trim_end_matches('\'')),
        K::SimpleExpansion | K::Expansion => out.push_str(raw),
        K::String | K::Concatenation => {
            for c in all_children(n) {
                match kind(&c) {
                    K::DoubleQuote => {}
                    K::StringContent => words::push_unescaped_dquoted(out, u.text_of(&c)),
                    _ if c.is_named() => {
                        if !static_text(c, u, out, depth + 1) {
                            return false;
                        }
                    }
                    _ => out.push_str(u.text_of(&c)),
                }
            }
        }
        _ => return false,
    }
    true
}
