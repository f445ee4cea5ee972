//! The templates under `examples/` (used by the README, the guides and the benches) render with their sample
//! data in every format they offer, and say what their data says.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use quire_render::{OutputFormat, TemplateDoc};
use serde_json::Value;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The example template `name` and its sample data.
fn example(name: &str) -> (TemplateDoc, Value) {
    let template = read_json(&examples_dir().join(format!("{name}.json")));
    let data = read_json(&examples_dir().join(format!("{name}.data.json")));
    let doc = TemplateDoc::from_json(&template).unwrap_or_else(|report| panic!("{name}: invalid template: {report}"));
    (doc, data)
}

fn assert_contains_all(name: &str, text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{name}: {w:?} not found in:\n{text}");
    }
}

#[test]
fn rynko_invoice_example_renders_its_sample_data() {
    let (template, data) = example("rynko-invoice");
    let text = pdf_text(&render(&template, &data, OutputFormat::Pdf).bytes);
    assert_contains_all(
        "rynko-invoice",
        &text,
        &[
            "Northwind Design Studio",
            "#INV-2026-0142",
            "Globex Corporation",
            "Logo and identity system",
            "Total: $11740",
        ],
    );
}

#[test]
fn statement_example_spans_pages_with_every_transaction() {
    let (template, data) = example("statement");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    let pages = pdf_pages_text(&pdf.bytes);
    assert!(pages.len() >= 5, "400 transactions take several pages, got {}", pages.len());
    let last = pages.last().unwrap();
    assert!(last.contains(&format!("Page {0} of {0}", pages.len())), "page numbers on the last page: {last}");
    let table_pages: Vec<&String> = pages.iter().filter(|p| p.contains("TX1")).collect();
    assert!(table_pages.len() >= 5, "the transactions span pages");
    assert!(table_pages.iter().all(|p| p.contains("Description")), "the table header repeats on every page it spans");
    let text = pages.join(" ");
    assert_contains_all("statement", &text, &["Jordan Avery", "TX100000", "TX114763", "$2,592.49"]);

    let csv = csv_records(&render(&template, &data, OutputFormat::Csv).bytes);
    assert_eq!(csv.len(), 401, "header + 400 transactions");
    assert_eq!(csv[0], ["Date", "Description", "Reference", "Amount", "Balance"]);

    let sheets = xlsx_sheets(&render(&template, &data, OutputFormat::Xlsx).bytes);
    let cells: Vec<String> = sheets[0].1.iter().flatten().map(ToString::to_string).collect();
    assert!(cells.iter().any(|c| c == "TX114763"), "the last transaction is in the sheet");
}

#[test]
fn receipt_example_fits_one_a5_page() {
    let (template, data) = example("receipt");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(1));
    let text = pdf_text(&pdf.bytes);
    assert_contains_all(
        "receipt",
        &text,
        &["Kaffeerösterei Hafen", "R-2026-118204", "Ceramic cup \"Hafen\"", "You earned 51 points", "Thank you"],
    );
}

#[test]
fn report_example_has_a_sheet_per_page_and_a_marked_csv_table() {
    let (template, data) = example("report");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(2));
    let text = pdf_text(&pdf.bytes);
    assert_contains_all(
        "report",
        &text,
        &["November 2026 report", "North America", "$1,919,850", "Revenue is ahead of target", "Highlights", "Risks"],
    );
    let sheets = xlsx_sheets(&render(&template, &data, OutputFormat::Xlsx).bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Summary", "Notes"]);
    let csv = csv_records(&render(&template, &data, OutputFormat::Csv).bytes);
    assert_eq!(csv.len(), 5, "header + 4 regions: {csv:?}");
    assert_eq!(csv[1][0], "North America");
}

#[test]
fn monthly_report_example_draws_its_four_charts() {
    let (template, data) = example("monthly-report");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(1));
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "charts are vector graphics");
    let text = pdf_text(&pdf.bytes);
    assert_contains_all(
        "monthly-report",
        &text,
        &[
            "Revenue and cost by month",
            "Gross margin by month",
            "Revenue by region",
            "Orders by channel and quarter",
            "North America",
            "Online store",
            "$2,000,000",
            "41%",
        ],
    );
    let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).expect("zip");
    let charts = (1..=5).filter(|i| archive.by_name(&format!("xl/charts/chart{i}.xml")).is_ok()).count();
    assert_eq!(charts, 4, "one native chart per chart component");
    let csv = csv_records(&render(&template, &data, OutputFormat::Csv).bytes);
    assert_eq!(csv.len(), 12, "header + 11 months of the chart marked csv: {csv:?}");
    assert_eq!(csv[0], ["month", "Revenue", "Cost"]);
}
