//! Every failure carries its documented code: limits (ERR_LIMIT_0xx), variables, template, generation.

mod common;

use std::time::Duration;

use quire_render::{Engine, Limits, NoAssets, OutputFormat, RenderError, TemplateDoc};
use serde_json::{Value, json};

fn template(schema: Value, variables: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": schema, "variables": variables })).expect("valid template")
}

fn looped_rows() -> TemplateDoc {
    template(
        json!({ "components": [ { "id": "t", "type": "table", "props": { "headers": ["A", "B", "C"] }, "children": [
            { "id": "l", "type": "loop", "props": { "items": "rows" }, "children": [ { "id": "r", "type": "table-row", "children": [
                { "id": "a", "type": "text", "props": { "text": "{{item}}" } },
                { "id": "b", "type": "text", "props": { "text": "b" } },
                { "id": "c", "type": "text", "props": { "text": "c" } }
            ] } ] }
        ] } ] }),
        json!([]),
    )
}

fn rows(n: usize) -> Value {
    json!({ "rows": (0..n).collect::<Vec<_>>() })
}

fn render_with(limits: Limits, doc: &TemplateDoc, data: &Value, format: OutputFormat) -> Result<Vec<u8>, RenderError> {
    Engine::new(limits).render(doc, data, format, &NoAssets).map(|file| file.bytes)
}

fn code_of(result: Result<Vec<u8>, RenderError>) -> &'static str {
    result.expect_err("the render must fail").code
}

#[test]
fn too_many_loop_iterations_is_err_limit_007() {
    let limits = Limits { loop_iterations: 10, ..Limits::default() };
    assert!(render_with(limits.clone(), &looped_rows(), &rows(10), OutputFormat::Csv).is_ok());
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(11), OutputFormat::Csv)), "ERR_LIMIT_007");
}

#[test]
fn each_blocks_in_text_count_towards_err_limit_007() {
    let doc = template(
        json!({ "components": [ { "id": "t", "type": "text", "props": { "text": "{{#each rows}}x{{/each}}" } } ] }),
        json!([]),
    );
    let limits = Limits { loop_iterations: 5, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &doc, &rows(6), OutputFormat::Xlsx)), "ERR_LIMIT_007");
}

#[test]
fn too_many_components_after_expansion_is_err_limit_009() {
    let limits = Limits { components: 50, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(20), OutputFormat::Csv)), "ERR_LIMIT_009");
}

#[test]
fn too_deep_nesting_is_err_limit_008() {
    let mut component = json!({ "id": "leaf", "type": "text", "props": { "text": "deep" } });
    for i in 0..6 {
        component = json!({ "id": format!("c{i}"), "type": "container", "children": [component] });
    }
    let doc = template(json!({ "components": [component] }), json!([]));
    let limits = Limits { nesting_depth: 5, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &doc, &json!({}), OutputFormat::Pdf)), "ERR_LIMIT_008");
    assert!(render_with(Limits::default(), &doc, &json!({}), OutputFormat::Pdf).is_ok());
}

#[test]
fn too_many_pages_is_err_limit_001() {
    let limits = Limits { pages: 2, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(300), OutputFormat::Pdf)), "ERR_LIMIT_001");
}

#[test]
fn too_many_images_is_err_limit_002() {
    let png = format!(
        "data:image/png;base64,{}",
        base64_encode(&std::fs::read(common::golden_dir().join("assets/logo.png")).expect("logo"))
    );
    let svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E";
    let doc = template(
        json!({ "components": [
            { "id": "a", "type": "image", "props": { "src": png } },
            { "id": "b", "type": "image", "props": { "src": svg } }
        ] }),
        json!([]),
    );
    let limits = Limits { images: 1, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &doc, &json!({}), OutputFormat::Pdf)), "ERR_LIMIT_002");
}

#[test]
fn too_many_rows_per_sheet_is_err_limit_003() {
    let limits = Limits { rows_per_sheet: 10, ..Limits::default() };
    assert_eq!(code_of(render_with(limits.clone(), &looped_rows(), &rows(20), OutputFormat::Xlsx)), "ERR_LIMIT_003");
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(20), OutputFormat::Csv)), "ERR_LIMIT_003");
}

