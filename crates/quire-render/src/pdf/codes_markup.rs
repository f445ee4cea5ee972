//! QR codes, barcodes and `svg` components in Typst: a code is an empty box drawn into after layout
//! (`code_overlay`), or under PDF/UA an SVG image of the module grid with its alternative text (vector either
//! way, never a bitmap); the human-readable text of 1-D codes is real text under the bars.

use super::fonts::MONO;
use super::literal::{self, string};
use super::markup::boxed;
use super::text_style::text_args;
use crate::resolve::{CodeBlock, SvgBlock};
use crate::style::{Length, Style};
use crate::symbols;

/// A code block: the symbol drawn at its size, the text centred under 1-D codes.
pub(crate) fn code(code: &CodeBlock) -> String {
    let width = literal::pt(code.width());
    let image = match code.overlay {
        // An empty box the code is drawn into after layout (`code_overlay`).
        Some(index) => format!(
            "box(width: {width}, height: {}, {{ {} }})",
            literal::pt(code.height),
            super::places::corner_markers(super::code_overlay::CODE_LABEL, index)
        ),
        None => svg_image(code, &width),
    };
    let inner = match &code.text {
        Some(text) => {
            let size = code.style.font_size.unwrap_or(Length::Pt((code.module * 9.0).clamp(6.0, 11.0)));
            let text_style = Style {
                font_size: Some(size),
                color: Some(code.style.color.unwrap_or(code.paint.dark)),
                font_family: Some(code.style.font_family.clone().unwrap_or_else(|| MONO.to_owned())),
                ..Style::default()
            };
            format!(
                "box(width: {width}, stack(dir: ttb, spacing: 2pt, {image}, align(center, text({}, {}))))",
                text_args(&text_style),
                string(text)
            )
        }
        None => image,
    };
    let plain = Style { width: None, height: None, ..Style::clone(&code.style) };
    boxed(&plain, &inner, false)
}

/// The code as an SVG image carrying its alternative text.
fn svg_image(code: &CodeBlock, width: &str) -> String {
    let svg = symbols::svg(&code.symbol, code.quiet_zone, code.height_modules(), code.paint);
    let mut args = vec![
        format!("bytes({})", string(&svg)),
        "format: \"svg\"".to_owned(),
        format!("width: {width}"),
        format!("height: {}", literal::pt(code.height)),
        "fit: \"stretch\"".to_owned(),
    ];
    if let Some(alt) = &code.alt {
        args.push(format!("alt: {}", string(alt)));
    }
    format!("image({})", args.join(", "))
}

/// An `svg` component as an SVG image.
pub(crate) fn svg(svg: &SvgBlock) -> String {
    let mut args = vec![format!("bytes({})", string(&svg.markup)), "format: \"svg\"".to_owned()];
    if let Some(width) = svg.width {
        args.push(format!("width: {}", literal::length(width)));
    }
    if let Some(height) = svg.height {
        args.push(format!("height: {}", literal::length(height)));
    }
    if let Some(alt) = &svg.alt {
        args.push(format!("alt: {}", string(alt)));
    }
    let plain = Style { width: None, height: None, ..Style::clone(&svg.style) };
    boxed(&plain, &format!("image({})", args.join(", ")), false)
}
