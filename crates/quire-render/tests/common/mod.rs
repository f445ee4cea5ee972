//! Shared test support: golden files, a fixture asset store, and PDF/XLSX/CSV readers.
#![allow(dead_code)]

pub mod decode;
pub mod pdf_parts;
#[path = "../../../quire-pdf-post/tests/common/python.rs"]
pub mod python;

#[allow(unused_imports)]
pub use python::{run_python, temp_pdf};

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use quire_render::{Asset, AssetResolver, Engine, Limits, OutputFormat, RenderedFile, TemplateDoc};
use serde_json::Value;

/// The folder of golden templates.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Assets of the golden tests: `asset_<stem>` is `tests/golden/assets/<stem>.*`.
pub struct FixtureAssets;

impl AssetResolver for FixtureAssets {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        let stem = reference.strip_prefix("asset_")?;
        let entries = std::fs::read_dir(golden_dir().join("assets")).ok()?;
        let path = entries.flatten().map(|e| e.path()).find(|p| p.file_stem().is_some_and(|s| s == stem))?;
        Some(Asset { bytes: std::fs::read(path).ok()?, content_type: "application/octet-stream".into() })
    }
}

/// Read a JSON file.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A golden template with its data (`<name>.data.json`, or `{}`) and expectations (`<name>.expect.json`).
pub struct Golden {
    pub name: String,
    pub template: TemplateDoc,
    pub data: Value,
    pub expect: Value,
}

/// Load the golden template `name`.
pub fn golden(name: &str) -> Golden {
    let dir = golden_dir();
    let template = TemplateDoc::from_json(&read_json(&dir.join(format!("{name}.json"))))
        .unwrap_or_else(|report| panic!("{name}: invalid template: {report}"));
    let data_path = dir.join(format!("{name}.data.json"));
    let data = if data_path.exists() { read_json(&data_path) } else { serde_json::json!({}) };
    let expect_path = dir.join(format!("{name}.expect.json"));
    let expect = if expect_path.exists() { read_json(&expect_path) } else { serde_json::json!({}) };
    Golden { name: name.to_owned(), template, data, expect }
}

/// Render with default limits and the fixture assets, panicking with the error on failure.
pub fn render(template: &TemplateDoc, data: &Value, format: OutputFormat) -> RenderedFile {
    Engine::new(Limits::default())
        .render(template, data, format, &FixtureAssets)
        .unwrap_or_else(|err| panic!("render failed: {err}"))
}

/// The text of a PDF, page by page, through `pdftotext` (poppler-utils).
pub fn pdf_pages_text(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("pdftotext writes UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(normalise_space).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// All text of a PDF with runs of whitespace collapsed to one space.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_pages_text(pdf).join(" ")
}

/// Collapse whitespace.
pub fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of pages according to lopdf.
pub fn pdf_page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).expect("lopdf parses the PDF").get_pages().len()
}

/// Number of image XObjects in the PDF.
pub fn pdf_image_count(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf parses the PDF");
    doc.objects
        .values()
        .filter(|object| {
            object.as_stream().ok().and_then(|s| s.dict.get(b"Subtype").ok()).and_then(|v| v.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count()
}

/// Every sheet of a workbook as (name, rows of cells).
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet readable");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// Parse CSV bytes into records.
pub fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("valid CSV record").iter().map(str::to_owned).collect())
        .collect()
}

/// Write a PNG of the first page next to the goldens when `QUIRE_GOLDEN_PNG` is set.
pub fn maybe_write_png(name: &str, pdf: &[u8]) {
    if std::env::var_os("QUIRE_GOLDEN_PNG").is_none() {
        return;
    }
    let png_dir = golden_dir().join("png");
    std::fs::create_dir_all(&png_dir).expect("png dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf_path = dir.path().join("doc.pdf");
    std::fs::write(&pdf_path, pdf).expect("write pdf");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf_path)
        .arg(png_dir.join(name))
        .status()
        .expect("pdftoppm must be installed (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm failed");
}

/// A word on a page with its box in points (origin top left), from `pdftotext -bbox`.
#[derive(Debug, Clone)]
pub struct WordBox {
    pub text: String,
    pub page: usize,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
}

/// Every word of a PDF with its position.
pub fn pdf_words(pdf: &[u8]) -> Vec<WordBox> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdftotext").arg("-bbox").arg(&path).arg("-").output().expect("pdftotext");
    let html = String::from_utf8_lossy(&output.stdout);
    let attribute = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        tag.split(&key).nth(1).and_then(|rest| rest.split('"').next()).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
    };
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap_or((rest, ""));
            let text = text.trim_end_matches("</word>").to_owned();
            words.push(WordBox {
                text,
                page,
                x_min: attribute(tag, "xMin"),
                y_min: attribute(tag, "yMin"),
                x_max: attribute(tag, "xMax"),
                y_max: attribute(tag, "yMax"),
            });
        }
    }
    words
}

/// The first word equal to `text`.
pub fn word<'a>(words: &'a [WordBox], text: &str) -> &'a WordBox {
    words.iter().find(|w| w.text == text).unwrap_or_else(|| panic!("word {text:?} not in the PDF"))
}
