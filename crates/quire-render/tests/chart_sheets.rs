//! Charts in Excel and CSV, read back by real readers: a native chart part whose series point at the
//! cells written (checked with calamine), chart types and formats in the chart XML, and the data rows in
//! CSV only for the chart marked `csv: true`.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;
use quire_render::{OutputFormat, TemplateDoc};
use serde_json::{Value, json};

fn template(components: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "components": components }, "variables": [] })).expect("valid")
}

fn bar_chart(extra: Value) -> Value {
    let mut props = json!({
        "chartType": "bar", "title": "Sales", "data": "{{rows}}", "xField": "month",
        "xAxisLabel": "Month", "yAxisLabel": "Amount", "valueFormat": "$#,##0",
        "series": [ { "field": "revenue", "label": "Revenue" }, { "field": "cost", "label": "Cost" } ]
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        props[key] = value.clone();
    }
    json!({ "id": "sales", "type": "chart", "props": props })
}

fn rows() -> Value {
    json!({ "rows": [
        { "month": "Jan", "revenue": 1200, "cost": 800 },
        { "month": "Feb", "revenue": 1500.5, "cost": null },
        { "month": "Mar", "revenue": 1800, "cost": 1100 }
    ] })
}

fn part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("{name} missing from the workbook"));
    let mut xml = String::new();
    file.read_to_string(&mut xml).expect("utf-8 xml");
    xml
}

/// Every `<c:f>` formula of a chart part.
fn references(xml: &str) -> Vec<String> {
    xml.split("<c:f>").skip(1).filter_map(|rest| rest.split("</c:f>").next()).map(str::to_owned).collect()
}

/// `Sheet1!$B$3:$B$5` → (first row, col, last row, col), zero-based.
fn parse_range(reference: &str) -> (u32, u32, u32, u32) {
    let cells = reference.split('!').nth(1).expect("sheet!range").replace('$', "");
    let cell = |text: &str| {
        let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
        let row: u32 = text[letters.len()..].parse().expect("row number");
        let col = letters.bytes().fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1)) - 1;
        (row - 1, col)
    };
    let (first, last) = cells.split_once(':').unwrap_or((&cells, &cells));
    let ((r0, c0), (r1, c1)) = (cell(first), cell(last));
    (r0, c0, r1, c1)
}

fn cells(xlsx: &[u8], range: (u32, u32, u32, u32)) -> Vec<Data> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).expect("calamine opens the workbook");
    let sheet = book.worksheet_range("Sheet1").expect("Sheet1");
    let mut out = Vec::new();
    for r in range.0..=range.2 {
        for c in range.1..=range.3 {
            out.push(sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty));
        }
    }
    out
}

#[test]
fn the_chart_series_point_at_the_cells_holding_the_data() {
    let xlsx = render(&template(json!([bar_chart(json!({}))])), &rows(), OutputFormat::Xlsx).bytes;
    let xml = part(&xlsx, "xl/charts/chart1.xml");
    let refs = references(&xml);
    assert!(refs.len() >= 6, "title, two names, categories and values: {refs:?}");
    let categories = refs.iter().find(|r| r.contains("$A$") && r.contains(':')).expect("a category range in column A");
    assert_eq!(cells(&xlsx, parse_range(categories)), ["Jan", "Feb", "Mar"].map(|m| Data::String(m.into())));
    let revenue = refs.iter().find(|r| r.contains("$B$") && r.contains(':')).expect("revenue values in column B");
    assert_eq!(cells(&xlsx, parse_range(revenue)), [1200.0, 1500.5, 1800.0].map(Data::Float));
    let cost = refs.iter().find(|r| r.contains("$C$") && r.contains(':')).expect("cost values in column C");
    assert_eq!(cells(&xlsx, parse_range(cost)), vec![Data::Float(800.0), Data::Empty, Data::Float(1100.0)]);
    let name = refs.iter().find(|r| r.ends_with("$B$2")).expect("the revenue name is its header cell");
    assert_eq!(cells(&xlsx, parse_range(name)), [Data::String("Revenue".into())]);
    let title = refs.iter().find(|r| r.ends_with("$A$1")).expect("the title is a cell");
    assert_eq!(cells(&xlsx, parse_range(title)), [Data::String("Sales".into())]);
}

