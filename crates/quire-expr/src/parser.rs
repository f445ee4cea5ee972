//! Recursive-descent parser from tokens to [`Node`] trees, with nesting and tree-height limits.

use serde_json::Value;

use crate::ExprError;
use crate::ast::{BinaryOp, Node, Special, UnaryOp};
use crate::lexer::{Token, TokenKind, tokenize};

/// Deepest nesting of subexpressions (parentheses, brackets, call arguments, ternary branches,
/// unary operators) the parser descends into.
pub const MAX_NESTING: usize = 64;
/// Tallest expression tree accepted (long operator chains count too); keeps evaluation's
/// recursion, and dropping the tree, far from the stack limit.
pub const MAX_TREE_HEIGHT: usize = 160;

/// Parse a complete expression.
pub(crate) fn parse_expression(src: &str) -> Result<Node, ExprError> {
    let tokens = tokenize(src)?;
    let mut parser = Parser { src, tokens, pos: 0, nesting: 0 };
    let parsed = parser.ternary()?;
    match &parser.peek().kind {
        TokenKind::End => Ok(parsed.node),
        _ => Err(parser.unexpected("expected an operator or the end of the expression")),
    }
}

/// A node with the height of its tree.
struct Parsed {
    node: Node,
    height: usize,
}

struct Parser<'s> {
    src: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    nesting: usize,
}

