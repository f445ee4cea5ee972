//! Data is always data: markup-like values render literally and are never re-evaluated.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, render, text};
use quire_expr::{ExprError, Template};
use serde_json::json;

const HOSTILE: [&str; 10] = ["#panic()", "]", "\"", "\\", "$", "*", "<b>", "{{x}}", "{{#each a}}", "}}"];

#[test]
fn hostile_values_render_literally() {
    for hostile in HOSTILE {
        let data = json!({"v": hostile, "x": "SHOULD NOT APPEAR"});
        assert_eq!(text("{{v}}", &data), hostile, "value {hostile:?}");
    }
}

#[test]
fn hostile_values_inside_loops_render_literally() {
    let data = json!({"items": HOSTILE, "x": "SHOULD NOT APPEAR"});
    let out = text("{{#each items}}{{this}}|{{/each}}", &data);
    assert_eq!(out, format!("{}|", HOSTILE.join("|")));
}

#[test]
fn placeholder_in_value_is_not_re_evaluated() {
    let data = json!({"name": "{{secret}}", "secret": "leak"});
    assert_eq!(text("Hello {{name}}", &data), "Hello {{secret}}");
}

#[test]
fn hostile_values_pass_through_helpers_literally() {
    let data = json!({"v": "<b>{{x}}</b> #panic()"});
    assert_eq!(text("{{upper(v)}}", &data), "<B>{{X}}</B> #PANIC()");
    assert_eq!(text("{{v + '!'}}", &data), "<b>{{x}}</b> #panic()!");
}

#[test]
fn dollar_and_hash_before_placeholders_are_literal_text() {
    let data = json!({"total": 10, "n": 7});
    assert_eq!(text("${{total}} #{{n}}", &data), "$10 #7");
}

#[test]
fn closing_braces_inside_string_literals_do_not_end_the_tag() {
    assert_eq!(text("{{'a}}b' + \"}}\"}}", &json!({})), "a}}b}}");
}

#[test]
fn markup_in_literal_text_is_kept() {
    assert_eq!(text("<b>*bold*</b> #set [x] \\", &json!({})), "<b>*bold*</b> #set [x] \\");
}

#[test]
fn hostile_expressions_are_errors_not_panics() {
    for src in ["#panic()", "]", "\"", "\\", "$(", "*", "<b>", "{{x}}", "a..b", "a[", "f(,)"] {
        let result = eval(src, &json!({}));
        assert!(result.is_err(), "{src:?} should not evaluate: {result:?}");
    }
}

#[test]
fn unterminated_placeholder_reports_its_offset() {
    assert_eq!(
        Template::parse("Hello {{name"),
        Err(ExprError::Parse { message: "unterminated `{{` (no matching `}}`)".into(), offset: 6 })
    );
}

#[test]
fn expression_errors_report_offsets_in_the_template() {
    let Err(ExprError::Parse { offset, .. }) = Template::parse("abc {{ 1 + * 2 }}") else {
        panic!("expected a parse error");
    };
    assert_eq!(offset, 11);
}

#[test]
fn unclosed_block_is_an_error_at_its_opening() {
    let Err(ExprError::Parse { offset, message }) = Template::parse("x {{#if a}}y") else {
        panic!("expected a parse error");
    };
    assert_eq!(offset, 2);
    assert!(message.contains("never closed"));
}

#[test]
fn mismatched_close_is_an_error() {
    assert!(matches!(
        Template::parse("{{#if a}}x{{/each}}"),
        Err(ExprError::Parse { message, .. }) if message.contains("does not match")
    ));
}

#[test]
fn stray_close_and_else_are_errors() {
    assert!(Template::parse("{{/if}}").is_err());
    assert!(Template::parse("{{else}}").is_err());
    assert!(Template::parse("{{#if a}}{{else}}{{else}}{{/if}}").is_err());
}

#[test]
fn unknown_block_is_an_error() {
    assert!(matches!(
        Template::parse("{{#with a}}{{/with}}"),
        Err(ExprError::Parse { message, .. }) if message.contains("unknown block `#with`")
    ));
}

#[test]
fn empty_placeholder_is_an_error() {
    assert!(render("{{ }}", &json!({})).is_err());
}

#[test]
fn lone_braces_are_literal() {
    assert_eq!(text("{ a } }} {", &json!({})), "{ a } }} {");
}
