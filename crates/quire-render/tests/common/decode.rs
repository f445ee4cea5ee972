//! Reading codes back the way a scanner would: PDF pages rasterised at 300 dpi with `pdftoppm`
//! (poppler-utils), then decoded with `zbarimg` (zbar-tools) for QR and 1-D codes and with rxing for
//! Data Matrix and PDF417 (zbar reads neither reliably). A missing tool fails the test naming the Debian
//! package to install.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use rxing::BarcodeFormat;

/// Fail with the package to install when `tool` is not on the PATH.
pub fn require(tool: &str, package: &str) {
    let found = Command::new(tool).arg("-h").output().is_ok();
    assert!(found, "`{tool}` is not installed: install the Debian package {package} (apt-get install -y {package})");
}

/// A decoded symbol: zbar's type name (`QR-Code`, `CODE-128`, `EAN-13`, `I2/5`, …) and its data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decoded {
    pub kind: String,
    pub data: String,
}

/// Rasterise every page of `pdf` at `dpi`; PNG files (or PGM with `gray`) in a temp dir kept alive by
/// the returned guard.
pub fn rasterise(pdf: &[u8], dpi: u32, gray: bool) -> (tempfile::TempDir, Vec<PathBuf>) {
    require("pdftoppm", "poppler-utils");
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("doc.pdf");
    std::fs::write(&input, pdf).expect("write pdf");
    let mut command = Command::new("pdftoppm");
    command.arg("-r").arg(dpi.to_string());
    if gray {
        command.arg("-gray");
    } else {
        command.arg("-png");
    }
    let status = command.arg(&input).arg(dir.path().join("page")).status().expect("pdftoppm runs");
    assert!(status.success(), "pdftoppm failed");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("page")))
        .collect();
    pages.sort();
    (dir, pages)
}

/// Every symbol zbar finds in an image file. Data comes from `--raw` (zbar's XML output garbles UTF-8),
/// types from `--xml`; a payload with line breaks must be the only symbol in its image.
pub fn zbar(image: &Path) -> Vec<Decoded> {
    require("zbarimg", "zbar-tools");
    // zbarimg exits 4 when it finds nothing.
    let xml = Command::new("zbarimg").args(["-q", "--xml"]).arg(image).output().expect("zbarimg runs");
    let xml = String::from_utf8_lossy(&xml.stdout).into_owned();
    let kinds: Vec<String> = xml
        .split("<symbol ")
        .skip(1)
        .map(|part| part.split("type='").nth(1).and_then(|r| r.split('\'').next()).unwrap_or_default().to_owned())
        .collect();
    let raw = Command::new("zbarimg").args(["-q", "--raw"]).arg(image).output().expect("zbarimg runs");
    let raw = String::from_utf8(raw.stdout).expect("zbar's raw output is UTF-8");
    let raw = raw.strip_suffix('\n').unwrap_or(&raw);
    let datas: Vec<String> = match kinds.len() {
        0 => Vec::new(),
        1 => vec![raw.to_owned()],
        n => {
            let lines: Vec<String> = raw.split('\n').map(str::to_owned).collect();
            assert_eq!(
                lines.len(),
                n,
                "{n} symbols but {} lines: a multi-line payload needs a page of its own",
                lines.len()
            );
            lines
        }
    };
    let mut found: Vec<Decoded> = kinds.into_iter().zip(datas).map(|(kind, data)| Decoded { kind, data }).collect();
    found.sort();
    found
}

/// Every symbol zbar finds on the pages of a PDF rasterised at 300 dpi.
pub fn zbar_pdf(pdf: &[u8]) -> Vec<Vec<Decoded>> {
    zbar_pdf_at(pdf, 300)
}

/// Every symbol zbar finds on the pages of a PDF rasterised at `dpi`.
pub fn zbar_pdf_at(pdf: &[u8], dpi: u32) -> Vec<Vec<Decoded>> {
    let (_dir, pages) = rasterise(pdf, dpi, false);
    pages.iter().map(|page| zbar(page)).collect()
}

/// Decode one `format` symbol from an 8-bit grey image.
pub fn rxing_luma(luma: Vec<u8>, width: u32, height: u32, format: BarcodeFormat) -> Option<String> {
    let mut hints = rxing::DecodeHints { TryHarder: Some(true), ..rxing::DecodeHints::default() };
    rxing::helpers::detect_in_luma_with_hints(luma, width, height, Some(format), &mut hints)
        .ok()
        .map(|result| result.getText().to_owned())
}

/// Read a binary PGM (`P5`) as written by `pdftoppm -gray`.
pub fn read_pgm(path: &Path) -> (Vec<u8>, u32, u32) {
    let bytes = std::fs::read(path).expect("read pgm");
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "binary PGM");
    let width: u32 = fields[1].parse().expect("width");
    let height: u32 = fields[2].parse().expect("height");
    let data = bytes[i + 1..].to_vec();
    assert_eq!(data.len(), (width * height) as usize, "PGM size");
    (data, width, height)
}

/// Decode one `format` symbol from the first page of a PDF rasterised at 300 dpi.
pub fn rxing_pdf(pdf: &[u8], format: BarcodeFormat) -> Option<String> {
    let (_dir, pages) = rasterise(pdf, 300, true);
    let (luma, width, height) = read_pgm(&pages[0]);
    rxing_luma(luma, width, height, format)
}

/// A PNG as 8-bit grey (alpha composited on white).
pub fn png_luma(bytes: &[u8]) -> (Vec<u8>, u32, u32) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("png header");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buffer).expect("png frame");
    let channels = info.color_type.samples();
    let pixels = &buffer[..info.buffer_size()];
    let luma = pixels
        .chunks(channels)
        .map(|px| {
            let (r, g, b, a) = match px {
                [v] => (*v, *v, *v, 255),
                [v, a] => (*v, *v, *v, *a),
                [r, g, b] => (*r, *g, *b, 255),
                [r, g, b, a] => (*r, *g, *b, *a),
                _ => (255, 255, 255, 255),
            };
            let grey = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
            ((grey * u32::from(a) + 255 * (255 - u32::from(a))) / 255) as u8
        })
        .collect();
    (luma, info.width, info.height)
}

/// The PNG files embedded in a workbook (`xl/media/*.png`), in name order.
pub fn xlsx_media(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/media/") && n.ends_with(".png"))
        .map(|n| n.into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let mut bytes = Vec::new();
            archive.by_name(&name).expect("media entry").read_to_end(&mut bytes).expect("read media");
            (name, bytes)
        })
        .collect()
}

/// Decode a PNG with zbar (written to a temp file).
pub fn zbar_png(bytes: &[u8]) -> Vec<Decoded> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("image.png");
    std::fs::write(&path, bytes).expect("write png");
    zbar(&path)
}

/// The text of a workbook part, e.g. `xl/worksheets/sheet1.xml`.
pub fn xlsx_part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut text = String::new();
    archive.by_name(name).expect("part exists").read_to_string(&mut text).expect("utf-8 part");
    text
}
