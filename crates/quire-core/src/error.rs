//! The error catalogue of API.md: every code with its HTTP status and default message, in one place.

use serde::Serialize;
use serde_json::Value;

macro_rules! catalogue {
    ($( $variant:ident = ($status:literal, $code:literal, $message:literal) ),* $(,)?) => {
        /// Every documented error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $( $variant ),* }

        impl ErrorCode {
            /// Every code, for the published catalogue.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant ),* ];

            /// HTTP status.
            pub const fn status(self) -> u16 {
                match self { $( ErrorCode::$variant => $status ),* }
            }

            /// The wire code, e.g. `ERR_AUTH_001`.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code ),* }
            }

            /// The default, user-facing message.
            pub const fn default_message(self) -> &'static str {
                match self { $( ErrorCode::$variant => $message ),* }
            }
        }
    };
}

catalogue! {
    AuthMissing = (401, "ERR_AUTH_001", "You are not authorized to access this resource"),
    AuthBadCredentials = (401, "ERR_AUTH_002", "Invalid email or password"),
    AuthExpired = (401, "ERR_AUTH_003", "Authentication token has expired"),
    AuthInvalid = (401, "ERR_AUTH_004", "Invalid authentication token"),
    AuthForbidden = (403, "ERR_AUTH_005", "You do not have permission to perform this action"),
    KeyMalformed = (401, "ERR_AKEY_002", "Invalid API key"),
    KeyRevoked = (401, "ERR_AKEY_003", "API key has been deactivated"),
    KeyExpired = (401, "ERR_AKEY_004", "API key has expired"),
    KeyNotFound = (404, "ERR_AKEY_001", "API key not found"),
    Validation = (400, "ERR_VALID_001", "Validation failed"),
    // The same wire code at 422: well-formed, but naming something that cannot be used (an expired signing
    // certificate, API.md §12).
    Unprocessable = (422, "ERR_VALID_001", "The request is valid but cannot be carried out"),
    MalformedJson = (400, "ERR_VALID_002", "Request body is not valid JSON"),
    BodyTooLarge = (413, "ERR_VALID_003", "Request body is too large"),
    UriTooLong = (414, "ERR_VALID_004", "Request URL is too long"),
    HeadersTooLarge = (431, "ERR_VALID_005", "Request headers are too large"),
    MissingVariable = (422, "ERR_MISSING_VARIABLE", "A required template variable is missing"),
    TemplateNotFound = (404, "ERR_TMPL_001", "Template not found"),
    TemplateSlugTaken = (409, "ERR_TMPL_002", "A template with this slug already exists in this environment"),
    TemplateInvalid = (422, "ERR_TMPL_003", "Template is invalid"),
    TemplateNotPublished = (422, "ERR_TMPL_004", "Template has no published version"),
    TemplateFormatNotOffered = (422, "ERR_TMPL_005", "Template does not offer this output format"),
    EInvoiceRules = (422, "ERR_EINV_001", "The e-invoice breaks business rules"),
    TemplateVersionConflict = (409, "ERR_TMPL_006", "Template was changed by someone else; reload and retry"),
    JobNotFound = (404, "ERR_DOC_001", "Document job not found"),
    JobWrongState = (409, "ERR_DOC_002", "Document job is not in a state that allows this"),
    DocumentExpired = (410, "ERR_DOC_003", "Document has expired"),
    GenerationFailed = (422, "ERR_DOC_004", "Document generation failed"),
    DownloadLinkInvalid = (403, "ERR_DOC_005", "Download link is invalid or has expired"),
    BatchNotFound = (404, "ERR_BATCH_001", "Batch not found"),
    QuotaExceeded = (429, "ERR_QUOTA_001", "Monthly document quota used up"),
    RateLimited = (429, "ERR_QUOTA_003", "Too many requests"),
    ProjectNotFound = (404, "ERR_PROJ_001", "Project not found"),
    EnvironmentNotFound = (404, "ERR_ENV_001", "Environment not found"),
    MemberNotFound = (404, "ERR_MEMBER_001", "Member not found"),
    InvitationNotFound = (404, "ERR_INVITE_001", "Invitation not found"),
    UserExists = (409, "ERR_USER_001", "A user with this email already exists"),
    SignupClosed = (403, "ERR_USER_002", "Sign-up is closed; ask a project owner for an invitation"),
    Conflict = (409, "ERR_CONFLICT", "The request conflicts with the current state"),
    WebhookNotFound = (404, "ERR_WHK_001", "Webhook subscription not found"),
    WebhookTargetRefused = (422, "ERR_WHK_002", "Webhook target is not allowed"),
    AssetNotFound = (404, "ERR_ASSET_001", "Asset not found"),
    UnsupportedMedia = (415, "ERR_ASSET_002", "Unsupported file type"),
    OAuthNotFound = (404, "ERR_OAUTH_001", "OAuth grant or app not found"),
    SigningCertificateNotFound = (404, "ERR_CERT_001", "Signing certificate not found"),
    NotFound = (404, "ERR_NOT_FOUND", "Resource not found"),
    MethodNotAllowed = (405, "ERR_METHOD", "Method not allowed"),
    LimitPages = (400, "ERR_LIMIT_001", "Too many pages in the document"),
    LimitImages = (400, "ERR_LIMIT_002", "Too many images in the document"),
    LimitRows = (400, "ERR_LIMIT_003", "Too many rows in a sheet"),
    LimitSheets = (400, "ERR_LIMIT_004", "Too many sheets in the workbook"),
    LimitColumns = (400, "ERR_LIMIT_005", "Too many columns in a sheet"),
    LimitOutputSize = (400, "ERR_LIMIT_006", "Output file is too large"),
    LimitLoopIterations = (400, "ERR_LIMIT_007", "Too many loop iterations"),
    LimitNesting = (400, "ERR_LIMIT_008", "Components are nested too deeply"),
    LimitComponents = (400, "ERR_LIMIT_009", "Too many components after expansion"),
    LimitRenderTime = (400, "ERR_LIMIT_010", "Rendering took too long"),
    Unavailable = (503, "ERR_UNAVAILABLE", "Service is not ready"),
    Internal = (500, "ERR_INTERNAL", "An unexpected error occurred"),
}

