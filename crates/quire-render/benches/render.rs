//! Render speed: the Rynko sample invoice to PDF (one page, and with 1,000 items), a one-page report with
//! four charts, 10,000 table rows to XLSX, and an A4 sheet of 40 parcel labels (40 Code 128 barcodes + 40 QR
//! codes) to PDF, all in-process with a warm engine. Results go to `bench/RESULTS.md`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};
use serde_json::{Value, json};

fn load(name: &str) -> TemplateDoc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    let text = std::fs::read_to_string(&path).expect("golden template");
    TemplateDoc::from_json(&serde_json::from_str(&text).expect("JSON")).expect("valid template")
}

/// An example template and its sample data from `examples/`.
fn example(name: &str) -> (TemplateDoc, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let read = |file: String| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(file)).expect("example file")).expect("JSON")
    };
    let template = TemplateDoc::from_json(&read(format!("{name}.json"))).expect("valid template");
    (template, read(format!("{name}.data.json")))
}

fn invoice_items(count: usize) -> Value {
    let items: Vec<Value> = (0..count)
        .map(|i| json!({ "description": format!("Consulting services, block {i}"), "quantity": i % 9 + 1, "rate": 150, "amount": (i % 9 + 1) * 150 }))
        .collect();
    json!({ "items": items, "total": 123_456 })
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(Limits::default());
    let invoice = load("rynko-invoice.json");
    let statement = load("long-table.json");
    let one_page = json!({});
    let thousand = invoice_items(1_000);
    let ten_thousand = invoice_items(10_000);
    let (charts, charts_data) = example("monthly-report");

    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    group.bench_function("invoice_pdf_1_page", |b| {
        b.iter(|| engine.render(&invoice, black_box(&one_page), OutputFormat::Pdf, &NoAssets).expect("renders"))
    });
    group.bench_function("report_pdf_4_charts", |b| {
        b.iter(|| engine.render(&charts, black_box(&charts_data), OutputFormat::Pdf, &NoAssets).expect("renders"))
    });
    let (labels, label_data) = example("label-sheet");
    let sheet = engine.render(&labels, &label_data, OutputFormat::Pdf, &NoAssets).expect("renders");
    assert_eq!(sheet.page_count, Some(1), "the 40 labels fit one A4 page");
    group.bench_function("label_sheet_pdf_40_barcodes_40_qr", |b| {
        b.iter(|| engine.render(&labels, black_box(&label_data), OutputFormat::Pdf, &NoAssets).expect("renders"))
    });
    group.sample_size(10);
    group.bench_function("invoice_pdf_1000_items", |b| {
        b.iter(|| engine.render(&invoice, black_box(&thousand), OutputFormat::Pdf, &NoAssets).expect("renders"))
    });
    group.bench_function("statement_xlsx_10000_rows", |b| {
        b.iter(|| engine.render(&statement, black_box(&ten_thousand), OutputFormat::Xlsx, &NoAssets).expect("renders"))
    });
    group.bench_function("statement_csv_10000_rows", |b| {
        b.iter(|| engine.render(&statement, black_box(&ten_thousand), OutputFormat::Csv, &NoAssets).expect("renders"))
    });
    group.finish();
}

criterion_group!(render, benches);
criterion_main!(render);
