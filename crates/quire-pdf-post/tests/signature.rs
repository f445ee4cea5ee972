//! Signatures: pyHanko validates them against the test CA (intact, trusted, covering the entire file) and
//! rejects them after one signed byte changes; PKCS#12 problems are clear errors.

mod common;

use std::path::{Path, PathBuf};

use common::{pdf_with_pages, python, run_python, temp_pdf};
use quire_pdf_post::{
    EncryptOptions, FieldKind, FieldSpec, Permissions, PostError, SignOptions, Signer, add_fields, encrypt, sign,
};

const PASSWORD: &str = "quire-test";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn signer(name: &str) -> Signer {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    Signer::from_pkcs12(&bytes, PASSWORD).expect("fixture parses")
}

fn options() -> SignOptions {
    SignOptions {
        reason: Some("Invoice approval".into()),
        location: Some("Zürich".into()),
        contact_info: Some("billing@example.com".into()),
        visible: None,
    }
}

const VALIDATE: &str = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
root = load_cert_from_pemder(sys.argv[2])
with open(sys.argv[1], 'rb') as f:
    reader = PdfFileReader(f)
    sigs = reader.embedded_signatures
    print(f'signatures={len(sigs)}')
    sig = sigs[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root], allow_fetching=False))
    print(f'intact={status.intact} valid={status.valid} trusted={status.trusted} coverage={status.coverage.name}')
    print(f'bottom_line={status.bottom_line}')
    print(f'subfilter={sig.sig_object["/SubFilter"]} reason={sig.sig_object.get("/Reason")}')
    print(f'signer={status.signing_cert.subject.human_friendly}')
    print(f'pages={len(reader.root["/Pages"]["/Kids"]) if "/Kids" in reader.root["/Pages"] else 0}')
"#;

fn validate(python: &Path, pdf: &[u8]) -> String {
    let file = temp_pdf(pdf);
    run_python(&python.to_path_buf(), VALIDATE, &[file.path().as_os_str(), fixture("ca.pem").as_os_str()])
}

