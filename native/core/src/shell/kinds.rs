//! Node kinds and fields of tree-sitter-bash as small integers.
//!
//! `Node::kind()` looks the name up, measures it (`strlen`) and validates it as UTF-8 on every
//! call, and `child_by_field_name` scans the field names; the walk asks for kinds of almost every
//! node. Here each kind id the grammar has maps, once, to a [`K`] made from its name, so asking is
//! an array read and comparisons are integer ones. Kinds the walk does not distinguish are
//! [`K::Other`].

use std::sync::OnceLock;

use tree_sitter::Node;

/// The node kinds the walk tells apart (named nodes, and the few anonymous tokens it looks for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum K {
    Other,
    Command,
    CommandName,
    RedirectedStatement,
    Pipeline,
    List,
    Comment,
    HeredocStart,
    HeredocEnd,
    HeredocBody,
    HeredocContent,
    VariableName,
    FileDescriptor,
    SpecialVariableName,
    DeclarationCommand,
    VariableAssignment,
    Subscript,
    Error,
    ForStatement,
    FunctionDefinition,
    Word,
    String,
    StringContent,
    RawString,
    AnsiCString,
    TranslatedString,
    Concatenation,
    SimpleExpansion,
    Expansion,
    CommandSubstitution,
    ProcessSubstitution,
    ArithmeticExpansion,
    Number,
    BraceExpression,
    ExtglobPattern,
    Regex,
    Array,
    FileRedirect,
    HeredocRedirect,
    HerestringRedirect,
    /// `+=`
    PlusEquals,
    /// `=`
    Equals,
    /// `"`
    DoubleQuote,
    /// `$"`
    DollarDoubleQuote,
}

impl K {
    /// The kind a node named `name` has.
    pub fn from_name(name: &str) -> K {
        match name {
            "command" => K::Command,
            "command_name" => K::CommandName,
            "redirected_statement" => K::RedirectedStatement,
            "pipeline" => K::Pipeline,
            "list" => K::List,
            "comment" => K::Comment,
            "heredoc_start" => K::HeredocStart,
            "heredoc_end" => K::HeredocEnd,
            "heredoc_body" => K::HeredocBody,
            "heredoc_content" => K::HeredocContent,
            "variable_name" => K::VariableName,
            "file_descriptor" => K::FileDescriptor,
            "special_variable_name" => K::SpecialVariableName,
            "declaration_command" => K::DeclarationCommand,
            "variable_assignment" => K::VariableAssignment,
            "subscript" => K::Subscript,
            "ERROR" => K::Error,
            "for_statement" => K::ForStatement,
            "function_definition" => K::FunctionDefinition,
            "word" => K::Word,
            "string" => K::String,
            "string_content" => K::StringContent,
            "raw_string" => K::RawString,
            "ansi_c_string" => K::AnsiCString,
            "translated_string" => K::TranslatedString,
            "concatenation" => K::Concatenation,
            "simple_expansion" => K::SimpleExpansion,
            "expansion" => K::Expansion,
            "command_substitution" => K::CommandSubstitution,
            "process_substitution" => K::ProcessSubstitution,
            "arithmetic_expansion" => K::ArithmeticExpansion,
            "number" => K::Number,
            "brace_expression" => K::BraceExpression,
            "extglob_pattern" => K::ExtglobPattern,
            "regex" => K::Regex,
            "array" => K::Array,
            "file_redirect" => K::FileRedirect,
            "heredoc_redirect" => K::HeredocRedirect,
            "herestring_redirect" => K::HerestringRedirect,
            "+=" => K::PlusEquals,
            "=" => K::Equals,
            "\"" => K::DoubleQuote,
            "$\"" => K::DollarDoubleQuote,
            _ => K::Other,
        }
    }

    /// A node that renders to one shell word.
    pub fn is_word(self) -> bool {
        matches!(
            self,
            K::Word
                | K::String
                | K::RawString
                | K::AnsiCString
                | K::TranslatedString
                | K::Concatenation
                | K::SimpleExpansion
                | K::Expansion
                | K::CommandSubstitution
                | K::ProcessSubstitution
                | K::ArithmeticExpansion
                | K::Number
                | K::BraceExpression
                | K::ExtglobPattern
                | K::Regex
                | K::Array
        )
    }

    pub fn is_redirect(self) -> bool {
        matches!(
            self,
            K::FileRedirect | K::HeredocRedirect | K::HerestringRedirect
        )
    }
}

/// Kinds by kind id, and the field ids the walk uses.
struct Table {
    kinds: Vec<K>,
    field_body: u16,
    field_variable: u16,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let lang: tree_sitter::Language = tree_sitter_bash::LANGUAGE.into();
        let count = u16::try_from(lang.node_kind_count()).unwrap_or(u16::MAX);
        let kinds = (0..count)
            .map(|id| lang.node_kind_for_id(id).map_or(K::Other, K::from_name))
            .collect();
        // 0 is no field: `child_by_field_id(0)` finds nothing, as the name lookup would.
        let field = |name: &str| lang.field_id_for_name(name).map_or(0, u16::from);
        Table {
            kinds,
            field_body: field("body"),
            field_variable: field("variable"),
        }
    })
}

/// The kind of `node`: the kind of its name, `node.kind()`.
pub(super) fn kind(node: &Node) -> K {
    // A public symbol has the name of every symbol that maps to it, so the kind by id is the
    // kind by name. Ids past the table (ERROR is u16::MAX) go by name.
    match table().kinds.get(usize::from(node.kind_id())) {
        Some(&k) => k,
        None => K::from_name(node.kind()),
    }
}

/// `node.child_by_field_name("body")`.
pub(super) fn body<'t>(node: &Node<'t>) -> Option<Node<'t>> {
    node.child_by_field_id(table().field_body)
}

/// `node.child_by_field_name("variable")`.
pub(super) fn variable<'t>(node: &Node<'t>) -> Option<Node<'t>> {
    node.child_by_field_id(table().field_variable)
}
