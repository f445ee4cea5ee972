//! Input variables: checked against their definitions, then merged with defaults into the root data.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::codes;
use crate::model::{VariableDef, VariableType};

/// A problem with the input variables, with its documented code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariableProblem {
    /// `ERR_MISSING_VARIABLE` or `ERR_VALID_001`.
    pub code: &'static str,
    /// Path of the variable in the input, e.g. `variables.items[2]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Check input variables against the definitions before a job is queued: required variables without a
/// default must be present (`ERR_MISSING_VARIABLE`), values must match their declared type
/// (`ERR_VALID_001`, naming the path). Returns every problem. Undeclared variables are allowed.
pub fn check_variables(defs: &[VariableDef], input: &Value) -> Result<(), Vec<VariableProblem>> {
    let empty = Map::new();
    let map = match input {
        Value::Object(map) => map,
        Value::Null => &empty,
        _ => {
            return Err(vec![VariableProblem {
                code: codes::VALIDATION,
                path: "variables".into(),
                message: "variables must be a JSON object".into(),
            }]);
        }
    };
    let mut problems = Vec::new();
    for def in defs {
        let path = format!("variables.{}", def.name);
        match map.get(&def.name).filter(|value| !value.is_null()) {
            None if def.required && def.default_value.is_none() => problems.push(VariableProblem {
                code: codes::MISSING_VARIABLE,
                path,
                message: format!("required variable {:?} is missing", def.name),
            }),
            None => {}
            Some(value) => {
                if let Err(message) = check_type(def, value) {
                    problems.push(VariableProblem {
                        code: codes::VALIDATION,
                        path: item_path(&path, &message),
                        message,
                    });
                }
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Messages about an array item start with `[i]`; fold that into the path.
fn item_path(path: &str, message: &str) -> String {
    match message.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        Some((index, _)) if index.chars().all(|c| c.is_ascii_digit()) => format!("{path}[{index}]"),
        _ => path.to_owned(),
    }
}

/// Check one value against a definition's type (and `itemType` for arrays).
pub(crate) fn check_type(def: &VariableDef, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    if let Err(expected) = matches_type(def.kind, value) {
        return Err(format!("{:?} must be {expected}, got {}", def.name, describe(value)));
    }
    if let (Some(item_type), Value::Array(items)) = (def.item_type, value) {
        for (i, item) in items.iter().enumerate() {
            if let Err(expected) = matches_type(item_type, item) {
                return Err(format!("[{i}] item of {:?} must be {expected}, got {}", def.name, describe(item)));
            }
        }
    }
    Ok(())
}

fn matches_type(kind: VariableType, value: &Value) -> Result<(), &'static str> {
    let ok = match kind {
        VariableType::String => value.is_string(),
        VariableType::Number => value.is_number(),
        VariableType::Integer => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        VariableType::Boolean => value.is_boolean(),
        VariableType::Date => value.as_str().is_some_and(is_iso_date),
        VariableType::Object => value.is_object(),
        VariableType::Array => value.is_array(),
        VariableType::Image => value.as_str().is_some_and(is_image_reference),
    };
    if ok {
        return Ok(());
    }
    Err(match kind {
        VariableType::String => "a string",
        VariableType::Number => "a number",
        VariableType::Integer => "an integer",
        VariableType::Boolean => "true or false",
        VariableType::Date => "an ISO 8601 date (YYYY-MM-DD)",
        VariableType::Object => "an object",
        VariableType::Array => "an array",
        VariableType::Image => "a data URI or an assets:// reference",
    })
}

/// What kind of JSON value `value` is, for messages (`a string`).
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `YYYY-MM-DD`, optionally followed by `T…` or a space and a time.
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 10 || !(bytes.len() == 10 || matches!(bytes[10], b'T' | b't' | b' ')) {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range).filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse::<u32>().ok())
    };
    match (digits(0..4), bytes[4], digits(5..7), bytes[7], digits(8..10)) {
        (Some(_), b'-', Some(month), b'-', Some(day)) => (1..=12).contains(&month) && (1..=31).contains(&day),
        _ => false,
    }
}

fn is_image_reference(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("data:")
        || text.starts_with("assets://")
        || text.starts_with("asset_")
        || text.starts_with("https://")
        || text.starts_with("http://")
}

/// The root data for expressions: the input object with each missing variable set to its default.
/// The input is only copied when a default has to be added.
pub(crate) fn with_defaults<'a>(defs: &[VariableDef], input: &'a Value) -> Cow<'a, Value> {
    let is_missing = |def: &VariableDef| input.get(&def.name).is_none_or(Value::is_null);
    let needs_default = |def: &&VariableDef| def.default_value.is_some() && is_missing(def);
    if input.is_object() && !defs.iter().any(|def| needs_default(&def)) {
        return Cow::Borrowed(input);
    }
    let mut map = match input {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for def in defs.iter().filter(needs_default) {
        if let Some(default) = &def.default_value {
            map.insert(def.name.clone(), default.clone());
        }
    }
    Cow::Owned(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defs(value: Value) -> Vec<VariableDef> {
        serde_json::from_value(value).expect("valid definitions")
    }

    #[test]
    fn missing_required_variable_is_err_missing_variable() {
        let defs = defs(json!([{ "name": "customer", "type": "object", "required": true }]));
        let problems = check_variables(&defs, &json!({})).expect_err("must fail");
        assert_eq!(problems[0].code, "ERR_MISSING_VARIABLE");
        assert_eq!(problems[0].path, "variables.customer");
    }

    #[test]
    fn required_variable_with_default_may_be_omitted() {
        let defs = defs(json!([{ "name": "n", "type": "number", "required": true, "defaultValue": 3 }]));
        assert_eq!(check_variables(&defs, &json!({})), Ok(()));
    }

    #[test]
    fn wrong_array_item_type_names_the_item() {
        let defs = defs(json!([{ "name": "items", "type": "array", "itemType": "number" }]));
        let problems = check_variables(&defs, &json!({ "items": [1, "two"] })).expect_err("must fail");
        assert_eq!(problems[0].code, "ERR_VALID_001");
        assert_eq!(problems[0].path, "variables.items[1]");
    }

    #[test]
    fn every_problem_is_reported() {
        let defs = defs(json!([
            { "name": "a", "type": "string", "required": true },
            { "name": "b", "type": "date" }
        ]));
        let problems = check_variables(&defs, &json!({ "b": "15/01/2025" })).expect_err("must fail");
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn defaults_fill_missing_values_only() {
        let defs = defs(json!([
            { "name": "a", "type": "number", "defaultValue": 1 },
            { "name": "b", "type": "number", "defaultValue": 2 }
        ]));
        let input = json!({ "a": 5, "extra": true });
        assert_eq!(*with_defaults(&defs, &input), json!({ "a": 5, "extra": true, "b": 2 }));
    }

    #[test]
    fn complete_input_is_used_without_copying() {
        let defs = defs(json!([{ "name": "a", "type": "number", "defaultValue": 1 }]));
        let input = json!({ "a": 5 });
        assert!(matches!(with_defaults(&defs, &input), Cow::Borrowed(_)));
    }
}
