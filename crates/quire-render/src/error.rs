//! The render error: a documented error code, a user-facing message and the template path it concerns.

use std::fmt;

/// Error codes this crate produces (the catalogue lives in `quire-core`; these are the wire strings).
pub mod codes {
    /// A variable has the wrong type, or the input is not an object.
    pub const VALIDATION: &str = "ERR_VALID_001";
    /// A required variable is missing and has no default.
    pub const MISSING_VARIABLE: &str = "ERR_MISSING_VARIABLE";
    /// The template itself is invalid (schema problems, bad expressions).
    pub const TEMPLATE_INVALID: &str = "ERR_TMPL_003";
    /// The document could not be generated (evaluation or backend failure).
    pub const GENERATION_FAILED: &str = "ERR_DOC_004";
    /// Pages per PDF.
    pub const LIMIT_PAGES: &str = "ERR_LIMIT_001";
    /// Images per document.
    pub const LIMIT_IMAGES: &str = "ERR_LIMIT_002";
    /// Rows per sheet.
    pub const LIMIT_ROWS: &str = "ERR_LIMIT_003";
    /// Sheets per workbook.
    pub const LIMIT_SHEETS: &str = "ERR_LIMIT_004";
    /// Columns per sheet.
    pub const LIMIT_COLUMNS: &str = "ERR_LIMIT_005";
    /// Output file size.
    pub const LIMIT_OUTPUT_SIZE: &str = "ERR_LIMIT_006";
    /// Loop iterations per document.
    pub const LIMIT_LOOP_ITERATIONS: &str = "ERR_LIMIT_007";
    /// Component nesting depth.
    pub const LIMIT_NESTING: &str = "ERR_LIMIT_008";
    /// Components after expansion.
    pub const LIMIT_COMPONENTS: &str = "ERR_LIMIT_009";
    /// Render time per document.
    pub const LIMIT_RENDER_TIME: &str = "ERR_LIMIT_010";
}

/// A failed render: the documented code (e.g. `ERR_LIMIT_007`), a message fit for API users, and the
/// template path (e.g. `schema.components[3]`) or variable path it concerns, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// Wire error code from API.md.
    pub code: &'static str,
    /// User-facing message; names the component id or expression where relevant.
    pub message: String,
    /// JSON path of the template part or variable concerned.
    pub path: Option<String>,
}

impl RenderError {
    /// An error with a code and message and no path.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), path: None }
    }

    /// An error tied to a JSON path.
    pub fn at(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), path: Some(path.into()) }
    }

    /// A generation failure (`ERR_DOC_004`), e.g. a backend error.
    pub fn generation(message: impl Into<String>) -> Self {
        Self::new(codes::GENERATION_FAILED, message)
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {} (at {path})", self.code, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for RenderError {}
