//! Values codes cannot carry and SVG that could run code or reach outside the document are refused
//! with the component's path: in the template at validation (`ERR_TMPL_003` listing the path), from
//! data at render time (`ERR_VALID_001` at `<component>.props.<prop>`). Markup in values and SVG text is
//! data and shows literally.

mod common;

use common::*;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc, validate};
use serde_json::{Value, json};

fn problems(components: Value) -> Vec<(String, String)> {
    validate(&json!({ "components": components }), &json!([]))
        .problems
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect()
}

fn problem_at(components: Value, path: &str, fragment: &str) {
    let found = problems(components);
    assert!(found.iter().any(|(p, m)| p == path && m.contains(fragment)), "want {path} ~ {fragment:?}: {found:?}");
}

fn doc(components: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "components": components } }))
        .unwrap_or_else(|report| panic!("invalid template: {report}"))
}

fn render_err(components: Value, data: Value) -> quire_render::RenderError {
    Engine::new(Limits::default())
        .render(&doc(components), &data, OutputFormat::Pdf, &NoAssets)
        .expect_err("the render must fail")
}

fn barcode(format: &str, value: &str) -> Value {
    json!([ { "id": "pad", "type": "text", "props": { "text": "x" } },
            { "id": "code", "type": "barcode", "props": { "format": format, "value": value } } ])
}

#[test]
fn literal_values_a_code_cannot_carry_make_the_template_invalid_at_the_value() {
    let at = "schema.components[1].props.value";
    problem_at(barcode("ean13", "4006381333932"), at, "check digit");
    problem_at(barcode("ean13", "40063813339A"), at, "digits only");
    problem_at(barcode("upca", "036000291453"), at, "should be 2");
    problem_at(barcode("ean8", "963850"), at, "7 digits");
    problem_at(barcode("itf", "12345"), at, "even number");
    problem_at(barcode("itf", "12a4"), at, "digits only");
    problem_at(barcode("code39", "lower"), at, "capital");
    problem_at(barcode("code128", "Grüße"), at, "ASCII");
    problem_at(barcode("qrcode", "x"), "schema.components[1].props.format", "unknown barcode format");
    let long = "x".repeat(1300);
    problem_at(
        json!([ { "id": "pad", "type": "text" }, { "id": "q", "type": "qr-code", "props": { "value": long, "errorCorrection": "H" } } ]),
        at,
        "level H",
    );
    problem_at(
        json!([ { "id": "q", "type": "qr-code", "props": { "value": "x", "errorCorrection": "Z" } } ]),
        "schema.components[0].props.errorCorrection",
        "L, M, Q or H",
    );
    problem_at(
        json!([ { "id": "q", "type": "qr-code", "props": { "value": "x", "color": "#fff", "backgroundColor": "#fefefe" } } ]),
        "schema.components[0].props.color",
        "too close",
    );
}

#[test]
fn data_a_code_cannot_carry_fails_the_render_with_err_valid_001_at_the_value() {
    for (format, value, fragment) in [
        ("ean13", "4006381333932", "should be 1"),
        ("ean13", "4OO638133393", "digits only"),
        ("itf", "123", "even number"),
        ("ean8", "12345678901", "7 digits"),
    ] {
        let err = render_err(barcode(format, "{{v}}"), json!({ "v": value }));
        assert_eq!(err.code, "ERR_VALID_001", "{format} {value}: {err}");
        assert_eq!(err.path.as_deref(), Some("schema.components[1].props.value"), "{err}");
        assert!(err.message.contains(fragment) && err.message.contains("\"code\""), "{err}");
    }
    let err = render_err(
        json!([ { "id": "pay", "type": "qr-code", "props": { "value": "{{v}}", "errorCorrection": "H" } } ]),
        json!({ "v": "é".repeat(700) }),
    );
    assert_eq!((err.code, err.path.as_deref()), ("ERR_VALID_001", Some("schema.components[0].props.value")));
    assert!(err.message.contains("too long for a QR code at error correction level H"), "{err}");
    let err = render_err(json!([ { "id": "e", "type": "qr-code", "props": { "value": "{{missing}}" } } ]), json!({}));
    assert_eq!(err.code, "ERR_VALID_001", "an empty value cannot be encoded: {err}");
}

fn svg(markup: &str) -> Value {
    json!([ { "id": "art", "type": "svg", "props": { "svg": markup, "width": 60 } } ])
}

const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

