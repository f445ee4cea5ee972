//! Helper functions callable from expressions: the name table and typed access to arguments.

mod collections;
mod dates;
mod math;
mod money;
mod text;

use std::borrow::Cow;

use serde_json::Value;

use crate::coercion::{to_number, to_text, type_name};
use crate::{ExprError, Scope};

type Helper = fn(&Args<'_, '_>) -> Result<Value, ExprError>;

/// Every helper, by the name templates call it with.
const HELPERS: &[(&str, Helper)] = &[
    ("formatNumber", money::format_number),
    ("formatCurrency", money::format_currency),
    ("formatPercent", money::format_percent),
    ("formatDate", dates::format_date),
    ("now", dates::now),
    ("today", dates::today),
    ("upper", text::upper),
    ("lower", text::lower),
    ("capitalize", text::capitalize),
    ("titleCase", text::title_case),
    ("trim", text::trim),
    ("truncate", text::truncate),
    ("replace", text::replace),
    ("substring", text::substring),
    ("split", text::split),
    ("padStart", text::pad_start),
    ("padEnd", text::pad_end),
    ("startsWith", text::starts_with),
    ("endsWith", text::ends_with),
    ("string", text::string),
    ("concat", text::concat),
    ("length", collections::length),
    ("count", collections::count),
    ("sum", collections::sum),
    ("avg", collections::avg),
    ("min", collections::min),
    ("max", collections::max),
    ("join", collections::join),
    ("first", collections::first),
    ("last", collections::last),
    ("includes", collections::includes),
    ("default", collections::default),
    ("round", math::round),
    ("abs", math::abs),
    ("floor", math::floor),
    ("ceil", math::ceil),
    ("number", math::number),
];

/// Names of all helper functions expressions may call.
pub fn known_functions() -> impl Iterator<Item = &'static str> {
    HELPERS.iter().map(|(name, _)| *name)
}

/// Call helper `name`; unknown names are [`ExprError::UnknownFunction`].
pub(crate) fn call(name: &str, args: &Args<'_, '_>) -> Result<Value, ExprError> {
    let helper = HELPERS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, helper)| *helper)
        .ok_or_else(|| ExprError::UnknownFunction(name.to_string()))?;
    helper(args)
}

/// The evaluated arguments of one call, with typed accessors that produce helper-named errors.
pub(crate) struct Args<'v, 'a> {
    name: &'v str,
    values: &'v [Cow<'a, Value>],
    scope: &'v Scope<'a>,
}

/// Most decimals a formatting or rounding helper accepts.
const MAX_DECIMALS: f64 = 20.0;

impl<'v, 'a> Args<'v, 'a> {
    pub(crate) fn new(name: &'v str, values: &'v [Cow<'a, Value>], scope: &'v Scope<'a>) -> Self {
        Args { name, values, scope }
    }

    /// Argument `index`, `null` when not given.
    pub(crate) fn get(&self, index: usize) -> &Value {
        self.values.get(index).map_or(&Value::Null, |value| value.as_ref())
    }

    /// All arguments.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Value> {
        self.values.iter().map(|value| value.as_ref())
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn scope(&self) -> &Scope<'a> {
        self.scope
    }

    /// A type error naming this helper.
    pub(crate) fn error(&self, message: impl std::fmt::Display) -> ExprError {
        ExprError::Type(format!("{}(): {message}", self.name))
    }

    /// Fail unless between `min` and `max` arguments were given.
    pub(crate) fn expect_count(&self, min: usize, max: usize) -> Result<(), ExprError> {
        let count = self.values.len();
        if count < min || count > max {
            let expected = if min == max { format!("{min}") } else { format!("{min} to {max}") };
            let noun = if max == 1 { "argument" } else { "arguments" };
            return Err(self.error(format!("expects {expected} {noun}, got {count}")));
        }
        Ok(())
    }

    /// Argument `index` as a number; `None` when it is null or missing.
    pub(crate) fn opt_number(&self, index: usize) -> Result<Option<f64>, ExprError> {
        let value = self.get(index);
        if value.is_null() {
            return Ok(None);
        }
        let number = to_number(value);
        if number.is_finite() {
            Ok(Some(number))
        } else {
            Err(self.error(format!(
                "argument {} must be a number, got {} {}",
                index + 1,
                type_name(value),
                preview(value)
            )))
        }
    }

    /// Argument `index` as a whole number of decimals (0–20), or `default` when absent.
    pub(crate) fn decimals(&self, index: usize, default: usize) -> Result<usize, ExprError> {
        match self.opt_number(index)? {
            None => Ok(default),
            Some(n) if (0.0..=MAX_DECIMALS).contains(&n) && n.fract() == 0.0 => Ok(n as usize),
            Some(n) => Err(self.error(format!("decimals must be a whole number from 0 to 20, got {n}"))),
        }
    }

    /// Argument `index` as text (`null` → "").
    pub(crate) fn text(&self, index: usize) -> String {
        to_text(self.get(index))
    }

    /// Argument `index` as text, `None` when null or missing.
    pub(crate) fn opt_text(&self, index: usize) -> Option<String> {
        let value = self.get(index);
        (!value.is_null()).then(|| to_text(value))
    }

    /// Spend `count` steps of the evaluation budget (for work proportional to input size).
    pub(crate) fn charge(&self, count: usize) -> Result<(), ExprError> {
        self.scope.budget().charge_steps(u64::try_from(count).unwrap_or(u64::MAX))
    }

    /// A copy of `value` for the result, paid for from the step budget.
    pub(crate) fn copy(&self, value: &Value) -> Result<Value, ExprError> {
        self.scope.budget().charge_copy(value)?;
        Ok(value.clone())
    }

    /// Fail with [`ExprError::OutputLimit`] if a string of `bytes` would be too large.
    pub(crate) fn check_size(&self, bytes: usize) -> Result<(), ExprError> {
        if bytes > self.scope.options().max_output_bytes { Err(ExprError::OutputLimit) } else { Ok(()) }
    }
}

/// A short quoted preview of a value for error messages.
pub(crate) fn preview(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
