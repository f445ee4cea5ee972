//! Golden templates: each renders to PDF (text and page count checked), XLSX (read back by calamine)
//! and, when it has a table, CSV (parsed). `QUIRE_GOLDEN_PNG=1` refreshes `tests/golden/png/`.

mod common;

use common::*;
use quire_render::OutputFormat;
use serde_json::Value;

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn check_golden(name: &str) {
    let golden = golden(name);
    let pdf = render(&golden.template, &golden.data, OutputFormat::Pdf);
    maybe_write_png(name, &pdf.bytes);
    assert!(pdf.bytes.starts_with(b"%PDF-"), "{name}: not a PDF");
    let pages = pdf_pages_text(&pdf.bytes);
    let text = pages.join(" ");
    if let Some(expected) = golden.expect.get("pages").and_then(Value::as_u64) {
        assert_eq!(pdf.page_count, Some(expected as u32), "{name}: reported page count");
        assert_eq!(pdf_page_count(&pdf.bytes), expected as usize, "{name}: pages in the file");
    }
    for wanted in strings(golden.expect.get("text")) {
        assert!(text.contains(&wanted), "{name}: {wanted:?} not found in PDF text:\n{text}");
    }
    for unwanted in strings(golden.expect.get("absent")) {
        assert!(!text.contains(&unwanted), "{name}: {unwanted:?} should not be in the PDF text");
    }
    if let Some(last) = pages.last() {
        for wanted in strings(golden.expect.get("last_page_text")) {
            assert!(last.contains(&wanted), "{name}: {wanted:?} not on the last page: {last}");
        }
    }
    if let Some(images) = golden.expect.get("images").and_then(Value::as_u64) {
        assert_eq!(pdf_image_count(&pdf.bytes), images as usize, "{name}: embedded images");
    }

    let xlsx = render(&golden.template, &golden.data, OutputFormat::Xlsx);
    let sheets = xlsx_sheets(&xlsx.bytes);
    assert!(!sheets.is_empty(), "{name}: workbook has no sheet");
    let expected_sheets = strings(golden.expect.get("sheets"));
    if !expected_sheets.is_empty() {
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, expected_sheets, "{name}: sheet names");
    }

    if let Some(rows) = golden.expect.get("csv_rows").and_then(Value::as_u64) {
        let csv = render(&golden.template, &golden.data, OutputFormat::Csv);
        assert_eq!(csv_records(&csv.bytes).len(), rows as usize, "{name}: CSV rows");
    }
}

macro_rules! golden_tests {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_golden($file);
            }
        )*
    };
}

golden_tests! {
    rynko_sample_invoice_renders => "rynko-invoice",
    professional_invoice_renders => "invoice-professional",
    text_and_headings_render => "text-and-headings",
    rich_text_renders => "rich-text",
    images_render_from_assets_and_data_uris => "images",
    layout_components_render => "layout",
    tables_render_with_footer_rows_and_data_columns => "tables",
    lists_and_key_values_render => "lists-and-pairs",
    conditionals_and_nested_loops_render => "logic",
    pages_form_renders_with_header_footer_and_page_numbers => "pages-form",
    flat_form_with_header_and_footer_renders => "long-table",
    qr_codes_render => "codes-qr",
    linear_barcodes_render => "codes-barcodes",
    datamatrix_and_pdf417_render => "codes-2d",
    svg_component_renders => "codes-svg",
    formula_component_renders => "codes-formula",
}

#[test]
fn rynko_invoice_puts_company_and_invoice_block_on_one_row_and_total_right() {
    let golden = golden("rynko-invoice");
    let pdf = render(&golden.template, &golden.data, OutputFormat::Pdf);
    let words = pdf_words(&pdf.bytes);
    let (company, invoice) = (word(&words, "Your"), word(&words, "INVOICE"));
    assert!(
        (company.y_min - invoice.y_min).abs() < 12.0,
        "company {company:?} and INVOICE {invoice:?} share the top row"
    );
    assert!(company.x_min < 100.0 && invoice.x_max > 500.0, "company left, INVOICE right");
    let description = word(&words, "Description");
    assert!(
        description.y_min > invoice.y_max && description.y_min > company.y_max,
        "the table comes below the header row"
    );
    let label = word(&words, "Total:");
    let amount = words
        .iter()
        .find(|w| w.text == "$100" && (w.y_min - label.y_min).abs() < 1.0)
        .expect("the amount sits on the Total: line");
    assert!(amount.x_max > 550.0, "the total is right-aligned at the margin: {amount:?}");
}
