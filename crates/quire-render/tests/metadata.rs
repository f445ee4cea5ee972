//! `schema.pdf` metadata (title, author, subject, keywords, with expressions) in the PDF's document information
//! (read by poppler's `pdfinfo`) and in the workbook's properties; unknown PDF options, and passwords in a
//! template (they come with each request), are refused.

mod common;

use std::process::Command;

use common::decode::xlsx_part;
use common::*;
use quire_render::{OutputFormat, TemplateDoc, validate};
use serde_json::json;

fn template() -> TemplateDoc {
    let template = json!({ "name": "Invoice", "description": "Invoices to customers", "schema": {
        "pdf": { "title": "Invoice {{number}}", "author": "{{seller}}", "subject": "Invoice for {{customer}}",
                 "keywords": ["invoice", "{{number}}"] },
        "components": [ { "id": "t", "type": "text", "props": { "text": "Invoice {{number}}" } } ] } });
    TemplateDoc::from_json(&template).expect("valid")
}

fn data() -> serde_json::Value {
    json!({ "number": "INV-7", "seller": "Northwind & Söhne", "customer": "Globex \"West\"" })
}

fn pdfinfo(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("info.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo (poppler-utils)");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_pdf_carries_the_evaluated_metadata() {
    let pdf = render(&template(), &data(), OutputFormat::Pdf).bytes;
    let info = pdfinfo(&pdf);
    let field =
        |name: &str| info.lines().find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::trim).map(str::to_owned));
    assert_eq!(field("Title").as_deref(), Some("Invoice INV-7"), "{info}");
    assert_eq!(field("Author").as_deref(), Some("Northwind & Söhne"), "{info}");
    assert_eq!(field("Subject").as_deref(), Some("Invoice for Globex \"West\""), "{info}");
    assert_eq!(field("Keywords").as_deref(), Some("invoice, INV-7"), "{info}");
}

#[test]
fn the_workbook_properties_take_the_metadata_before_the_template_name() {
    let xlsx = render(&template(), &data(), OutputFormat::Xlsx).bytes;
    let core = xlsx_part(&xlsx, "docProps/core.xml");
    assert!(core.contains("<dc:title>Invoice INV-7</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>Northwind &amp; Söhne</dc:creator>"), "{core}");
    assert!(core.contains("<dc:subject>Invoice for Globex \"West\"</dc:subject>"), "{core}");
    assert!(core.contains("<cp:keywords>invoice, INV-7</cp:keywords>"), "{core}");
}

#[test]
fn unknown_pdf_options_and_template_passwords_are_refused_with_their_path() {
    let schema = json!({ "pdf": { "title": "x", "userPassword": "secret", "keywords": "one", "watermarkPdf": true },
        "components": [] });
    let report = validate(&schema, &json!([]));
    let problems = report.to_string();
    assert!(problems.contains("schema.pdf.userPassword"), "{problems}");
    assert!(problems.contains("does not store passwords"), "{problems}");
    assert!(!problems.contains("secret"), "the password is not echoed: {problems}");
    assert!(problems.contains("unknown PDF option \"watermarkPdf\""), "{problems}");
    assert!(problems.contains("schema.pdf.keywords"), "a list is expected: {problems}");
}
