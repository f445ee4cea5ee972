//! Golden images of each chart type: the chart rendered alone on a page of its size, rasterised at 60 dpi
//! by `pdftoppm` and compared pixel by pixel with `tests/golden/charts/<name>.png` (reviewed by eye when
//! written). `QUIRE_GOLDEN_PNG=1` rewrites the references.

mod common;

use std::io::Cursor;
use std::process::Command;

use common::*;
use quire_render::{OutputFormat, TemplateDoc};
use serde_json::{Value, json};

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 220.0;

fn page_with(props: Value) -> TemplateDoc {
    let mut props = props;
    props["width"] = json!(WIDTH);
    props["height"] = json!(HEIGHT);
    TemplateDoc::from_json(&json!({
        "schema": {
            "pageSize": { "width": WIDTH, "height": HEIGHT },
            "margins": { "top": 0, "right": 0, "bottom": 0, "left": 0 },
            "components": [ { "id": "chart", "type": "chart", "props": props } ]
        },
        "variables": []
    }))
    .expect("valid template")
}

fn data() -> Value {
    json!([
        { "month": "Jan", "revenue": 1200, "cost": 800, "price": 4 },
        { "month": "Feb", "revenue": 1500, "cost": 950, "price": 7.5 },
        { "month": "Mar", "revenue": 1350, "cost": -200, "price": 9 },
        { "month": "Apr", "revenue": 1800, "cost": 1100, "price": 12 }
    ])
}

fn two_series(kind: &str, title: &str) -> Value {
    json!({
        "chartType": kind, "title": title, "data": data(), "xField": "month", "yAxisLabel": "USD",
        "series": [ { "field": "revenue", "label": "Revenue" }, { "field": "cost", "label": "Cost" } ]
    })
}

/// The first page at 60 dpi as RGB pixels with its size.
fn raster(pdf: &[u8]) -> (u32, u32, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf_path = dir.path().join("chart.pdf");
    std::fs::write(&pdf_path, pdf).expect("write pdf");
    let stem = dir.path().join("chart");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf_path)
        .arg(&stem)
        .status()
        .expect("pdftoppm must be installed (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm failed");
    let png = std::fs::read(stem.with_extension("png")).expect("pdftoppm wrote a PNG");
    let (width, height, pixels) = decode(&png);
    (width, height, pixels, png)
}

fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let channels = info.color_type.samples();
    let rgb = pixels[..info.line_size * info.height as usize]
        .chunks(channels)
        .flat_map(|px| [px[0], px[1 % channels], px[2 % channels]])
        .collect();
    (info.width, info.height, rgb)
}

fn check(name: &str, props: Value) {
    let pdf = render(&page_with(props), &json!({}), OutputFormat::Pdf).bytes;
    let (width, height, pixels, png) = raster(&pdf);
    let reference = golden_dir().join("charts").join(format!("{name}.png"));
    if std::env::var_os("QUIRE_GOLDEN_PNG").is_some() {
        std::fs::create_dir_all(reference.parent().expect("parent")).expect("golden dir");
        std::fs::write(&reference, &png).expect("write reference");
        return;
    }
    let expected = std::fs::read(&reference).unwrap_or_else(|_| {
        panic!("{}: no reference; render it with QUIRE_GOLDEN_PNG=1 and look at it", reference.display())
    });
    let (ref_width, ref_height, ref_pixels) = decode(&expected);
    assert_eq!((width, height), (ref_width, ref_height), "{name}: image size");
    let differing = pixels
        .chunks(3)
        .zip(ref_pixels.chunks(3))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
        .count();
    let share = differing as f64 / f64::from(width * height);
    assert!(share < 0.005, "{name}: {:.2}% of the pixels differ from {}", share * 100.0, reference.display());
}

#[test]
fn grouped_bar_chart_matches_its_golden_image() {
    check("bar", two_series("bar", "Grouped bars"));
}

#[test]
fn stacked_horizontal_bar_chart_matches_its_golden_image() {
    let mut props = two_series("bar", "Stacked horizontal bars");
    props["stacked"] = json!(true);
    props["horizontal"] = json!(true);
    props["showDataLabels"] = json!(true);
    check("bar-stacked-horizontal", props);
}

#[test]
fn line_chart_matches_its_golden_image() {
    let mut props = two_series("line", "Lines");
    props["showDataLabels"] = json!(true);
    check("line", props);
}

#[test]
fn area_chart_matches_its_golden_image() {
    let mut props = two_series("area", "Stacked areas");
    props["stacked"] = json!(true);
    props["legend"] = json!("right");
    check("area", props);
}

#[test]
fn pie_chart_matches_its_golden_image() {
    let props = json!({ "chartType": "pie", "title": "Pie", "data": data(), "xField": "month",
        "series": [ { "field": "revenue" } ], "legend": "right", "showDataLabels": true });
    check("pie", props);
}

#[test]
fn doughnut_chart_matches_its_golden_image() {
    let props = json!({ "chartType": "doughnut", "title": "Doughnut", "data": data(), "xField": "month",
        "series": [ { "field": "revenue" } ], "valueFormat": "USD", "showDataLabels": true });
    check("doughnut", props);
}

#[test]
fn scatter_chart_matches_its_golden_image() {
    let props = json!({ "chartType": "scatter", "title": "Scatter", "data": data(), "xField": "price",
        "xAxisLabel": "Price", "yAxisLabel": "Units", "series": [ { "field": "revenue", "label": "Revenue" },
        { "field": "cost", "label": "Cost" } ] });
    check("scatter", props);
}
