//! The PDF readers of the post-processing tests: a Python with pypdf, pikepdf and pyHanko named by
//! `QUIRE_TEST_PDF_PYTHON` (`.ci/run` installs one); without it those checks say SKIPPED. One file for every suite
//! that reads PDFs this way: `quire-render`'s and `quire-server`'s tests include it with `#[path]`.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// The Python of `QUIRE_TEST_PDF_PYTHON`, or `None` after printing that `test` is skipped.
pub fn python(test: &str) -> Option<PathBuf> {
    match std::env::var_os("QUIRE_TEST_PDF_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => {
            println!("SKIPPED: {test}: set QUIRE_TEST_PDF_PYTHON to a python with pypdf, pikepdf and pyhanko");
            None
        }
    }
}

/// Runs `script` with `python` and `args`; its stdout, or a panic with its stderr.
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

/// `bytes` in a fresh temporary `.pdf` file.
pub fn temp_pdf(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    file.write_all(bytes).expect("temp file written");
    file
}
