//! What a caller asks for: one [`FieldSpec`] per form field, and the checks made before anything is written.

use std::collections::HashSet;

use crate::PostError;

/// The kind of an AcroForm field. Number, date and email are text fields (`/FT /Tx`) whose value is
/// checked here when given (a number must parse, an email must look like `local@domain`); no JavaScript
/// format or keystroke actions (`AFNumber_…`, `AFDate_…`) are written, so viewers do not enforce a format.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text (`/Ff` Multiline).
    Multiline,
    /// A text field holding a number.
    Number,
    /// A text field holding a date, as the template formatted it.
    Date,
    /// A text field holding an email address.
    Email,
    /// A check box with the states `/On` and `/Off`; its value is `true`/`false` (also `on`/`off`,
    /// `yes`/`no`, `1`/`0`).
    Checkbox,
    /// Radio buttons, one widget per option, laid out in the field's rectangle by [`radio_option_rects`];
    /// each option's text is its appearance state name and the value chooses one.
    RadioGroup {
        /// The options, in order from the top.
        options: Vec<String>,
    },
    /// A combo box (`/Ff` Combo) choosing one of `options` (`/Opt`).
    Dropdown {
        /// The options, in display order.
        options: Vec<String>,
    },
    /// An empty signature field for a signer to fill.
    Signature,
}

impl FieldKind {
    pub(crate) fn is_text(&self) -> bool {
        matches!(self, Self::Text | Self::Multiline | Self::Number | Self::Date | Self::Email)
    }
}

/// One form field: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The field's name (`/T`), unique in the document; no `.` (PDF's name separator) or control characters.
    pub name: String,
    /// What kind of field it is.
    pub kind: FieldKind,
    /// The page it goes on, 0-based.
    pub page: usize,
    /// `[left, bottom, right, top]` in PDF points from the page's bottom-left corner, as a PDF `/Rect`.
    pub rect: [f64; 4],
    /// The initial value (`/V`): text, `true`/`false` for a check box, one of the options for a choice.
    pub value: Option<String>,
    /// Sets the Required flag.
    pub required: bool,
    /// Sets the ReadOnly flag.
    pub read_only: bool,
    /// Largest number of characters (`/MaxLen`), for text kinds only.
    pub max_len: Option<u32>,
    /// Font size in points; by default it is fitted to the field's height (at most 12 pt).
    pub font_size: Option<f64>,
    /// Text shown when hovering the field (`/TU`), also its accessible name.
    pub tooltip: Option<String>,
}

impl FieldSpec {
    /// A field with no value, no flags and the default font size.
    pub fn new(name: impl Into<String>, kind: FieldKind, page: usize, rect: [f64; 4]) -> Self {
        Self {
            name: name.into(),
            kind,
            page,
            rect,
            value: None,
            required: false,
            read_only: false,
            max_len: None,
            font_size: None,
            tooltip: None,
        }
    }
}

/// The squares of a radio group's options inside `rect` (`[left, bottom, right, top]`): the rectangle is
/// cut into `count` equal rows from the top, and each option is a square at the row's left edge, as tall
/// as the row (or as wide as the rectangle, if that is less). The layout places option labels beside them.
pub fn radio_option_rects(rect: [f64; 4], count: usize) -> Vec<[f64; 4]> {
    let [left, bottom, right, top] = rect;
    let rows = f64::from(u32::try_from(count.max(1)).unwrap_or(u32::MAX));
    let row_height = (top - bottom) / rows;
    let side = row_height.min(right - left);
    (0..count)
        .map(|index| {
            let row_top = top - row_height * f64::from(u32::try_from(index).unwrap_or(u32::MAX));
            let y = row_top - (row_height + side) / 2.0;
            [left, y, left + side, y + side]
        })
        .collect()
}

/// Whether a check box value means checked.
pub(crate) fn checkbox_state(spec: &FieldSpec) -> Result<bool, PostError> {
    match spec.value.as_deref().map(|value| value.trim().to_ascii_lowercase()) {
        None => Ok(false),
        Some(value) => match value.as_str() {
            "true" | "on" | "yes" | "1" | "checked" => Ok(true),
            "false" | "off" | "no" | "0" | "" => Ok(false),
            _ => Err(invalid(spec, format!("a check box value is true or false, not {value:?}"))),
        },
    }
}

