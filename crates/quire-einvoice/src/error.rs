//! The e-invoice error: a malformed request (`ERR_VALID_001`) or broken business rules (`ERR_EINV_001`).

use std::fmt;

/// One broken business rule: its id (`BR-CO-10`), the JSON path inside `data` (`lines[2].lineTotal`) and
/// a message for API users.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleViolation {
    /// Rule id from [`crate::RULES`].
    pub rule: &'static str,
    /// JSON path relative to `eInvoice.data` (`""` for the invoice as a whole).
    pub path: String,
    /// What is wrong, with the figures involved.
    pub message: String,
}

impl RuleViolation {
    pub(crate) fn new(rule: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { rule, path: path.into(), message: message.into() }
    }
}

/// Why no XML was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EInvoiceError {
    /// The request is not of the documented shape (unknown profile, wrong type, unknown field). The path
    /// is relative to the `eInvoice` object (`data.lines[0].quantity`).
    #[error("{path}: {message}")]
    Request {
        /// JSON path of the offending value.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The invoice breaks business rules; every broken rule is listed.
    #[error("{}", summary(.0))]
    Rules(Vec<RuleViolation>),
    /// The XML writer failed (it writes into memory, so this is not expected).
    #[error("the e-invoice XML could not be written: {0}")]
    Write(String),
}

impl EInvoiceError {
    /// The wire error code from API.md: `ERR_VALID_001` for a malformed request, `ERR_EINV_001` for
    /// broken business rules, `ERR_DOC_004` for a writer failure.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Request { .. } => "ERR_VALID_001",
            Self::Rules(_) => "ERR_EINV_001",
            Self::Write(_) => "ERR_DOC_004",
        }
    }
}

fn summary(violations: &[RuleViolation]) -> String {
    struct List<'a>(&'a [RuleViolation]);
    impl fmt::Display for List<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the invoice breaks {} business rule(s):", self.0.len())?;
            for v in self.0 {
                write!(f, " {} at `{}`: {};", v.rule, v.path, v.message)?;
            }
            Ok(())
        }
    }
    List(violations).to_string()
}
