//! The standards, language and attached files of `schema.pdf` (and of a request's `pdf`): parsed and checked
//! here, so a conflict (files attached under PDF/A-2) or what a standard needs of the template (a title and
//! alternative texts under PDF/UA) is reported before anything renders.

use base64::Engine as _;
use serde_json::Value;

use crate::report::{JsonPath, ValidationReport};

/// The PDF standards a document can be made to conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// PDF/A-2b: archival, visual appearance preserved.
    A2b,
    /// PDF/A-2u: as A-2b, and all text maps to Unicode.
    A2u,
    /// PDF/A-3b: as A-2b, and files of any type may be attached (e-invoices).
    A3b,
    /// PDF/UA-1: accessible (tagged, titled, alternative texts).
    Ua1,
}

impl PdfStandard {
    /// Every standard with its API name.
    pub const ALL: [(PdfStandard, &'static str); 4] = [
        (PdfStandard::A2b, "pdf/a-2b"),
        (PdfStandard::A2u, "pdf/a-2u"),
        (PdfStandard::A3b, "pdf/a-3b"),
        (PdfStandard::Ua1, "pdf/ua-1"),
    ];

    /// `pdf/a-3b`, `PDF/A-3b` or `a-3b` (case-insensitive).
    pub fn parse(text: &str) -> Option<PdfStandard> {
        let key = text.trim().to_ascii_lowercase();
        let key = key.strip_prefix("pdf/").unwrap_or(&key);
        Self::ALL.iter().find(|(_, name)| name.strip_prefix("pdf/") == Some(key)).map(|(standard, _)| *standard)
    }

    /// The API name.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(standard, _)| *standard == self).map_or("", |(_, name)| name)
    }

    /// True for the archival (PDF/A) standards.
    pub fn is_archival(self) -> bool {
        !matches!(self, PdfStandard::Ua1)
    }
}

/// How an attached file relates to the document (PDF/A-3's `AFRelationship`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    Data,
    Source,
    Alternative,
    Supplement,
}

impl Relationship {
    fn parse(text: &str) -> Option<Relationship> {
        Some(match text.to_ascii_lowercase().as_str() {
            "data" => Relationship::Data,
            "source" => Relationship::Source,
            "alternative" => Relationship::Alternative,
            "supplement" => Relationship::Supplement,
            _ => return None,
        })
    }

    /// Typst's name of the relationship.
    pub(crate) fn typst_name(self) -> &'static str {
        match self {
            Relationship::Data => "data",
            Relationship::Source => "source",
            Relationship::Alternative => "alternative",
            Relationship::Supplement => "supplement",
        }
    }
}

/// Where an attached file's bytes come from.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachmentSource {
    /// An uploaded asset, resolved at render time.
    Asset(String),
    /// The bytes themselves (decoded from `contentBase64`, or made by Quire such as an e-invoice's XML).
    Bytes(Vec<u8>),
}

/// A file to attach to the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentSpec {
    pub source: AttachmentSource,
    pub filename: String,
    pub mime_type: String,
    pub description: Option<String>,
    pub relationship: Option<Relationship>,
    /// JSON path of the attachment, for errors found at render time (an asset that is gone).
    pub path: String,
}

