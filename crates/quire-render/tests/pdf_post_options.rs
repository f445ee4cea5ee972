//! The PDF options applied after layout, through the engine: `prepend`/`append` (page count and text order,
//! a broken asset refused at its path, the page limit), passwords and `permissions` (pikepdf opens the file only
//! with the password and reads the permission bits), `sign` (pyHanko validates the signature against the test CA
//! and fails it after one byte changes), and the combinations API.md §12 refuses.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use quire_render::{
    Asset, AssetResolver, Engine, Limits, OutputFormat, PdfPasswords, RenderError, Secret, Signer, TemplateDoc, codes,
    validate_pdf_options,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../quire-pdf-post/tests/fixtures").join(name)
}

fn page(text: &str) -> Vec<u8> {
    let doc = TemplateDoc::from_json(&json!({ "schema": { "components": [
        { "type": "text", "props": { "text": text } } ] } }))
    .expect("template");
    render(&doc, &json!({}), OutputFormat::Pdf).bytes
}

/// PDF assets, a text asset, and the test signer.
struct Files {
    signer: Option<Arc<Signer>>,
}

impl AssetResolver for Files {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        let pdf = |bytes: Vec<u8>| Some(Asset { bytes, content_type: "application/pdf".into() });
        match reference {
            "asset_cover" => pdf(page("Cover letter")),
            "asset_terms" => pdf(page("Terms and conditions")),
            "asset_broken" => pdf(b"%PDF-1.7\nthis is not a PDF body".to_vec()),
            "asset_logo" => Some(Asset { bytes: b"GIF89a".to_vec(), content_type: "image/gif".into() }),
            _ => None,
        }
    }

    fn signer(&self, certificate_id: &str) -> Result<Arc<Signer>, String> {
        match (&self.signer, certificate_id) {
            (Some(signer), "cert_test") => Ok(signer.clone()),
            _ => Err(format!("signing certificate {certificate_id} not found")),
        }
    }
}

fn files() -> Files {
    let p12 = std::fs::read(fixture("signer-rsa.p12")).expect("fixture");
    Files { signer: Some(Arc::new(Signer::from_pkcs12(&p12, "quire-test").expect("p12"))) }
}

fn invoice(pdf: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "pdf": pdf, "components": [
        { "type": "heading", "props": { "text": "Invoice body", "level": 1 } } ] } }))
    .expect("template")
}

fn render_with(pdf: Value, passwords: &PdfPasswords) -> Result<Vec<u8>, RenderError> {
    Engine::new(Limits::default())
        .render_with_passwords(&invoice(pdf), &json!({}), OutputFormat::Pdf, &files(), passwords)
        .map(|file| file.bytes)
}

#[test]
fn prepended_and_appended_pdfs_come_in_order_around_the_rendered_pages() {
    let pdf = render_with(json!({ "prepend": ["asset_cover"], "append": ["asset_terms"] }), &PdfPasswords::default())
        .expect("merged");
    let pages = pdf_pages_text(&pdf);
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages[0].contains("Cover letter") && pages[1].contains("Invoice body") && pages[2].contains("Terms"));
}

#[test]
fn a_missing_broken_or_non_pdf_asset_is_refused_at_its_path() {
    let cases = [("asset_gone", "not found"), ("asset_logo", "not a PDF"), ("asset_broken", "not a PDF")];
    for (asset, message) in cases {
        let err = render_with(json!({ "append": ["asset_terms", asset] }), &PdfPasswords::default()).expect_err(asset);
        assert_eq!(err.code, codes::VALIDATION, "{asset}: {err}");
        assert_eq!(err.path.as_deref(), Some("schema.pdf.append[1]"), "{asset}: {err}");
        assert!(err.message.contains(message), "{asset}: {}", err.message);
    }
}

#[test]
fn merged_pages_count_against_the_page_limit() {
    let limits = Limits { pages: 2, ..Limits::default() };
    let err = Engine::new(limits)
        .render(
            &invoice(json!({ "prepend": ["asset_cover"], "append": ["asset_terms"] })),
            &json!({}),
            OutputFormat::Pdf,
            &files(),
        )
        .expect_err("3 pages > 2");
    assert_eq!(err.code, codes::LIMIT_PAGES, "{err}");
}

const OPEN: &str = r#"
import sys, pikepdf
try:
    pdf = pikepdf.open(sys.argv[1], password=sys.argv[2])
except pikepdf.PasswordError:
    print('password refused'); sys.exit(0)
a = pdf.allow
print(f'R={pdf.encryption.R} bits={pdf.encryption.bits} print={a.print_highres} copy={a.extract} modify={a.modify_other} forms={a.modify_form} pages={len(pdf.pages)}')
"#;

fn open(pdf: &[u8], password: &str) -> Option<String> {
    let python = python::python("encrypted output read back")?;
    let file = temp_pdf(pdf);
    Some(run_python(&python, OPEN, &[file.path().as_os_str(), password.as_ref()]))
}

