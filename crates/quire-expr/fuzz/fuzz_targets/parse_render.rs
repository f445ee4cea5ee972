//! Fuzzes `Template::parse` and rendering over a small fixed scope: any input must yield a
//! template or an error, and rendering must stay within the limits — never panic or overflow;
//! literal text renders to itself and data values render verbatim.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_expr::{EvalOptions, Expression, Scope, Template, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = serde_json::json!({
        "name": "Ada {{x}} <b>",
        "total": 1234.5,
        "n": 0,
        "flag": true,
        "items": [
            {"description": "Design", "quantity": 2, "rate": 150.0, "tags": ["a", "b"]},
            {"description": "#panic()", "quantity": -1, "rate": 0.1, "tags": []}
        ],
        "nested": {"a": {"b": [1, 2, {"c": null}]}},
        "date": "2024-03-05T10:00:00Z"
    });
    let options = EvalOptions {
        max_steps: 20_000,
        max_output_bytes: 64 * 1024,
        max_loop_iterations: 2_000,
        now: None,
    };
    let scope = Scope::new(&root, &options);
    // Text without `{{` is literal and renders to itself.
    if !text.contains("{{") {
        let rendered = Template::parse(text).and_then(|t| t.render(&scope));
        assert_eq!(rendered.as_deref(), Ok(text));
    }
    // Data is data: any value renders back verbatim, never re-read as markup.
    let hostile = serde_json::json!({ "v": text });
    let data_scope = Scope::new(&hostile, &options);
    let echoed = Template::parse("{{v}}").and_then(|t| t.render(&data_scope));
    assert_eq!(echoed.as_deref(), Ok(text));
    if let Ok(template) = Template::parse(text) {
        if let Ok(out) = template.render(&scope) {
            assert!(out.len() <= options.max_output_bytes);
        }
        let _ = template.evaluate(&scope);
        let _ = template.referenced_roots();
    }
    let item = Value::from(7);
    let child = scope.with("item", &item);
    if let Ok(expression) = Expression::parse(text) {
        let _ = expression.evaluate(&child);
    }
});
