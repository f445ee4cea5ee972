//! Data is always data: values full of Typst, HTML and template syntax render literally.

mod common;

use common::*;
use quire_render::{OutputFormat, TemplateDoc};
use serde_json::json;

const HOSTILE: &[&str] = &[
    "#panic()",
    "]",
    "\"quoted\"",
    "back\\slash",
    "$x^2$",
    "*bold*",
    "<b>tag</b>",
    "{{x}}",
    "#set page(width: 1pt)",
    "[#read(\"/etc/passwd\")]",
    "= Heading",
    "_under_",
    "`raw`",
    "@label",
];

fn hostile_template() -> TemplateDoc {
    TemplateDoc::from_json(&json!({
        "schema": {
            "header": [ { "id": "h", "type": "text", "props": { "text": "{{values[0]}} page {{pageNumber}}" } } ],
            "components": [
                { "id": "each", "type": "loop", "props": { "items": "values", "itemVariable": "v" }, "children": [
                    { "id": "t", "type": "text", "props": { "text": "<<{{v}}>>" } }
                ] },
                { "id": "h1", "type": "heading", "props": { "text": "{{values[1]}}{{values[2]}}" } },
                { "id": "rt", "type": "rich-text", "props": { "runs": [ { "text": "{{values[3]}}", "bold": true, "link": "{{values[0]}}" } ] } },
                { "id": "tbl", "type": "table", "props": { "headers": ["{{values[4]}}", "B"] }, "children": [
                    { "id": "r", "type": "table-row", "children": [
                        { "id": "c1", "type": "text", "props": { "text": "{{values[5]}}" } },
                        { "id": "c2", "type": "text", "props": { "text": "{{values[6]}}" } }
                    ] }
                ] },
                { "id": "l", "type": "list", "props": { "items": "values" } },
                { "id": "kv", "type": "key-value", "props": { "items": [ { "key": "{{values[7]}}", "value": "{{values[8]}}" } ] } }
            ]
        },
        "variables": [ { "name": "values", "type": "array" } ]
    }))
    .expect("valid template")
}

#[test]
fn hostile_values_appear_literally_in_the_pdf_text() {
    let pdf = render(&hostile_template(), &json!({ "values": HOSTILE }), OutputFormat::Pdf);
    let text = pdf_text(&pdf.bytes);
    for value in HOSTILE {
        let wrapped = format!("<<{value}>>");
        assert!(text.contains(&wrapped), "{wrapped:?} not found literally in:\n{text}");
    }
    assert!(text.contains("#panic() page 1"), "header keeps the value and the page number: {text}");
    assert_eq!(pdf.page_count, Some(1), "no value changed the page setup");
}

#[test]
fn a_value_that_looks_like_a_placeholder_is_not_evaluated() {
    let pdf =
        render(&hostile_template(), &json!({ "values": ["{{values}}", "x", "y"], "x": "SECRET" }), OutputFormat::Pdf);
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("<<{{values}}>>"), "{text}");
    assert!(!text.contains("SECRET"));
}

#[test]
fn hostile_values_survive_xlsx_and_csv_unchanged() {
    let template = hostile_template();
    let data = json!({ "values": HOSTILE });
    let csv = render(&template, &data, OutputFormat::Csv);
    let records = csv_records(&csv.bytes);
    assert_eq!(records[0][0], HOSTILE[4]);
    assert_eq!(records[1], vec![HOSTILE[5].to_owned(), HOSTILE[6].to_owned()]);
    let xlsx = render(&template, &data, OutputFormat::Xlsx);
    let sheets = xlsx_sheets(&xlsx.bytes);
    let cells: Vec<String> = sheets[0].1.iter().flatten().map(ToString::to_string).collect();
    for value in HOSTILE {
        assert!(cells.iter().any(|c| c.contains(value)), "{value:?} missing from the sheet");
    }
}
