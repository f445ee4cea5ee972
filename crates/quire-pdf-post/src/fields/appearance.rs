//! Appearance streams (`/AP /N`) drawn for each widget, so viewers show fields without regenerating them.
//!
//! Text is set in Helvetica (the `/Helv` resource of the AcroForm's `/DR`); boxes are drawn with a white
//! background and a grey border, like a viewer's own default.

use std::fmt::Write as _;

use super::text_metrics::{ASCENT, DESCENT, literal, win_ansi, wrap};

/// Inner padding between the border and the text, in points.
const PADDING: f64 = 2.0;
/// Line height of multiline text, as a multiple of the font size.
const LEADING: f64 = 1.15;

/// The font size used when the caller gives none: fitted to one line of the field's height, at most 12 pt.
pub(crate) fn auto_font_size(height: f64, multiline: bool) -> f64 {
    if multiline {
        return 10.0f64.min(height - 2.0 * PADDING).max(4.0);
    }
    ((height - 2.0 * PADDING) / ((ASCENT - DESCENT) / 1000.0) * 0.9).clamp(4.0, 12.0)
}

/// A text field's or combo box's appearance showing `text`.
pub(crate) fn text(w: f64, h: f64, text: &str, font_size: f64, multiline: bool) -> Vec<u8> {
    let mut out = frame(w, h);
    out.push_str("/Tx BMC\nq\n");
    let _ = writeln!(out, "{} {} {} {} re W n", n(1.0), n(1.0), n(w - 2.0), n(h - 2.0));
    let mut bytes = out.into_bytes();
    let lines = if multiline { wrap(text, font_size, w - 2.0 * PADDING) } else { vec![win_ansi(text)] };
    if lines.iter().any(|line| !line.is_empty()) {
        let first_baseline = if multiline {
            h - PADDING - ASCENT / 1000.0 * font_size
        } else {
            (h - (ASCENT - DESCENT) / 1000.0 * font_size) / 2.0 - DESCENT / 1000.0 * font_size
        };
        bytes.extend_from_slice(
            format!(
                "BT\n/Helv {} Tf 0 g\n{} TL\n{} {} Td\n",
                n(font_size),
                n(font_size * LEADING),
                n(PADDING),
                n(first_baseline)
            )
            .as_bytes(),
        );
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                bytes.extend_from_slice(b"T*\n");
            }
            bytes.extend_from_slice(&literal(line));
            bytes.extend_from_slice(b" Tj\n");
        }
        bytes.extend_from_slice(b"ET\n");
    }
    bytes.extend_from_slice(b"Q\nEMC\n");
    bytes
}

/// An empty box: the appearance of an unsigned signature field.
pub(crate) fn empty_box(w: f64, h: f64) -> Vec<u8> {
    frame(w, h).into_bytes()
}

/// A check box, with a drawn tick when `checked`.
pub(crate) fn checkbox(w: f64, h: f64, checked: bool) -> Vec<u8> {
    let mut out = frame(w, h);
    if checked {
        let line = (w.min(h) / 10.0).max(0.8);
        let _ = write!(
            out,
            "q 0 G {} w 1 J 1 j\n{} {} m {} {} l {} {} l S\nQ\n",
            n(line),
            n(w * 0.2),
            n(h * 0.5),
            n(w * 0.42),
            n(h * 0.25),
            n(w * 0.8),
            n(h * 0.78)
        );
    }
    out.into_bytes()
}

/// A radio button: a circle, with a filled dot when `selected`.
pub(crate) fn radio(w: f64, h: f64, selected: bool) -> Vec<u8> {
    let (cx, cy) = (w / 2.0, h / 2.0);
    let r = w.min(h) / 2.0 - 0.5;
    let mut out = String::from("q\n1 g 0.6 G 1 w\n");
    circle(&mut out, cx, cy, r);
    out.push_str("B\n");
    if selected {
        out.push_str("0 g\n");
        circle(&mut out, cx, cy, r * 0.5);
        out.push_str("f\n");
    }
    out.push_str("Q\n");
    out.into_bytes()
}

/// White background and a grey one-point border over the whole widget.
fn frame(w: f64, h: f64) -> String {
    format!(
        "q\n1 g\n0 0 {} {} re f\n0.6 G 1 w\n0.5 0.5 {} {} re S\nQ\n",
        n(w),
        n(h),
        n((w - 1.0).max(0.0)),
        n((h - 1.0).max(0.0))
    )
}

/// A circle path from four Bézier curves.
fn circle(out: &mut String, cx: f64, cy: f64, r: f64) {
    let k = r * 0.552_284_75;
    let _ = writeln!(out, "{} {} m", n(cx + r), n(cy));
    let _ = writeln!(out, "{} {} {} {} {} {} c", n(cx + r), n(cy + k), n(cx + k), n(cy + r), n(cx), n(cy + r));
    let _ = writeln!(out, "{} {} {} {} {} {} c", n(cx - k), n(cy + r), n(cx - r), n(cy + k), n(cx - r), n(cy));
    let _ = writeln!(out, "{} {} {} {} {} {} c", n(cx - r), n(cy - k), n(cx - k), n(cy - r), n(cx), n(cy - r));
    let _ = writeln!(out, "{} {} {} {} {} {} c", n(cx + k), n(cy - r), n(cx + r), n(cy - k), n(cx + r), n(cy));
}

/// A number as PDF content writes it: at most three decimals, no exponent, no trailing zeros.
fn n(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_noise() {
        assert_eq!([n(1.0), n(0.125), n(-0.0001), n(2.5)], ["1", "0.125", "0", "2.5"]);
    }

    #[test]
    fn text_appearance_shows_the_value_in_helvetica() {
        let content = String::from_utf8_lossy(&text(100.0, 20.0, "Ada (L)", 10.0, false)).into_owned();
        assert!(content.contains("/Helv 10 Tf"), "{content}");
        assert!(content.contains("(Ada \\(L\\)) Tj"), "{content}");
    }

    #[test]
    fn multiline_appearance_has_one_show_per_line() {
        let content = String::from_utf8_lossy(&text(200.0, 60.0, "one\ntwo", 10.0, true)).into_owned();
        assert_eq!(content.matches(" Tj").count(), 2, "{content}");
    }

    #[test]
    fn auto_font_size_fits_the_height_up_to_twelve_points() {
        assert!((auto_font_size(100.0, false) - 12.0).abs() < 1e-9);
        assert!(auto_font_size(12.0, false) < 9.0);
    }
}
