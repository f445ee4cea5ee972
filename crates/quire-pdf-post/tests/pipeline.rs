//! The documented order, merge → form fields → encryption or signature: each step's output is a file
//! qpdf (through pikepdf) finds no fault with, and the next step accepts.

mod common;

use std::path::Path;

use common::{pdf_with_pages, pdftotext, python, run_python, temp_pdf};
use lopdf::{Document, Object};
use quire_pdf_post::{
    EncryptOptions, FieldKind, FieldSpec, Permissions, SignOptions, Signer, add_fields, encrypt, merge, sign,
};

const CHECK: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1], password=sys.argv[2])
problems = pdf.check_pdf_syntax()
print('problems:', problems)
print('pages:', len(pdf.pages))
"#;

fn qpdf_check(pdf: &[u8], password: &str) -> Option<String> {
    let python = python("qpdf structure check")?;
    let file = temp_pdf(pdf);
    Some(run_python(&python, CHECK, &[file.path().as_os_str(), password.as_ref()]))
}

fn merged_form() -> Vec<u8> {
    let main = pdf_with_pages(&["Invoice"]);
    let merged =
        merge(&main, &[&pdf_with_pages(&["Cover"])], &[&pdf_with_pages(&["Terms", "More terms"])]).expect("merges");
    let field = FieldSpec {
        value: Some("Ada".into()),
        ..FieldSpec::new("name", FieldKind::Text, 1, [72.0, 600.0, 272.0, 620.0])
    };
    add_fields(&merged, &[field]).expect("fields")
}

#[test]
fn every_step_passes_the_qpdf_check() {
    let form = merged_form();
    let Some(out) = qpdf_check(&form, "") else { return };
    assert_eq!(out.trim(), "problems: []\npages: 4", "merged form");
    let encrypted = encrypt(
        &form,
        &EncryptOptions { user_password: "u".into(), owner_password: "o".into(), permissions: Permissions::all() },
    )
    .expect("encrypts");
    assert_eq!(qpdf_check(&encrypted, "u").unwrap_or_default().trim(), "problems: []\npages: 4", "encrypted");
    let p12 = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signer-rsa.p12")).expect("p12");
    let signer = Signer::from_pkcs12(&p12, "quire-test").expect("signer");
    let signed = sign(&form, &signer, &SignOptions::default()).expect("signs");
    assert_eq!(qpdf_check(&signed, "").unwrap_or_default().trim(), "problems: []\npages: 4", "signed");
}

#[test]
fn poppler_finds_the_signature_valid() {
    let p12 = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signer-ec.p12")).expect("p12");
    let signer = Signer::from_pkcs12(&p12, "quire-test").expect("signer");
    let signed = sign(&merged_form(), &signer, &SignOptions::default()).expect("signs");
    let file = temp_pdf(&signed);
    let out = std::process::Command::new("pdfsig").arg(file.path()).output().expect("pdfsig runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(report.contains("Signature Validation: Signature is Valid."), "{report}");
    assert!(report.contains("Signed Ranges") && report.contains("Total document signed"), "{report}");
    assert_eq!(pdftotext(&signed).split('\u{c}').filter(|p| !p.trim().is_empty()).count(), 4);
}

#[test]
fn merging_drops_the_inserted_files_widgets_and_keeps_the_main_form() {
    let field = |name: &str| FieldSpec::new(name, FieldKind::Text, 0, [72.0, 600.0, 272.0, 620.0]);
    let main = add_fields(&pdf_with_pages(&["Main"]), &[field("main_field")]).expect("fields");
    let other = add_fields(&pdf_with_pages(&["Other"]), &[field("other_field")]).expect("fields");
    let merged = merge(&main, &[], &[&other]).expect("merges");
    let doc = Document::load_mem(&merged).expect("loads");
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    assert_eq!(doc.get_page_annotations(pages[0]).expect("annots").len(), 1, "main widget kept");
    assert!(doc.get_page_annotations(pages[1]).unwrap_or_default().is_empty(), "inserted widget dropped");
    let form = doc.catalog().and_then(|c| c.get(b"AcroForm")).and_then(Object::as_reference).expect("AcroForm");
    let fields = doc.get_dictionary(form).and_then(|f| f.get(b"Fields")).and_then(Object::as_array).expect("Fields");
    assert_eq!(fields.len(), 1);
}
