//! A compiled expression: the parsed tree plus its source text for error messages.

use std::borrow::Cow;

use serde_json::Value;

use crate::ast::Node;
use crate::{ExprError, Scope, eval, parser};

/// A compiled expression (the text between `{{` and `}}`, without braces). Parse once, evaluate
/// many times; `Clone + Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    source: String,
    root: Node,
}

impl Expression {
    /// Parse `src`, e.g. `item.quantity * item.rate`. Errors carry byte offsets into `src`.
    pub fn parse(src: &str) -> Result<Expression, ExprError> {
        let root = parser::parse_expression(src)?;
        Ok(Expression { source: src.trim().to_string(), root })
    }

    /// Evaluate against `scope`. A missing path is `null`; type errors name this expression.
    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, ExprError> {
        self.evaluate_borrowed(scope).map(Cow::into_owned)
    }

    /// Evaluate without cloning values that live in the scope's data.
    pub fn evaluate_borrowed<'a>(&self, scope: &Scope<'a>) -> Result<Cow<'a, Value>, ExprError> {
        eval::evaluate(&self.root, scope).map_err(|error| match error {
            ExprError::Type(message) => ExprError::Type(format!("{message} (in `{}`)", self.source)),
            other => other,
        })
    }

    /// The expression's source text, trimmed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The root identifiers this expression reads, e.g. `["item", "taxRate"]` (function names,
    /// `this` and `@` variables excluded).
    pub fn referenced_roots(&self) -> Vec<String> {
        let mut roots = Vec::new();
        self.root.collect_roots(true, &mut roots);
        roots
    }

    pub(crate) fn collect_roots(&self, plain: bool, out: &mut Vec<String>) {
        self.root.collect_roots(plain, out);
    }
}
