//! E-invoices from templates (`schema.eInvoice`): the example invoice as a Factur-X PDF/A-3b (the XML attached as
//! `factur-x.xml` with its relationship, the Factur-X XMP properties, the visible totals equal to the XML's), the
//! XML alone (`xml` format, XRechnung UBL too), the official XSD run over the XML the factur-x library extracts
//! from the PDF, and broken rules or conflicting standards refused.

mod common;

use std::path::Path;
use std::process::Command;

use common::pdf_parts::{attached_files, xmp};
use common::*;
use lopdf::Document;
use quire_render::{EINVOICE_RULES, Engine, Limits, NoAssets, OutputFormat, TemplateDoc, codes, validate};
use serde_json::{Value, json};

fn example() -> (TemplateDoc, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let template = read_json(&dir.join("e-invoice.json"));
    let data = read_json(&dir.join("e-invoice.data.json"));
    (TemplateDoc::from_json(&template).expect("valid example"), data)
}

fn with_einvoice(mut template: Value, e_invoice: Value) -> TemplateDoc {
    template["schema"]["eInvoice"] = e_invoice;
    TemplateDoc::from_json(&template).expect("valid")
}

fn example_json() -> Value {
    read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/e-invoice.json"))
}

fn xml_text<'a>(doc: &'a roxmltree::Document<'_>, local_name: &str) -> &'a str {
    doc.descendants().find(|n| n.tag_name().name() == local_name).and_then(|n| n.text()).unwrap_or_default()
}

#[test]
fn the_example_is_a_factur_x_pdf_a_3b_whose_visible_and_xml_totals_agree() {
    let (template, data) = example();
    let bytes = render(&template, &data, OutputFormat::Pdf).bytes;
    let pdf = Document::load_mem(&bytes).expect("lopdf reads it");
    let files = attached_files(&pdf);
    assert_eq!(files.len(), 1, "one attached file");
    assert_eq!((files[0].name.as_str(), files[0].relationship.as_str()), ("factur-x.xml", "Alternative"));
    let xmp = xmp(&pdf);
    for wanted in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
        "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
        "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
        "<pdfaSchema:prefix>fx</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(wanted), "{wanted} missing from the XMP:\n{xmp}");
    }
    let xml = String::from_utf8(files[0].bytes.clone()).expect("utf-8");
    let parsed = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(xml_text(&parsed, "GrandTotalAmount"), "1150.93");
    assert_eq!(xml_text(&parsed, "DuePayableAmount"), "1150.93");
    assert_eq!(xml_text(&parsed, "IBANID"), "DE02120300000000202051");
    let text = normalise_space(&pdf_text(&bytes));
    for wanted in ["RE-2026-0042", "1,150.93 EUR", "176.23 EUR", "transfer 1,150.93 EUR", "IBAN DE02120300000000202051"]
    {
        assert!(text.contains(wanted), "{wanted:?} not in the visible invoice:\n{text}");
    }
}

#[test]
fn the_xml_format_answers_the_xml_alone_and_xrechnung_ubl_too() {
    let (template, data) = example();
    let file = render(&template, &data, OutputFormat::Xml);
    assert_eq!(file.content_type, "application/xml");
    let xml = String::from_utf8(file.bytes).expect("utf-8");
    assert!(xml.contains("<rsm:CrossIndustryInvoice"), "{xml}");
    let ubl = with_einvoice(
        example_json(),
        json!({ "profile": "xrechnung", "syntax": "ubl",
        "data": example_json()["schema"]["eInvoice"]["data"].clone() }),
    );
    let xml = String::from_utf8(render(&ubl, &data, OutputFormat::Xml).bytes).expect("utf-8");
    let parsed = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(parsed.root_element().tag_name().name(), "Invoice");
    assert!(xml.contains("urn:xeinkauf.de:kosit:xrechnung_3.0"), "{xml}");
    assert_eq!(xml_text(&parsed, "PayableAmount"), "1150.93");
}

#[test]
fn a_template_without_an_einvoice_has_no_xml() {
    let template = TemplateDoc::from_json(&json!({ "schema": { "components": [] } })).expect("valid");
    let err =
        Engine::new(Limits::default()).render(&template, &json!({}), OutputFormat::Xml, &NoAssets).expect_err("no");
    assert_eq!((err.code, err.path.as_deref()), (codes::VALIDATION, Some("schema.eInvoice")));
}

#[test]
fn broken_rules_are_refused_with_every_rule_before_rendering() {
    let (template, mut data) = example();
    data["totals"]["grandTotal"] = json!(1200.00);
    data["items"][1]["lineTotal"] = json!(80.00);
    let failure = Engine::new(Limits::default()).check_einvoice(&template, &data).expect_err("rules broken");
    assert_eq!(failure.error.code, EINVOICE_RULES);
    let rules: Vec<&str> = failure.rules.iter().map(|r| r.rule).collect();
    assert!(rules.len() >= 2, "every broken rule is listed: {rules:?}");
    assert!(failure.rules.iter().any(|r| r.path.starts_with("lines[1]")), "{:?}", failure.rules);
    assert!(failure.rules.iter().any(|r| r.path.starts_with("totals.grandTotal")), "{:?}", failure.rules);
    let err = Engine::new(Limits::default()).render(&template, &data, OutputFormat::Pdf, &NoAssets).expect_err("no");
    assert_eq!(err.code, EINVOICE_RULES);
}

#[test]
fn an_einvoice_template_is_checked_when_validated() {
    let mut schema = example_json()["schema"].clone();
    schema["eInvoice"]["profile"] = json!("zugferd-3");
    schema["pdf"]["standard"] = json!("pdf/a-2b");
    let report = validate(&schema, &example_json()["variables"]);
    let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"schema.eInvoice.profile"), "{report}");
    let mut schema = example_json()["schema"].clone();
    schema["pdf"]["standard"] = json!("pdf/a-2b");
    let report = validate(&schema, &example_json()["variables"]);
    assert!(
        report.problems.iter().any(|p| p.path == "schema.pdf.standard" && p.message.contains("pdf/a-3b")),
        "{report}"
    );
}

/// The factur-x library (PyPI) extracts the XML from the PDF, as a receiving system does, and checks it against
/// the official EN 16931 XSD. Skipped without `QUIRE_TEST_PYTHON` (a python with `factur-x`).
#[test]
fn the_factur_x_library_extracts_a_schema_valid_xml_from_the_pdf() {
    let Some(python) = std::env::var_os("QUIRE_TEST_PYTHON") else {
        eprintln!("SKIPPED: factur-x extraction (set QUIRE_TEST_PYTHON to a python with the factur-x package)");
        return;
    };
    let (template, data) = example();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, render(&template, &data, OutputFormat::Pdf).bytes).expect("write");
    let script = r#"
import sys, logging
logging.disable(logging.CRITICAL)
from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
from lxml import etree
name, xml = get_facturx_xml_from_pdf(open(sys.argv[1], "rb").read())
level = get_level(etree.fromstring(xml))
xml_check_xsd(xml, flavor="factur-x", level=level)
print(name, level)
"#;
    let out = Command::new(python).args(["-c", script]).arg(&path).output().expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.trim(), "factur-x.xml en16931");
}
