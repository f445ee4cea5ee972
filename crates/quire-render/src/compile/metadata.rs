//! Document metadata from `schema.pdf`: `title`, `author`, `subject` (text with `{{…}}`) and `keywords` (a list of
//! them), for the PDF's document information and the workbook's properties. The other PDF options of the API
//! (standards, attachments, encryption, signing) are refused as not supported yet rather than ignored.

use serde_json::Value;

use super::node::TextSpec;
use super::props::text_spec;
use crate::report::{JsonPath, ValidationReport};

/// The metadata of a template, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct MetadataSpec {
    pub title: Option<TextSpec>,
    pub author: Option<TextSpec>,
    pub subject: Option<TextSpec>,
    pub keywords: Vec<TextSpec>,
}

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
            other => report.push(
                at.as_str(),
                format!("the PDF option {other:?} is not supported yet; supported: title, author, subject, keywords"),
            ),
        }
    }
    spec
}
