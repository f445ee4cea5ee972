//! QR codes, barcodes, `svg` components and formulas in Excel. Codes become embedded PNG images drawn
//! from the module grid (whole pixels per module, so they stay crisp and scannable), with the
//! human-readable text of 1-D codes in the cell under the image. `svg` components are rasterised
//! with resvg (the one typst-pdf already builds; without the PDF backend they become a note).
//! Formulas are real formula cells with their value cached, so viewers without a calculation engine
//! show it.

use rust_xlsxwriter::{Format, Formula, Image, Worksheet, XlsxError};

use super::plain_number;
use crate::resolve::{CellValue, CodeBlock, FormulaBlock, SvgBlock};
use crate::symbols;

/// Excel's image unit: pixels at 96 dpi.
const PT_PER_PX: f64 = 0.75;
/// Default row height in pixels.
const ROW_PIXELS: f64 = 20.0;

/// Rows an image of `height_px` covers.
fn rows_for(height_px: f64) -> u32 {
    (height_px / ROW_PIXELS).ceil().max(1.0) as u32
}

/// Insert a code at (`row`, `col`); returns the next free row.
pub(super) fn insert_code(sheet: &mut Worksheet, code: &CodeBlock, row: u32, col: u16) -> Result<u32, String> {
    let module_px = code.module / PT_PER_PX;
    // At least 3 pixels a module (readers need them); Excel scales the picture to its size.
    let scale = (module_px * 2.0).round().clamp(3.0, 12.0) as u32;
    let bytes = symbols::png(&code.symbol, code.quiet_zone, code.height_modules(), code.paint, scale)?;
    let failed = |err: XlsxError| format!("Excel writing failed: {err}");
    let image = Image::new_from_buffer(&bytes).map_err(failed)?;
    let (width_px, height_px) = (code.width() / PT_PER_PX, code.height / PT_PER_PX);
    let (natural_w, natural_h) = (image.width().max(1.0), image.height().max(1.0));
    let image = image
        .set_scale_width(width_px / natural_w)
        .set_scale_height(height_px / natural_h)
        .set_alt_text(code.alt.clone().unwrap_or_else(|| alt_text(code)));
    sheet.insert_image(row, col, &image).map_err(failed)?;
    let mut next = row + rows_for(height_px);
    if let Some(text) = &code.text {
        sheet.write_string(next, col, text).map_err(failed)?;
        next += 1;
    }
    Ok(next)
}

fn alt_text(code: &CodeBlock) -> String {
    match &code.text {
        Some(text) => format!("{} {text}", code.symbol.symbology.name()),
        None => code.symbol.symbology.name().to_owned(),
    }
}

/// Insert an `svg` component as a PNG (or, where it cannot be rasterised, its alt text as a note).
pub(super) fn insert_svg(sheet: &mut Worksheet, svg: &SvgBlock, row: u32, col: u16) -> Result<u32, String> {
    let failed = |err: XlsxError| format!("Excel writing failed: {err}");
    match raster::png(svg) {
        Some((bytes, width_px, height_px)) => {
            let image = Image::new_from_buffer(&bytes).map_err(failed)?;
            let (natural_w, natural_h) = (image.width().max(1.0), image.height().max(1.0));
            let mut image = image.set_scale_width(width_px / natural_w).set_scale_height(height_px / natural_h);
            if let Some(alt) = &svg.alt {
                image = image.set_alt_text(alt);
            }
            sheet.insert_image(row, col, &image).map_err(failed)?;
            Ok(row + rows_for(height_px))
        }
        None => {
            sheet.write_string(row, col, svg.alt.as_deref().unwrap_or("[SVG drawing]")).map_err(failed)?;
            Ok(row + 1)
        }
    }
}

/// Write a formula cell with its cached result and number format.
pub(super) fn write_formula(
    sheet: &mut Worksheet,
    formula: &FormulaBlock,
    row: u32,
    col: u16,
    bold: bool,
) -> Result<(), XlsxError> {
    let mut cell = Formula::new(&formula.formula);
    let result = match &formula.text.value {
        CellValue::Empty => None,
        CellValue::Number(number) | CellValue::Currency { amount: number, .. } => Some(plain_number(*number)),
        CellValue::Bool(flag) => Some(if *flag { "TRUE" } else { "FALSE" }.to_owned()),
        CellValue::Text(text) | CellValue::Date(text) => Some(text.clone()),
    };
    if let Some(result) = result {
        cell = cell.set_result(result);
    }
    let mut format = Format::new();
    if let Some(pattern) = &formula.format {
        format = format.set_num_format(pattern);
    }
    if bold {
        format = format.set_bold();
    }
    sheet.write_formula_with_format(row, col, cell, &format)?;
    Ok(())
}

#[cfg(feature = "pdf")]
mod raster {
    use std::sync::{Arc, LazyLock};

    use resvg::{tiny_skia, usvg};

    use super::PT_PER_PX;
    use crate::resolve::SvgBlock;
    use crate::style::Length;

    /// Largest raster side, in pixels.
    const MAX_SIDE: f64 = 4000.0;

    /// The bundled sans family for `<text>`, and nothing from the system.
    static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
        let mut db = usvg::fontdb::Database::new();
        for data in crate::pdf::INTER_FONTS {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family(crate::pdf::SANS_FAMILY);
        db.set_serif_family(crate::pdf::SANS_FAMILY);
        Arc::new(db)
    });

    /// The drawing as a PNG at twice its size, with its display size in pixels.
    pub(super) fn png(svg: &SvgBlock) -> Option<(Vec<u8>, f64, f64)> {
        let mut options = usvg::Options {
            fontdb: FONTS.clone(),
            font_family: crate::pdf::SANS_FAMILY.to_owned(),
            ..usvg::Options::default()
        };
        // Only embedded data: images (the markup was checked); nothing is read from disk.
        options.image_href_resolver.resolve_string = Box::new(|_, _| None);
        let tree = usvg::Tree::from_str(&svg.markup, &options).ok()?;
        let natural = tree.size();
        let (nw, nh) = (f64::from(natural.width()), f64::from(natural.height()));
        let px = |length: Option<Length>| length.and_then(Length::as_pt).map(|pt| pt / PT_PER_PX);
        let (width, height) = match (px(svg.width), px(svg.height)) {
            (Some(w), Some(h)) => (w, h),
            (Some(w), None) => (w, w * nh / nw),
            (None, Some(h)) => (h * nw / nh, h),
            (None, None) => (nw, nh),
        };
        let scale = (2.0f64).min(MAX_SIDE / width.max(height).max(1.0));
        let (pw, ph) = ((width * scale).round().max(1.0) as u32, (height * scale).round().max(1.0) as u32);
        let mut pixmap = tiny_skia::Pixmap::new(pw, ph)?;
        let transform = tiny_skia::Transform::from_scale(pw as f32 / natural.width(), ph as f32 / natural.height());
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        Some((pixmap.encode_png().ok()?, width, height))
    }
}

#[cfg(not(feature = "pdf"))]
mod raster {
    use crate::resolve::SvgBlock;

    /// Without resvg (no PDF backend in this build) SVG components are not rasterised.
    pub(super) fn png(_svg: &SvgBlock) -> Option<(Vec<u8>, f64, f64)> {
        None
    }
}
