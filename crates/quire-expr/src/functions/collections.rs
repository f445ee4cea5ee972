//! Array helpers: length, count, sum, avg, min, max, join, first, last, includes, default.

use std::cmp::Ordering;

use serde_json::Value;

use super::{Args, preview};
use crate::ExprError;
use crate::coercion::{display_value, strict_equals, to_number, to_text, type_name};
use crate::number::number_value;

/// `length(x)`: characters of a string, items of an array, keys of an object; `null` → 0.
pub(super) fn length(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    let len = match args.get(0) {
        Value::Null => 0,
        Value::String(text) => text.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        other => return Err(args.error(format!("has no length for a {}", type_name(other)))),
    };
    Ok(Value::from(len))
}

/// `count(array)`: number of items; `null` → 0.
pub(super) fn count(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    Ok(Value::from(items(args)?.len()))
}

/// `sum(array, field?)`: total of the items (or of each item's `field`, a dotted path); nulls count 0.
pub(super) fn sum(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let total: f64 = numbers(args)?.iter().sum();
    Ok(number_value(total))
}

/// `avg(array, field?)`: mean of the non-null numbers; `null` for none.
pub(super) fn avg(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let values = numbers(args)?;
    if values.is_empty() {
        return Ok(Value::Null);
    }
    Ok(number_value(values.iter().sum::<f64>() / values.len() as f64))
}

/// `min(array, field?)` or `min(a, b, ...)`; `null` when there is nothing to compare.
pub(super) fn min(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    extreme(args, Ordering::Less)
}

/// `max(array, field?)` or `max(a, b, ...)`; `null` when there is nothing to compare.
pub(super) fn max(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    extreme(args, Ordering::Greater)
}

fn extreme(args: &Args<'_, '_>, wanted: Ordering) -> Result<Value, ExprError> {
    let values = if args.get(0).is_array() {
        args.expect_count(1, 2)?;
        numbers(args)?
    } else {
        let mut values = Vec::new();
        for index in 0..args.len() {
            values.extend(args.opt_number(index)?);
        }
        values
    };
    let best =
        values.into_iter().reduce(|best, next| if next.partial_cmp(&best) == Some(wanted) { next } else { best });
    Ok(best.map_or(Value::Null, number_value))
}

/// `join(array, separator = ", ")`: the items' document text joined.
pub(super) fn join(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let separator = args.opt_text(1).unwrap_or_else(|| ", ".to_string());
    let mut out = String::new();
    for (i, item) in items(args)?.iter().enumerate() {
        if i > 0 {
            out.push_str(&separator);
        }
        out.push_str(&display_value(item));
        args.check_size(out.len())?;
    }
    Ok(Value::String(out))
}

/// `first(array)`.
pub(super) fn first(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    items(args)?.first().map_or(Ok(Value::Null), |v| args.copy(v))
}

/// `last(array)`.
pub(super) fn last(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    items(args)?.last().map_or(Ok(Value::Null), |v| args.copy(v))
}

/// `includes(arrayOrText, value)`: array membership (by `===`) or substring test.
pub(super) fn includes(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 2)?;
    let needle = args.get(1);
    let found = match args.get(0) {
        Value::Array(values) => {
            args.charge(values.len())?;
            values.iter().any(|value| strict_equals(value, needle))
        }
        Value::Null => false,
        other => to_text(other).contains(&to_text(needle)),
    };
    Ok(Value::Bool(found))
}

/// `default(x, fallback)`: `fallback` when `x` is null or empty text, else `x`.
pub(super) fn default(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 2)?;
    let value = args.get(0);
    let missing = value.is_null() || value.as_str() == Some("");
    args.copy(if missing { args.get(1) } else { value })
}

/// Argument 0 as a list of items: arrays as they are, objects by their values, `null` as empty.
fn items<'v>(args: &'v Args<'_, '_>) -> Result<Vec<&'v Value>, ExprError> {
    let list: Vec<&Value> = match args.get(0) {
        Value::Null => Vec::new(),
        Value::Array(values) => values.iter().collect(),
        Value::Object(map) => map.values().collect(),
        other => {
            return Err(args.error(format!("expects an array, got {} {}", type_name(other), preview(other))));
        }
    };
    args.charge(list.len())?;
    Ok(list)
}

/// The non-null numbers of argument 0 (or of each item's field named by argument 1).
fn numbers(args: &Args<'_, '_>) -> Result<Vec<f64>, ExprError> {
    let field = args.opt_text(1);
    let mut out = Vec::new();
    for (index, item) in items(args)?.into_iter().enumerate() {
        let value = match &field {
            Some(path) => field_at(item, path),
            None => item,
        };
        if value.is_null() {
            continue;
        }
        let number = to_number(value);
        if !number.is_finite() {
            return Err(args.error(format!("item {index} is not a number: {}", preview(value))));
        }
        out.push(number);
    }
    Ok(out)
}

/// `item`'s value at a dotted `path` (`"price.amount"`); `null` when absent.
fn field_at<'v>(item: &'v Value, path: &str) -> &'v Value {
    path.split('.').try_fold(item, |value, key| value.get(key)).unwrap_or(&Value::Null)
}
