//! Typst literals built from Rust values: escaped strings, lengths, colours, strokes. Every piece of
//! dynamic text reaches the generated markup through [`string`], never as raw markup.

use std::fmt::Write as _;

use crate::style::{BorderLine, Color, Length, Sides};

/// A Typst string literal for `text`: quotes, backslashes and control characters escaped.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number without float noise, finite (non-finite numbers become 0).
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

/// Points.
pub(crate) fn pt(value: f64) -> String {
    format!("{}pt", number(value))
}

/// A length as Typst understands it; percentages of a container width stay relative.
pub(crate) fn length(length: Length) -> String {
    match length {
        Length::Pt(value) => pt(value),
        Length::Percent(value) => format!("{}%", number(value)),
        Length::Em(value) => format!("{}em", number(value)),
        Length::Auto => "auto".into(),
    }
}

/// A track size for grid and table columns: percentages become fractions so gutters never overflow.
pub(crate) fn track(length: Length) -> String {
    match length {
        Length::Percent(value) => format!("{}fr", number(value.max(0.01))),
        other => length_or_auto(other),
    }
}

fn length_or_auto(length: Length) -> String {
    match length {
        Length::Pt(value) if value <= 0.0 => "auto".into(),
        other => self::length(other),
    }
}

/// An `rgb(...)` colour.
pub(crate) fn color(color: Color) -> String {
    let alpha = (color.a.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("rgb({}, {}, {}, {alpha})", color.r, color.g, color.b)
}

/// A stroke such as `(paint: rgb(…), thickness: 0.75pt, dash: "dashed")`.
pub(crate) fn stroke(line: BorderLine) -> String {
    match line.dash {
        Some(dash) => format!("(paint: {}, thickness: {}, dash: {})", color(line.color), pt(line.width), string(dash)),
        None => format!("{} + {}", pt(line.width), color(line.color)),
    }
}

/// A per-side stroke dictionary, or `none`.
pub(crate) fn sides_stroke(sides: &Sides<Option<BorderLine>>) -> String {
    let parts: Vec<String> =
        [("top", sides.top), ("right", sides.right), ("bottom", sides.bottom), ("left", sides.left)]
            .into_iter()
            .filter_map(|(name, line)| line.map(|line| format!("{name}: {}", stroke(line))))
            .collect();
    if parts.is_empty() { "none".into() } else { format!("({})", parts.join(", ")) }
}

/// A per-side length dictionary (`inset`, `outset`); unset sides are zero. `None` when all are unset.
pub(crate) fn sides_lengths(sides: &Sides<Option<Length>>) -> Option<String> {
    if sides.top.is_none() && sides.right.is_none() && sides.bottom.is_none() && sides.left.is_none() {
        return None;
    }
    let side = |value: Option<Length>| match value.unwrap_or(Length::ZERO) {
        Length::Auto => "0pt".to_owned(),
        other => length(other),
    };
    if sides.is_uniform() {
        return Some(side(sides.top));
    }
    Some(format!(
        "(top: {}, right: {}, bottom: {}, left: {})",
        side(sides.top),
        side(sides.right),
        side(sides.bottom),
        side(sides.left)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
    }

    #[test]
    fn control_characters_become_unicode_escapes() {
        assert_eq!(string("a\u{1}b\nc"), "\"a\\u{1}b\\nc\"");
    }

    #[test]
    fn markup_characters_stay_inside_the_literal() {
        assert_eq!(string("#panic() ] $ * <b>"), "\"#panic() ] $ * <b>\"");
    }

    #[test]
    fn numbers_have_no_float_noise() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(9.0), "9");
        assert_eq!(number(f64::NAN), "0");
    }
}
