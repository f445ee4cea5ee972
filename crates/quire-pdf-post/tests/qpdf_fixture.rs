//! Every step on a file qpdf wrote (object streams, a cross-reference stream, compressed content).

mod common;

use std::path::Path;

use common::{pdf_with_pages, pdftotext, python, run_python, temp_pdf};
use quire_pdf_post::{
    EncryptOptions, FieldKind, FieldSpec, Permissions, SignOptions, Signer, add_fields, encrypt, merge, sign,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

fn pages(pdf: &[u8]) -> Vec<String> {
    pdftotext(pdf).split('\u{c}').map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

#[test]
fn qpdf_file_merges_around_and_into_others() {
    let qpdf = fixture("qpdf-two-pages.pdf");
    let main = pdf_with_pages(&["Main"]);
    assert_eq!(pages(&merge(&main, &[&qpdf], &[]).expect("prepended")), ["qpdf page one", "qpdf page two", "Main"]);
    assert_eq!(pages(&merge(&qpdf, &[], &[&main]).expect("as main")), ["qpdf page one", "qpdf page two", "Main"]);
}

#[test]
fn qpdf_file_takes_fields_encryption_and_a_signature() {
    let field = FieldSpec {
        value: Some("Ada".into()),
        ..FieldSpec::new("name", FieldKind::Text, 1, [72.0, 600.0, 272.0, 620.0])
    };
    let form = add_fields(&fixture("qpdf-two-pages.pdf"), &[field]).expect("fields");
    // poppler draws the field's appearance stream, so its value is text of the second page.
    assert_eq!(pages(&form), ["qpdf page one", "qpdf page two\n\nAda"]);
    let encrypted = encrypt(
        &form,
        &EncryptOptions { user_password: String::new(), owner_password: "o".into(), permissions: Permissions::all() },
    )
    .expect("encrypts");
    assert_eq!(pages(&encrypted), ["qpdf page one", "qpdf page two\n\nAda"]);

    let signer = Signer::from_pkcs12(&fixture("signer-rsa.p12"), "quire-test").expect("signer");
    let signed = sign(&fixture("qpdf-two-pages.pdf"), &signer, &SignOptions::default()).expect("signs");
    let Some(python) = python("qpdf_file_takes_fields_encryption_and_a_signature") else { return };
    let script = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
with open(sys.argv[1], 'rb') as f:
    sig = PdfFileReader(f).embedded_signatures[0]
    vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[2])], allow_fetching=False)
    print(validate_pdf_signature(sig, vc).bottom_line)
"#;
    let file = temp_pdf(&signed);
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ca.pem");
    assert_eq!(run_python(&python, script, &[file.path().as_os_str(), ca.as_os_str()]).trim(), "True");
}