#[test]
fn too_many_sheets_is_err_limit_004() {
    let page = json!({ "pageId": "p", "sections": [ { "id": "b", "type": "body", "components": [ { "id": "t", "type": "text", "props": { "text": "x" } } ] } ] });
    let doc = template(json!({ "pages": [page.clone(), page] }), json!([]));
    let limits = Limits { sheets: 1, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &doc, &json!({}), OutputFormat::Xlsx)), "ERR_LIMIT_004");
}

#[test]
fn too_many_columns_is_err_limit_005() {
    let limits = Limits { columns: 2, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(1), OutputFormat::Xlsx)), "ERR_LIMIT_005");
}

#[test]
fn too_large_output_is_err_limit_006() {
    let limits = Limits { output_bytes: 1_000, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(5), OutputFormat::Pdf)), "ERR_LIMIT_006");
}

#[test]
fn exceeding_the_render_time_is_err_limit_010() {
    let limits = Limits { render_time: Duration::ZERO, ..Limits::default() };
    assert_eq!(code_of(render_with(limits, &looped_rows(), &rows(5), OutputFormat::Pdf)), "ERR_LIMIT_010");
}

#[test]
fn a_missing_required_variable_is_err_missing_variable_naming_it() {
    let doc =
        template(json!({ "components": [] }), json!([ { "name": "customer", "type": "object", "required": true } ]));
    let err = render_with(Limits::default(), &doc, &json!({}), OutputFormat::Pdf).expect_err("must fail");
    assert_eq!(err.code, "ERR_MISSING_VARIABLE");
    assert!(err.message.contains("customer"), "{err}");
}

#[test]
fn a_variable_of_the_wrong_type_is_err_valid_001_naming_its_path() {
    let doc = template(json!({ "components": [] }), json!([ { "name": "total", "type": "number" } ]));
    let err =
        render_with(Limits::default(), &doc, &json!({ "total": "lots" }), OutputFormat::Pdf).expect_err("must fail");
    assert_eq!(err.code, "ERR_VALID_001");
    assert_eq!(err.path.as_deref(), Some("variables.total"));
}

#[test]
fn an_expression_failing_at_render_time_is_err_doc_004_naming_the_component() {
    let doc = template(
        json!({ "components": [ { "id": "greeting", "type": "text", "props": { "text": "{{nosuchhelper(1)}}" } } ] }),
        json!([]),
    );
    let err = render_with(Limits::default(), &doc, &json!({}), OutputFormat::Pdf).expect_err("must fail");
    assert_eq!(err.code, "ERR_DOC_004");
    assert!(err.message.contains("greeting") && err.message.contains("nosuchhelper"), "{err}");
}

#[test]
fn loop_items_that_are_not_a_list_fail_with_the_component_path() {
    let doc = looped_rows();
    let err = render_with(Limits::default(), &doc, &json!({ "rows": 5 }), OutputFormat::Pdf).expect_err("must fail");
    assert_eq!(err.code, "ERR_DOC_004");
    assert_eq!(err.path.as_deref(), Some("schema.components[0].children[0]"));
}

#[test]
fn csv_without_a_table_fails_clearly() {
    let doc = template(json!({ "components": [ { "id": "t", "type": "text", "props": { "text": "x" } } ] }), json!([]));
    let err = render_with(Limits::default(), &doc, &json!({}), OutputFormat::Csv).expect_err("must fail");
    assert_eq!(err.code, "ERR_DOC_004");
    assert!(err.message.contains("table"));
}

#[test]
fn one_engine_renders_from_many_threads_at_once() {
    let engine = Engine::new(Limits::default());
    let doc = looped_rows();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|t| {
                let (engine, doc) = (&engine, &doc);
                scope.spawn(move || {
                    for n in 0..4 {
                        let file =
                            engine.render(doc, &rows(t * 10 + n + 1), OutputFormat::Pdf, &NoAssets).expect("renders");
                        assert!(file.bytes.starts_with(b"%PDF"));
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("thread finished");
        }
    });
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
