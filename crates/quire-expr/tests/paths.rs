//! Specification of variable lookup: dotted paths, indexing, missing data, scopes and bindings.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, text, value};
use quire_expr::{EvalOptions, ExprError, Scope, Template};
use serde_json::json;

#[test]
fn dotted_path_reads_nested_fields() {
    let data = json!({"company": {"address": {"line1": "1 Main St"}}});
    assert_eq!(text("{{company.address.line1}}", &data), "1 Main St");
}

#[test]
fn bracket_index_reads_array_elements() {
    let data = json!({"items": [{"description": "Design"}, {"description": "Build"}]});
    assert_eq!(text("{{items[1].description}}", &data), "Build");
}

#[test]
fn bracket_string_reads_keys_with_spaces() {
    let data = json!({"totals": {"grand total": 99}});
    assert_eq!(value("totals[\"grand total\"]", &data), json!(99));
}

#[test]
fn bracket_expression_uses_variable_index() {
    let data = json!({"items": ["a", "b", "c"], "i": 2});
    assert_eq!(value("items[i]", &data), json!("c"));
}

#[test]
fn missing_field_renders_empty_text() {
    assert_eq!(text("[{{customer.nmae}}]", &json!({"customer": {"name": "Ada"}})), "[]");
}

#[test]
fn missing_root_variable_is_null() {
    assert_eq!(value("nothing", &json!({})), json!(null));
}

#[test]
fn field_of_null_is_null_not_an_error() {
    assert_eq!(value("a.b.c.d", &json!({"a": null})), json!(null));
}

#[test]
fn index_out_of_range_is_null() {
    assert_eq!(value("items[5]", &json!({"items": [1]})), json!(null));
    assert_eq!(value("items[-1]", &json!({"items": [1]})), json!(null));
}

#[test]
fn length_property_of_arrays_and_strings() {
    let data = json!({"items": [1, 2, 3], "name": "Ada"});
    assert_eq!(value("items.length", &data), json!(3));
    assert_eq!(value("name.length", &data), json!(3));
}

#[test]
fn object_field_named_length_wins_over_the_property() {
    assert_eq!(value("box.length", &json!({"box": {"length": 12}})), json!(12));
}

#[test]
fn string_index_reads_a_character() {
    assert_eq!(value("name[0]", &json!({"name": "Ada"})), json!("A"));
}

#[test]
fn this_outside_blocks_is_the_root() {
    assert_eq!(value("this.a", &json!({"a": 1})), json!(1));
}

#[test]
fn at_root_reaches_root_data() {
    assert_eq!(value("@root.a", &json!({"a": 1})), json!(1));
}

#[test]
fn scope_binding_shadows_root() {
    let root = json!({"item": "root"});
    let bound = json!({"rate": 7});
    let options = EvalOptions::default();
    let scope = Scope::new(&root, &options);
    let child = scope.with("item", &bound);
    let template = Template::parse("{{item.rate}}").unwrap();
    assert_eq!(template.render(&child).unwrap(), "7");
}

#[test]
fn nested_bindings_see_outer_bindings() {
    let root = json!({"currency": "EUR"});
    let (order, line) = (json!({"id": 9}), json!({"qty": 2}));
    let options = EvalOptions::default();
    let scope = Scope::new(&root, &options);
    let outer = scope.with("order", &order);
    let inner = outer.with("line", &line);
    let template = Template::parse("{{order.id}}/{{line.qty}}/{{currency}}").unwrap();
    assert_eq!(template.render(&inner).unwrap(), "9/2/EUR");
}

#[test]
fn with_item_makes_this_and_index_available() {
    let root = json!({});
    let item = json!({"name": "Widget"});
    let options = EvalOptions::default();
    let scope = Scope::new(&root, &options);
    let child = scope.with_item(&item, 2, 3);
    let template = Template::parse("{{@index}}:{{this.name}}:{{name}}:{{@last}}").unwrap();
    assert_eq!(template.render(&child).unwrap(), "2:Widget:Widget:true");
}

#[test]
fn calling_a_field_is_a_type_error_naming_it() {
    let error = eval("customer.name()", &json!({"customer": {"name": "Ada"}})).unwrap_err();
    match error {
        ExprError::Type(message) => assert!(message.contains("`customer.name` is not a function")),
        other => panic!("expected a type error, got {other:?}"),
    }
}

#[test]
fn unknown_function_error_names_it() {
    let error = eval("frobnicate(1)", &json!({})).unwrap_err();
    assert_eq!(error, ExprError::UnknownFunction("frobnicate".into()));
    assert_eq!(error.to_string(), "unknown function `frobnicate`");
}

#[test]
fn at_variables_outside_blocks_are_null() {
    assert_eq!(value("@index", &json!({})), json!(null));
}

#[test]
fn unknown_at_variable_is_a_parse_error() {
    assert!(matches!(eval("@nope", &json!({})), Err(ExprError::Parse { .. })));
}
