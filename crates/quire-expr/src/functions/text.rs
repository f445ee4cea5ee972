//! String helpers: case, trimming, slicing, padding, searching and concatenation.

use serde_json::Value;

use super::Args;
use crate::ExprError;
use crate::coercion::to_text;

/// `upper(s)`.
pub(super) fn upper(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, |text| text.to_uppercase())
}

/// `lower(s)`.
pub(super) fn lower(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, |text| text.to_lowercase())
}

/// `capitalize(s)`: first character upper-cased, the rest unchanged.
pub(super) fn capitalize(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, capitalize_word)
}

/// `titleCase(s)`: every word capitalized.
pub(super) fn title_case(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, |text| text.split(' ').map(capitalize_word).collect::<Vec<_>>().join(" "))
}

/// `trim(s)`.
pub(super) fn trim(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, |text| text.trim().to_string())
}

/// `string(x)`: the document text of any value.
pub(super) fn string(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    map_text(args, str::to_string)
}

fn capitalize_word(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn map_text(args: &Args<'_, '_>, op: impl Fn(&str) -> String) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    let result = op(&args.text(0));
    args.check_size(result.len())?;
    Ok(Value::String(result))
}

/// `truncate(s, length, suffix = "…")`: at most `length` characters, suffix included.
pub(super) fn truncate(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 3)?;
    let text = args.text(0);
    let limit = char_count(args, 1)?;
    let suffix = args.opt_text(2).unwrap_or_else(|| "…".to_string());
    if text.chars().count() <= limit {
        return Ok(Value::String(text));
    }
    let keep = limit.saturating_sub(suffix.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&suffix);
    Ok(Value::String(out))
}

/// `replace(s, search, replacement)`: every literal occurrence (no patterns).
pub(super) fn replace(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(3, 3)?;
    let (text, search, replacement) = (args.text(0), args.text(1), args.text(2));
    if search.is_empty() {
        return Ok(Value::String(text));
    }
    let occurrences = text.matches(search.as_str()).count();
    args.charge(occurrences)?;
    let size = text.len() - occurrences * search.len() + occurrences * replacement.len();
    args.check_size(size)?;
    Ok(Value::String(text.replace(search.as_str(), &replacement)))
}

/// `substring(s, start, end?)`: characters `start..end` (clamped; negative counts from 0).
pub(super) fn substring(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 3)?;
    let text = args.text(0);
    let total = text.chars().count();
    let start = char_count(args, 1)?.min(total);
    let end = match args.opt_number(2)? {
        Some(_) => char_count(args, 2)?.min(total),
        None => total,
    };
    let (from, to) = if start <= end { (start, end) } else { (end, start) };
    Ok(Value::String(text.chars().skip(from).take(to - from).collect()))
}

/// `split(s, separator)`: an array of the parts.
pub(super) fn split(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 2)?;
    let (text, separator) = (args.text(0), args.text(1));
    let parts: Vec<Value> = if separator.is_empty() {
        text.chars().map(|ch| Value::from(ch.to_string())).collect()
    } else {
        text.split(separator.as_str()).map(Value::from).collect()
    };
    args.charge(parts.len())?;
    Ok(Value::Array(parts))
}

/// `padStart(s, length, fill = " ")`.
pub(super) fn pad_start(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    pad(args, true)
}

/// `padEnd(s, length, fill = " ")`.
pub(super) fn pad_end(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    pad(args, false)
}

fn pad(args: &Args<'_, '_>, at_start: bool) -> Result<Value, ExprError> {
    args.expect_count(2, 3)?;
    let text = args.text(0);
    let target = char_count(args, 1)?;
    let fill = args.opt_text(2).unwrap_or_else(|| " ".to_string());
    let current = text.chars().count();
    if target <= current || fill.is_empty() {
        return Ok(Value::String(text));
    }
    args.check_size(target.saturating_mul(fill.len().max(1)))?;
    let padding: String = fill.chars().cycle().take(target - current).collect();
    Ok(Value::String(if at_start { padding + &text } else { text + &padding }))
}

/// `startsWith(s, prefix)`.
pub(super) fn starts_with(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 2)?;
    Ok(Value::Bool(args.text(0).starts_with(&args.text(1))))
}

/// `endsWith(s, suffix)`.
pub(super) fn ends_with(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(2, 2)?;
    Ok(Value::Bool(args.text(0).ends_with(&args.text(1))))
}

/// `concat(a, b, ...)`: arrays when the first argument is an array, text otherwise.
pub(super) fn concat(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    if args.get(0).is_array() {
        let mut items = Vec::new();
        for value in args.all() {
            match value {
                Value::Array(more) => {
                    for item in more {
                        items.push(args.copy(item)?);
                    }
                }
                other => items.push(args.copy(other)?),
            }
        }
        return Ok(Value::Array(items));
    }
    let mut out = String::new();
    for value in args.all() {
        out.push_str(&to_text(value));
        args.check_size(out.len())?;
    }
    Ok(Value::String(out))
}

/// Argument `index` as a non-negative whole count of characters (negative → 0).
fn char_count(args: &Args<'_, '_>, index: usize) -> Result<usize, ExprError> {
    let n = args.opt_number(index)?.unwrap_or(0.0);
    Ok(if n <= 0.0 { 0 } else { n.min(usize::MAX as f64) as usize })
}
