//! Long tables: the header row repeats on every page, page numbers count all pages, nothing is lost.

mod common;

use common::*;
use quire_render::OutputFormat;
use serde_json::{Value, json};

fn items(count: usize) -> Value {
    let items: Vec<Value> = (0..count)
        .map(|i| json!({ "description": format!("Line item {i:04}"), "quantity": i % 7 + 1, "rate": 12.5, "amount": (i % 7 + 1) as f64 * 12.5 }))
        .collect();
    Value::Array(items)
}

#[test]
fn a_thousand_row_table_repeats_its_header_on_every_page() {
    let golden = golden("long-table");
    let pdf = render(&golden.template, &json!({ "items": items(1000), "total": 12345 }), OutputFormat::Pdf);
    let pages = pdf_pages_text(&pdf.bytes);
    assert!(pages.len() >= 10, "1,000 rows span many pages, got {}", pages.len());
    assert_eq!(pdf.page_count, Some(pages.len() as u32));
    let total = pages.len();
    let words = pdf_words(&pdf.bytes);
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        assert!(page.contains(&format!("Page {number} of {total}")), "page {number} lacks its page number");
        assert!(page.contains("Account statement"), "page {number} lacks the running header");
        let on_page: Vec<&WordBox> = words.iter().filter(|w| w.page == number).collect();
        let first_row = on_page.iter().filter(|w| w.text == "Line").map(|w| w.y_min).fold(f64::INFINITY, f64::min);
        for heading in ["Description", "Qty", "Rate", "Amount"] {
            let cell = on_page.iter().find(|w| w.text == heading);
            let cell = cell.unwrap_or_else(|| panic!("page {number} lacks the header cell {heading}"));
            assert!(cell.y_max <= first_row, "page {number}: header {heading} sits above the first row");
        }
    }
}

#[test]
fn a_thousand_row_table_keeps_every_row_in_order() {
    let golden = golden("long-table");
    let pdf = render(&golden.template, &json!({ "items": items(1000) }), OutputFormat::Pdf);
    let text = pdf_text(&pdf.bytes);
    let mut position = 0;
    for i in 0..1000 {
        let needle = format!("Line item {i:04}");
        let found = text[position..].find(&needle).unwrap_or_else(|| panic!("{needle} missing or out of order"));
        position += found + needle.len();
    }
}

#[test]
fn a_thousand_row_table_reads_back_from_xlsx_with_numbers_as_numbers() {
    let golden = golden("long-table");
    let xlsx = render(&golden.template, &json!({ "items": items(1000) }), OutputFormat::Xlsx);
    let sheets = xlsx_sheets(&xlsx.bytes);
    let rows = &sheets[0].1;
    let header = rows.iter().position(|row| row.iter().any(|c| *c == "Description")).expect("header row");
    let first = &rows[header + 1];
    assert_eq!(first[1].to_string(), "Line item 0000");
    assert!(matches!(first[2], calamine::Data::Float(q) if q == 1.0), "quantity is a number: {:?}", first[2]);
    assert!(matches!(first[4], calamine::Data::Float(a) if a == 12.5), "currency amount is a number: {:?}", first[4]);
    let data_rows = rows[header + 1..]
        .iter()
        .filter(|row| row.get(1).is_some_and(|c| c.to_string().starts_with("Line item")))
        .count();
    assert_eq!(data_rows, 1000);
}

#[test]
fn csv_of_a_long_table_has_a_header_and_every_row_unformatted() {
    let golden = golden("long-table");
    let csv = render(&golden.template, &json!({ "items": items(1000) }), OutputFormat::Csv);
    let records = csv_records(&csv.bytes);
    assert_eq!(records.len(), 1001);
    assert_eq!(records[0], vec!["#", "Description", "Qty", "Rate", "Amount"]);
    assert_eq!(records[1], vec!["1", "Line item 0000", "1", "12.5", "12.5"]);
    assert_eq!(records[1000][1], "Line item 0999");
}
