//! Document metadata from `schema.pdf`: `title`, `author`, `subject` (text with `{{…}}`) and `keywords` (a list of
//! them), for the PDF's document information and the workbook's properties; `standard`, `language`,
//! `attachments`, `prepend`/`append`, `permissions` and `sign` for the PDF. Passwords are request-only.

use serde_json::Value;

use super::node::TextSpec;
use super::pdf_options::{self, AttachmentSpec, PdfStandard};
use super::pdf_post_options::{self as post, MergedAsset, PermissionSet, SignSpec};
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
    pub prepend: Vec<MergedAsset>,
    pub append: Vec<MergedAsset>,
    /// `permissions`: encryption with these rights (with or without passwords).
    pub permissions: Option<PermissionSet>,
    pub sign: Option<SignSpec>,
}

/// The `schema.pdf` (and request `pdf`) options this version supports.
const SUPPORTED: &str = "title, author, subject, keywords, standard, language, attachments, prepend, append, \
                         userPassword, ownerPassword, permissions, sign";

/// Where PDF options are written: a request may give passwords, a template may not (it is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptionsOf {
    Template,
    Request,
}

/// Compiles `schema.pdf` (at `path`), reporting every problem.
pub(crate) fn metadata_spec(
    pdf: Option<&Value>,
    path: &JsonPath,
    of: OptionsOf,
    report: &mut ValidationReport,
) -> MetadataSpec {
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
            "prepend" => spec.prepend = post::merged_assets(value, &at, report),
            "append" => spec.append = post::merged_assets(value, &at, report),
            "permissions" => spec.permissions = post::permissions(value, &at, report),
            "sign" => spec.sign = post::sign(value, &at, report),
            "userPassword" | "ownerPassword" if of == OptionsOf::Request => post::check_password(value, &at, report),
            "userPassword" | "ownerPassword" => report.push(
                at.as_str(),
                "a template does not store passwords; give them with each request (pdf.userPassword, pdf.ownerPassword)",
            ),
            other => report
                .push(at.as_str(), format!("unknown PDF option {other:?}; supported: {SUPPORTED}")),
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
    check_merging(spec, path, report);
    check_protection(spec, spec.permissions.is_some(), path, report);
}

/// Merged pages carry no tags, so PDF/UA excludes merging.
pub(crate) fn check_merging(spec: &MetadataSpec, path: &JsonPath, report: &mut ValidationReport) {
    if spec.standards.contains(&PdfStandard::Ua1) && !(spec.prepend.is_empty() && spec.append.is_empty()) {
        let at = if spec.prepend.is_empty() { "append" } else { "prepend" };
        report.push(
            path.field(at).as_str(),
            format!("pdf.{at} cannot be combined with pdf.standard pdf/ua-1: merged pages carry no tags"),
        );
    }
}

/// Encryption (asked for by `permissions` or a password) excludes PDF/A and a signature.
pub(crate) fn check_protection(spec: &MetadataSpec, encrypted: bool, path: &JsonPath, report: &mut ValidationReport) {
    if !encrypted {
        return;
    }
    let field = if spec.permissions.is_some() { "permissions" } else { "userPassword" };
    if let Some(standard) = spec.standards.iter().find(|s| s.is_archival()) {
        report.push(
            path.field(field).as_str(),
            format!(
                "pdf.{field} (encryption) cannot be combined with pdf.standard {}: PDF/A forbids encryption",
                standard.name()
            ),
        );
    }
    if spec.sign.is_some() {
        report.push(
            path.field(field).as_str(),
            format!(
                "pdf.{field} (encryption) cannot be combined with pdf.sign: a signature is the last change to a file, \
                 and an encrypted file cannot be signed here"
            ),
        );
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