/// Most files one document may carry.
pub const MAX_ATTACHMENTS: usize = 20;
/// Largest decoded `contentBase64` of one attachment.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// `standard`: one name or a list (at most one PDF/A and PDF/UA-1).
pub(crate) fn standards(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Vec<PdfStandard> {
    let names: Vec<(JsonPath, &Value)> = match value {
        Value::Array(items) => items.iter().enumerate().map(|(i, item)| (path.index(i), item)).collect(),
        Value::Null => return Vec::new(),
        single => vec![(path.clone(), single)],
    };
    let supported = PdfStandard::ALL.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(", ");
    let mut chosen: Vec<PdfStandard> = Vec::new();
    for (at, name) in names {
        match name.as_str().and_then(PdfStandard::parse) {
            Some(standard) if !chosen.contains(&standard) => chosen.push(standard),
            Some(_) => {}
            None => report.push(at.as_str(), format!("unknown PDF standard {name}; supported: {supported}")),
        }
    }
    if chosen.iter().filter(|s| s.is_archival()).count() > 1 {
        report.push(path.as_str(), "choose at most one PDF/A standard (pdf/ua-1 may be added to it)");
    }
    chosen
}

/// `language`: a BCP 47 tag of a language and an optional region (`de`, `de-DE`, `pt-BR`).
pub(crate) fn language(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<String> {
    let text = value.as_str().map(str::trim).unwrap_or_default();
    let mut parts = text.split(['-', '_']);
    let lang = parts.next().unwrap_or_default();
    let region = parts.next();
    let valid = (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.next().is_none();
    if !valid {
        report.push(path.as_str(), format!("expected a language tag such as \"de\" or \"de-DE\", not {value}"));
        return None;
    }
    Some(match region {
        Some(region) => format!("{}-{}", lang.to_ascii_lowercase(), region.to_ascii_uppercase()),
        None => lang.to_ascii_lowercase(),
    })
}

/// `attachments`: a list of `{assetId | contentBase64, filename, mimeType, description?, relationship?}`.
pub(crate) fn attachments(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Vec<AttachmentSpec> {
    let Some(items) = value.as_array() else {
        report.push(path.as_str(), "expected a list of files such as [{\"assetId\": \"…\", \"filename\": \"…\"}]");
        return Vec::new();
    };
    if items.len() > MAX_ATTACHMENTS {
        report.push(path.as_str(), format!("{} files; at most {MAX_ATTACHMENTS} may be attached", items.len()));
        return Vec::new();
    }
    let mut specs: Vec<AttachmentSpec> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if let Some(spec) = attachment(item, &at, report) {
            if specs.iter().any(|other| other.filename.eq_ignore_ascii_case(&spec.filename)) {
                report.push(at.field("filename").as_str(), format!("{:?} is attached twice", spec.filename));
            } else {
                specs.push(spec);
            }
        }
    }
    specs
}

fn attachment(item: &Value, at: &JsonPath, report: &mut ValidationReport) -> Option<AttachmentSpec> {
    let Some(fields) = item.as_object() else {
        report.push(at.as_str(), "expected an object with assetId or contentBase64, filename and mimeType");
        return None;
    };
    let problems = report.problems.len();
    for key in fields.keys() {
        if !matches!(
            key.as_str(),
            "assetId" | "contentBase64" | "filename" | "mimeType" | "description" | "relationship"
        ) {
            report.push(
                at.field(key).as_str(),
                "unknown field; expected assetId, contentBase64, filename, mimeType, description or relationship",
            );
        }
    }
    let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
    let source = match (text("assetId"), fields.get("contentBase64")) {
        (Some(id), None) => Some(AttachmentSource::Asset(id.strip_prefix("assets://").unwrap_or(id).to_owned())),
        (None, Some(content)) => decode(content, &at.field("contentBase64"), report).map(AttachmentSource::Bytes),
        (Some(_), Some(_)) => {
            report.push(at.as_str(), "give either assetId or contentBase64, not both");
            None
        }
        (None, None) => {
            report.push(at.as_str(), "assetId or contentBase64 is required");
            None
        }
    };
    let filename = text("filename").map(str::to_owned);
    match &filename {
        None => report.push(at.field("filename").as_str(), "is required"),
        Some(name) => check_filename(name, &at.field("filename"), report),
    }
    let mime_type = text("mimeType").map(str::to_owned);
    match &mime_type {
        Some(mime) if is_mime_type(mime) => {}
        Some(mime) => {
            report.push(at.field("mimeType").as_str(), format!("{mime:?} is not a MIME type such as text/xml"))
        }
        None => report.push(at.field("mimeType").as_str(), "is required (e.g. \"text/xml\", \"application/json\")"),
    }
    let description = text("description").map(str::to_owned);
    if description.as_ref().is_some_and(|d| d.chars().count() > 500) {
        report.push(at.field("description").as_str(), "at most 500 characters");
    }
    let relationship = match fields.get("relationship") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let parsed = value.as_str().and_then(Relationship::parse);
            if parsed.is_none() {
                report.push(
                    at.field("relationship").as_str(),
                    format!("unknown relationship {value}; expected Data, Source, Alternative or Supplement"),
                );
            }
            parsed
        }
    };
    if report.problems.len() > problems {
        return None;
    }
    Some(AttachmentSpec {
        source: source?,
        filename: filename?,
        mime_type: mime_type?,
        description,
        relationship,
        path: at.as_str().to_owned(),
    })
}

fn decode(content: &Value, at: &JsonPath, report: &mut ValidationReport) -> Option<Vec<u8>> {
    let Some(text) = content.as_str() else {
        report.push(at.as_str(), "expected the file's bytes in base64");
        return None;
    };
    if text.len() > MAX_ATTACHMENT_BYTES / 3 * 4 + 4 {
        report.push(at.as_str(), format!("the file is over {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024));
        return None;
    }
    match base64::engine::general_purpose::STANDARD.decode(text.trim()) {
        Ok(bytes) if bytes.is_empty() => {
            report.push(at.as_str(), "the file is empty");
            None
        }
        Ok(bytes) => Some(bytes),
        Err(err) => {
            report.push(at.as_str(), format!("not valid base64: {err}"));
            None
        }
    }
}

fn check_filename(name: &str, at: &JsonPath, report: &mut ValidationReport) {
    let bad =
        name.chars().find(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '"' | '*' | '?' | '<' | '>' | '|'));
    if let Some(bad) = bad {
        report.push(at.as_str(), format!("a file name cannot contain {bad:?}"));
    } else if name.starts_with('.') {
        report.push(at.as_str(), "a file name cannot start with a dot");
    } else if name.chars().count() > 100 {
        report.push(at.as_str(), "at most 100 characters");
    }
}

fn is_mime_type(text: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_'))
    };
    text.len() <= 100 && text.split_once('/').is_some_and(|(kind, sub)| token(kind) && token(sub))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn standards_parse_with_or_without_prefix() {
        assert_eq!(PdfStandard::parse("PDF/A-3b"), Some(PdfStandard::A3b));
        assert_eq!(PdfStandard::parse("ua-1"), Some(PdfStandard::Ua1));
        assert_eq!(PdfStandard::parse("pdf/a-1b"), None);
    }

    #[test]
    fn two_archival_standards_conflict() {
        let mut report = ValidationReport::default();
        let chosen = standards(&json!(["pdf/a-2b", "pdf/a-3b"]), &JsonPath::root("pdf").field("standard"), &mut report);
        assert_eq!(chosen.len(), 2);
        assert!(report.problems[0].message.contains("at most one PDF/A"), "{report}");
    }

    #[test]
    fn language_tags_are_normalised() {
        let mut report = ValidationReport::default();
        let path = JsonPath::root("pdf").field("language");
        assert_eq!(language(&json!("de_de"), &path, &mut report).as_deref(), Some("de-DE"));
        assert_eq!(language(&json!("german"), &path, &mut report), None);
        assert_eq!(report.problems.len(), 1);
    }
}
