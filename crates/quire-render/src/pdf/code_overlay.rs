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
        let mut stream = Stream::new(Dictionary::new(), format!("q /Artifact BMC\n{operations}EMC Q\n").into_bytes());
        // Compressing a stream that holds only digits and operators never fails; keep it plain if it did.
        let _ = stream.compress();
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
        let _ = writeln!(out, "{}{left:.3} {bottom:.3} {:.3} {:.3} re f", rgb(light), right - left, top - bottom);
    }
    out.push_str(&rgb(code.paint.dark));
    for run in dark_runs(&code.symbol, code.quiet_zone, code.height_modules()) {
        let x = left + f64::from(run.x) * sx;
        let y = top - (run.y + run.height) * sy;
        let _ = writeln!(out, "{x:.3} {y:.3} {:.3} {:.3} re", f64::from(run.width) * sx, run.height * sy);
    }
    out.push_str("f\n");
}