#[test]
fn rsa_signature_validates_and_covers_the_entire_file() {
    let Some(python) = python("rsa_signature_validates_and_covers_the_entire_file") else { return };
    let signed = sign(&pdf_with_pages(&["Signed page"]), &signer("signer-rsa.p12"), &options()).expect("signs");
    let out = validate(&python, &signed);
    assert!(out.contains("signatures=1"), "{out}");
    assert!(out.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"), "{out}");
    assert!(out.contains("bottom_line=True"), "{out}");
    assert!(out.contains("subfilter=/ETSI.CAdES.detached reason=Invoice approval"), "{out}");
    assert!(out.contains("Quire Test Signer"), "{out}");
}

#[test]
fn ec_signature_validates() {
    let Some(python) = python("ec_signature_validates") else { return };
    let signed = sign(&pdf_with_pages(&["Signed page"]), &signer("signer-ec.p12"), &options()).expect("signs");
    let out = validate(&python, &signed);
    assert!(out.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"), "{out}");
}

#[test]
fn visible_signature_over_a_form_validates() {
    let Some(python) = python("visible_signature_over_a_form_validates") else { return };
    let field = FieldSpec {
        value: Some("Ada".into()),
        ..FieldSpec::new("name", FieldKind::Text, 1, [72.0, 700.0, 272.0, 720.0])
    };
    let form = add_fields(&pdf_with_pages(&["one", "two"]), &[field]).expect("fields");
    let visible = SignOptions { visible: Some((1, [72.0, 100.0, 272.0, 160.0])), ..options() };
    let signed = sign(&form, &signer("signer-rsa.p12"), &visible).expect("signs");
    let out = validate(&python, &signed);
    assert!(out.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"), "{out}");
    let file = temp_pdf(&signed);
    let script =
        "import sys, pypdf; f = pypdf.PdfReader(sys.argv[1]).get_fields(); print(sorted(f), f['Signature1']['/FT'])";
    assert_eq!(run_python(&python, script, &[file.path().as_os_str()]).trim(), "['Signature1', 'name'] /Sig");
}

#[test]
fn one_changed_byte_in_the_signed_range_breaks_the_signature() {
    let Some(python) = python("one_changed_byte_in_the_signed_range_breaks_the_signature") else { return };
    let mut signed = sign(&pdf_with_pages(&["Signed page"]), &signer("signer-rsa.p12"), &options()).expect("signs");
    let at = signed.windows(11).position(|w| w == b"Signed page").expect("the text is in the file");
    signed[at] = b'Z';
    let out = validate(&python, &signed);
    assert!(out.contains("intact=False"), "{out}");
    assert!(out.contains("bottom_line=False"), "{out}");
}

#[test]
fn the_original_bytes_are_kept_as_the_first_revision() {
    // Written by this crate's own steps, so it ends with a classic cross-reference table.
    let original = add_fields(&pdf_with_pages(&["Signed page"]), &[]).expect("rewritten");
    let signed = sign(&original, &signer("signer-rsa.p12"), &options()).expect("signs");
    assert_eq!(&signed[..original.len()], original.as_slice());
    let tail = String::from_utf8_lossy(&signed[original.len()..]).into_owned();
    assert!(tail.contains("/SubFilter /ETSI.CAdES.detached") && tail.contains("/Prev "), "{tail}");
}

#[test]
fn an_input_ending_with_a_cross_reference_stream_is_rewritten_then_signed() {
    let original = pdf_with_pages(&["Signed page"]);
    assert!(original.windows(9).any(|w| w == b"/XRef/Siz" || w == b"/Type/XRe"), "lopdf writes xref streams");
    let signed = sign(&original, &signer("signer-rsa.p12"), &options()).expect("signs");
    let text = String::from_utf8_lossy(&signed).into_owned();
    assert!(!text.contains("/XRef"), "the rewrite uses a classic table");
    assert_eq!(text.matches("%%EOF").count(), 2, "one rewrite, one update");
}

#[test]
fn wrong_pkcs12_password_is_a_clear_error() {
    let bytes = std::fs::read(fixture("signer-rsa.p12")).expect("fixture");
    let err = Signer::from_pkcs12(&bytes, "not-the-password").expect_err("refused");
    assert!(matches!(err, PostError::WrongPassword), "{err:?}");
    assert_eq!(err.to_string(), "signing certificate: wrong password for the PKCS#12 file");
}

#[test]
fn pkcs12_without_a_key_is_a_clear_error() {
    let bytes = std::fs::read(fixture("certificates-only.p12")).expect("fixture");
    let err = Signer::from_pkcs12(&bytes, PASSWORD).expect_err("refused");
    assert_eq!(err.to_string(), "signing certificate: the PKCS#12 file holds no private key");
}

#[test]
fn garbage_is_not_a_pkcs12_file() {
    let err = Signer::from_pkcs12(b"not a certificate", PASSWORD).expect_err("refused");
    assert!(err.to_string().starts_with("signing certificate: not a readable PKCS#12 file"), "{err}");
}

#[test]
fn the_certificate_details_are_exposed() {
    let signer = signer("signer-rsa.p12");
    assert_eq!(signer.subject(), "CN=Quire Test Signer,O=Quire Test PKI,C=CH");
    assert_eq!(signer.issuer(), "CN=Quire Test Root CA,O=Quire Test PKI,C=CH");
    assert_eq!(signer.not_before().year(), 2025);
    assert_eq!(signer.not_after().year(), 2075);
    assert!(!format!("{signer:?}").contains("BEGIN"), "the key stays out of Debug");
    // As `openssl x509 -noout -serial` prints it for this fixture.
    assert_eq!(signer.serial(), "46123FBF3DA9D8FA7D8E89549E33C8435893C63E".to_ascii_lowercase());
    assert_eq!(signer.common_name(), "Quire Test Signer");
}

#[test]
fn an_expired_certificate_refuses_to_sign() {
    let err = sign(&pdf_with_pages(&["x"]), &signer("signer-expired.p12"), &options()).expect_err("refused");
    assert!(err.to_string().starts_with("signing certificate: the certificate expired on 2021-01-01"), "{err}");
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let locked = encrypt(
        &pdf_with_pages(&["x"]),
        &EncryptOptions { user_password: "u".into(), owner_password: "o".into(), permissions: Permissions::all() },
    )
    .expect("encrypts");
    let err = sign(&locked, &signer("signer-rsa.p12"), &options()).expect_err("refused");
    assert!(matches!(err, PostError::Encrypted { .. }), "{err:?}");
}

#[test]
fn a_visible_signature_on_a_missing_page_is_refused() {
    let visible = SignOptions { visible: Some((3, [0.0, 0.0, 10.0, 10.0])), ..options() };
    let err = sign(&pdf_with_pages(&["x"]), &signer("signer-rsa.p12"), &visible).expect_err("refused");
    assert_eq!(err.to_string(), "signature: page 3 does not exist (the document has 1)");
}

const VALIDATE_ALL: &str = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
with open(sys.argv[1], 'rb') as f:
    for sig in PdfFileReader(f).embedded_signatures:
        vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[2])], allow_fetching=False)
        status = validate_pdf_signature(sig, vc)
        print(sig.field_name, status.bottom_line, status.coverage.name)
"#;

#[test]
fn a_second_signature_keeps_the_first_valid() {
    let Some(python) = python("a_second_signature_keeps_the_first_valid") else { return };
    let once = sign(&pdf_with_pages(&["Signed page"]), &signer("signer-rsa.p12"), &options()).expect("first");
    let twice = sign(&once, &signer("signer-ec.p12"), &options()).expect("second");
    assert_eq!(&twice[..once.len()], once.as_slice(), "the first signed revision is untouched");
    let file = temp_pdf(&twice);
    let out = run_python(&python, VALIDATE_ALL, &[file.path().as_os_str(), fixture("ca.pem").as_os_str()]);
    assert_eq!(out, "Signature1 True ENTIRE_REVISION\nSignature2 True ENTIRE_FILE\n");
}
