//! Specification of every operator: arithmetic, comparison, logic, ternary, grouping, literals.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, text, value, value0};
use serde_json::json;

#[test]
fn addition_adds_numbers() {
    assert_eq!(value0("2 + 3"), json!(5));
}

#[test]
fn subtraction_subtracts() {
    assert_eq!(value0("10 - 4.5"), json!(5.5));
}

#[test]
fn multiplication_multiplies_fields() {
    let data = json!({"item": {"quantity": 3, "rate": 150}});
    assert_eq!(value("item.quantity * item.rate", &data), json!(450));
}

#[test]
fn division_divides() {
    assert_eq!(value0("7 / 2"), json!(3.5));
}

#[test]
fn remainder_follows_javascript_sign() {
    assert_eq!(value0("7 % 3"), json!(1));
    assert_eq!(value0("-7 % 3"), json!(-1));
}

#[test]
fn division_by_zero_is_null_and_renders_empty() {
    assert_eq!(value0("1 / 0"), json!(null));
    assert_eq!(text("[{{1 / 0}}]", &json!({})), "[]");
}

#[test]
fn multiplication_before_addition() {
    assert_eq!(value0("2 + 3 * 4"), json!(14));
}

#[test]
fn parentheses_group() {
    assert_eq!(value0("(2 + 3) * 4"), json!(20));
}

#[test]
fn subtraction_is_left_associative() {
    assert_eq!(value0("10 - 3 - 2"), json!(5));
}

#[test]
fn unary_minus_negates() {
    assert_eq!(value("-x", &json!({"x": 4})), json!(-4));
}

#[test]
fn unary_not_negates_truthiness() {
    assert_eq!(value0("!0"), json!(true));
    assert_eq!(value0("!'text'"), json!(false));
}

#[test]
fn plus_concatenates_strings() {
    let data = json!({"first": "Ada", "last": "Lovelace"});
    assert_eq!(value("first + ' ' + last", &data), json!("Ada Lovelace"));
}

#[test]
fn plus_with_string_and_number_concatenates_number_text() {
    assert_eq!(value0("'Total: ' + 150.0"), json!("Total: 150"));
}

#[test]
fn plus_with_missing_value_concatenates_empty_text() {
    assert_eq!(value("'a' + missing", &json!({})), json!("a"));
}

#[test]
fn arithmetic_treats_missing_as_zero() {
    assert_eq!(value("missing * 5 + 1", &json!({})), json!(1));
}

#[test]
fn numeric_strings_take_part_in_arithmetic() {
    assert_eq!(value("price * 2", &json!({"price": "2.5"})), json!(5));
}

#[test]
fn loose_equality_compares_number_and_numeric_string() {
    assert_eq!(value0("1 == '1'"), json!(true));
    assert_eq!(value0("1 != '2'"), json!(true));
}

#[test]
fn strict_equality_requires_same_kind() {
    assert_eq!(value0("1 === '1'"), json!(false));
    assert_eq!(value0("1 === 1.0"), json!(true));
    assert_eq!(value0("'a' !== 'b'"), json!(true));
}

#[test]
fn null_equals_only_null() {
    assert_eq!(value("missing == null", &json!({})), json!(true));
    assert_eq!(value0("0 == null"), json!(false));
}

#[test]
fn arrays_compare_by_content() {
    assert_eq!(value0("[1, 'a'] === [1, 'a']"), json!(true));
}

#[test]
fn less_and_greater_compare_numbers() {
    assert_eq!(value0("2 < 10"), json!(true));
    assert_eq!(value0("2 > 10"), json!(false));
    assert_eq!(value0("3 <= 3"), json!(true));
    assert_eq!(value0("3 >= 4"), json!(false));
}

#[test]
fn comparisons_of_two_strings_are_textual() {
    assert_eq!(value0("'apple' < 'banana'"), json!(true));
    assert_eq!(value0("'10' < '9'"), json!(true));
}

#[test]
fn comparison_with_non_numeric_text_is_false() {
    assert_eq!(value0("'abc' < 5"), json!(false));
    assert_eq!(value0("'abc' >= 5"), json!(false));
}

#[test]
fn and_returns_first_falsy_operand() {
    assert_eq!(value0("0 && 'never'"), json!(0));
    assert_eq!(value0("1 && 'second'"), json!("second"));
}

#[test]
fn or_returns_first_truthy_operand() {
    assert_eq!(value("name || 'Anonymous'", &json!({"name": ""})), json!("Anonymous"));
    assert_eq!(value("name || 'Anonymous'", &json!({"name": "Ada"})), json!("Ada"));
}

#[test]
fn and_short_circuits_unknown_function() {
    assert_eq!(value0("false && nosuch()"), json!(false));
}

#[test]
fn nullish_coalescing_keeps_falsy_non_null_values() {
    assert_eq!(value("count ?? 5", &json!({"count": 0})), json!(0));
    assert_eq!(value("count ?? 5", &json!({})), json!(5));
}

#[test]
fn ternary_chooses_by_condition() {
    let src = "total > 1000 ? \"Gold\" : \"Standard\"";
    assert_eq!(value(src, &json!({"total": 1500})), json!("Gold"));
    assert_eq!(value(src, &json!({"total": 10})), json!("Standard"));
}

#[test]
fn nested_ternaries_are_right_associative() {
    let src = "n > 10 ? 'big' : n > 5 ? 'medium' : 'small'";
    assert_eq!(value(src, &json!({"n": 7})), json!("medium"));
}

#[test]
fn logical_operators_bind_looser_than_comparisons() {
    assert_eq!(value0("1 < 2 && 3 > 2 || false"), json!(true));
}

#[test]
fn literals_cover_strings_numbers_booleans_and_null() {
    assert_eq!(value0("'single'"), json!("single"));
    assert_eq!(value0("\"double\""), json!("double"));
    assert_eq!(value0("1.5e3"), json!(1500));
    assert_eq!(value0(".5"), json!(0.5));
    assert_eq!(value0("true"), json!(true));
    assert_eq!(value0("null"), json!(null));
}

#[test]
fn string_escapes_are_decoded() {
    assert_eq!(value0(r#""a\"b\\c\n\u00e9""#), json!("a\"b\\c\né"));
    assert_eq!(value0(r"'it\'s'"), json!("it's"));
}

#[test]
fn array_literals_build_arrays() {
    assert_eq!(value0("[1, 1 + 1, 'three']"), json!([1, 2, "three"]));
}

#[test]
fn single_equals_sign_is_a_parse_error() {
    assert!(eval("a = 1", &json!({})).is_err());
}

#[test]
fn unary_plus_converts_to_number() {
    assert_eq!(value("+x", &json!({"x": "4.5"})), json!(4.5));
}
