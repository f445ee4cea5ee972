//! `form-field` components in Typst: an empty box of the field's size, with two markers (its top-left and
//! bottom-right corners, see `places`) that the PDF backend finds after layout to put the AcroForm widget there.
//! The label is real text: above the box, or right of a check box; radio options are written beside their
//! buttons.

use super::literal::{self, string};
use super::markup::boxed;
use super::text_style::text_args;
use crate::compile::FieldType;
use crate::resolve::FieldBlock;
use crate::style::{Length, Style};

/// The label every field marker carries.
pub(crate) const FIELD_LABEL: &str = "quire-field";

/// Space between a radio button and its option's text, in points.
pub(crate) const RADIO_TEXT_GAP: f64 = 4.0;

/// A field's markup.
pub(crate) fn field(field: &FieldBlock) -> String {
    let markers = super::places::corner_markers(FIELD_LABEL, field.index);
    let label_style = Style {
        font_size: field.style.font_size,
        color: field.style.color,
        font_family: field.style.font_family.clone(),
        font_weight: field.style.font_weight,
        ..Style::default()
    };
    let args = text_args(&label_style);
    let text = |content: &str| match args.as_str() {
        "" => format!("text({})", string(content)),
        args => format!("text({args}, {})", string(content)),
    };
    let inside = match field.field_type {
        FieldType::Radio => format!("{markers}; {}", radio_texts(field, &text)),
        _ => markers,
    };
    let area = format!(
        "box(width: {}, height: {}, {{ {inside} }})",
        literal::length(field.width),
        literal::length(field.height)
    );
    let inner = match (&field.label, field.field_type) {
        (Some(label), FieldType::Checkbox) => format!("[#{area}#h(4pt)#box({})]", text(label)),
        (Some(label), _) => format!("stack(dir: ttb, spacing: 3pt, {}, {area})", text(label)),
        (None, _) => area,
    };
    let plain = Style { width: None, height: None, ..Style::clone(&field.style) };
    boxed(&plain, &inner, false)
}

/// The options of a radio group, one per row right of where its button goes (the rows split the box evenly).
fn radio_texts(field: &FieldBlock, text: &dyn Fn(&str) -> String) -> String {
    let rows = field.options.len().max(1);
    let row = format!("{} / {rows}", literal::length(field.height));
    let cells: Vec<String> = field
        .options
        .iter()
        .map(|option| {
            // The button is a square as tall as the row (or as the box is wide), at the row's left.
            format!(
                "box(height: {row}, width: 100%, align(horizon, pad(left: calc.min({row}, {width}) + {gap}, {})))",
                text(option),
                width = width_or_row(field.width, &row),
                gap = literal::pt(RADIO_TEXT_GAP),
            )
        })
        .collect();
    format!("stack(dir: ttb, {})", cells.join(", "))
}

/// The box's width where Typst can compare it with the row height (a relative width counts as the row).
fn width_or_row(width: Length, row: &str) -> String {
    match width {
        Length::Pt(_) => literal::length(width),
        _ => row.to_owned(),
    }
}
