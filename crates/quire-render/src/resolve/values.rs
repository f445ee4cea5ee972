//! Turning evaluated JSON values into text and typed cell values.

use std::borrow::Cow;

use quire_expr::{ExprError, Scope, Value, display_value};

use super::doc::{CellValue, TextBlock};
use crate::compile::{Node, TextSpec};
use crate::error::{RenderError, codes};
use crate::style::{TextTransform, plain_style};

/// Render a text and, when it is one placeholder (or a currency symbol and one placeholder), keep the
/// raw value typed for spreadsheets.
pub(crate) fn typed_text(spec: &TextSpec, scope: &Scope<'_>) -> Result<(String, CellValue), ExprError> {
    if let Some((symbol, amount)) = &spec.currency {
        let raw = amount.evaluate(scope)?;
        let text = spec.template.render(scope)?;
        // `${{formatNumber(x, 2)}}` yields text such as "1,158.00": still an amount.
        let amount = raw.as_f64().or_else(|| raw.as_str().and_then(|s| s.replace(',', "").trim().parse::<f64>().ok()));
        return Ok(match amount.filter(|a| a.is_finite()) {
            Some(amount) => (text, CellValue::Currency { amount, currency: symbol.to_string() }),
            None => (text.clone(), CellValue::Text(text)),
        });
    }
    if spec.template.is_literal() {
        let text = spec.template.render(scope)?;
        return Ok((text.clone(), text_value(text)));
    }
    if spec.template.as_single_expression().is_some() {
        let raw = spec.template.evaluate(scope)?;
        let text = display_value(&raw);
        return Ok((text, cell_value(&raw)));
    }
    let text = spec.template.render(scope)?;
    Ok((text.clone(), text_value(text)))
}

/// The typed form of a raw value.
pub(crate) fn cell_value(raw: &Value) -> CellValue {
    match raw {
        Value::Null => CellValue::Empty,
        Value::Bool(flag) => CellValue::Bool(*flag),
        Value::Number(number) => number.as_f64().map_or(CellValue::Empty, CellValue::Number),
        Value::String(text) if looks_like_iso_date(text) => CellValue::Date(text.clone()),
        other => text_value(display_value(other)),
    }
}

fn text_value(text: String) -> CellValue {
    if text.is_empty() { CellValue::Empty } else { CellValue::Text(text) }
}

/// `YYYY-MM-DD` with an optional time part.
pub(crate) fn looks_like_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 10 || matches!(bytes[10], b'T' | b' '))
}

/// The elements a loop walks: arrays as they are, `null` as nothing, objects as their values.
pub(crate) fn iterable<'v>(node: &Node, value: &'v Value) -> Result<Cow<'v, [Value]>, RenderError> {
    match value {
        Value::Array(items) => Ok(Cow::Borrowed(items.as_slice())),
        Value::Null => Ok(Cow::Owned(Vec::new())),
        Value::Object(map) => Ok(Cow::Owned(map.values().cloned().collect())),
        other => Err(RenderError::at(
            codes::GENERATION_FAILED,
            &node.path,
            format!("{}: items must be an array, got {}", super::label(node), display_value(other)),
        )),
    }
}

/// Pairs of a data-driven key-value component: `[{key|label, value}]` or an object.
pub(crate) fn pairs_of(
    node: &Node,
    value: &Value,
    transform: TextTransform,
) -> Result<Vec<(String, TextBlock)>, RenderError> {
    let pair = |key: String, value: &Value| {
        let text = display_value(value);
        (transform.apply(&key), TextBlock { text, style: plain_style(), page_numbers: false, value: cell_value(value) })
    };
    match value {
        Value::Object(map) => Ok(map.iter().map(|(key, value)| pair(key.clone(), value)).collect()),
        Value::Array(items) => Ok(items
            .iter()
            .map(|item| {
                let key = item.get("key").or_else(|| item.get("label")).map(display_value).unwrap_or_default();
                pair(key, item.get("value").unwrap_or(&Value::Null))
            })
            .collect()),
        Value::Null => Ok(Vec::new()),
        other => Err(RenderError::at(
            codes::GENERATION_FAILED,
            &node.path,
            format!(
                "{}: key-value items must be an array or an object, got {}",
                super::label(node),
                display_value(other)
            ),
        )),
    }
}
