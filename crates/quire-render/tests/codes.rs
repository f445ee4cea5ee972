//! QR codes and barcodes are read back as a scanner would: PDF pages rasterised at 300 dpi and decoded
//! with zbar (QR and every 1-D format) or rxing (Data Matrix, PDF417), and the PNG images embedded in
//! the workbook decoded the same way. Needs `pdftoppm` (poppler-utils) and `zbarimg` (zbar-tools).

mod common;

use std::collections::BTreeSet;

use common::decode::*;
use common::*;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};
use rxing::BarcodeFormat;
use serde_json::{Value, json};

fn doc(components: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "pageSize": "A4", "components": components } }))
        .unwrap_or_else(|report| panic!("invalid template: {report}"))
}

fn datas(found: &[Decoded]) -> BTreeSet<String> {
    found.iter().map(|d| d.data.clone()).collect()
}

#[test]
fn qr_codes_decode_to_their_values_at_every_level_and_stay_vector() {
    let payloads = [
        ("L", "<b>Tom & \"Jerry\"</b> {{not.evaluated}} #panic() ]"),
        ("M", "Grüße aus Köln – 20 € ✓"),
        ("Q", "BCD\n002\n1\nSCT\nCOBADEFFXXX\nNorthwind GmbH\nDE89370400440532013000\nEUR12.50\n\n\nInvoice 7"),
        ("H", "https://quire.example/t/0042?x=1&y=2"),
    ];
    // One code a page: zbar's raw output cannot separate payloads that contain line breaks.
    let components: Vec<Value> = payloads
        .iter()
        .enumerate()
        .flat_map(|(i, (level, _))| {
            [
                json!({ "id": format!("break-{i}"), "type": "page-break" }),
                json!({ "id": format!("qr-{level}"), "type": "qr-code", "props": {
                    "value": format!("{{{{p{i}}}}}"), "errorCorrection": level, "size": "1.6in"
                } }),
            ]
        })
        .collect();
    let data: serde_json::Map<String, Value> =
        payloads.iter().enumerate().map(|(i, (_, p))| (format!("p{i}"), json!(p))).collect();
    let template = doc(Value::Array(components));
    let pdf = render(&template, &Value::Object(data.clone()), OutputFormat::Pdf);
    let pages = zbar_pdf(&pdf.bytes);
    let found: Vec<Decoded> = pages.into_iter().flatten().collect();
    assert!(found.iter().all(|d| d.kind == "QR-Code"), "{found:?}");
    let expected: BTreeSet<String> = payloads.iter().map(|(_, p)| (*p).to_owned()).collect();
    assert_eq!(datas(&found), expected);
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "QR codes are drawn as vector paths, not embedded bitmaps");

    // The same codes in Excel are PNG pictures that decode to the same values.
    let xlsx = render(&template, &Value::Object(data), OutputFormat::Xlsx);
    let media = xlsx_media(&xlsx.bytes);
    assert_eq!(media.len(), 4, "one picture per code");
    let decoded: BTreeSet<String> = media.iter().flat_map(|(_, png)| zbar_png(png)).map(|d| d.data).collect();
    assert_eq!(decoded, expected);
}

#[test]
fn every_linear_format_decodes_with_its_check_digit_and_shows_real_text() {
    let cases = [
        // (format, value given, what a scanner reads, the text under the bars)
        ("code128", "QUIRE <&> \"42\"", "QUIRE <&> \"42\"", "QUIRE <&> \"42\""),
        ("code39", "QUIRE-39 $/+%", "QUIRE-39 $/+%", "QUIRE-39 $/+%"),
        ("ean13", "400638133393", "4006381333931", "4006381333931"),
        ("ean8", "9638507", "96385074", "96385074"),
        // zbar reports UPC-A as the EAN-13 it is, with a leading 0.
        ("upca", "03600029145", "0036000291452", "036000291452"),
        ("itf", "12345678901231", "12345678901231", "12345678901231"),
    ];
    let components: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, (format, _, _, _))| {
            json!({ "id": format!("code-{format}"), "type": "barcode", "props": {
                "format": format, "value": format!("{{{{v{i}}}}}"), "height": 40, "style": { "marginBottom": 18 }
            } })
        })
        .collect();
    let data: serde_json::Map<String, Value> =
        cases.iter().enumerate().map(|(i, (_, v, _, _))| (format!("v{i}"), json!(v))).collect();
    let template = doc(Value::Array(components));
    let pdf = render(&template, &Value::Object(data.clone()), OutputFormat::Pdf);
    let found: Vec<Decoded> = zbar_pdf(&pdf.bytes).into_iter().flatten().collect();
    let expected: BTreeSet<String> = cases.iter().map(|(_, _, read, _)| (*read).to_owned()).collect();
    assert_eq!(datas(&found), expected, "{found:?}");
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "barcodes are vector");
    let text = pdf_text(&pdf.bytes);
    for (format, _, _, shown) in cases {
        assert!(text.contains(shown), "{format}: {shown:?} is real text under the bars: {text}");
    }

    let xlsx = render(&template, &Value::Object(data), OutputFormat::Xlsx);
    let media = xlsx_media(&xlsx.bytes);
    assert_eq!(media.len(), cases.len());
    let decoded: BTreeSet<String> = media.iter().flat_map(|(_, png)| zbar_png(png)).map(|d| d.data).collect();
    assert_eq!(decoded, expected);
    let cells: Vec<String> = xlsx_sheets(&xlsx.bytes)[0].1.iter().flatten().map(ToString::to_string).collect();
    assert!(cells.iter().any(|c| c == "4006381333931"), "the human-readable text sits in the cell under the picture");
}

