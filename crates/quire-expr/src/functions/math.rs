//! Numeric helpers: round, abs, floor, ceil, number.

use serde_json::Value;

use super::Args;
use crate::ExprError;
use crate::number::{number_value, round_decimal};

/// `round(n, decimals = 0)`: half away from zero on the decimal form (`round(1.005, 2)` → 1.01).
pub(super) fn round(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let decimals = args.decimals(1, 0)?;
    Ok(args.opt_number(0)?.map_or(Value::Null, |n| number_value(round_decimal(n, decimals))))
}

/// `abs(n)`.
pub(super) fn abs(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    unary(args, f64::abs)
}

/// `floor(n)`.
pub(super) fn floor(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    unary(args, f64::floor)
}

/// `ceil(n)`.
pub(super) fn ceil(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    unary(args, f64::ceil)
}

/// `number(x)`: JavaScript `Number(x)`; text that is not a number gives `null`.
pub(super) fn number(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    Ok(number_value(crate::coercion::to_number(args.get(0))))
}

fn unary(args: &Args<'_, '_>, op: fn(f64) -> f64) -> Result<Value, ExprError> {
    args.expect_count(1, 1)?;
    Ok(args.opt_number(0)?.map_or(Value::Null, |n| number_value(op(n))))
}
