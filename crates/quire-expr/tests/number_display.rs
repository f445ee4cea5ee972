//! Specification of how numbers and other values appear in rendered text.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{text, text0, value0};
use quire_expr::{Value, display_value, is_truthy};
use serde_json::json;

#[test]
fn float_noise_is_removed() {
    assert_eq!(text0("{{0.1 + 0.2}}"), "0.3");
}

#[test]
fn float_noise_is_removed_from_the_value_too() {
    assert_eq!(value0("0.1 + 0.2 === 0.3"), json!(true));
}

#[test]
fn integral_floats_render_as_integers() {
    assert_eq!(text("{{rate}}", &json!({"rate": 150.0})), "150");
}

#[test]
fn integers_render_as_integers() {
    assert_eq!(text("{{n}}", &json!({"n": 1234567})), "1234567");
}

#[test]
fn large_integers_keep_every_digit() {
    assert_eq!(text("{{n}}", &json!({"n": 9007199254740993_u64})), "9007199254740993");
}

#[test]
fn products_of_decimals_have_no_noise() {
    assert_eq!(text0("{{1.1 * 3}}"), "3.3");
    assert_eq!(text0("{{19.99 * 3}}"), "59.97");
}

#[test]
fn huge_numbers_use_exponent_form() {
    assert_eq!(text0("{{1e21}}"), "1e+21");
    assert_eq!(text0("{{1e20}}"), "100000000000000000000");
}

#[test]
fn tiny_numbers_use_exponent_form() {
    assert_eq!(text0("{{0.0000001}}"), "1e-7");
    assert_eq!(text0("{{0.000001}}"), "0.000001");
}

#[test]
fn negative_zero_renders_as_zero() {
    assert_eq!(text0("{{-0}}"), "0");
}

#[test]
fn null_renders_as_empty_text() {
    assert_eq!(display_value(&Value::Null), "");
}

#[test]
fn booleans_render_as_words() {
    assert_eq!(display_value(&json!(true)), "true");
}

#[test]
fn arrays_render_joined_by_comma() {
    assert_eq!(display_value(&json!(["a", 1.5, null, true])), "a, 1.5, , true");
}

#[test]
fn objects_render_as_compact_json() {
    assert_eq!(display_value(&json!({"a": 1})), r#"{"a":1}"#);
}

#[test]
fn truthiness_follows_javascript() {
    for falsy in [json!(null), json!(false), json!(0), json!(0.0), json!("")] {
        assert!(!is_truthy(&falsy), "{falsy} should be falsy");
    }
    for truthy in [json!(true), json!(1), json!(-0.5), json!("0"), json!({}), json!([0])] {
        assert!(is_truthy(&truthy), "{truthy} should be truthy");
    }
}

#[test]
fn empty_array_is_falsy_like_handlebars() {
    assert!(!is_truthy(&json!([])));
}

#[test]
fn integral_floats_beyond_safe_range_keep_their_digits() {
    assert_eq!(text0("{{9007199254740993}}"), "9007199254740992");
}

#[test]
fn long_fractions_are_cut_to_fifteen_significant_digits() {
    assert_eq!(text0("{{1 / 3}}"), "0.333333333333333");
    assert_eq!(text0("{{2 / 3 * 3}}"), "2");
}