#[test]
fn datamatrix_and_pdf417_decode_with_rxing_in_pdf_and_excel() {
    for (format, rx, value) in [
        ("datamatrix", BarcodeFormat::DATA_MATRIX, "75009|B-17|NLX4820193755DE|<&>"),
        ("pdf417", BarcodeFormat::PDF_417, "PDF417 <b>&amp;</b> 1234567890 Ünïcödé"),
    ] {
        let template = doc(json!([{ "id": "c", "type": "barcode", "props": { "format": format, "value": "{{v}}" } }]));
        let data = json!({ "v": value });
        let pdf = render(&template, &data, OutputFormat::Pdf);
        assert_eq!(rxing_pdf(&pdf.bytes, rx).as_deref(), Some(value), "{format} in the PDF");
        assert_eq!(pdf_image_count(&pdf.bytes), 0, "{format} is vector");

        let xlsx = render(&template, &data, OutputFormat::Xlsx);
        let media = xlsx_media(&xlsx.bytes);
        assert_eq!(media.len(), 1, "{format}: one picture");
        let (luma, width, height) = png_luma(&media[0].1);
        assert_eq!(rxing_luma(luma, width, height, rx).as_deref(), Some(value), "{format} in Excel");
    }
}

#[test]
fn colours_quiet_zone_and_size_are_applied() {
    let template = doc(json!([
        { "id": "q", "type": "qr-code", "props": { "value": "colour", "color": "#1d4ed8", "backgroundColor": "#fef3c7", "quietZone": 2, "size": "30mm" } },
        { "id": "b", "type": "barcode", "props": { "format": "code128", "value": "COLOUR", "color": "darkgreen", "moduleWidth": "0.4mm", "height": "20mm", "showText": false } }
    ]));
    let source = Engine::new(Limits::default()).typst_source(&template, &json!({})).expect("source");
    assert!(source.contains("width: 85.039pt"), "30 mm");
    let pdf = render(&template, &json!({}), OutputFormat::Pdf);
    // The codes are drawn into the page: module runs filled in the colours, the background as one rectangle.
    let contents = page_contents(&pdf.bytes);
    assert!(contents.contains("0.1137 0.3059 0.8471 rg"), "dark modules in #1d4ed8");
    assert!(contents.contains("0.9961 0.9529 0.7804 rg"), "background #fef3c7");
    assert!(contents.contains("85.04 85.04 re f"), "the background fills the 30 mm square");
    assert!(contents.contains("0.0000 0.3922 0.0000 rg"), "bars in darkgreen");
    assert_eq!(pdf_image_count(&pdf.bytes), 0, "vector, no picture");
    let found: Vec<Decoded> = zbar_pdf(&pdf.bytes).into_iter().flatten().collect();
    assert_eq!(datas(&found), BTreeSet::from(["colour".to_owned(), "COLOUR".to_owned()]));
    assert!(!pdf_text(&pdf.bytes).contains("COLOUR"), "showText: false draws no text");
}

#[test]
fn codes_put_nothing_in_csv() {
    let template = TemplateDoc::from_json(&json!({ "schema": { "components": [
        { "id": "q", "type": "qr-code", "props": { "value": "not in csv" } },
        { "id": "t", "type": "table", "props": { "headers": ["SKU"], "dataSource": "{{rows}}", "columns": [ { "field": "sku" } ] } },
        { "id": "b", "type": "barcode", "props": { "value": "NOT-IN-CSV" } }
    ] } }))
    .expect("valid");
    let csv = render(&template, &json!({ "rows": [ { "sku": "A-1" } ] }), OutputFormat::Csv);
    assert_eq!(csv_records(&csv.bytes), vec![vec!["SKU".to_owned()], vec!["A-1".to_owned()]]);
}

