//! JavaScript-like conversions: truthiness, document text, numbers, equality and ordering.

use std::cmp::Ordering;

use serde_json::Value;

use crate::number::number_text;

/// Text form of a value as it appears in documents: `null` → "", numbers without float noise
/// (`150`, `0.3`, `1e+21`), booleans as `true`/`false`, arrays as their items joined by ", ",
/// objects as compact JSON. Strings are returned as they are — never interpreted as markup.
pub fn display_value(value: &Value) -> String {
    let mut out = String::new();
    write_display(value, &mut out);
    out
}

fn write_display(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number_text(number)),
        Value::String(text) => out.push_str(text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_display(item, out);
            }
        }
        Value::Object(_) => out.push_str(&value.to_string()),
    }
}

/// JavaScript truthiness, with one Handlebars rule: an empty array is falsy, so
/// `{{#if items}}` is false for an empty list. `null`, `false`, `0`, `""` are falsy; everything
/// else (including empty objects) is truthy.
pub fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
    }
}

/// JavaScript `Number(value)`: `null` → 0, booleans → 0/1, numeric strings parsed (after
/// trimming; empty → 0), anything else → NaN.
pub(crate) fn to_number(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Bool(flag) => f64::from(u8::from(*flag)),
        Value::Number(number) => number.as_f64().unwrap_or(f64::NAN),
        Value::String(text) => {
            let trimmed = text.trim();
            if trimmed.is_empty() { 0.0 } else { trimmed.parse().unwrap_or(f64::NAN) }
        }
        Value::Array(_) | Value::Object(_) => f64::NAN,
    }
}

/// The name of a value's kind, for error messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `===`: same kind and equal; numbers compare by value (`1 === 1.0`); arrays and objects compare
/// by content (JavaScript compares identity, which templates cannot observe).
pub(crate) fn strict_equals(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| strict_equals(x, y)),
        _ => left == right,
    }
}

/// `==`: like `===` for same kinds; `null` equals only `null`; numbers, numeric strings and
/// booleans compare as numbers.
pub(crate) fn loose_equals(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::String(a), Value::String(b)) => a == b,
        (
            Value::Number(_) | Value::String(_) | Value::Bool(_),
            Value::Number(_) | Value::String(_) | Value::Bool(_),
        ) => to_number(left) == to_number(right),
        _ => strict_equals(left, right),
    }
}

/// Ordering for `< <= > >=`: two strings compare as text, anything else as numbers; `None`
/// when either side is not a number (every comparison is then false, as with JavaScript's NaN).
pub(crate) fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    if let (Value::String(a), Value::String(b)) = (left, right) {
        return Some(a.cmp(b));
    }
    to_number(left).partial_cmp(&to_number(right))
}

/// Text of a value for `+` concatenation and string helpers (same as [`display_value`]).
pub(crate) fn to_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number_text(number),
        other => display_value(other),
    }
}
