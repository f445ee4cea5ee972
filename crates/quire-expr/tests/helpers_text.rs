//! Specification of the string helpers.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, value, value0};
use quire_expr::ExprError;
use serde_json::json;

#[test]
fn upper_and_lower() {
    assert_eq!(value0("upper('straße')"), json!("STRASSE"));
    assert_eq!(value0("lower('ÀBC')"), json!("àbc"));
}

#[test]
fn capitalize_upcases_first_letter_only() {
    assert_eq!(value0("capitalize('hello world')"), json!("Hello world"));
}

#[test]
fn title_case_capitalizes_every_word() {
    assert_eq!(value0("titleCase('hello big world')"), json!("Hello Big World"));
}

#[test]
fn trim_removes_surrounding_whitespace() {
    assert_eq!(value0("trim('  a b \\n')"), json!("a b"));
}

#[test]
fn string_helpers_treat_null_as_empty() {
    assert_eq!(value("upper(missing)", &json!({})), json!(""));
}

#[test]
fn string_helpers_accept_numbers() {
    assert_eq!(value0("upper(150.0)"), json!("150"));
}

#[test]
fn truncate_adds_ellipsis() {
    assert_eq!(value0("truncate('abcdefgh', 5)"), json!("abcd…"));
    assert_eq!(value0("truncate('abc', 5)"), json!("abc"));
    assert_eq!(value0("truncate('abcdefgh', 5, '...')"), json!("ab..."));
}

#[test]
fn replace_replaces_every_literal_occurrence() {
    assert_eq!(value0("replace('a.b.c', '.', '/')"), json!("a/b/c"));
}

#[test]
fn substring_slices_characters() {
    assert_eq!(value0("substring('héllo', 1, 3)"), json!("él"));
    assert_eq!(value0("substring('hello', 3)"), json!("lo"));
}

#[test]
fn split_makes_an_array() {
    assert_eq!(value0("split('a,b,c', ',')"), json!(["a", "b", "c"]));
}

#[test]
fn pad_start_and_end() {
    assert_eq!(value0("padStart(42, 5, '0')"), json!("00042"));
    assert_eq!(value0("padEnd('ab', 4)"), json!("ab  "));
}

#[test]
fn starts_with_and_ends_with() {
    assert_eq!(value0("startsWith('INV-1', 'INV')"), json!(true));
    assert_eq!(value0("endsWith('INV-1', '2')"), json!(false));
}

#[test]
fn concat_joins_text() {
    assert_eq!(value0("concat('a', 1, null, true)"), json!("a1true"));
}

#[test]
fn concat_joins_arrays_when_first_is_array() {
    assert_eq!(value0("concat([1], [2, 3], 4)"), json!([1, 2, 3, 4]));
}

#[test]
fn string_converts_any_value() {
    assert_eq!(value0("string(0.5)"), json!("0.5"));
}

#[test]
fn wrong_argument_count_is_a_type_error() {
    let error = eval("upper('a', 'b')", &json!({})).unwrap_err();
    assert!(matches!(error, ExprError::Type(m) if m.contains("upper(): expects 1 argument, got 2")));
}
