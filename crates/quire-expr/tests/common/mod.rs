//! Shared test harness: render templates and evaluate expressions against JSON data.
#![allow(dead_code)]

use quire_expr::{EvalOptions, ExprError, Expression, Scope, Template, Value};

/// Render `text` against `data` with default options.
pub fn render(text: &str, data: &Value) -> Result<String, ExprError> {
    render_with(text, data, &EvalOptions::default())
}

/// Render `text` against `data` with `options`.
pub fn render_with(text: &str, data: &Value, options: &EvalOptions) -> Result<String, ExprError> {
    let scope = Scope::new(data, options);
    Template::parse(text)?.render(&scope)
}

/// Render `text` against `data`, failing the test on any error.
pub fn text(template: &str, data: &Value) -> String {
    match render(template, data) {
        Ok(out) => out,
        Err(error) => panic!("rendering {template:?} failed: {error}"),
    }
}

/// Evaluate one expression against `data`.
pub fn eval(src: &str, data: &Value) -> Result<Value, ExprError> {
    let options = EvalOptions::default();
    let scope = Scope::new(data, &options);
    Expression::parse(src)?.evaluate(&scope)
}

/// Evaluate one expression against `data`, failing the test on any error.
pub fn value(src: &str, data: &Value) -> Value {
    match eval(src, data) {
        Ok(value) => value,
        Err(error) => panic!("evaluating {src:?} failed: {error}"),
    }
}

/// Evaluate an expression with no data.
pub fn value0(src: &str) -> Value {
    value(src, &Value::Null)
}

/// Render a template with no data.
pub fn text0(template: &str) -> String {
    text(template, &Value::Null)
}
