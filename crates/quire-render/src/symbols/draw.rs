//! Drawing symbols: an SVG with one path of module runs (vector in the PDF) and an RGBA PNG at a
//! whole number of pixels per module (crisp in Excel).

use std::fmt::Write as _;

use super::Symbol;
use crate::style::Color;

/// Colours of a symbol: the dark modules and the background (`None`: transparent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Paint {
    pub dark: Color,
    pub light: Option<Color>,
}

/// Size in modules of the drawing: `(width, height)`. 1-D codes have a quiet zone left and right only
/// and are `bar_modules` tall.
pub(crate) fn extent(symbol: &Symbol, quiet: u32, bar_modules: f64) -> (f64, f64) {
    let width = f64::from(symbol.width + 2 * quiet);
    if symbol.symbology.is_linear() {
        (width, bar_modules.max(1.0))
    } else {
        (width, f64::from(symbol.height + 2 * quiet))
    }
}

fn hex(color: Color) -> String {
    format!("#{:06x}", color.to_u32())
}

fn paint_attrs(color: Color) -> String {
    if color.a < 1.0 {
        format!("fill=\"{}\" fill-opacity=\"{}\"", hex(color), num(color.a.clamp(0.0, 1.0)))
    } else {
        format!("fill=\"{}\"", hex(color))
    }
}

fn num(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

/// A run of dark modules: `x`, `y` (from the top), width and height, in modules, quiet zone included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Run {
    pub x: u32,
    pub y: f64,
    pub width: u32,
    pub height: f64,
}

/// The dark modules of each row, joined into runs (1-D codes: one row as tall as the bars).
pub(crate) fn dark_runs(symbol: &Symbol, quiet: u32, bar_modules: f64) -> Vec<Run> {
    let (_, height) = extent(symbol, quiet, bar_modules);
    let (row_height, top) = if symbol.symbology.is_linear() { (height, 0.0) } else { (1.0, f64::from(quiet)) };
    let mut runs = Vec::with_capacity(symbol.dark.len() / 4);
    for y in 0..symbol.height {
        let mut x = 0;
        while x < symbol.width {
            if !symbol.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < symbol.width && symbol.is_dark(x, y) {
                x += 1;
            }
            runs.push(Run {
                x: start + quiet,
                y: top + f64::from(y) * row_height,
                width: x - start,
                height: row_height,
            });
        }
    }
    runs
}

/// The symbol as a standalone SVG document (units: modules).
pub(crate) fn svg(symbol: &Symbol, quiet: u32, bar_modules: f64, paint: Paint) -> String {
    let (width, height) = extent(symbol, quiet, bar_modules);
    let mut path = String::with_capacity(symbol.dark.len() * 2);
    for run in dark_runs(symbol, quiet, bar_modules) {
        let _ = write!(path, "M{} {}h{}v{}h-{}z", run.x, num(run.y), run.width, num(run.height), run.width);
    }
    let mut out = String::with_capacity(path.len() + 256);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         shape-rendering=\"crispEdges\">",
        w = num(width),
        h = num(height)
    );
    if let Some(light) = paint.light.filter(|c| !c.is_transparent()) {
        let _ = write!(out, "<rect width=\"{}\" height=\"{}\" {}/>", num(width), num(height), paint_attrs(light));
    }
    if !path.is_empty() {
        let _ = write!(out, "<path {} d=\"{path}\"/>", paint_attrs(paint.dark));
    }
    out.push_str("</svg>");
    out
}

/// Largest PNG side we draw, in pixels.
const MAX_PNG_SIDE: u32 = 4096;

/// The symbol as an RGBA PNG, `scale` pixels per module.
pub(crate) fn png(symbol: &Symbol, quiet: u32, bar_modules: f64, paint: Paint, scale: u32) -> Result<Vec<u8>, String> {
    let (width, height) = extent(symbol, quiet, bar_modules);
    let scale = scale.clamp(1, 64).min(MAX_PNG_SIDE / (width as u32).max(1)).max(1);
    let px_width = width as u32 * scale;
    let px_height = ((height * f64::from(scale)).round() as u32).clamp(1, MAX_PNG_SIDE);
    let rgba = |color: Color| [color.r, color.g, color.b, (color.a.clamp(0.0, 1.0) * 255.0).round() as u8];
    let dark = rgba(paint.dark);
    let light = paint.light.map_or([255, 255, 255, 0], rgba);
    let linear = symbol.symbology.is_linear();
    let mut pixels = Vec::with_capacity((px_width * px_height * 4) as usize);
    for py in 0..px_height {
        for px in 0..px_width {
            let mx = px / scale;
            let module_dark = if linear {
                mx >= quiet && symbol.is_dark(mx - quiet, 0)
            } else {
                let my = py / scale;
                mx >= quiet && my >= quiet && symbol.is_dark(mx - quiet, my - quiet)
            };
            pixels.extend_from_slice(if module_dark { &dark } else { &light });
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, px_width, px_height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let failed = |err: png::EncodingError| format!("PNG encoding failed: {err}");
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&pixels).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::super::{QrLevel, Symbology, encode};
    use super::*;

    #[test]
    fn svg_draws_runs_inside_the_quiet_zone() {
        let symbol = encode(Symbology::Qr(QrLevel::M), "hi").expect("encodes");
        let paint = Paint { dark: Color::rgb(0, 0, 0), light: Some(Color::rgb(255, 255, 255)) };
        let svg = svg(&symbol, 4, 1.0, paint);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\""), "{svg}");
        assert!(svg.contains("d=\"M4 4h7v1h-7z"), "finder pattern's top row: {svg}");
    }

    #[test]
    fn png_has_a_whole_number_of_pixels_per_module() {
        let symbol = encode(Symbology::Code128, "ABC").expect("encodes");
        let paint = Paint { dark: Color::rgb(0, 0, 0), light: None };
        let bytes = png(&symbol, 10, 30.0, paint, 3).expect("png");
        assert!(bytes.starts_with(b"\x89PNG"));
    }
}