#[test]
fn a_code_in_a_table_cell_is_a_picture_in_its_cell() {
    let template = TemplateDoc::from_json(&json!({ "schema": { "components": [
        { "id": "t", "type": "table", "props": { "headers": ["Item", "Code"] }, "children": [
            { "id": "l", "type": "loop", "props": { "items": "{{rows}}", "itemVariable": "r" }, "children": [
                { "id": "row", "type": "table-row", "children": [
                    { "id": "n", "type": "text", "props": { "text": "{{r.name}}" } },
                    { "id": "c", "type": "barcode", "props": { "format": "ean8", "value": "{{r.ean}}", "moduleWidth": 0.8, "height": 24 } }
                ] }
            ] }
        ] }
    ] } }))
    .expect("valid");
    let data = json!({ "rows": [ { "name": "Beans", "ean": "9638507" }, { "name": "Cups", "ean": "55123457" } ] });
    let pdf = render(&template, &data, OutputFormat::Pdf);
    let found: Vec<Decoded> = zbar_pdf(&pdf.bytes).into_iter().flatten().collect();
    assert_eq!(datas(&found), BTreeSet::from(["96385074".to_owned(), "55123457".to_owned()]));
    let xlsx = render(&template, &data, OutputFormat::Xlsx);
    assert_eq!(xlsx_media(&xlsx.bytes).len(), 2);
    let drawing = xlsx_part(&xlsx.bytes, "xl/drawings/drawing1.xml");
    assert!(drawing.contains("<xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"), "{drawing}");
}

#[test]
fn a_sheet_of_80_codes_renders_within_the_engine_limits() {
    // Speed is measured in benches/render.rs; here the engine's own limits (render time, components) must hold.
    let components: Vec<Value> = vec![
        json!({ "id": "labels", "type": "loop", "props": { "items": "{{labels}}", "itemVariable": "l" }, "children": [
        { "id": "b", "type": "barcode", "props": { "value": "{{l.tracking}}", "height": 20 } },
        { "id": "q", "type": "qr-code", "props": { "value": "https://t.example/{{l.tracking}}", "size": 40 } }
    ] }),
    ];
    let labels: Vec<Value> =
        (0..40).map(|i| json!({ "tracking": format!("NLX{:010}DE", 4_820_193_000u64 + i) })).collect();
    let pdf = Engine::new(Limits::default())
        .render(&doc(Value::Array(components)), &json!({ "labels": labels }), OutputFormat::Pdf, &NoAssets)
        .expect("renders");
    assert!(pdf.page_count.unwrap_or(0) >= 1);
    let contents = page_contents(&pdf.bytes);
    let drawn: usize = contents.split("q /Artifact BMC").skip(1).map(|codes| codes.matches(" rg\n").count()).sum();
    assert_eq!(drawn, 2 * 80, "every code is drawn into its page: its white background, then its modules");
}

/// The decompressed content streams of every page, joined.
fn page_contents(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF");
    let mut out = String::new();
    for page in doc.get_pages().into_values() {
        out.push_str(&String::from_utf8_lossy(&doc.get_page_content(page)));
    }
    out
}

#[test]
fn under_pdf_ua_codes_are_svg_images_with_their_alternative_text() {
    let schema = json!({ "pdf": { "standard": "pdf/ua-1", "title": "Codes" }, "components": [
        { "id": "q", "type": "qr-code", "props": { "value": "colour", "color": "#1d4ed8", "quietZone": 2 } } ] });
    let template = TemplateDoc::from_json(&json!({ "schema": schema })).expect("template");
    let source = Engine::new(Limits::default()).typst_source(&template, &json!({})).expect("source");
    assert!(source.contains("fill=\\\"#1d4ed8\\\""), "an SVG in the colour: {source}");
    assert!(source.contains("viewBox=\\\"0 0 25 25\\\""), "21 modules + 2 × 2 quiet zone");
    assert!(source.contains("alt: \"QR code: colour\""), "with its alternative text");
    let pdf = render(&template, &json!({}), OutputFormat::Pdf);
    let found: Vec<Decoded> = zbar_pdf(&pdf.bytes).into_iter().flatten().collect();
    assert_eq!(datas(&found), BTreeSet::from(["colour".to_owned()]));
}
