//! The one error type of the expression language: parse, lookup, type and limit failures.

/// Everything that can go wrong while parsing or evaluating a template or expression.
///
/// Messages are written for API users: they name the offending function, expression or limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExprError {
    /// The text is not valid template or expression syntax. `offset` is a byte offset into the text
    /// that was parsed (the whole template for [`crate::Template::parse`]).
    #[error("syntax error at offset {offset}: {message}")]
    Parse {
        /// What is wrong, e.g. "unterminated `{{`".
        message: String,
        /// Byte offset of the problem in the parsed text.
        offset: usize,
    },
    /// A call to a function that does not exist; holds its name.
    #[error("unknown function `{0}`")]
    UnknownFunction(String),
    /// A value of the wrong kind was used, e.g. calling a non-function, or wrong helper arguments.
    /// The message names the expression or helper involved.
    #[error("{0}")]
    Type(String),
    /// Evaluation used more steps than [`crate::EvalOptions::max_steps`] allows.
    #[error("expression evaluation exceeded its step budget")]
    StepLimit,
    /// `#each` blocks (and callers counting through [`crate::EvalBudget`]) iterated more often than
    /// [`crate::EvalOptions::max_loop_iterations`] allows.
    #[error("loop iteration limit exceeded")]
    LoopLimit,
    /// Rendered text (or a string built by an expression) grew beyond
    /// [`crate::EvalOptions::max_output_bytes`].
    #[error("rendered text exceeds the maximum output size")]
    OutputLimit,
    /// Expressions or blocks are nested more deeply than the parser allows.
    #[error("expression or block nesting is too deep")]
    DepthLimit,
}

impl ExprError {
    /// A parse error at `offset`.
    pub(crate) fn parse(message: impl Into<String>, offset: usize) -> ExprError {
        ExprError::Parse { message: message.into(), offset }
    }

    /// The same error with parse offsets shifted by `base` (for expressions embedded in a template).
    pub(crate) fn shifted(self, base: usize) -> ExprError {
        match self {
            ExprError::Parse { message, offset } => ExprError::Parse { message, offset: offset + base },
            other => other,
        }
    }
}
