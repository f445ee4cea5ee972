//! Specification of `formatDate`, `now` and `today`, with an injected clock.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, value0};
use quire_expr::{EvalOptions, ExprError, Expression, Scope, Value};
use serde_json::json;
use time::macros::datetime;

fn fixed_clock(src: &str) -> Value {
    let options = EvalOptions { now: Some(datetime!(2024-03-05 14:07:09.123 +02:00)), ..EvalOptions::default() };
    let root = json!({});
    let scope = Scope::new(&root, &options);
    Expression::parse(src).unwrap().evaluate(&scope).unwrap()
}

#[test]
fn format_date_iso_date_pattern() {
    assert_eq!(value0("formatDate('2024-03-05', 'YYYY-MM-DD')"), json!("2024-03-05"));
}

#[test]
fn format_date_day_first() {
    assert_eq!(value0("formatDate('2024-03-05', 'DD/MM/YYYY')"), json!("05/03/2024"));
}

#[test]
fn format_date_short_month_name() {
    assert_eq!(value0("formatDate('2024-03-05', 'MMM D, YYYY')"), json!("Mar 5, 2024"));
}

#[test]
fn format_date_long_month_name() {
    assert_eq!(value0("formatDate('2024-03-05', 'MMMM D, YYYY')"), json!("March 5, 2024"));
}

#[test]
fn format_date_time_of_day() {
    assert_eq!(value0("formatDate('2024-03-05T09:41:30Z', 'HH:mm')"), json!("09:41"));
    assert_eq!(value0("formatDate('2024-03-05T21:41:30Z', 'h:mm A')"), json!("9:41 PM"));
}

#[test]
fn format_date_keeps_the_inputs_offset() {
    let src = "formatDate('2024-03-05T23:30:00-05:00', 'YYYY-MM-DD HH:mm Z')";
    assert_eq!(value0(src), json!("2024-03-05 23:30 -05:00"));
}

#[test]
fn format_date_weekday_and_ordinal() {
    assert_eq!(value0("formatDate('2024-03-01', 'dddd, Do')"), json!("Friday, 1st"));
    assert_eq!(value0("formatDate('2024-03-12', 'ddd Do')"), json!("Tue 12th"));
}

#[test]
fn format_date_bracketed_text_is_literal() {
    assert_eq!(value0("formatDate('2024-03-05', '[Due] D MMM')"), json!("Due 5 Mar"));
}

#[test]
fn format_date_defaults_to_iso_date() {
    assert_eq!(value0("formatDate('2024-03-05T10:00:00.5+01:00')"), json!("2024-03-05"));
}

#[test]
fn format_date_accepts_epoch_milliseconds() {
    assert_eq!(value0("formatDate(0, 'YYYY-MM-DD HH:mm')"), json!("1970-01-01 00:00"));
}

#[test]
fn format_date_of_null_is_empty() {
    assert_eq!(value0("formatDate(null, 'YYYY')"), json!(""));
}

#[test]
fn format_date_rejects_non_dates_naming_the_helper() {
    let error = eval("formatDate('next tuesday', 'YYYY')", &json!({})).unwrap_err();
    assert!(matches!(error, ExprError::Type(m) if m.starts_with("formatDate(): \"next tuesday\"")));
}

#[test]
fn format_date_rejects_impossible_dates() {
    assert!(eval("formatDate('2024-02-30', 'YYYY')", &json!({})).is_err());
}

#[test]
fn now_reads_the_injected_clock_in_utc() {
    assert_eq!(fixed_clock("now()"), json!("2024-03-05T12:07:09.123Z"));
}

#[test]
fn today_reads_the_injected_clock() {
    assert_eq!(fixed_clock("today()"), json!("2024-03-05"));
}

#[test]
fn now_feeds_format_date() {
    assert_eq!(fixed_clock("formatDate(now(), 'MMMM YYYY')"), json!("March 2024"));
}

#[test]
fn now_without_injected_clock_is_an_iso_timestamp() {
    let Value::String(stamp) = value0("now()") else {
        panic!("now() should be text");
    };
    assert_eq!(stamp.len(), "2024-03-05T12:07:09.123Z".len());
    assert!(stamp.ends_with('Z'));
}