#[test]
fn passwords_encrypt_the_file_with_aes_256_and_the_permissions_asked_for() {
    let passwords = PdfPasswords { user: Some(Secret("open-me".into())), owner: Some(Secret("owner-secret".into())) };
    let pdf = render_with(json!({ "permissions": ["print", "fillForms"] }), &passwords).expect("encrypted");
    assert!(!pdf_text_or_empty(&pdf).contains("Invoice body"), "the text is not readable without the password");
    let Some(refused) = open(&pdf, "") else { return };
    assert_eq!(refused.trim(), "password refused");
    let opened = open(&pdf, "open-me").expect("python");
    assert!(opened.contains("R=6 bits=256"), "{opened}");
    assert!(opened.contains("print=True copy=False modify=False forms=True pages=1"), "{opened}");
}

#[test]
fn permissions_alone_restrict_a_file_that_opens_without_a_password() {
    let pdf = render_with(json!({ "permissions": ["print"] }), &PdfPasswords::default()).expect("encrypted");
    let Some(opened) = open(&pdf, "") else { return };
    assert!(opened.contains("print=True copy=False"), "{opened}");
}

/// What pdftotext reads, or nothing when it cannot open the file.
fn pdf_text_or_empty(pdf: &[u8]) -> String {
    let file = temp_pdf(pdf);
    let out = std::process::Command::new("pdftotext").arg(file.path()).arg("-").output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const VALIDATE: &str = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
root = load_cert_from_pemder(sys.argv[2])
with open(sys.argv[1], 'rb') as f:
    sig = PdfFileReader(f).embedded_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root], allow_fetching=False))
    print(f'intact={status.intact} valid={status.valid} trusted={status.trusted} coverage={status.coverage.name}')
    print(f'reason={sig.sig_object.get("/Reason")}')
"#;

fn validate_signature(pdf: &[u8]) -> Option<String> {
    let python = python::python("signature validated by pyHanko")?;
    let file = temp_pdf(pdf);
    Some(run_python(&python, VALIDATE, &[file.path().as_os_str(), fixture("ca.pem").as_os_str()]))
}

#[test]
fn a_signed_document_validates_against_the_test_ca_and_fails_after_one_byte_changes() {
    let sign = json!({ "certificateId": "cert_test", "reason": "Approved",
        "visible": { "page": 1, "x": 72, "y": 700, "width": 200, "height": 50 } });
    let pdf =
        render_with(json!({ "sign": sign, "append": ["asset_terms"] }), &PdfPasswords::default()).expect("signed");
    assert_eq!(pdf_page_count(&pdf), 2);
    let Some(status) = validate_signature(&pdf) else { return };
    assert!(status.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"), "{status}");
    assert!(status.contains("reason=Approved"), "{status}");
    let mut tampered = pdf.clone();
    let at = tampered.windows(12).position(|w| w == b"Invoice body").unwrap_or(tampered.len() / 3);
    tampered[at] ^= 0x01;
    let tampered_status = validate_signature(&tampered).expect("python");
    assert!(tampered_status.contains("intact=False"), "{tampered_status}");
}

#[test]
fn an_unknown_certificate_is_refused_at_its_path() {
    let err = render_with(json!({ "sign": { "certificateId": "cert_other" } }), &PdfPasswords::default())
        .expect_err("unknown");
    assert_eq!((err.code, err.path.as_deref()), (codes::VALIDATION, Some("pdf.sign.certificateId")));
}

#[test]
fn encryption_with_pdf_a_or_a_signature_and_merging_under_pdf_ua_are_refused_naming_both_fields() {
    let report = validate_pdf_options(&json!({ "standard": "pdf/a-2b", "userPassword": "x" }));
    let message = report.to_string();
    assert!(message.contains("pdf.userPassword") && message.contains("pdf/a-2b"), "{message}");
    assert!(!message.contains("\"x\""), "the password is never echoed: {message}");
    let report = validate_pdf_options(&json!({ "sign": { "certificateId": "cert_test" }, "permissions": ["print"] }));
    assert!(report.to_string().contains("pdf.sign"), "{report}");
    let report = validate_pdf_options(&json!({ "standard": "pdf/ua-1", "title": "T", "append": ["asset_terms"] }));
    assert!(report.to_string().contains("pdf/ua-1"), "{report}");
    let report = validate_pdf_options(&json!({ "userPassword": "same", "ownerPassword": "same" }));
    assert!(report.problems.iter().any(|p| p.path == "pdf.ownerPassword"), "{report}");
    let report = validate_pdf_options(&json!({ "permissions": ["print", "teleport"] }));
    assert!(report.problems.iter().any(|p| p.path == "pdf.permissions[1]"), "{report}");
}

#[test]
fn a_template_cannot_store_a_password() {
    let report = quire_render::validate(&json!({ "pdf": { "userPassword": "x" }, "components": [] }), &json!([]));
    assert!(report.problems.iter().any(|p| p.path == "schema.pdf.userPassword"), "{report}");
    let mut request = json!({ "userPassword": "u", "ownerPassword": "o", "permissions": ["print"] });
    let passwords = PdfPasswords::take_from(&mut request);
    assert_eq!(request, json!({ "permissions": ["print"] }));
    assert_eq!(format!("{passwords:?}"), "PdfPasswords { user: Some(Secret(…)), owner: Some(Secret(…)) }");
}
