//! Specification of number, currency, percent and rounding helpers.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, text, value0};
use quire_expr::ExprError;
use serde_json::json;

#[test]
fn format_number_groups_thousands_with_fixed_decimals() {
    assert_eq!(value0("formatNumber(1234.5, 2)"), json!("1,234.50"));
}

#[test]
fn format_number_without_decimals_keeps_the_numbers_own() {
    assert_eq!(value0("formatNumber(1234567.25)"), json!("1,234,567.25"));
    assert_eq!(value0("formatNumber(1000)"), json!("1,000"));
}

#[test]
fn format_number_rounds_half_away_from_zero() {
    assert_eq!(value0("formatNumber(1.005, 2)"), json!("1.01"));
    assert_eq!(value0("formatNumber(-2.5, 0)"), json!("-3"));
}

#[test]
fn format_number_rounding_carries_into_new_digit() {
    assert_eq!(value0("formatNumber(999.999, 2)"), json!("1,000.00"));
}

#[test]
fn format_number_uses_locale_separators() {
    assert_eq!(value0("formatNumber(1234.5, 2, 'de-DE')"), json!("1.234,50"));
}

#[test]
fn format_number_of_negative_small_value_rounding_to_zero_has_no_sign() {
    assert_eq!(value0("formatNumber(-0.001, 2)"), json!("0.00"));
}

#[test]
fn format_number_of_null_is_empty() {
    assert_eq!(text("[{{formatNumber(missing, 2)}}]", &json!({})), "[]");
}

#[test]
fn format_number_of_text_is_a_type_error_naming_the_helper() {
    let error = eval("formatNumber('abc', 2)", &json!({})).unwrap_err();
    assert!(matches!(error, ExprError::Type(m) if m.starts_with("formatNumber(): argument 1")));
}

#[test]
fn format_number_accepts_numeric_text() {
    assert_eq!(value0("formatNumber('1234.5', 1)"), json!("1,234.5"));
}

#[test]
fn format_number_rejects_absurd_decimals() {
    assert!(eval("formatNumber(1, 500)", &json!({})).is_err());
}

#[test]
fn format_currency_usd() {
    assert_eq!(value0("formatCurrency(1234.5, 'USD')"), json!("$1,234.50"));
}

#[test]
fn format_currency_defaults_to_usd() {
    assert_eq!(value0("formatCurrency(3)"), json!("$3.00"));
}

#[test]
fn format_currency_eur_and_gbp_in_english() {
    assert_eq!(value0("formatCurrency(1234.5, 'EUR')"), json!("€1,234.50"));
    assert_eq!(value0("formatCurrency(1234.5, 'GBP')"), json!("£1,234.50"));
}

#[test]
fn format_currency_jpy_has_no_decimals() {
    assert_eq!(value0("formatCurrency(1234.5, 'JPY')"), json!("¥1,235"));
}

#[test]
fn format_currency_unknown_code_follows_amount() {
    assert_eq!(value0("formatCurrency(1234.5, 'XYZ')"), json!("1,234.50 XYZ"));
}

#[test]
fn format_currency_code_is_case_insensitive() {
    assert_eq!(value0("formatCurrency(1, 'usd')"), json!("$1.00"));
}

#[test]
fn format_currency_negative_puts_sign_before_symbol() {
    assert_eq!(value0("formatCurrency(-1234.5, 'USD')"), json!("-$1,234.50"));
}

#[test]
fn format_currency_german_locale_puts_euro_after() {
    assert_eq!(value0("formatCurrency(1234.5, 'EUR', 'de-DE')"), json!("1.234,50\u{a0}€"));
}

#[test]
fn format_currency_french_locale_groups_with_spaces() {
    assert_eq!(value0("formatCurrency(1234567.5, 'EUR', 'fr-FR')"), json!("1\u{a0}234\u{a0}567,50\u{a0}€"));
}

#[test]
fn format_currency_brazilian_real_leads_with_gap() {
    assert_eq!(value0("formatCurrency(1234.5, 'BRL', 'pt-BR')"), json!("R$\u{a0}1.234,50"));
}

#[test]
fn format_currency_of_missing_amount_is_empty() {
    assert_eq!(text("[{{formatCurrency(total, 'USD')}}]", &json!({})), "[]");
}

#[test]
fn format_percent_scales_ratio() {
    assert_eq!(value0("formatPercent(0.256, 1)"), json!("25.6%"));
    assert_eq!(value0("formatPercent(0.07)"), json!("7%"));
}

#[test]
fn round_to_decimals() {
    assert_eq!(value0("round(2.345, 2)"), json!(2.35));
    assert_eq!(value0("round(1.005, 2)"), json!(1.01));
}

#[test]
fn round_without_decimals_gives_integer() {
    assert_eq!(value0("round(2.5)"), json!(3));
    assert_eq!(value0("round(-2.5)"), json!(-3));
}

#[test]
fn abs_floor_ceil() {
    assert_eq!(value0("abs(-3.5)"), json!(3.5));
    assert_eq!(value0("floor(3.7)"), json!(3));
    assert_eq!(value0("ceil(3.2)"), json!(4));
    assert_eq!(value0("floor(-3.2)"), json!(-4));
}

#[test]
fn number_converts_text() {
    assert_eq!(value0("number('42.5')"), json!(42.5));
    assert_eq!(value0("number('x')"), json!(null));
}