/// Binary operator levels, loosest first.
const LEVELS: [fn(&TokenKind) -> Option<BinaryOp>; 7] = [
    |t| matches!(t, TokenKind::Nullish).then_some(BinaryOp::Nullish),
    |t| matches!(t, TokenKind::OrOr).then_some(BinaryOp::Or),
    |t| matches!(t, TokenKind::AndAnd).then_some(BinaryOp::And),
    |t| match t {
        TokenKind::EqEq => Some(BinaryOp::LooseEqual),
        TokenKind::NotEq => Some(BinaryOp::LooseNotEqual),
        TokenKind::EqEqEq => Some(BinaryOp::StrictEqual),
        TokenKind::NotEqEq => Some(BinaryOp::StrictNotEqual),
        _ => None,
    },
    |t| match t {
        TokenKind::Less => Some(BinaryOp::Less),
        TokenKind::LessEq => Some(BinaryOp::LessEqual),
        TokenKind::Greater => Some(BinaryOp::Greater),
        TokenKind::GreaterEq => Some(BinaryOp::GreaterEqual),
        _ => None,
    },
    |t| match t {
        TokenKind::Plus => Some(BinaryOp::Add),
        TokenKind::Minus => Some(BinaryOp::Subtract),
        _ => None,
    },
    |t| match t {
        TokenKind::Star => Some(BinaryOp::Multiply),
        TokenKind::Slash => Some(BinaryOp::Divide),
        TokenKind::Percent => Some(BinaryOp::Remainder),
        _ => None,
    },
];

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // The token list always ends with `End`, and `advance` never moves past it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn unexpected(&self, message: &str) -> ExprError {
        let token = self.peek();
        let found = match &token.kind {
            TokenKind::End => "end of expression".to_string(),
            _ => format!("`{}`", token_text(self.src, token, self.tokens.get(self.pos + 1))),
        };
        ExprError::parse(format!("{message}, found {found}"), token.offset)
    }

    fn expect(&mut self, kind: TokenKind, what: &str) -> Result<(), ExprError> {
        if self.peek().kind == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(&format!("expected {what}")))
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(ExprError::DepthLimit);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn build(node: Node, children: &[usize]) -> Result<Parsed, ExprError> {
        let height = children.iter().copied().max().unwrap_or(0) + 1;
        if height > MAX_TREE_HEIGHT {
            return Err(ExprError::DepthLimit);
        }
        Ok(Parsed { node, height })
    }

    fn ternary(&mut self) -> Result<Parsed, ExprError> {
        self.enter()?;
        let cond = self.binary(0)?;
        let result = if self.peek().kind == TokenKind::Question {
            self.advance();
            let then = self.ternary()?;
            self.expect(TokenKind::Colon, "`:` of a `? :` expression")?;
            let otherwise = self.ternary()?;
            let heights = [cond.height, then.height, otherwise.height];
            let node = Node::Conditional(Box::new(cond.node), Box::new(then.node), Box::new(otherwise.node));
            Self::build(node, &heights)?
        } else {
            cond
        };
        self.leave();
        Ok(result)
    }

    fn binary(&mut self, level: usize) -> Result<Parsed, ExprError> {
        let Some(operator_of) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        while let Some(op) = operator_of(&self.peek().kind) {
            self.advance();
            let right = self.binary(level + 1)?;
            let heights = [left.height, right.height];
            left = Self::build(Node::Binary(op, Box::new(left.node), Box::new(right.node)), &heights)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Parsed, ExprError> {
        let op = match self.peek().kind {
            TokenKind::Bang => UnaryOp::Not,
            TokenKind::Minus => UnaryOp::Negate,
            TokenKind::Plus => UnaryOp::Plus,
            _ => return self.postfix(),
        };
        self.advance();
        self.enter()?;
        let operand = self.unary()?;
        self.leave();
        Self::build(Node::Unary(op, Box::new(operand.node)), &[operand.height])
    }

    fn postfix(&mut self) -> Result<Parsed, ExprError> {
        let start = self.peek().offset;
        let mut current = self.primary()?;
        loop {
            match self.peek().kind {
                TokenKind::Dot => {
                    self.advance();
                    let before = self.pos;
                    let token = self.advance();
                    let TokenKind::Name(field) = token.kind else {
                        self.pos = before;
                        return Err(self.unexpected("expected a field name after `.`"));
                    };
                    current = Self::build(Node::Member(Box::new(current.node), field), &[current.height])?;
                }
                TokenKind::LBracket => {
                    self.advance();
                    let index = self.ternary()?;
                    self.expect(TokenKind::RBracket, "`]`")?;
                    let heights = [current.height, index.height];
                    current = Self::build(Node::Index(Box::new(current.node), Box::new(index.node)), &heights)?;
                }
                TokenKind::LParen => {
                    let callee_text = self.src[start..self.peek().offset].trim().to_string();
                    self.advance();
                    let (args, height) = self.list(TokenKind::RParen, "`)`")?;
                    current = Self::build(
                        Node::Call { callee: Box::new(current.node), callee_text, args },
                        &[current.height, height],
                    )?;
                }
                _ => return Ok(current),
            }
        }
    }

    /// Comma-separated expressions up to `close`; returns them with their tallest height.
    fn list(&mut self, close: TokenKind, what: &str) -> Result<(Vec<Node>, usize), ExprError> {
        let mut items = Vec::new();
        let mut height = 0;
        if self.peek().kind != close {
            loop {
                let item = self.ternary()?;
                height = height.max(item.height);
                items.push(item.node);
                if self.peek().kind != TokenKind::Comma {
                    break;
                }
                self.advance();
            }
        }
        self.expect(close, &format!("`,` or {what}"))?;
        Ok((items, height))
    }

    fn primary(&mut self) -> Result<Parsed, ExprError> {
        let before = self.pos;
        let token = self.advance();
        let node = match token.kind {
            TokenKind::Number(value) => Node::Literal(crate::number::number_value(value)),
            TokenKind::Str(text) => Node::Literal(Value::String(text)),
            TokenKind::Name(name) => match name.as_str() {
                "true" => Node::Literal(Value::Bool(true)),
                "false" => Node::Literal(Value::Bool(false)),
                "null" | "undefined" => Node::Literal(Value::Null),
                "this" => Node::This,
                _ => Node::Name(name),
            },
            TokenKind::AtName(name) => Node::Special(match name.as_str() {
                "index" => Special::Index,
                "first" => Special::First,
                "last" => Special::Last,
                "key" => Special::Key,
                "root" => Special::Root,
                _ => {
                    return Err(ExprError::parse(
                        format!("unknown variable `@{name}` (known: @index, @first, @last, @key, @root)"),
                        token.offset,
                    ));
                }
            }),
            TokenKind::LParen => {
                let inner = self.ternary()?;
                self.expect(TokenKind::RParen, "`)`")?;
                return Ok(inner);
            }
            TokenKind::LBracket => {
                let (items, height) = self.list(TokenKind::RBracket, "`]`")?;
                return Self::build(Node::Array(items), &[height]);
            }
            _ => {
                self.pos = before;
                return Err(self.unexpected("expected a value"));
            }
        };
        Ok(Parsed { node, height: 1 })
    }
}

/// The source text of `token` (up to the next token), for error messages.
fn token_text<'s>(src: &'s str, token: &Token, next: Option<&Token>) -> &'s str {
    let end = next.map_or(src.len(), |next| next.offset);
    src.get(token.offset..end).unwrap_or("").trim()
}