#[test]
fn unsafe_svg_in_the_template_is_refused_at_its_path() {
    let at = "schema.components[0].props.svg";
    problem_at(svg(&format!("<svg {NS}><script>alert(1)</script></svg>")), at, "<script>");
    problem_at(svg(&format!("<svg {NS} onload=\"alert(1)\"><rect/></svg>")), at, "event handler");
    problem_at(svg(&format!("<svg {NS}><foreignObject><p>x</p></foreignObject></svg>")), at, "foreignobject");
    problem_at(svg(&format!("<svg {NS}><image href=\"https://evil.example/x.png\"/></svg>")), at, "outside the file");
    problem_at(svg(&format!("<svg {NS}><use xlink:href=\"file:///etc/passwd#a\"/></svg>")), at, "outside the file");
    problem_at(svg(&format!("<svg {NS}><rect style=\"fill:url(http://e.example/p)\"/></svg>")), at, "url(");
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
                <svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
    problem_at(svg(bomb), at, "DOCTYPE");
    problem_at(svg("<html><body/></html>"), at, "root element");
    problem_at(svg("<svg><g></svg>"), at, "well-formed");
    let huge = format!("<svg {NS}>{}</svg>", "<rect/>".repeat(80_000));
    problem_at(svg(&huge), at, "KiB");
    // A placeholder inside the markup does not hide the script around it, nor make a name.
    problem_at(svg(&format!("<svg {NS}><script>{{{{code}}}}</script></svg>")), at, "<script>");
    problem_at(
        svg(&format!("<svg {NS}><image href=\"https://cdn.example/{{{{id}}}}.png\"/></svg>")),
        at,
        "outside the file",
    );
    problem_at(svg(&format!("<svg {NS}><rect {{{{attribute}}}}=\"1\"/></svg>")), at, "well-formed");
}

#[test]
fn svg_made_unsafe_by_data_fails_the_render_and_markup_in_data_is_escaped() {
    let err = render_err(
        svg(&format!("<svg {NS} viewBox=\"0 0 10 10\"><image href=\"{{{{url}}}}\" width=\"10\" height=\"10\"/></svg>")),
        json!({ "url": "https://evil.example/track.png" }),
    );
    assert_eq!((err.code, err.path.as_deref()), ("ERR_VALID_001", Some("schema.components[0].props.svg")), "{err}");
    assert!(err.message.contains("outside the file"), "{err}");

    // Markup and quotes in values are text: no element, no attribute can come out of them.
    let template = doc(svg(&format!(
        "<svg {NS} viewBox=\"0 0 200 40\"><text x=\"4\" y=\"20\" data-name=\"{{{{name}}}}\">{{{{name}}}}</text></svg>"
    )));
    let data = json!({ "name": "<script>alert(1)</script>\" onload=\"alert(2)" });
    let source = Engine::new(Limits::default()).typst_source(&template, &data).expect("renders");
    assert!(source.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;alert(2)"), "{source}");
    assert!(!source.contains("<script>"), "{source}");
    render(&template, &data, OutputFormat::Pdf);
}

#[test]
fn svg_assets_are_inlined_as_data_uris_and_must_be_raster_images() {
    let template = doc(svg(&format!(
        "<svg {NS} viewBox=\"0 0 20 20\"><image href=\"assets://asset_logo\" width=\"20\" height=\"20\"/></svg>"
    )));
    let pdf = render(&template, &json!({}), OutputFormat::Pdf);
    assert!(pdf_image_count(&pdf.bytes) >= 1, "the logo PNG is embedded");
    let from_data = doc(svg(&format!(
        "<svg {NS} viewBox=\"0 0 20 20\"><image href=\"{{{{logo}}}}\" width=\"20\" height=\"20\"/></svg>"
    )));
    let pdf = render(&from_data, &json!({ "logo": "assets://asset_logo" }), OutputFormat::Pdf);
    assert!(pdf_image_count(&pdf.bytes) >= 1, "an asset reference may come from data");
    let err = Engine::new(Limits::default())
        .render(
            &doc(svg(&format!("<svg {NS}><image href=\"assets://asset_mark\"/></svg>"))),
            &json!({}),
            OutputFormat::Pdf,
            &FixtureAssets,
        )
        .expect_err("an SVG asset inside an SVG is refused");
    assert!(err.message.contains("only embed PNG"), "{err}");
    let err = Engine::new(Limits::default())
        .render(
            &doc(svg(&format!("<svg {NS}><image href=\"assets://asset_nope\"/></svg>"))),
            &json!({}),
            OutputFormat::Pdf,
            &FixtureAssets,
        )
        .expect_err("unknown asset");
    assert_eq!(err.code, "ERR_DOC_004");
    assert!(err.message.contains("asset_nope"), "{err}");
}

#[test]
fn markup_characters_in_code_values_render_literally() {
    let template = doc(json!([
        { "id": "b", "type": "barcode", "props": { "value": "{{v}}" } },
        { "id": "q", "type": "qr-code", "props": { "value": "{{v}}" } }
    ]));
    let data = json!({ "v": "#set text(red) <b>&</b> \\ \"q\"" });
    let pdf = render(&template, &data, OutputFormat::Pdf);
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("#set text(red) <b>&</b> \\ \"q\""), "{text}");
    let found: Vec<String> =
        common::decode::zbar_pdf(&pdf.bytes).into_iter().flatten().map(|d| d.data).collect::<Vec<_>>();
    assert_eq!(found, vec!["#set text(red) <b>&</b> \\ \"q\"".to_owned(); 2]);
}
