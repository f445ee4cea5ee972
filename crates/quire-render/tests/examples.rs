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

#[test]
fn shipping_label_example_has_scannable_codes_on_one_label_per_parcel() {
    use common::decode::{rxing_pdf, zbar_pdf};
    let (template, data) = example("shipping-label");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(2), "one 4×6 label per parcel");
    let pages = zbar_pdf(&pdf.bytes);
    for (page, tracking) in pages.iter().zip(["NLX4820193755DE", "NLX4820193762DE"]) {
        let mut found: Vec<(String, String)> = page.iter().map(|d| (d.kind.clone(), d.data.clone())).collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                ("CODE-128".to_owned(), tracking.to_owned()),
                ("QR-Code".to_owned(), format!("https://track.nordlicht.example/p/{tracking}")),
            ]
        );
    }
    assert_eq!(
        rxing_pdf(&pdf.bytes, rxing::BarcodeFormat::DATA_MATRIX).as_deref(),
        Some("75009|B-17|NLX4820193755DE|2.4"),
        "the sorting Data Matrix of the first label"
    );
    let text = pdf_pages_text(&pdf.bytes);
    assert_contains_all("shipping-label", &text[0], &["NLX4820193755DE", "Amélie Laurent", "parcel 1 of 2", "EXPRESS"]);
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "every code is vector");

    let xlsx = render(&template, &data, OutputFormat::Xlsx);
    assert_eq!(common::decode::xlsx_media(&xlsx.bytes).len(), 6, "three codes per label as pictures");
}

#[test]
fn label_sheet_example_fits_forty_scannable_labels_on_one_page() {
    use common::decode::zbar_pdf_at;
    let (template, data) = example("label-sheet");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(1), "4 × 10 labels on one A4 page");
    // zbar's QR finder misses one or two of forty codes on a dense page at some resolutions (39 of 40 at 300 dpi,
    // all 40 at 200 and 400 dpi on this sheet): a code counts when zbar reads it at 200 or 300 dpi.
    let mut found: Vec<(String, String)> = [200, 300]
        .into_iter()
        .flat_map(|dpi| zbar_pdf_at(&pdf.bytes, dpi))
        .flatten()
        .map(|d| (d.kind, d.data))
        .collect();
    found.sort();
    found.dedup();
    let mut expected: Vec<(String, String)> = data["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .flat_map(|n| {
            [("CODE-128".to_owned(), n.to_owned()), ("QR-Code".to_owned(), format!("https://track.example/p/{n}"))]
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected, "every barcode and QR code of the sheet decodes to its label's value");
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "every code is vector");
}

#[test]
fn invoice_epc_example_carries_a_girocode_built_from_its_variables() {
    use common::decode::zbar_pdf;
    let (template, data) = example("invoice-epc");
    let pdf = render(&template, &data, OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(1));
    let found: Vec<String> = zbar_pdf(&pdf.bytes).into_iter().flatten().map(|d| d.data).collect();
    let epc = "BCD\n002\n1\nSCT\nCOBADEFFXXX\nNorthwind Design Studio GmbH\nDE89370400440532013000\nEUR12740.50\n\n\nInvoice RE-2026-0417";
    assert_eq!(
        found,
        vec![epc.to_owned()],
        "EPC069-12: service tag, version, UTF-8, SCT, BIC, name, IBAN, amount, remittance"
    );
    let text = pdf_text(&pdf.bytes);
    assert_contains_all(
        "invoice-epc",
        &text,
        &["RE-2026-0417", "Total due", "€12,740.50", "DE89 3704 0044 0532 0130 00", "GiroCode"],
    );

    // In Excel the total is a live SUM over the amount column (rows 8–11: four items under the header in row 7).
    let xlsx = render(&template, &data, OutputFormat::Xlsx);
    let sheet = common::decode::xlsx_part(&xlsx.bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<c r=\"D12\""), "the total row is row 12: {sheet}");
    assert!(sheet.contains("<f>SUM(D8:D11)</f><v>12740.5</v>"), "{sheet}");
    let rows = &xlsx_sheets(&xlsx.bytes)[0].1;
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == calamine::Data::String("Amount".into())))
        .expect("table header");
    assert_eq!(header, 6, "the table header is on sheet row 7");
    let amounts: f64 = rows[7..11].iter().map(|r| r[3].to_string().parse::<f64>().expect("amount is a number")).sum();
    assert!((amounts - 12740.5).abs() < 1e-9, "D8:D11 hold the four amounts");
}
