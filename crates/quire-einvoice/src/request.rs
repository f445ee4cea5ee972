//! The `eInvoice` request object: `{ profile, syntax?, data }`, parsed with JSON-path errors.

use serde::Deserialize;
use serde_json::Value;

use crate::error::EInvoiceError;
use crate::model::Invoice;
use crate::profile::{Profile, Syntax};

/// The body field `eInvoice` (API.md §13).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EInvoiceRequest {
    /// Which profile to write.
    pub profile: Profile,
    /// CII (the default) or UBL (XRechnung only).
    #[serde(default)]
    pub syntax: Option<Syntax>,
    /// The invoice, EN 16931 terms in camelCase (see [`Invoice`]).
    pub data: Value,
}

impl EInvoiceRequest {
    /// Reads the request object; errors name the JSON path (`profile`, `syntax`).
    pub fn from_json(value: &Value) -> Result<Self, EInvoiceError> {
        let request: Self = serde_path_to_error::deserialize(value).map_err(|err| EInvoiceError::Request {
            path: display_path(&err.path().to_string()),
            message: err.inner().to_string(),
        })?;
        if let Some(syntax) = request.syntax
            && !request.profile.supports(syntax)
        {
            return Err(EInvoiceError::Request {
                path: "syntax".to_owned(),
                message: "UBL is written for the xrechnung profile only; Factur-X profiles are CII".to_owned(),
            });
        }
        Ok(request)
    }

    /// The syntax to write: the one asked for, else the profile's default (CII).
    pub fn syntax(&self) -> Syntax {
        self.syntax.unwrap_or(self.profile.default_syntax())
    }

    /// Reads `data` into the EN 16931 model; errors carry the path inside `eInvoice`
    /// (`data.lines[0].quantity`).
    pub fn invoice(&self) -> Result<Invoice, EInvoiceError> {
        serde_path_to_error::deserialize(&self.data).map_err(|err| {
            let inner = display_path(&err.path().to_string());
            let path = if inner.is_empty() { "data".to_owned() } else { format!("data.{inner}") };
            EInvoiceError::Request { path, message: err.inner().to_string() }
        })
    }
}

/// serde_path_to_error prints `.` for the root; we print nothing.
fn display_path(path: &str) -> String {
    if path == "." { String::new() } else { path.to_owned() }
}
