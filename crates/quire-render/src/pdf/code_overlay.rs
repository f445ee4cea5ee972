//! QR codes and barcodes drawn straight into the pages after layout: Typst lays out an empty box with corner
//! markers (see `places`), and each code's module runs become filled rectangles (`re … f`) in one content stream
//! per page, appended as an incremental update. Vector like the SVG route, without parsing and converting an
//! SVG per code; marked as an artifact, so tagged files stay consistent. Under PDF/UA codes stay SVG images with
//! their alternative text (see `codes_markup`).

use std::fmt::Write as _;

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream};

use super::places::Place;
use crate::error::RenderError;
use crate::resolve::CodeBlock;
use crate::style::Color;
use crate::symbols::{dark_runs, extent};

/// The label of the codes' corner markers.
pub(crate) const CODE_LABEL: &str = "quire-code";

/// The PDF with every placed code drawn on its page.
pub(crate) fn draw_codes(pdf: Vec<u8>, codes: &[CodeBlock], places: &[Vec<Place>]) -> Result<Vec<u8>, RenderError> {
    let mut by_page: std::collections::BTreeMap<usize, String> = std::collections::BTreeMap::new();
    for (code, places) in codes.iter().zip(places) {
        for place in places {
            draw(code, place.rect, by_page.entry(place.page).or_default());
        }
    }
    if by_page.is_empty() {
        return Ok(pdf);
    }
    let failed = |what: String| RenderError::generation(format!("drawing the codes failed: {what}"));
    let mut document: IncrementalDocument =
        pdf.as_slice().try_into().map_err(|_| failed("the PDF could not be read".into()))?;
    let pages: Vec<ObjectId> = document.get_prev_documents().get_pages().into_values().collect();
    for (page, operations) in by_page {
        let page_id = *pages.get(page).ok_or_else(|| failed(format!("no page {}", page + 1)))?;
        let stream = deflated(format!("q /Artifact BMC\n{operations}EMC Q\n").as_bytes());
        let content_id = document.new_document.add_object(Object::Stream(stream));
        document.opt_clone_object_to_new_document(page_id).map_err(|e| failed(e.to_string()))?;
        let page_dict = document
            .new_document
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| failed(e.to_string()))?;
        let mut contents = match page_dict.get(b"Contents") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        contents.push(Object::Reference(content_id));
        page_dict.set("Contents", Object::Array(contents));
    }
    let mut out = Vec::with_capacity(pdf.len() + 8192);
    document.save_to(&mut out).map_err(|e| failed(e.to_string()))?;
    Ok(out)
}

/// A content stream deflated at the fast level: most of its bytes are digits, which compress well either way, and
/// the slowest level (lopdf's `compress`) cost more than drawing the codes (measured on the label sheet).
fn deflated(content: &[u8]) -> Stream {
    use std::io::Write as _;
    let mut encoder =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(content.len() / 3), flate2::Compression::fast());
    match encoder.write_all(content).and_then(|()| encoder.finish()) {
        Ok(bytes) => {
            let mut dict = Dictionary::new();
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, bytes)
        }
        // Writing into memory does not fail; if it did, the plain stream is as valid.
        Err(_) => Stream::new(Dictionary::new(), content.to_vec()),
    }
}

/// `value` with two decimals, written with integer formatting (float formatting dominated the drawing).
fn number(out: &mut String, value: f64) {
    let hundredths = (value * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let hundredths = hundredths.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02} ", hundredths / 100, hundredths % 100);
}

fn rgb(color: Color) -> String {
    let channel = |c: u8| f64::from(c) / 255.0;
    format!("{:.4} {:.4} {:.4} rg\n", channel(color.r), channel(color.g), channel(color.b))
}

/// The operators of one code filling `rect` (`[left, bottom, right, top]`).
fn draw(code: &CodeBlock, rect: [f64; 4], out: &mut String) {
    let [left, bottom, right, top] = rect;
    let (width, height) = extent(&code.symbol, code.quiet_zone, code.height_modules());
    let (sx, sy) = ((right - left) / width, (top - bottom) / height);
    if let Some(light) = code.paint.light.filter(|c| !c.is_transparent()) {
        out.push_str(&rgb(light));
        for value in [left, bottom, right - left, top - bottom] {
            number(out, value);
        }
        out.push_str("re f\n");
    }
    out.push_str(&rgb(code.paint.dark));
    for run in dark_runs(&code.symbol, code.quiet_zone, code.height_modules()) {
        let x = left + f64::from(run.x) * sx;
        let y = top - (run.y + run.height) * sy;
        for value in [x, y, f64::from(run.width) * sx, run.height * sy] {
            number(out, value);
        }
        out.push_str("re\n");
    }
    out.push_str("f\n");
}