#[test]
fn the_chart_xml_carries_type_axis_titles_legend_and_number_format() {
    let xlsx = render(&template(json!([bar_chart(json!({ "legend": "top" }))])), &rows(), OutputFormat::Xlsx).bytes;
    let xml = part(&xlsx, "xl/charts/chart1.xml");
    for wanted in ["<c:barChart>", "<c:barDir val=\"col\"/>", "<c:grouping val=\"clustered\"/>", ">Month<", ">Amount<"]
    {
        assert!(xml.contains(wanted), "{wanted} missing from chart1.xml");
    }
    assert!(xml.contains("formatCode=\"$#,##0\""), "the value axis number format");
    assert!(xml.contains("<c:legendPos val=\"t\"/>"), "the legend position");
    let drawing = part(&xlsx, "xl/drawings/drawing1.xml");
    assert!(drawing.contains("<xdr:graphicFrame"), "the chart is a chart frame, not a picture");
    assert!(!drawing.contains("<xdr:pic>"), "no picture");
}

#[test]
fn each_chart_type_becomes_its_excel_chart() {
    let cases = [
        (
            json!({ "horizontal": true, "stacked": true }),
            &["<c:barDir val=\"bar\"/>", "<c:grouping val=\"stacked\"/>", "<c:orientation val=\"maxMin\"/>"][..],
        ),
        (json!({ "chartType": "line" }), &["<c:lineChart>"][..]),
        (json!({ "chartType": "area", "stacked": true }), &["<c:areaChart>", "<c:grouping val=\"stacked\"/>"][..]),
        (json!({ "chartType": "pie" }), &["<c:pieChart>"][..]),
        (json!({ "chartType": "doughnut" }), &["<c:doughnutChart>"][..]),
        (
            json!({ "chartType": "scatter", "xField": "revenue", "series": [ { "field": "cost" } ] }),
            &["<c:scatterChart>"][..],
        ),
    ];
    for (extra, wanted) in cases {
        let xlsx = render(&template(json!([bar_chart(extra.clone())])), &rows(), OutputFormat::Xlsx).bytes;
        let xml = part(&xlsx, "xl/charts/chart1.xml");
        for w in wanted {
            assert!(xml.contains(w), "{extra}: {w} missing from chart1.xml");
        }
    }
}

#[test]
fn hostile_titles_and_labels_stay_text_in_excel() {
    let components = json!([ { "id": "c", "type": "chart", "props": {
        "chartType": "line", "data": "{{rows}}", "title": "=Sheet1!A1", "xAxisLabel": "Month!B2",
        "series": [ { "field": "revenue", "label": "=SUM(A1:A9)" } ]
    } } ]);
    let xlsx = render(&template(components), &rows(), OutputFormat::Xlsx).bytes;
    let sheet = &xlsx_sheets(&xlsx)[0].1;
    let texts: Vec<String> = sheet.iter().flatten().map(ToString::to_string).collect();
    assert!(texts.iter().any(|t| t == "=Sheet1!A1"), "the title cell holds the text: {texts:?}");
    assert!(texts.iter().any(|t| t == "=SUM(A1:A9)"), "the series name is text, not a formula: {texts:?}");
    let refs = references(&part(&xlsx, "xl/charts/chart1.xml"));
    assert!(refs.iter().all(|r| r.starts_with("Sheet1!$")), "only references to our own cells: {refs:?}");
}

#[test]
fn csv_holds_the_chart_rows_when_the_chart_is_marked() {
    let components = json!([bar_chart(json!({ "csv": true }))]);
    let csv = csv_records(&render(&template(components), &rows(), OutputFormat::Csv).bytes);
    assert_eq!(
        csv,
        vec![
            vec!["Month", "Revenue", "Cost"],
            vec!["Jan", "1200", "800"],
            vec!["Feb", "1500.5", ""],
            vec!["Mar", "1800", "1100"],
        ]
    );
}

#[test]
fn an_unmarked_chart_adds_nothing_to_csv() {
    let table = json!({ "id": "t", "type": "table", "props": { "dataSource": "{{rows}}",
        "columns": [ { "header": "M", "field": "month" } ] } });
    let csv = csv_records(&render(&template(json!([bar_chart(json!({})), table])), &rows(), OutputFormat::Csv).bytes);
    assert_eq!(csv[0], vec!["M"], "the table, not the chart: {csv:?}");
    let engine = quire_render::Engine::default();
    let alone =
        engine.render(&template(json!([bar_chart(json!({}))])), &rows(), OutputFormat::Csv, &quire_render::NoAssets);
    assert!(alone.is_err(), "a chart that is not marked is no CSV table");
}

#[test]
fn the_blocks_after_a_chart_start_below_it() {
    let after = json!({ "id": "after", "type": "text", "props": { "text": "After the chart" } });
    let xlsx =
        render(&template(json!([bar_chart(json!({ "height": 300 })), after])), &rows(), OutputFormat::Xlsx).bytes;
    let sheet = &xlsx_sheets(&xlsx)[0].1;
    let row = sheet.iter().position(|r| r.iter().any(|c| *c == "After the chart")).expect("the text is written");
    // 300 pt = 400 px = 20 rows of 20 px.
    assert!(row >= 20, "the text starts below the chart, at row {row}");
}
