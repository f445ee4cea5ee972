//! Stand-in data for a preview without variables, and readable labels for a variables form.

use quire_core::Timestamp;
use quire_render::{VariableDef, VariableType};
use serde_json::{Map, Value, json};

/// A transparent 1×1 PNG, standing in for images.
const BLANK_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Input for a preview made without data: variables with a `defaultValue` are left out (the engine
/// applies the default); every other variable gets a sample of its type — its name in brackets for
/// text, `0`, `false`, today's date, `[]`, `{}`, or a blank image — so required variables never fail
/// a preview and placeholders show where data will go.
pub fn sample_variables(defs: &[VariableDef]) -> Value {
    let mut map = Map::new();
    for def in defs.iter().filter(|d| d.default_value.is_none()) {
        map.insert(def.name.clone(), sample_of(def));
    }
    Value::Object(map)
}

fn sample_of(def: &VariableDef) -> Value {
    match def.kind {
        VariableType::String => json!(format!("[{}]", def.name)),
        VariableType::Number | VariableType::Integer => json!(0),
        VariableType::Boolean => json!(false),
        VariableType::Date => json!(Timestamp::now().day()),
        VariableType::Object => json!({}),
        VariableType::Array => json!([]),
        VariableType::Image => json!(BLANK_PNG),
    }
}

/// A label from a variable name: `customerName` and `customer_name` both read "Customer Name".
pub fn field_label(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        let boundary = c == '_' || c == '-' || c == ' ' || c == '.';
        if (boundary || (c.is_uppercase() && previous_lower)) && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if !boundary {
            current.push(c);
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_camel_and_snake_case() {
        assert_eq!(field_label("customerName"), "Customer Name");
        assert_eq!(field_label("invoice_number"), "Invoice Number");
        assert_eq!(field_label("total"), "Total");
        assert_eq!(field_label("vatID2"), "Vat ID2");
    }

    #[test]
    fn samples_skip_defaults_and_match_types() {
        let defs: Vec<VariableDef> = serde_json::from_value(json!([
            {"name": "who", "type": "string", "required": true},
            {"name": "n", "type": "integer"},
            {"name": "d", "type": "string", "defaultValue": "x"}
        ]))
        .unwrap_or_default();
        let sample = sample_variables(&defs);
        assert_eq!(sample, json!({"who": "[who]", "n": 0}));
    }
}
