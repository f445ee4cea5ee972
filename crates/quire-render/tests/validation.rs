//! Validation reports every problem of a template with its JSON path.

mod common;

use quire_render::{Problem, TemplateDoc, validate};
use serde_json::{Value, json};

fn problems(schema: Value) -> Vec<Problem> {
    validate(&schema, &json!([])).problems
}

fn has(problems: &[Problem], path: &str, fragment: &str) -> bool {
    problems.iter().any(|p| p.path == path && p.message.contains(fragment))
}

#[test]
fn the_rynko_fixture_is_valid() {
    let fixture = common::read_json(&common::golden_dir().join("rynko-invoice.json"));
    let report = validate(&fixture["schema"], &fixture["variables"]);
    assert!(report.is_valid(), "{report}");
}

#[test]
fn unknown_component_type_names_its_path() {
    let found =
        problems(json!({ "components": [ { "id": "a", "type": "text" }, { "id": "b", "type": "sparkline" } ] }));
    assert!(has(&found, "schema.components[1].type", "unknown component type \"sparkline\""), "{found:?}");
}

#[test]
fn a_form_field_needs_its_type_and_name() {
    let found = problems(json!({ "components": [ { "id": "x", "type": "form-field", "props": { "value": "1" } } ] }));
    assert!(has(&found, "schema.components[0].props.fieldType", "fieldType is required"), "form-field: {found:?}");
}

#[test]
fn codes_svg_and_formulas_are_supported_and_check_their_required_props() {
    let found = problems(json!({ "components": [
        { "id": "q", "type": "qr-code", "props": {} },
        { "id": "b", "type": "barcode", "props": { "value": "OK-128" } },
        { "id": "s", "type": "svg", "props": {} },
        { "id": "f", "type": "formula", "props": {} }
    ] }));
    assert!(has(&found, "schema.components[0].props.value", "required"), "{found:?}");
    assert!(has(&found, "schema.components[2].props.svg", "required"), "{found:?}");
    assert!(has(&found, "schema.components[3].props.formula", "required"), "{found:?}");
    assert_eq!(found.len(), 3, "the barcode is fine: {found:?}");
}

#[test]
fn bad_expression_names_the_prop() {
    let found =
        problems(json!({ "components": [ { "id": "t", "type": "text", "props": { "text": "Hi {{ name + }}" } } ] }));
    assert!(has(&found, "schema.components[0].props.text", "invalid expression"), "{found:?}");
}

#[test]
fn bad_props_and_styles_name_their_paths() {
    let found = problems(json!({ "components": [
        { "id": "h", "type": "heading", "props": { "level": 9, "text": "x" } },
        { "id": "c", "type": "container", "props": { "style": { "color": "#12", "padding": "3 parsecs" } } },
        { "id": "l", "type": "loop", "children": [] },
        { "id": "i", "type": "image", "props": { "fit": "squash" } }
    ] }));
    assert!(has(&found, "schema.components[0].props.level", "1 to 6"), "{found:?}");
    assert!(has(&found, "schema.components[1].props.style.color", "hex colour"), "{found:?}");
    assert!(has(&found, "schema.components[1].props.style.padding", "not a length"), "{found:?}");
    assert!(has(&found, "schema.components[2].props.items", "required"), "{found:?}");
    assert!(has(&found, "schema.components[3].props.src", "required"), "{found:?}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let found = problems(json!({ "components": [
        { "id": "a", "type": "nope" },
        { "id": "b", "type": "text", "props": { "text": "{{" } },
        { "id": "c", "type": "container", "children": [ { "id": "d", "type": "hologram" } ] }
    ] }));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(has(&found, "schema.components[2].children[0].type", "unknown component type"), "{found:?}");
}

#[test]
fn pages_form_problems_carry_page_and_section_paths() {
    let found = problems(json!({ "pages": [ { "pageId": "p", "settings": { "pageSize": "B9" }, "sections": [
        { "id": "s", "type": "body", "components": [ { "id": "x", "type": "mystery" } ] },
        { "id": "t", "type": "sidebar", "components": [] }
    ] } ] }));
    assert!(has(&found, "schema.pages[0].sections[0].components[0].type", "mystery"), "{found:?}");
    assert!(has(&found, "schema.pages[0].sections[1].type", "unknown section type"), "{found:?}");
    assert!(has(&found, "schema.pages[0].settings.pageSize", "unknown pageSize"), "{found:?}");
}

#[test]
fn a_table_row_outside_a_table_is_refused() {
    let found = problems(json!({ "components": [ { "id": "r", "type": "table-row", "children": [] } ] }));
    assert!(has(&found, "schema.components[0].type", "only allowed inside a table"), "{found:?}");
}

#[test]
fn bad_variable_definitions_are_reported_one_by_one() {
    let report = validate(
        &json!({ "components": [] }),
        &json!([
            { "name": "ok", "type": "string" },
            { "name": "bad", "type": "colour" },
            { "name": "n", "type": "number", "defaultValue": "twelve" },
            { "name": "ok", "type": "string" }
        ]),
    );
    let found = report.problems;
    assert!(found.iter().any(|p| p.path == "variables[1].type"), "{found:?}");
    assert!(has(&found, "variables[2].defaultValue", "must be a number"), "{found:?}");
    assert!(found.iter().any(|p| p.message.contains("defined twice")), "{found:?}");
}

#[test]
fn structural_errors_have_a_path_too() {
    let found = problems(json!({ "components": [ { "id": "a" } ] }));
    assert!(
        found.iter().any(|p| p.path.starts_with("schema.components[0]") && p.message.contains("type")),
        "{found:?}"
    );
}

#[test]
fn template_files_may_be_bare_schemas() {
    let doc = TemplateDoc::from_json(
        &json!({ "pageSize": "A5", "components": [ { "id": "t", "type": "text", "props": { "text": "x" } } ] }),
    )
    .expect("a bare schema is a template");
    assert!(doc.variables.is_empty());
    assert_eq!(doc.schema.components.len(), 1);
}

#[test]
fn a_bare_schema_keeps_and_checks_its_variables() {
    let bare = json!({ "components": [], "variables": [ { "name": "n", "type": "number" } ] });
    assert_eq!(TemplateDoc::from_json(&bare).expect("valid").variables.len(), 1);
    let broken = json!({ "components": [], "variables": [ { "name": "n" } ] });
    let report = TemplateDoc::from_json(&broken).expect_err("a variable without type is invalid");
    assert_eq!(report.problems[0].path, "variables[0]");
}

#[test]
fn from_json_refuses_invalid_templates_with_every_problem() {
    let report = TemplateDoc::from_json(&json!({ "schema": { "components": [ { "id": "a", "type": "x" }, { "id": "b", "type": "y" } ] }, "variables": [] }))
        .expect_err("invalid");
    assert_eq!(report.problems.len(), 2);
}

#[test]
fn templates_round_trip_through_serde() {
    let fixture = common::read_json(&common::golden_dir().join("pages-form.json"));
    let doc = TemplateDoc::from_json(&fixture).expect("valid");
    let again: TemplateDoc =
        serde_json::from_value(serde_json::to_value(&doc).expect("serialises")).expect("deserialises");
    assert_eq!(doc, again);
}
