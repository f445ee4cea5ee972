//! Typst arguments for text styles and block boxes (background, padding, border, margins).

use super::fonts::families;
use super::literal::{self, string};
use crate::resolve::{PAGE_NUMBER_MARK, TOTAL_PAGES_MARK};
use crate::style::{Length, Style, TextAlign};

/// `text(...)` arguments of a style, e.g. `size: 7.5pt, weight: 700, fill: rgb(…)`; empty when the
/// style sets no text property.
pub(crate) fn text_args(style: &Style) -> String {
    let mut args: Vec<String> = Vec::new();
    if let Some(size) = style.font_size {
        let size = match size {
            Length::Percent(percent) => Length::Em(percent / 100.0),
            Length::Auto => Length::Em(1.0),
            other => other,
        };
        args.push(format!("size: {}", literal::length(size)));
    }
    if let Some(weight) = style.font_weight {
        args.push(format!("weight: {}", weight.clamp(100, 900)));
    }
    if let Some(italic) = style.italic {
        args.push(format!("style: {}", if italic { "\"italic\"" } else { "\"normal\"" }));
    }
    if let Some(color) = style.color {
        args.push(format!("fill: {}", literal::color(color)));
    }
    if let Some(family) = &style.font_family {
        let list: Vec<String> = families(family).iter().map(|f| string(f)).collect();
        args.push(format!("font: ({},)", list.join(", ")));
    }
    if let Some(spacing) = style.letter_spacing {
        args.push(format!("tracking: {}", literal::length(spacing)));
    }
    args.join(", ")
}

/// `set` rules for the inherited text properties of a container (text, alignment, line height).
pub(crate) fn inherited_sets(style: &Style) -> String {
    let mut out = String::new();
    let args = text_args(style);
    if !args.is_empty() {
        out.push_str(&format!("set text({args})\n"));
    }
    if let Some(align) = style.text_align {
        out.push_str(&format!("set align({})\n", align_name(align)));
        if align == TextAlign::Justify {
            out.push_str("set par(justify: true)\n");
        }
    }
    if let Some(line_height) = style.line_height {
        out.push_str(&format!("set par(leading: {})\n", leading(line_height)));
    }
    out
}

/// Typst alignment for a text alignment.
pub(crate) fn align_name(align: TextAlign) -> &'static str {
    match align {
        TextAlign::Left | TextAlign::Justify => "left",
        TextAlign::Center => "center",
        TextAlign::Right => "right",
    }
}

/// Paragraph leading for a CSS line-height factor (Typst measures from cap height to baseline).
pub(crate) fn leading(line_height: f64) -> String {
    format!("{}em", literal::number((line_height - 0.73).clamp(0.05, 4.0)))
}

/// Text content as a Typst expression: a string literal, or a code block with line breaks and page
/// counters when the text has newlines or page-number marks.
pub(crate) fn content(text: &str, page_numbers: bool) -> String {
    let special = |c: char| c == '\n' || (page_numbers && (c == PAGE_NUMBER_MARK || c == TOTAL_PAGES_MARK));
    if !text.contains(special) {
        return string(text);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if !special(c) {
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            parts.push(string(&std::mem::take(&mut current)));
        }
        parts.push(
            match c {
                '\n' => "linebreak()",
                PAGE_NUMBER_MARK => "context counter(page).display()",
                _ => "context str(counter(page).final().first())",
            }
            .to_owned(),
        );
    }
    if !current.is_empty() {
        parts.push(string(&current));
    }
    format!("{{ {} }}", parts.join("; "))
}

/// A styled text expression: `text(args, content)` with decorations applied.
pub(crate) fn styled(text: &str, page_numbers: bool, style: &Style) -> String {
    let mut expr = content(text, page_numbers);
    let args = text_args(style);
    if !args.is_empty() {
        expr = format!("text({args}, {expr})");
    }
    if style.underline {
        expr = format!("underline({expr})");
    }
    if style.strike {
        expr = format!("strike({expr})");
    }
    expr
}

/// Whether a style draws a box (background, border, padding, size, radius).
pub(crate) fn has_box(style: &Style) -> bool {
    style.background.is_some()
        || !style.border.is_empty()
        || literal::sides_lengths(&style.padding).is_some()
        || style.width.is_some()
        || style.height.is_some()
}

/// `block(...)` arguments for a style's box and vertical margins. `gap` is the default spacing.
pub(crate) fn block_args(style: &Style) -> String {
    let mut args: Vec<String> = Vec::new();
    if let Some(width) = style.width.filter(|w| *w != Length::Auto) {
        args.push(format!("width: {}", literal::length(width)));
    }
    if let Some(height) = style.height.filter(|h| *h != Length::Auto) {
        args.push(format!("height: {}", literal::length(height)));
    }
    if let Some(background) = style.background {
        args.push(format!("fill: {}", literal::color(background)));
    }
    if !style.border.is_empty() {
        args.push(format!("stroke: {}", literal::sides_stroke(&style.border.sides)));
    }
    if let Some(radius) = style.border_radius {
        args.push(format!("radius: {}", literal::length(radius)));
    }
    if let Some(inset) = literal::sides_lengths(&style.padding) {
        args.push(format!("inset: {inset}"));
    }
    if let Some(top) = style.margin.top.filter(|m| *m != Length::Auto) {
        args.push(format!("above: {} + 0.5em", literal::length(top)));
    }
    if let Some(bottom) = style.margin.bottom.filter(|m| *m != Length::Auto) {
        args.push(format!("below: {} + 0.5em", literal::length(bottom)));
    }
    args.join(", ")
}

/// Horizontal margins as `pad(...)` arguments, if any.
pub(crate) fn pad_args(style: &Style) -> Option<String> {
    let side = |value: Option<Length>| value.filter(|l| !matches!(l, Length::Auto) && *l != Length::ZERO);
    match (side(style.margin.left), side(style.margin.right)) {
        (None, None) => None,
        (left, right) => Some(format!(
            "left: {}, right: {}",
            literal::length(left.unwrap_or(Length::ZERO)),
            literal::length(right.unwrap_or(Length::ZERO))
        )),
    }
}
