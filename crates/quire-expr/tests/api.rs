//! Specification of the public API the render engine builds on, checked against Rynko's fixture.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use quire_expr::{EvalOptions, Expression, Scope, Template, Value, known_functions};
use serde_json::json;

fn scope_eval(template: &Template, data: &Value) -> Value {
    let options = EvalOptions::default();
    let scope = Scope::new(data, &options);
    template.evaluate(&scope).unwrap()
}

#[test]
fn literal_text_is_literal() {
    let template = Template::parse("Plain text, $5 #1").unwrap();
    assert!(template.is_literal());
    assert!(template.as_single_expression().is_none());
}

#[test]
fn text_with_placeholder_is_not_literal() {
    assert!(!Template::parse("Hi {{name}}").unwrap().is_literal());
    assert!(!Template::parse("{{#if a}}x{{/if}}").unwrap().is_literal());
}

#[test]
fn single_placeholder_with_surrounding_whitespace_is_single_expression() {
    let template = Template::parse("  {{ items }}\n").unwrap();
    let expression = template.as_single_expression().unwrap();
    assert_eq!(expression.source(), "items");
}

#[test]
fn placeholder_with_text_is_not_single_expression() {
    assert!(Template::parse("${{total}}").unwrap().as_single_expression().is_none());
    assert!(Template::parse("{{a}}{{b}}").unwrap().as_single_expression().is_none());
}

#[test]
fn evaluate_of_single_placeholder_keeps_raw_value() {
    let data = json!({"items": [{"a": 1}], "total": 12.5});
    assert_eq!(scope_eval(&Template::parse("{{items}}").unwrap(), &data), json!([{"a": 1}]));
    assert_eq!(scope_eval(&Template::parse("{{total}}").unwrap(), &data), json!(12.5));
}

#[test]
fn evaluate_of_mixed_text_renders_a_string() {
    let data = json!({"total": 12.5});
    let template = Template::parse("${{total}}").unwrap();
    assert_eq!(scope_eval(&template, &data), json!("$12.5"));
}

#[test]
fn referenced_roots_lists_each_root_once_without_functions() {
    let template = Template::parse("{{company.name}} {{formatCurrency(total, currency)}} {{company.city}}").unwrap();
    assert_eq!(template.referenced_roots(), ["company", "total", "currency"]);
}

#[test]
fn referenced_roots_skips_item_fields_inside_each() {
    let template = Template::parse("{{#each items}}{{name}} {{@root.currency}}{{/each}}{{#if paid}}{{/if}}").unwrap();
    assert_eq!(template.referenced_roots(), ["items", "currency", "paid"]);
}

#[test]
fn expression_reports_its_roots() {
    let expression = Expression::parse("item.quantity * item.rate + tax[region]").unwrap();
    assert_eq!(expression.referenced_roots(), ["item", "tax", "region"]);
}

#[test]
fn templates_are_clone_send_and_sync() {
    fn assert_shareable<T: Clone + Send + Sync>() {}
    assert_shareable::<Template>();
    assert_shareable::<Expression>();
}

#[test]
fn templates_render_from_many_threads() {
    let template = Template::parse("{{n * 2}}").unwrap();
    let outputs: Vec<String> = std::thread::scope(|threads| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                let template = &template;
                threads.spawn(move || {
                    let data = json!({ "n": n });
                    let options = EvalOptions::default();
                    template.render(&Scope::new(&data, &options)).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(outputs, ["0", "2", "4", "6"]);
}

#[test]
fn known_functions_include_the_required_helpers() {
    let names: Vec<&str> = known_functions().collect();
    for required in [
        "formatNumber",
        "formatCurrency",
        "formatDate",
        "upper",
        "lower",
        "capitalize",
        "trim",
        "length",
        "sum",
        "avg",
        "min",
        "max",
        "count",
        "round",
        "abs",
        "default",
        "join",
        "now",
    ] {
        assert!(names.contains(&required), "missing {required}");
    }
}

/// Every string in Rynko's sample invoice that holds a placeholder, with its defaults rendered.
#[test]
fn rynko_fixture_placeholders_parse_and_render_with_defaults() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rynko-invoice.json");
    let raw = fs::read_to_string(path).unwrap();
    let fixture: Value = serde_json::from_str(&raw).unwrap();
    let mut data = serde_json::Map::new();
    for variable in fixture["variables"].as_array().unwrap() {
        let name = variable["name"].as_str().unwrap().to_string();
        data.insert(name, variable["defaultValue"].clone());
    }
    let data = Value::Object(data);
    let item = data["items"][0].clone();
    let options = EvalOptions::default();
    let root = Scope::new(&data, &options);
    let scope = root.with("item", &item);
    let mut rendered = Vec::new();
    collect_placeholder_strings(&fixture["schema"], &mut |text| {
        let template = Template::parse(text).unwrap();
        rendered.push(template.render(&scope).unwrap());
    });
    for expected in ["123 Main St", "$100", "#INV-001", "Acme Corp", "San Francisco, CA 94102"] {
        assert!(rendered.iter().any(|out| out.contains(expected)), "{expected:?} not in {rendered:?}");
    }
}

fn collect_placeholder_strings(value: &Value, visit: &mut dyn FnMut(&str)) {
    match value {
        Value::String(text) if text.contains("{{") => visit(text),
        Value::Array(items) => items.iter().for_each(|item| collect_placeholder_strings(item, visit)),
        Value::Object(map) => map.values().for_each(|item| collect_placeholder_strings(item, visit)),
        _ => {}
    }
}
