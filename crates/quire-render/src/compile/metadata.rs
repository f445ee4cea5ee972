//! Document metadata from `schema.pdf`: `title`, `author`, `subject` (text with `{{…}}`) and `keywords` (a list of
//! them), for the PDF's document information and the workbook's properties; `standard`, `language` and
//! `attachments` for the PDF. The other PDF options of the API (merging, encryption, signing) are refused as not
//! supported yet rather than ignored.

use serde_json::Value;

use super::node::TextSpec;
use super::pdf_options::{self, AttachmentSpec, PdfStandard};
use super::props::text_spec;
use crate::report::{JsonPath, ValidationReport};

/// The metadata of a template, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct MetadataSpec {
    pub title: Option<TextSpec>,
    pub author: Option<TextSpec>,
    pub subject: Option<TextSpec>,
    pub keywords: Vec<TextSpec>,
    pub standards: Vec<PdfStandard>,
    /// BCP 47 language of the document (`de`, `de-DE`).
    pub language: Option<String>,
    pub attachments: Vec<AttachmentSpec>,
}

/// The `schema.pdf` (and request `pdf`) options this version supports.
const SUPPORTED: &str = "title, author, subject, keywords, standard, language, attachments";

/// Compiles `schema.pdf` (at `path`), reporting every problem.
pub(crate) fn metadata_spec(pdf: Option<&Value>, path: &JsonPath, report: &mut ValidationReport) -> MetadataSpec {
    let mut spec = MetadataSpec::default();
    let Some(pdf) = pdf else { return spec };
    let Some(fields) = pdf.as_object() else {
        report.push(path.as_str(), "expected an object such as {\"title\": \"…\", \"author\": \"…\"}");
        return spec;
    };
    for (key, value) in fields {
        let at = path.field(key);
        match key.as_str() {
            "title" => spec.title = text_spec(value, &at, report),
            "author" => spec.author = text_spec(value, &at, report),
            "subject" => spec.subject = text_spec(value, &at, report),
            "keywords" => match value.as_array() {
                Some(words) => {
                    spec.keywords =
                        words.iter().enumerate().filter_map(|(i, w)| text_spec(w, &at.index(i), report)).collect();
                }
                None => report.push(at.as_str(), "expected a list of keywords"),
            },
            "standard" => spec.standards = pdf_options::standards(value, &at, report),
            "language" => spec.language = pdf_options::language(value, &at, report),
            "attachments" => spec.attachments = pdf_options::attachments(value, &at, report),
            other => report
                .push(at.as_str(), format!("the PDF option {other:?} is not supported yet; supported: {SUPPORTED}")),
        }
    }
    spec
}

/// What the chosen standards forbid or require of the options themselves.
pub(crate) fn check_standards(spec: &MetadataSpec, path: &JsonPath, report: &mut ValidationReport) {
    let a2 = spec.standards.iter().find(|s| matches!(s, PdfStandard::A2b | PdfStandard::A2u));
    if let (Some(standard), false) = (a2, spec.attachments.is_empty()) {
        report.push(
            path.field("attachments").as_str(),
            format!(
                "{} does not allow attached files (only PDF/A files, which Quire cannot check); use pdf/a-3b",
                standard.name()
            ),
        );
    }
    if spec.standards.contains(&PdfStandard::Ua1) && spec.title.is_none() {
        report.push(path.field("title").as_str(), "pdf/ua-1 requires a document title");
    }
}

/// A Factur-X PDF is PDF/A-3b (the XML is an attached file), so another PDF/A standard cannot be asked for.
pub(crate) fn check_einvoice_standards(spec: &MetadataSpec, path: &JsonPath, report: &mut ValidationReport) {
    if let Some(other) = spec.standards.iter().find(|s| s.is_archival() && **s != PdfStandard::A3b) {
        report.push(
            path.field("standard").as_str(),
            format!("an e-invoice PDF is pdf/a-3b (its XML is attached), not {}", other.name()),
        );
    }
}
