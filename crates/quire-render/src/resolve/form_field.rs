//! Resolving `form-field`: the name (unique in the document, so a loop must put its index in it), the options
//! and the value, each checked against the field type; a problem is `ERR_VALID_001` at the component's prop.

use quire_expr::{Scope, Value};

use super::doc::{CellValue, FieldBlock};
use super::{Resolver, label};
use crate::compile::{FieldOptions, FieldType, FormFieldSpec, Node, field_name_problem, option_text, options_problem};
use crate::error::{RenderError, codes};
use crate::style::Length;

fn invalid(node: &Node, prop: &str, message: impl std::fmt::Display) -> RenderError {
    RenderError::at(codes::VALIDATION, format!("{}.props.{prop}", node.path), format!("{}: {message}", label(node)))
}

/// The box of a field type when the template gives no size.
fn default_size(field_type: FieldType, options: usize) -> (Length, Length) {
    let rows = f64::from(u32::try_from(options.max(1)).unwrap_or(u32::MAX));
    match field_type {
        FieldType::Checkbox => (Length::Pt(12.0), Length::Pt(12.0)),
        FieldType::Multiline => (Length::Percent(100.0), Length::Pt(60.0)),
        FieldType::Radio => (Length::Percent(100.0), Length::Pt(16.0 * rows)),
        FieldType::Signature => (Length::Pt(200.0), Length::Pt(50.0)),
        _ => (Length::Percent(100.0), Length::Pt(20.0)),
    }
}

/// True or false for a check box's value, as PDF viewers and spreadsheets read it.
pub(crate) fn checkbox_checked(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "1" | "checked" => Some(true),
        "false" | "off" | "no" | "0" | "" => Some(false),
        _ => None,
    }
}

fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// The value checked against the type, and its typed form for spreadsheets.
fn checked_value(node: &Node, spec: &FormFieldSpec, value: &str, options: &[String]) -> Result<CellValue, RenderError> {
    let chars = value.chars().count();
    if let Some(max) = spec.max_length
        && chars > max as usize
    {
        return Err(invalid(node, "value", format!("the value has {chars} characters; maxLength is {max}")));
    }
    if value.is_empty() {
        return Ok(if spec.field_type == FieldType::Checkbox { CellValue::Bool(false) } else { CellValue::Empty });
    }
    Ok(match spec.field_type {
        FieldType::Checkbox => match checkbox_checked(value) {
            Some(checked) => CellValue::Bool(checked),
            None => return Err(invalid(node, "value", format!("a check box value is true or false, not {value:?}"))),
        },
        FieldType::Radio | FieldType::Dropdown if !options.iter().any(|option| option == value) => {
            return Err(invalid(
                node,
                "value",
                format!("{value:?} is not one of the options ({})", options.join(", ")),
            ));
        }
        FieldType::Number => match value.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => CellValue::Number(number),
            _ => return Err(invalid(node, "value", format!("a number field's value must be a number, not {value:?}"))),
        },
        FieldType::Email if !looks_like_email(value.trim()) => {
            return Err(invalid(node, "value", format!("{value:?} is not an email address")));
        }
        FieldType::Date if super::values::looks_like_iso_date(value) => CellValue::Date(value.to_owned()),
        _ => CellValue::Text(value.to_owned()),
    })
}

impl Resolver<'_> {
    pub(crate) fn form_field(
        &mut self,
        node: &Node,
        spec: &FormFieldSpec,
        scope: &Scope<'_>,
    ) -> Result<FieldBlock, RenderError> {
        if self.in_page_margin {
            return Err(RenderError::at(
                codes::VALIDATION,
                &node.path,
                format!(
                    "{}: form fields cannot be in a page header or footer, which repeat on every page while a field \
                     name is unique; put it in the body",
                    label(node)
                ),
            ));
        }
        let name = self.render(node, &spec.name, scope)?;
        if let Some(problem) = field_name_problem(&name) {
            return Err(invalid(node, "name", problem));
        }
        if let Some(first) = self.field_names.get(&name) {
            return Err(invalid(
                node,
                "name",
                format!(
                    "the field name {name:?} is already used by the field at {first}; names are unique in a \
                     document (in a loop, put the index in the name, e.g. \"qty_{{{{index}}}}\")"
                ),
            ));
        }
        let options = match &spec.options {
            FieldOptions::Fixed(options) => options.clone(),
            FieldOptions::Dynamic(expr) => {
                let value = self.evaluate(node, expr, scope)?;
                let Value::Array(items) = &*value else {
                    return Err(invalid(node, "options", "the options expression must give a list"));
                };
                let texts: Option<Vec<String>> = items.iter().map(option_text).collect();
                let texts = texts.ok_or_else(|| invalid(node, "options", "every option must be a text or a number"))?;
                if let Some(problem) = options_problem(&texts) {
                    return Err(invalid(node, "options", problem));
                }
                texts
            }
        };
        let value = match &spec.value {
            Some(value) => Some(self.render(node, value, scope)?),
            None => None,
        };
        let cell = checked_value(node, spec, value.as_deref().unwrap_or(""), &options)?;
        let label_text = match &spec.label {
            Some(text) => Some(self.render(node, text, scope)?),
            None => None,
        };
        let (width, height) = default_size(spec.field_type, options.len());
        let index = self.fields.len();
        self.field_names.insert(name.clone(), node.path.clone());
        let field = FieldBlock {
            field_type: spec.field_type,
            name,
            label: label_text,
            value: value.filter(|v| !v.is_empty()),
            cell,
            options,
            required: spec.required,
            read_only: spec.read_only,
            max_length: spec.max_length,
            width: spec.width.unwrap_or(width),
            height: spec.height.unwrap_or(height),
            style: spec.style.clone(),
            index,
        };
        self.fields.push(field.clone());
        Ok(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(looks_like_email("ada@example.com"));
        assert!(!looks_like_email("ada@example"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("ada lovelace@example.com"));
        assert!(!looks_like_email("ada@example..com"));
    }

    #[test]
    fn check_box_values_are_the_usual_spellings_of_true_and_false() {
        assert_eq!(checkbox_checked("Yes"), Some(true));
        assert_eq!(checkbox_checked("0"), Some(false));
        assert_eq!(checkbox_checked("maybe"), None);
    }
}