impl ErrorCode {
    /// Looks a wire code up, e.g. `"ERR_LIMIT_007"` (used for codes coming back from the render engine).
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the field, e.g. `variables.items[0].qty`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// An error to show to an API client: a catalogue code, a message and optional details.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub related_info: Option<Value>,
    /// Seconds to wait, for 429 answers.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// The code with its default message.
    pub fn new(code: ErrorCode) -> Self {
        Self { code, message: code.default_message().to_string(), related_info: None, retry_after: None }
    }

    /// The code with a specific message.
    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { message: message.into(), ..Self::new(code) }
    }

    /// `ERR_VALID_001` naming every invalid field in `relatedInfo.errors`.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let message = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => format!("{} fields are invalid", errors.len()),
        };
        Self::with_message(ErrorCode::Validation, message).related(serde_json::json!({ "errors": errors }))
    }

    /// `ERR_VALID_001` for one field.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    /// `422 ERR_VALID_001` for one field: well-formed, but naming something that cannot be used now.
    pub fn unprocessable_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: ErrorCode::Unprocessable, ..Self::invalid_field(field, message) }
    }

    /// Adds `relatedInfo`.
    pub fn related(mut self, info: Value) -> Self {
        self.related_info = Some(info);
        self
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        ApiError::new(code)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_but_for_err_valid_001_at_400_and_422() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert((code.as_str(), code.status())), "duplicate {}", code.as_str());
        }
        let wire: std::collections::HashSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(wire.len(), ErrorCode::ALL.len() - 1, "only ERR_VALID_001 has two statuses");
        assert_eq!(ErrorCode::from_code("ERR_VALID_001"), Some(ErrorCode::Validation), "the 400 is the default");
    }

    #[test]
    fn documented_statuses_hold() {
        assert_eq!(ErrorCode::AuthForbidden.status(), 403);
        assert_eq!(ErrorCode::BodyTooLarge.status(), 413);
        assert_eq!(ErrorCode::DocumentExpired.status(), 410);
        assert_eq!(ErrorCode::from_code("ERR_LIMIT_007"), Some(ErrorCode::LimitLoopIterations));
    }

    #[test]
    fn validation_names_each_field() {
        let e = ApiError::validation(vec![FieldError::new("name", "is required"), FieldError::new("a.b", "x")]);
        assert_eq!(e.related_info.unwrap()["errors"][1]["field"], "a.b");
        let e = ApiError::unprocessable_field("file", "expired on 2021-01-01");
        assert_eq!((e.status(), e.code.as_str()), (422, "ERR_VALID_001"));
        assert_eq!(e.related_info.unwrap()["errors"][0]["field"], "file");
    }
}
