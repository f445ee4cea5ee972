//! Text widths for chart layout, from the bundled Inter's own advance widths (read with `ttf-parser`), so
//! labels are placed, truncated and rotated by what they really measure.

use std::sync::LazyLock;

use typst::text::{FontStyle, FontWeight};

use crate::pdf::fonts::{SANS, SHARED};

/// Width of a character the font lacks, in em (Typst falls back to another font for it).
const FALLBACK_EM: f64 = 0.62;

/// Advance widths of Inter Regular and Bold.
struct Widths {
    regular: Option<ttf_parser::Face<'static>>,
    bold: Option<ttf_parser::Face<'static>>,
}

static WIDTHS: LazyLock<Widths> = LazyLock::new(|| {
    let face = |weight: FontWeight| {
        let font = SHARED.fonts.iter().find(|font| {
            let info = font.info();
            info.family == SANS && info.variant.weight == weight && info.variant.style == FontStyle::Normal
        })?;
        let data: &'static [u8] = font.data();
        ttf_parser::Face::parse(data, font.index()).ok()
    };
    Widths { regular: face(FontWeight::REGULAR), bold: face(FontWeight::BOLD) }
});

/// Width in points of `text` set in the chart font at `size` points.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let widths = &*WIDTHS;
    let face = if bold { widths.bold.as_ref().or(widths.regular.as_ref()) } else { widths.regular.as_ref() };
    let Some(face) = face else {
        return text.chars().count() as f64 * FALLBACK_EM * size;
    };
    let per_em = f64::from(face.units_per_em().max(1));
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c).and_then(|glyph| face.glyph_hor_advance(glyph)).map_or(FALLBACK_EM * per_em, f64::from)
        })
        .sum();
    units / per_em * size
}

/// `text` shortened with an ellipsis until it is at most `max_width` points wide.
pub(super) fn truncate(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text_width(&text, size, bold) <= max_width {
        return text;
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        let narrow = text_width("iiii", 10.0, false);
        let wide = text_width("WWWW", 10.0, false);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!(text_width("Revenue", 10.0, true) > text_width("Revenue", 10.0, false));
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        let cut = truncate("A very long category label indeed", 8.0, false, 40.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 8.0, false) <= 40.0);
        assert_eq!(truncate("Short", 8.0, false, 100.0), "Short");
    }
}
