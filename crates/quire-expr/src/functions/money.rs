//! Number, currency and percent formatting with thousands separators and a few locales.

use serde_json::Value;

use super::Args;
use crate::ExprError;
use crate::number::{fixed_digits, float_text, group_thousands};

/// How a locale writes numbers and where it puts a currency symbol.
struct LocaleStyle {
    group: &'static str,
    decimal: &'static str,
    /// Symbol after the amount (`1.234,50 €`) instead of before (`$1,234.50`).
    symbol_after: bool,
    /// Text between a leading symbol and the amount (`R$ 1.234,50`).
    prefix_gap: &'static str,
}

const NBSP: &str = "\u{a0}";

const ENGLISH: LocaleStyle = LocaleStyle { group: ",", decimal: ".", symbol_after: false, prefix_gap: "" };

/// The locale style for a BCP 47 tag; unknown tags use English (en-US) conventions.
fn locale_style(tag: &str) -> LocaleStyle {
    let language = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let continental = |symbol_after| LocaleStyle { group: ".", decimal: ",", symbol_after, prefix_gap: NBSP };
    let spaced = LocaleStyle { group: NBSP, decimal: ",", symbol_after: true, prefix_gap: NBSP };
    match language.as_str() {
        "de" | "es" | "it" | "nl" | "da" | "id" | "tr" => continental(true),
        "pt" => continental(!tag.to_ascii_lowercase().ends_with("br")),
        "fr" | "sv" | "nb" | "no" | "fi" | "pl" | "cs" | "ru" | "uk" => spaced,
        _ => ENGLISH,
    }
}

/// Symbol and minor-unit digits of the currencies Quire knows by symbol.
fn currency(code: &str) -> Option<(&'static str, usize)> {
    Some(match code {
        "USD" => ("$", 2),
        "EUR" => ("€", 2),
        "GBP" => ("£", 2),
        "JPY" => ("¥", 0),
        "CNY" => ("CN¥", 2),
        "INR" => ("₹", 2),
        "KRW" => ("₩", 0),
        "CAD" => ("CA$", 2),
        "AUD" => ("A$", 2),
        "NZD" => ("NZ$", 2),
        "HKD" => ("HK$", 2),
        "MXN" => ("MX$", 2),
        "BRL" => ("R$", 2),
        "ILS" => ("₪", 2),
        "VND" => ("₫", 0),
        "NGN" => ("₦", 2),
        "PHP" => ("₱", 2),
        _ => return None,
    })
}

/// `n` with `decimals` places and the locale's separators, e.g. `-1,234.50`.
fn grouped(n: f64, decimals: usize, style: &LocaleStyle) -> (bool, String) {
    let (negative, int_digits, frac_digits) = fixed_digits(n, decimals);
    let mut text = group_thousands(&int_digits, style.group);
    if decimals > 0 {
        text.push_str(style.decimal);
        text.push_str(&frac_digits);
    }
    (negative, text)
}

/// Fraction digits of a number as written without noise (`1234.5` → 1), at most 15.
fn natural_decimals(n: f64) -> usize {
    let text = float_text(n);
    match text.split_once('.') {
        Some((_, fraction)) if !text.contains('e') => fraction.len().min(15),
        _ => 0,
    }
}

/// `formatNumber(n, decimals?, locale?)`: thousands separators and fixed decimals
/// (`formatNumber(1234.5, 2)` → `1,234.50`); without decimals the number's own are kept.
pub(super) fn format_number(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 3)?;
    let Some(n) = args.opt_number(0)? else {
        return Ok(Value::String(String::new()));
    };
    let decimals = args.decimals(1, natural_decimals(n))?;
    let style = locale_style(&args.opt_text(2).unwrap_or_default());
    let (negative, text) = grouped(n, decimals, &style);
    Ok(Value::String(if negative { format!("-{text}") } else { text }))
}

/// `formatCurrency(n, code = "USD", locale = "en-US")`: `$1,234.50`, `€1,234.50`, `¥1,235`,
/// `1.234,50 €` for `de-DE`; a code without a known symbol follows the amount: `1,234.50 XYZ`.
pub(super) fn format_currency(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 3)?;
    let Some(n) = args.opt_number(0)? else {
        return Ok(Value::String(String::new()));
    };
    let code = args.opt_text(1).unwrap_or_else(|| "USD".to_string()).trim().to_ascii_uppercase();
    if code.len() > 8 {
        return Err(args.error(format!("`{code}` is not a currency code")));
    }
    let style = locale_style(&args.opt_text(2).unwrap_or_default());
    let known = currency(&code);
    let decimals = known.map_or(2, |(_, digits)| digits);
    let (negative, amount) = grouped(n, decimals, &style);
    let sign = if negative { "-" } else { "" };
    let text = match known {
        Some((symbol, _)) if !style.symbol_after => {
            format!("{sign}{symbol}{}{amount}", style.prefix_gap)
        }
        Some((symbol, _)) => format!("{sign}{amount}{NBSP}{symbol}"),
        None => format!("{sign}{amount} {code}"),
    };
    Ok(Value::String(text))
}

/// `formatPercent(ratio, decimals = 0)`: `formatPercent(0.256, 1)` → `25.6%`.
pub(super) fn format_percent(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let Some(ratio) = args.opt_number(0)? else {
        return Ok(Value::String(String::new()));
    };
    let decimals = args.decimals(1, 0)?;
    let (negative, text) = grouped(ratio * 100.0, decimals, &ENGLISH);
    Ok(Value::String(format!("{}{text}%", if negative { "-" } else { "" })))
}
