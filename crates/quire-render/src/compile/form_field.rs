//! Compiling `form-field`: an interactive PDF form field (AcroForm) at the place the layout gives it. The
//! props are checked here (type, name, options, lengths); a value from data is checked when resolved.

use serde_json::Value;

use super::node::{NodeKind, TextSpec, ValueExpr};
use super::props::PropReader;
use crate::style::{Length, SharedStyle};

/// Longest field name, in characters.
pub(crate) const MAX_FIELD_NAME_CHARS: usize = 120;
/// Most options of a radio group or dropdown.
pub(crate) const MAX_FIELD_OPTIONS: usize = 200;
/// Largest `maxLength`.
const MAX_MAX_LENGTH: f64 = 100_000.0;

/// The nine field types of Rynko's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    Text,
    Multiline,
    Number,
    Date,
    Email,
    Checkbox,
    Radio,
    Dropdown,
    Signature,
}

impl FieldType {
    const NAMES: &'static str = "text, multiline, number, date, email, checkbox, radio, dropdown, signature";

    fn parse(text: &str) -> Option<FieldType> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "text" => FieldType::Text,
            "multiline" | "textarea" => FieldType::Multiline,
            "number" => FieldType::Number,
            "date" => FieldType::Date,
            "email" => FieldType::Email,
            "checkbox" => FieldType::Checkbox,
            "radio" | "radio-group" => FieldType::Radio,
            "dropdown" | "select" => FieldType::Dropdown,
            "signature" => FieldType::Signature,
            _ => return None,
        })
    }

    /// The API name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Multiline => "multiline",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Email => "email",
            FieldType::Checkbox => "checkbox",
            FieldType::Radio => "radio",
            FieldType::Dropdown => "dropdown",
            FieldType::Signature => "signature",
        }
    }

    /// Text kinds take `maxLength`.
    pub(crate) fn is_text(self) -> bool {
        matches!(self, FieldType::Text | FieldType::Multiline | FieldType::Number | FieldType::Date | FieldType::Email)
    }

    /// Radio groups and dropdowns choose among `options`.
    pub(crate) fn has_options(self) -> bool {
        matches!(self, FieldType::Radio | FieldType::Dropdown)
    }
}

/// The options of a choice: written in the template, or an expression giving a list.
#[derive(Debug, Clone)]
pub(crate) enum FieldOptions {
    Fixed(Vec<String>),
    Dynamic(ValueExpr),
}

/// A `form-field` component.
#[derive(Debug, Clone)]
pub(crate) struct FormFieldSpec {
    pub field_type: FieldType,
    /// The field's name; placeholders let a loop give each copy its own (`qty_{{index}}`).
    pub name: TextSpec,
    pub label: Option<TextSpec>,
    pub value: Option<TextSpec>,
    pub options: FieldOptions,
    pub required: bool,
    pub read_only: bool,
    pub max_length: Option<u32>,
    pub width: Option<Length>,
    pub height: Option<Length>,
    pub style: SharedStyle,
}

/// Why a field name cannot be used, if it cannot: empty, too long, a `.` (PDF's name separator) or a
/// control character.
pub(crate) fn field_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a form field needs a name".into());
    }
    let length = name.chars().count();
    if length > MAX_FIELD_NAME_CHARS {
        return Some(format!("the field name is {length} characters long; at most {MAX_FIELD_NAME_CHARS}"));
    }
    if name.contains('.') {
        return Some(format!("the field name {name:?} contains \".\", which PDF reads as a name separator"));
    }
    if name.chars().any(char::is_control) {
        return Some(format!("the field name {name:?} contains a control character"));
    }
    None
}

/// Why a list of options cannot be used, if it cannot.
pub(crate) fn options_problem(options: &[String]) -> Option<String> {
    if options.is_empty() {
        return Some("a radio group or dropdown needs at least one option".into());
    }
    if options.len() > MAX_FIELD_OPTIONS {
        return Some(format!("{} options; at most {MAX_FIELD_OPTIONS}", options.len()));
    }
    let mut seen = std::collections::HashSet::new();
    for option in options {
        if option.is_empty() || option.chars().any(char::is_control) {
            return Some(format!("option {option:?} is empty or contains a control character"));
        }
        if !seen.insert(option.as_str()) {
            return Some(format!("option {option:?} is listed twice"));
        }
    }
    None
}

/// An option given as text, a number or `{value}` / `{label}`.
pub(crate) fn option_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Object(map) => map.get("value").or_else(|| map.get("label")).and_then(option_text),
        _ => None,
    }
}

fn options(props: &mut PropReader<'_>, field_type: FieldType) -> FieldOptions {
    let fixed = FieldOptions::Fixed(Vec::new());
    let Some(raw) = props.raw("options") else {
        if field_type.has_options() {
            props.problem("options", format!("a {} field needs options", field_type.name()));
        }
        return fixed;
    };
    if !field_type.has_options() {
        props.problem("options", format!("only radio and dropdown fields take options, not {}", field_type.name()));
        return fixed;
    }
    match raw {
        Value::Array(items) => {
            let texts: Option<Vec<String>> = items.iter().map(option_text).collect();
            let Some(texts) = texts else {
                props.problem("options", "options are texts (or numbers, or {\"value\": …} objects)");
                return fixed;
            };
            if let Some(problem) = options_problem(&texts) {
                props.problem("options", problem);
            }
            FieldOptions::Fixed(texts)
        }
        Value::String(_) => props.value_expr("options").map_or(fixed, FieldOptions::Dynamic),
        _ => {
            props.problem("options", "options are a list of texts, or an expression giving one");
            fixed
        }
    }
}

fn max_length(props: &mut PropReader<'_>, field_type: FieldType) -> Option<u32> {
    let n = props.number("maxLength")?;
    if !field_type.is_text() {
        props.problem("maxLength", format!("maxLength is for text fields, not {}", field_type.name()));
        return None;
    }
    if n.fract() != 0.0 || !(1.0..=MAX_MAX_LENGTH).contains(&n) {
        props.problem("maxLength", format!("maxLength is a whole number from 1 to {MAX_MAX_LENGTH}"));
        return None;
    }
    Some(n as u32)
}

pub(crate) fn form_field_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let field_type = match props.string("fieldType").or_else(|| props.string("type")) {
        Some(text) => match FieldType::parse(text) {
            Some(field_type) => field_type,
            None => {
                props.problem("fieldType", format!("unknown fieldType {text:?}; expected one of {}", FieldType::NAMES));
                return None;
            }
        },
        None => {
            props.problem("fieldType", format!("fieldType is required: one of {}", FieldType::NAMES));
            return None;
        }
    };
    let name = props.required_text("name")?;
    if name.template.is_literal()
        && let Some(problem) = field_name_problem(&name.source)
    {
        props.problem("name", problem);
    }
    let value = props.text("value");
    if field_type == FieldType::Signature && value.is_some() {
        props.problem("value", "a signature field has no value (it is filled by signing)");
    }
    let spec = FormFieldSpec {
        field_type,
        label: props.text("label"),
        options: options(props, field_type),
        required: props.bool("required").unwrap_or(false),
        read_only: props.bool("readOnly").unwrap_or(false),
        max_length: max_length(props, field_type),
        width: props.length("width"),
        height: props.length("height"),
        style: props.style("style"),
        name,
        value,
    };
    Some(NodeKind::FormField(Box::new(spec)))
}
