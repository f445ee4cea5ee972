//! Syntax tree of a parsed expression.

use serde_json::Value;

/// One node of an expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A literal number, string, boolean or null.
    Literal(Value),
    /// A plain name resolved through the scope (`customer`, `item`).
    Name(String),
    /// `this`: the current `#each` item, or the root data outside loops.
    This,
    /// `@index`, `@first`, `@last`, `@key`, `@root`.
    Special(Special),
    /// `object.field`.
    Member(Box<Node>, String),
    /// `object[expr]`.
    Index(Box<Node>, Box<Node>),
    /// `callee(args)`; `callee_text` is the callee's source for error messages.
    Call {
        callee: Box<Node>,
        callee_text: String,
        args: Vec<Node>,
    },
    /// `[a, b, c]`.
    Array(Vec<Node>),
    Unary(UnaryOp, Box<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    /// `cond ? then : otherwise`.
    Conditional(Box<Node>, Box<Node>, Box<Node>),
}

/// The `@` variables available inside blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Index,
    First,
    Last,
    Key,
    Root,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Negate,
    Plus,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    LooseEqual,
    LooseNotEqual,
    StrictEqual,
    StrictNotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    And,
    Or,
    Nullish,
}

impl Node {
    /// Collect the root identifiers this node reads (not function names, not `this`/`@` variables).
    /// With `plain` false only `@root.name` paths count (used inside `#each` bodies, where a plain
    /// name may be a field of the current item).
    pub(crate) fn collect_roots(&self, plain: bool, out: &mut Vec<String>) {
        let mut visit = |node: &Node| node.collect_roots(plain, out);
        match self {
            Node::Name(name) => {
                if plain && !out.iter().any(|seen| seen == name) {
                    out.push(name.clone());
                }
            }
            Node::Literal(_) | Node::This | Node::Special(_) => {}
            Node::Member(object, field) => match object.as_ref() {
                Node::Special(Special::Root) => Node::Name(field.clone()).collect_roots(true, out),
                _ => visit(object),
            },
            Node::Index(object, index) => {
                visit(object);
                visit(index);
            }
            Node::Call { callee, args, .. } => {
                if !matches!(callee.as_ref(), Node::Name(_)) {
                    visit(callee);
                }
                args.iter().for_each(visit);
            }
            Node::Array(items) => items.iter().for_each(visit),
            Node::Unary(_, operand) => visit(operand),
            Node::Binary(_, left, right) => {
                visit(left);
                visit(right);
            }
            Node::Conditional(cond, then, otherwise) => {
                visit(cond);
                visit(then);
                visit(otherwise);
            }
        }
    }
}
