//! Excel and CSV output read back by real readers: typed cells, styled frozen header, autofilter,
//! column widths, one sheet per page; CSV per RFC 4180.

mod common;

use std::io::Read;

use calamine::Data;
use common::*;
use quire_render::OutputFormat;

fn sheet_xml(xlsx: &[u8], index: usize) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut file = archive.by_name(&format!("xl/worksheets/sheet{index}.xml")).expect("sheet xml");
    let mut xml = String::new();
    file.read_to_string(&mut xml).expect("utf-8 xml");
    xml
}

#[test]
fn table_cells_keep_their_types_in_excel() {
    let golden = golden("tables");
    let xlsx = render(&golden.template, &golden.data, OutputFormat::Xlsx);
    let rows = &xlsx_sheets(&xlsx.bytes)[0].1;
    let payments = rows.iter().position(|r| r.first().is_some_and(|c| *c == "Date")).expect("payments header");
    let first = &rows[payments + 1];
    assert!(matches!(first[0], Data::DateTime(_)), "dates are dates: {:?}", first[0]);
    assert_eq!(first[1], Data::String("Card".into()));
    assert_eq!(first[2], Data::String("CH_1A2B".into()));
    assert_eq!(first[3], Data::Float(1000.0), "currency stays a number");
    let chair = rows.iter().find(|r| r.first().is_some_and(|c| *c == "1. Ergonomic chair")).expect("line row");
    assert_eq!(chair[1], Data::Float(4.0), "a quantity placeholder is a number");
    assert_eq!(chair[2], Data::Float(289.5), "$ followed by one placeholder is a currency number");
}

#[test]
fn the_table_header_is_bold_filled_frozen_and_filtered() {
    let golden = golden("rynko-invoice");
    let xlsx = render(&golden.template, &golden.data, OutputFormat::Xlsx);
    let xml = sheet_xml(&xlsx.bytes, 1);
    assert!(xml.contains("state=\"frozen\""), "header row is frozen: {xml}");
    assert!(xml.contains("<autoFilter"), "header row has an autofilter");
    assert!(xml.contains("<cols>"), "column widths follow columnWidths");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&xlsx.bytes)).expect("zip");
    let mut styles = String::new();
    archive.by_name("xl/styles.xml").expect("styles").read_to_string(&mut styles).expect("xml");
    assert!(styles.contains("<b/>") && styles.contains("F8F9FA"), "bold header with the template's fill");
}

#[test]
fn each_page_of_the_pages_form_is_a_sheet_with_print_header_and_footer() {
    let golden = golden("pages-form");
    let xlsx = render(&golden.template, &golden.data, OutputFormat::Xlsx);
    let sheets = xlsx_sheets(&xlsx.bytes);
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["Summary", "Regional detail"]);
    let detail = &sheets[1].1;
    let europe = detail.iter().find(|r| r.first().is_some_and(|c| *c == "Europe")).expect("Europe row");
    assert_eq!(europe[1], Data::Float(412000.0));
    let xml = sheet_xml(&xlsx.bytes, 1);
    assert!(xml.contains("Page &amp;P of &amp;N"), "footer uses Excel page fields: {xml}");
}

#[test]
fn containers_in_a_row_place_their_children_side_by_side() {
    let golden = golden("rynko-invoice");
    let xlsx = render(&golden.template, &golden.data, OutputFormat::Xlsx);
    let rows = &xlsx_sheets(&xlsx.bytes)[0].1;
    assert_eq!(rows[0][0], Data::String("Your Company".into()));
    assert_eq!(rows[0][1], Data::String("INVOICE".into()));
}

#[test]
fn csv_is_the_first_table_with_a_header_and_raw_values() {
    let golden = golden("tables");
    let csv = render(&golden.template, &golden.data, OutputFormat::Csv);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    let text = String::from_utf8(csv.bytes.clone()).expect("UTF-8");
    assert!(text.contains("\r\n"), "RFC 4180 line endings");
    let records = csv_records(&csv.bytes);
    assert_eq!(records[0], ["Item", "Qty", "Unit price", "Total"]);
    assert_eq!(records[1], ["1. Ergonomic chair", "4", "289.5", "1158"]);
    assert_eq!(records[5][0], "Loyalty discount");
}

#[test]
fn a_table_marked_csv_is_chosen_over_the_first_one() {
    let mut doc = golden("tables").template;
    doc.schema.components[4].props.insert("csv".into(), serde_json::Value::Bool(true));
    let csv = render(&doc, &golden("tables").data, OutputFormat::Csv);
    let records = csv_records(&csv.bytes);
    assert_eq!(records[0], ["Date", "Method", "Reference", "Amount"]);
    assert_eq!(records[1], ["2025-01-20", "Card", "CH_1A2B", "1000"]);
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let doc = quire_render::TemplateDoc::from_json(&serde_json::json!({ "components": [
        { "id": "t", "type": "table", "props": { "dataSource": "rows", "columns": [ { "header": "v", "field": "v" } ] } }
    ] }))
    .expect("valid");
    let tricky = "a, \"b\"\nc";
    let csv = render(&doc, &serde_json::json!({ "rows": [ { "v": tricky } ] }), OutputFormat::Csv);
    assert_eq!(csv_records(&csv.bytes)[1][0], tricky);
}