/// Checks every field and the names against each other and against `existing` names; `pages` is the
/// document's page count.
pub(crate) fn validate(fields: &[FieldSpec], existing: &HashSet<Vec<u8>>, pages: usize) -> Result<(), PostError> {
    let mut seen: HashSet<&str> = HashSet::new();
    for spec in fields {
        validate_name(spec)?;
        if !seen.insert(spec.name.as_str()) || existing.contains(spec.name.as_bytes()) {
            return Err(invalid(spec, "duplicate field name; names must be unique in the document"));
        }
        if spec.page >= pages {
            return Err(invalid(spec, format!("page {} does not exist (the document has {pages})", spec.page)));
        }
        let [left, bottom, right, top] = spec.rect;
        if !spec.rect.iter().all(|v| v.is_finite()) || right <= left || top <= bottom {
            return Err(invalid(spec, format!("rectangle {:?} must be [left, bottom, right, top]", spec.rect)));
        }
        if let Some(size) = spec.font_size
            && !(size.is_finite() && size > 0.0 && size <= 200.0)
        {
            return Err(invalid(spec, format!("font size {size} must be above 0 and at most 200")));
        }
        validate_value(spec)?;
    }
    Ok(())
}

fn validate_name(spec: &FieldSpec) -> Result<(), PostError> {
    if spec.name.is_empty() {
        return Err(invalid(spec, "the name is empty"));
    }
    if spec.name.chars().count() > 127 {
        return Err(invalid(spec, "the name is longer than 127 characters"));
    }
    if spec.name.contains('.') {
        return Err(invalid(spec, "the name contains '.', which PDF reads as a parent.child separator"));
    }
    if spec.name.chars().any(char::is_control) {
        return Err(invalid(spec, "the name contains a control character"));
    }
    Ok(())
}

fn validate_value(spec: &FieldSpec) -> Result<(), PostError> {
    if spec.max_len.is_some() && !spec.kind.is_text() {
        return Err(invalid(spec, "a maximum length applies to text fields only"));
    }
    let value = spec.value.as_deref().unwrap_or("");
    if let Some(max) = spec.max_len
        && value.chars().count() > usize::try_from(max).unwrap_or(usize::MAX)
    {
        return Err(invalid(spec, format!("the value is longer than the maximum length {max}")));
    }
    match &spec.kind {
        FieldKind::Number if !value.is_empty() && value.trim().parse::<f64>().is_err() => {
            Err(invalid(spec, format!("{value:?} is not a number")))
        }
        FieldKind::Email if !value.is_empty() && !looks_like_email(value) => {
            Err(invalid(spec, format!("{value:?} is not an email address")))
        }
        FieldKind::Checkbox => checkbox_state(spec).map(|_| ()),
        FieldKind::RadioGroup { options } | FieldKind::Dropdown { options } => validate_options(spec, options, value),
        FieldKind::Signature if spec.value.is_some() => {
            Err(invalid(spec, "a signature field cannot have a value; it is filled by signing"))
        }
        _ => Ok(()),
    }
}

fn validate_options(spec: &FieldSpec, options: &[String], value: &str) -> Result<(), PostError> {
    if options.is_empty() {
        return Err(invalid(spec, "a choice needs at least one option"));
    }
    let mut seen = HashSet::new();
    for option in options {
        if option.is_empty() || option.chars().any(char::is_control) {
            return Err(invalid(spec, "options must be non-empty text without control characters"));
        }
        if matches!(spec.kind, FieldKind::RadioGroup { .. }) && option == "Off" {
            return Err(invalid(spec, "\"Off\" is reserved for an unselected radio group"));
        }
        if !seen.insert(option) {
            return Err(invalid(spec, format!("option {option:?} is listed twice")));
        }
    }
    if !value.is_empty() && !options.iter().any(|option| option == value) {
        return Err(invalid(spec, format!("the value {value:?} is not one of the options")));
    }
    Ok(())
}

fn looks_like_email(value: &str) -> bool {
    let value = value.trim();
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !value.contains(char::is_whitespace)
        }
        None => false,
    }
}

pub(crate) fn invalid(spec: &FieldSpec, reason: impl Into<String>) -> PostError {
    PostError::Field { name: spec.name.clone(), reason: reason.into() }
}
