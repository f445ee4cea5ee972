//! Test support: small PDFs made with lopdf, and the external readers (Python's pypdf/pikepdf/pyHanko,
//! poppler's pdftotext) that check what the crate wrote.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A PDF with one A4 page per entry of `texts`, each page showing its text in Helvetica.
pub fn pdf_with_pages(texts: &[&str]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for text in texts {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 24.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().expect("content encodes")));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = i64::try_from(kids.len()).expect("few pages");
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("fixture saves");
    out
}

/// Writes `bytes` to a fresh temporary file ending in `.pdf`.
pub fn temp_pdf(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    file.write_all(bytes).expect("temp file written");
    file
}

/// The text of `pdf` as poppler's pdftotext extracts it, pages separated by form feeds.
pub fn pdftotext(pdf: &[u8]) -> String {
    let file = temp_pdf(pdf);
    let out = Command::new("pdftotext").arg(file.path()).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 text")
}

/// The Python named by `QUIRE_TEST_PDF_PYTHON` (one with pypdf, pikepdf, pyhanko and cryptography), or
/// `None` after printing why the calling test is skipped.
pub fn python(test: &str) -> Option<PathBuf> {
    match std::env::var_os("QUIRE_TEST_PDF_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => {
            println!("SKIPPED: {test}: set QUIRE_TEST_PDF_PYTHON to a python with pypdf, pikepdf and pyhanko");
            None
        }
    }
}

/// Runs `script` with `python`, passing `args`; returns stdout, panicking with stderr on failure.
pub fn run_python(python: &PathBuf, script: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(python).arg("-c").arg(script).args(args).output().expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
