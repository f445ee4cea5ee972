//! The PDF options applied after layout (API.md §12): `prepend` / `append` PDF assets, `permissions` and the
//! passwords of encryption, and `sign`. Parsed and checked here; passwords are secrets, taken out of the request
//! before its options join the template (a template never stores one) and never written into a message.

use serde_json::{Map, Value};

use crate::report::{JsonPath, ValidationReport};

/// Most PDF files merged around one document.
pub const MAX_MERGED_FILES: usize = 20;
/// Longest password (PDF 2.0 passwords are at most 127 bytes of UTF-8).
pub const MAX_PASSWORD_BYTES: usize = 127;

/// A password, whose `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "Secret(empty)" } else { "Secret(…)" })
    }
}

/// The passwords of one request (`pdf.userPassword`, `pdf.ownerPassword`), kept apart from the template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PdfPasswords {
    pub user: Option<Secret>,
    pub owner: Option<Secret>,
}

impl PdfPasswords {
    /// No password given.
    pub fn is_empty(&self) -> bool {
        self.user.is_none() && self.owner.is_none()
    }

    /// Takes `userPassword` and `ownerPassword` out of a request's `pdf` object (what stays joins the template).
    pub fn take_from(pdf: &mut Value) -> PdfPasswords {
        let Some(fields) = pdf.as_object_mut() else { return PdfPasswords::default() };
        let mut take = |key: &str| match fields.remove(key) {
            Some(Value::String(text)) => Some(Secret(text)),
            _ => None,
        };
        PdfPasswords { user: take("userPassword"), owner: take("ownerPassword") }
    }
}

/// What a document's user may do once it is encrypted (ISO 32000-2 table 22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PermissionSet {
    pub print: bool,
    pub copy: bool,
    pub modify: bool,
    pub annotate: bool,
    pub fill_forms: bool,
    pub assemble: bool,
}

/// Every permission with its API name.
const PERMISSIONS: &str = "print, copy, modify, annotate, fillForms, assemble";

/// A visible signature's box: 1-based page, and points from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisibleSignature {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// `pdf.sign`.
#[derive(Debug, Clone, PartialEq)]
pub struct SignSpec {
    pub certificate_id: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub contact_info: Option<String>,
    pub visible: Option<VisibleSignature>,
}

/// A merged PDF asset and the JSON path that named it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedAsset {
    pub asset_id: String,
    pub path: String,
}

/// `prepend` / `append`: a list of PDF asset ids.
pub(crate) fn merged_assets(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Vec<MergedAsset> {
    let Some(items) = value.as_array() else {
        report.push(path.as_str(), "expected a list of PDF asset ids, such as [\"asset_…\"]");
        return Vec::new();
    };
    if items.len() > MAX_MERGED_FILES {
        report.push(path.as_str(), format!("{} files; at most {MAX_MERGED_FILES}", items.len()));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let id = item.as_str().or_else(|| item.get("assetId").and_then(Value::as_str)).map(str::trim);
        match id {
            Some(id) if id.starts_with("asset_") => {
                out.push(MergedAsset { asset_id: id.to_owned(), path: at.to_string() });
            }
            _ => report.push(at.as_str(), format!("expected the id of an uploaded PDF asset (asset_…), not {item}")),
        }
    }
    out
}

/// `permissions`: a list of permission names.
pub(crate) fn permissions(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<PermissionSet> {
    let Some(items) = value.as_array() else {
        report.push(path.as_str(), format!("expected a list of permissions from {PERMISSIONS}"));
        return None;
    };
    let mut set = PermissionSet::default();
    for (i, item) in items.iter().enumerate() {
        let flag = match item.as_str().unwrap_or_default() {
            "print" => &mut set.print,
            "copy" => &mut set.copy,
            "modify" => &mut set.modify,
            "annotate" => &mut set.annotate,
            "fillForms" => &mut set.fill_forms,
            "assemble" => &mut set.assemble,
            _ => {
                report
                    .push(path.index(i).as_str(), format!("unknown permission {item}; expected one of {PERMISSIONS}"));
                continue;
            }
        };
        *flag = true;
    }
    Some(set)
}

/// A password's shape (its value is never echoed).
pub(crate) fn check_password(value: &Value, path: &JsonPath, report: &mut ValidationReport) {
    match value.as_str() {
        Some(text) if text.len() > MAX_PASSWORD_BYTES => {
            report.push(path.as_str(), format!("a password is at most {MAX_PASSWORD_BYTES} bytes of UTF-8"));
        }
        Some(text) if text.chars().any(char::is_control) => {
            report.push(path.as_str(), "a password cannot contain control characters");
        }
        Some(_) => {}
        None => report.push(path.as_str(), "expected a password (text)"),
    }
}

fn optional_text(
    fields: &Map<String, Value>,
    key: &str,
    path: &JsonPath,
    report: &mut ValidationReport,
) -> Option<String> {
    match fields.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.chars().count() <= 500 && !text.chars().any(char::is_control) => {
            Some(text.clone()).filter(|t| !t.trim().is_empty())
        }
        Some(_) => {
            report.push(path.field(key).as_str(), "expected a text of at most 500 characters");
            None
        }
    }
}

fn visible(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<VisibleSignature> {
    let Some(fields) = value.as_object() else {
        report.push(path.as_str(), "expected {\"page\": 1, \"x\": 72, \"y\": 700, \"width\": 200, \"height\": 50}");
        return None;
    };
    let mut number = |key: &str, min: f64| -> Option<f64> {
        let n = fields.get(key).and_then(Value::as_f64);
        match n {
            Some(n) if n.is_finite() && n >= min && n <= 14_400.0 => Some(n),
            _ => {
                report.push(path.field(key).as_str(), format!("{key} is a number of points from {min} to 14400"));
                None
            }
        }
    };
    let (page, x, y, width, height) =
        (number("page", 1.0), number("x", 0.0), number("y", 0.0), number("width", 1.0), number("height", 1.0));
    let page = page?;
    if page.fract() != 0.0 {
        report.push(path.field("page").as_str(), "page is a page number, 1 for the first");
        return None;
    }
    Some(VisibleSignature { page: page as usize, x: x?, y: y?, width: width?, height: height? })
}

/// `sign`: `{certificateId, reason?, location?, contactInfo?, visible?: {page, x, y, width, height}}`.
pub(crate) fn sign(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<SignSpec> {
    let Some(fields) = value.as_object() else {
        report.push(path.as_str(), "expected {\"certificateId\": \"cert_…\"}");
        return None;
    };
    for key in fields.keys() {
        if !matches!(key.as_str(), "certificateId" | "reason" | "location" | "contactInfo" | "visible") {
            report.push(
                path.field(key).as_str(),
                "unknown field; expected certificateId, reason, location, contactInfo, visible",
            );
        }
    }
    let certificate_id = match fields.get("certificateId").and_then(Value::as_str).map(str::trim) {
        Some(id) if !id.is_empty() && id.len() <= 100 => id.to_owned(),
        _ => {
            report.push(path.field("certificateId").as_str(), "the id of a signing certificate (cert_…) is required");
            return None;
        }
    };
    let visible = match fields.get("visible") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(value) => visible(value, &path.field("visible"), report),
    };
    Some(SignSpec {
        certificate_id,
        reason: optional_text(fields, "reason", path, report),
        location: optional_text(fields, "location", path, report),
        contact_info: optional_text(fields, "contactInfo", path, report),
        visible,
    })
}
