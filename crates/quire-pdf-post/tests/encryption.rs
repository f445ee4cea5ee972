//! Encryption: pikepdf cannot open without the password, opens with either, reports `/V 5 /R 6` AES-256
//! and the requested permission bits; encrypted inputs are refused by every step.

mod common;

use common::{pdf_with_pages, pdftotext, python, run_python, temp_pdf};
use quire_pdf_post::{EncryptOptions, FieldKind, FieldSpec, Permissions, PostError, add_fields, encrypt, merge};

fn options(user: &str, owner: &str, permissions: Permissions) -> EncryptOptions {
    EncryptOptions { user_password: user.into(), owner_password: owner.into(), permissions }
}

const OPEN: &str = r#"
import sys, pikepdf
path, password = sys.argv[1], sys.argv[2]
try:
    pdf = pikepdf.open(path, password=password)
except pikepdf.PasswordError:
    print('password refused'); sys.exit(0)
e, a = pdf.encryption, pdf.allow
print(f'V={e.V} R={e.R} bits={e.bits} stream={e.stream_method} string={e.string_method}')
print(f'user={pdf.user_password_matched} owner={pdf.owner_password_matched} P={e.P & 0xFFFFFFFF:#010x}')
print(f'print={a.print_highres} copy={a.extract} modify={a.modify_other} annotate={a.modify_annotation} '
      f'forms={a.modify_form} assemble={a.modify_assembly} accessibility={a.accessibility}')
print(len(pdf.pages))
"#;

fn open(pdf: &[u8], password: &str) -> Option<String> {
    let python = python("encryption read back")?;
    let file = temp_pdf(pdf);
    Some(run_python(&python, OPEN, &[file.path().as_os_str(), password.as_ref()]))
}

fn encrypted_sample(permissions: Permissions) -> Vec<u8> {
    encrypt(&pdf_with_pages(&["Secret page"]), &options("user-pw", "owner-pw", permissions)).expect("encrypts")
}

#[test]
fn does_not_open_without_the_password() {
    let Some(out) = open(&encrypted_sample(Permissions::default()), "") else { return };
    assert_eq!(out.trim(), "password refused");
}

#[test]
fn does_not_open_with_a_wrong_password() {
    let Some(out) = open(&encrypted_sample(Permissions::default()), "guess") else { return };
    assert_eq!(out.trim(), "password refused");
}

#[test]
fn user_password_opens_aes_256_revision_6_with_the_requested_permissions() {
    let permissions = Permissions { print: true, fill_forms: true, ..Permissions::default() };
    let Some(out) = open(&encrypted_sample(permissions), "user-pw") else { return };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "V=5 R=6 bits=256 stream=EncryptionMethod.aesv3 string=EncryptionMethod.aesv3", "{out}");
    assert_eq!(lines[1], "user=True owner=False P=0xfffffbc4", "{out}");
    assert_eq!(
        lines[2], "print=True copy=False modify=False annotate=False forms=True assemble=False accessibility=True",
        "{out}"
    );
    assert_eq!(lines[3], "1");
}

#[test]
fn owner_password_opens_with_every_right() {
    let Some(out) = open(&encrypted_sample(Permissions::default()), "owner-pw") else { return };
    assert!(out.contains("owner=True"), "{out}");
}

#[test]
fn each_permission_sets_its_own_bit() {
    let cases = [
        (Permissions { copy: true, ..Permissions::default() }, 0xffff_f2d0_u32),
        (Permissions { modify: true, ..Permissions::default() }, 0xffff_f2c8),
        (Permissions { annotate: true, ..Permissions::default() }, 0xffff_f2e0),
        (Permissions { assemble: true, ..Permissions::default() }, 0xffff_f6c0),
        (Permissions::all(), 0xffff_fffc),
    ];
    for (permissions, p) in cases {
        let Some(out) = open(&encrypted_sample(permissions), "user-pw") else { return };
        assert!(out.contains(&format!("P={p:#010x}")), "{permissions:?}: {out}");
    }
}

#[test]
fn empty_user_password_opens_without_one_but_restricts() {
    let pdf = encrypt(&pdf_with_pages(&["Open"]), &options("", "owner-pw", Permissions::default())).expect("encrypts");
    let Some(out) = open(&pdf, "") else { return };
    assert!(out.contains("user=True owner=False"), "{out}");
    assert!(out.contains("print=False copy=False modify=False"), "{out}");
}

#[test]
fn text_reads_back_with_the_user_password() {
    let pdf = encrypted_sample(Permissions::all());
    let file = temp_pdf(&pdf);
    let out = std::process::Command::new("pdftotext")
        .args(["-upw", "user-pw"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Secret page"), "{out:?}");
}

#[test]
fn fields_stay_readable_after_encryption() {
    let field =
        FieldSpec { value: Some("Ada".into()), ..FieldSpec::new("name", FieldKind::Text, 0, [10.0, 10.0, 90.0, 30.0]) };
    let with_fields = add_fields(&pdf_with_pages(&["Form"]), &[field]).expect("fields");
    let pdf = encrypt(&with_fields, &options("", "owner-pw", Permissions::all())).expect("encrypts");
    let Some(python) = python("fields_stay_readable_after_encryption") else { return };
    let file = temp_pdf(&pdf);
    let script = "import sys, pypdf; print(pypdf.PdfReader(sys.argv[1]).get_fields()['name'].get('/V'))";
    assert_eq!(run_python(&python, script, &[file.path().as_os_str()]).trim(), "Ada");
    assert!(pdftotext(&pdf).contains("Form"));
}

#[test]
fn the_plain_text_is_not_in_the_file() {
    let pdf = encrypted_sample(Permissions::all());
    assert!(!pdf.windows(b"Secret page".len()).any(|w| w == b"Secret page"));
}

#[test]
fn same_user_and_owner_password_is_refused() {
    let err = encrypt(&pdf_with_pages(&["x"]), &options("same", "same", Permissions::all())).expect_err("refused");
    assert_eq!(err.to_string(), "encryption: the user and owner passwords must differ");
}

#[test]
fn encrypted_inputs_are_refused_by_every_step() {
    let locked = encrypted_sample(Permissions::all());
    let open = encrypt(&pdf_with_pages(&["x"]), &options("", "owner-pw", Permissions::all())).expect("encrypts");
    for pdf in [&locked, &open] {
        let err = encrypt(pdf, &EncryptOptions::default()).expect_err("refused");
        assert!(matches!(err, PostError::Encrypted { .. }), "{err:?}");
        let err = merge(&pdf_with_pages(&["main"]), &[pdf], &[]).expect_err("refused");
        assert_eq!(err.to_string(), "prepend[0]: the PDF is encrypted; only unencrypted PDFs can be post-processed");
        let field = FieldSpec::new("a", FieldKind::Text, 0, [0.0, 0.0, 10.0, 10.0]);
        assert!(matches!(add_fields(pdf, &[field]), Err(PostError::Encrypted { .. })));
    }
}

#[test]
fn debug_output_hides_the_passwords() {
    let debug = format!("{:?}", options("user-secret", "owner-secret", Permissions::all()));
    assert!(!debug.contains("secret"), "{debug}");
}
