//! Specification of the array helpers and `default`.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, value, value0};
use quire_expr::ExprError;
use serde_json::json;

fn invoice() -> serde_json::Value {
    json!({"items": [
        {"amount": 100.1, "price": {"net": 1}},
        {"amount": 200.2, "price": {"net": 2}},
        {"amount": null, "price": {"net": 3}}
    ], "numbers": [3, 1, 2]})
}

#[test]
fn length_of_text_array_object_and_null() {
    assert_eq!(value0("length('héllo')"), json!(5));
    assert_eq!(value0("length([1, 2])"), json!(2));
    assert_eq!(value("length(missing)", &json!({})), json!(0));
}

#[test]
fn count_counts_items() {
    assert_eq!(value("count(items)", &invoice()), json!(3));
}

#[test]
fn sum_adds_numbers() {
    assert_eq!(value("sum(numbers)", &invoice()), json!(6));
}

#[test]
fn sum_of_field_skips_nulls_without_float_noise() {
    assert_eq!(value("sum(items, 'amount')", &invoice()), json!(300.3));
}

#[test]
fn sum_of_nested_field_path() {
    assert_eq!(value("sum(items, 'price.net')", &invoice()), json!(6));
}

#[test]
fn sum_of_missing_list_is_zero() {
    assert_eq!(value("sum(nothing)", &json!({})), json!(0));
}

#[test]
fn sum_of_non_numeric_item_is_an_error() {
    let error = eval("sum(['1', 'x'])", &json!({})).unwrap_err();
    assert!(matches!(error, ExprError::Type(m) if m.contains("sum(): item 1 is not a number")));
}

#[test]
fn sum_of_a_number_is_an_error() {
    assert!(matches!(eval("sum(5)", &json!({})), Err(ExprError::Type(_))));
}

#[test]
fn avg_averages_non_null_values() {
    assert_eq!(value("avg(items, 'amount')", &invoice()), json!(150.15));
    assert_eq!(value0("avg([])"), json!(null));
}

#[test]
fn min_and_max_of_arrays() {
    assert_eq!(value("min(numbers)", &invoice()), json!(1));
    assert_eq!(value("max(items, 'amount')", &invoice()), json!(200.2));
}

#[test]
fn min_and_max_of_arguments() {
    assert_eq!(value0("min(4, 2, 8)"), json!(2));
    assert_eq!(value0("max(4, 2, 8)"), json!(8));
}

#[test]
fn join_uses_separator_and_display_text() {
    assert_eq!(value0("join(['a', 1.50, null], ' | ')"), json!("a | 1.5 | "));
    assert_eq!(value0("join([1, 2])"), json!("1, 2"));
}

#[test]
fn first_and_last() {
    assert_eq!(value("first(numbers)", &invoice()), json!(3));
    assert_eq!(value("last(numbers)", &invoice()), json!(2));
    assert_eq!(value0("first([])"), json!(null));
}

#[test]
fn includes_tests_arrays_and_text() {
    assert_eq!(value0("includes([1, 2], 2)"), json!(true));
    assert_eq!(value0("includes('invoice', 'voice')"), json!(true));
    assert_eq!(value0("includes([1, 2], '2')"), json!(false));
}

#[test]
fn default_replaces_null_and_empty_text() {
    assert_eq!(value("default(name, 'N/A')", &json!({})), json!("N/A"));
    assert_eq!(value("default(name, 'N/A')", &json!({"name": ""})), json!("N/A"));
    assert_eq!(value("default(n, 5)", &json!({"n": 0})), json!(0));
}
