//! PDF/A-2b, PDF/A-2u, PDF/A-3b and PDF/UA-1 output read back from the file (lopdf for the structure, poppler for
//! text): identification in the XMP packet, output intent, embedded fonts, attached files with their relationship,
//! tags, language and title; and what a standard forbids or requires, refused by `validate` with its path.

mod common;

use base64::Engine as _;
use common::pdf_parts::{attached_files, xmp};
use common::*;
use lopdf::{Dictionary, Document, Object};
use quire_render::{Asset, AssetResolver, Engine, Limits, OutputFormat, TemplateDoc, codes, validate};
use serde_json::{Value, json};

fn doc(pdf: Value, components: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": { "pdf": pdf, "components": components } })).expect("valid")
}

fn text_components() -> Value {
    json!([ { "id": "h", "type": "heading", "props": { "text": "Invoice {{number}}", "level": 1 } },
            { "id": "t", "type": "text", "props": { "text": "Straße 7, 10115 Berlin — total 1.234,50 €" } } ])
}

fn data() -> Value {
    json!({ "number": "RE-2026-001" })
}

fn catalog(pdf: &Document) -> &Dictionary {
    pdf.catalog().expect("catalog")
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the file")
}

/// Every font descriptor of the file embeds its font program.
fn assert_fonts_embedded(pdf: &Document) {
    let mut descriptors = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice()) {
            descriptors += 1;
            assert!(
                [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|key| dict.has(key)),
                "a font is not embedded: {dict:?}"
            );
        }
    }
    assert!(descriptors > 0, "the file has fonts");
}

fn assert_output_intent(pdf: &Document) {
    let intents = catalog(pdf).get(b"OutputIntents").expect("/OutputIntents");
    let intents = pdf.dereference(intents).expect("intents").1.as_array().expect("an array");
    let intent = pdf.dereference(&intents[0]).expect("intent").1.as_dict().expect("dict");
    assert_eq!(intent.get(b"S").and_then(Object::as_name).expect("/S"), b"GTS_PDFA1");
    assert!(intent.has(b"DestOutputProfile"), "the intent carries its ICC profile");
}

#[test]
fn pdf_a_2b_and_2u_identify_themselves_with_an_output_intent_and_embedded_fonts() {
    for (standard, conformance) in [("pdf/a-2b", "B"), ("pdf/a-2u", "U")] {
        let bytes = render(
            &doc(json!({ "standard": standard, "title": "Invoice" }), text_components()),
            &data(),
            OutputFormat::Pdf,
        )
        .bytes;
        let pdf = load(&bytes);
        let xmp = xmp(&pdf);
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{standard}: {xmp}");
        assert!(xmp.contains(&format!("<pdfaid:conformance>{conformance}</pdfaid:conformance>")), "{standard}: {xmp}");
        assert_output_intent(&pdf);
        assert_fonts_embedded(&pdf);
        assert!(pdf_text(&bytes).contains("Straße 7, 10115 Berlin"), "poppler reads the {standard} file");
    }
}

#[test]
fn pdf_a_3b_attaches_files_with_their_relationship() {
    let xml = "<?xml version=\"1.0\"?><invoice total=\"1234.50\"/>";
    let pdf_options = json!({ "standard": "pdf/a-3b", "title": "Invoice {{number}}", "attachments": [
        { "contentBase64": base64::engine::general_purpose::STANDARD.encode(xml), "filename": "invoice.xml",
          "mimeType": "text/xml", "description": "The invoice as data", "relationship": "Alternative" },
        { "assetId": "asset_terms", "filename": "terms.txt", "mimeType": "text/plain", "relationship": "Supplement" } ] });
    let template = doc(pdf_options, text_components());
    let engine = Engine::new(Limits::default());
    let bytes = engine.render(&template, &data(), OutputFormat::Pdf, &Terms).expect("renders").bytes;
    let pdf = load(&bytes);
    assert!(xmp(&pdf).contains("<pdfaid:part>3</pdfaid:part>"));
    assert_output_intent(&pdf);
    let mut found = attached_files(&pdf);
    found.sort();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].name, "invoice.xml");
    assert_eq!(found[0].relationship, "Alternative");
    assert_eq!(found[0].bytes, xml.as_bytes());
    assert_eq!(found[0].mime_type.as_deref(), Some("text/xml"));
    assert_eq!((found[1].name.as_str(), found[1].relationship.as_str()), ("terms.txt", "Supplement"));
    assert_eq!(found[1].bytes, b"Pay within 14 days.");
    assert!(pdf_text(&bytes).contains("Invoice RE-2026-001"));
}

#[test]
fn pdf_ua_1_is_tagged_with_language_and_title() {
    let template =
        doc(json!({ "standard": "pdf/ua-1", "title": "Invoice {{number}}", "language": "de-DE" }), text_components());
    let bytes = render(&template, &data(), OutputFormat::Pdf).bytes;
    let pdf = load(&bytes);
    let root = catalog(&pdf);
    assert!(root.has(b"StructTreeRoot"), "a structure tree");
    let mark = root.get(b"MarkInfo").and_then(Object::as_dict).expect("/MarkInfo");
    assert_eq!(mark.get(b"Marked").and_then(Object::as_bool).ok(), Some(true));
    assert_eq!(root.get(b"Lang").and_then(Object::as_str).ok(), Some(b"de-DE".as_slice()));
    let prefs = root.get(b"ViewerPreferences").and_then(Object::as_dict).expect("/ViewerPreferences");
    assert_eq!(prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(), Some(true));
    let xmp = xmp(&pdf);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("Invoice RE-2026-001"), "the title in the XMP: {xmp}");
    assert_fonts_embedded(&pdf);
    assert!(pdf_text(&bytes).contains("Straße 7, 10115 Berlin"), "poppler reads the PDF/UA file");
}

#[test]
fn pdf_a_and_ua_combine_and_codes_get_their_payload_as_alternative_text() {
    let components =
        json!([ { "id": "qr", "type": "qr-code", "props": { "value": "https://example.com/{{number}}" } } ]);
    let template = doc(json!({ "standard": ["pdf/a-2b", "pdf/ua-1"], "title": "Code" }), components);
    let bytes = render(&template, &data(), OutputFormat::Pdf).bytes;
    let pdf = load(&bytes);
    let xmp = xmp(&pdf);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    let alt_found = pdf.objects.values().filter_map(|o| o.as_dict().ok()).any(|d| {
        d.get(b"Alt").and_then(Object::as_str).is_ok_and(|alt| alt == b"QR code: https://example.com/RE-2026-001")
    });
    assert!(alt_found, "the QR code's structure element has the payload as /Alt");
    assert_eq!(pdf_pages_text(&bytes).len(), 1, "poppler reads the PDF/A + UA file");
}

#[test]
fn a_document_without_a_standard_has_no_date_and_renders_the_same_bytes_twice() {
    let template = doc(json!({ "title": "Same" }), text_components());
    let first = render(&template, &data(), OutputFormat::Pdf).bytes;
    assert_eq!(first, render(&template, &data(), OutputFormat::Pdf).bytes);
}

#[test]
fn what_a_standard_forbids_or_requires_is_reported_with_its_path() {
    let image = json!([ { "id": "logo", "type": "image", "props": { "src": "assets://asset_logo" } },
                        { "id": "art", "type": "svg", "props": { "svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" } } ]);
    let cases = [
        (json!({ "standard": "pdf/ua-1" }), json!([]), "schema.pdf.title", "requires a document title"),
        (
            json!({ "standard": "pdf/ua-1", "title": "t" }),
            image.clone(),
            "schema.components[0].props.alt",
            "alternative text",
        ),
        (json!({ "standard": "pdf/ua-1", "title": "t" }), image, "schema.components[1].props.alt", "alternative text"),
        (
            json!({ "standard": "pdf/a-2b", "attachments": [ { "contentBase64": "eA==", "filename": "x.txt", "mimeType": "text/plain" } ] }),
            json!([]),
            "schema.pdf.attachments",
            "use pdf/a-3b",
        ),
        (json!({ "standard": "pdf/a-1b" }), json!([]), "schema.pdf.standard", "unknown PDF standard"),
        (json!({ "standard": ["pdf/a-2b", "pdf/a-3b"] }), json!([]), "schema.pdf.standard", "at most one PDF/A"),
        (json!({ "language": "Deutsch" }), json!([]), "schema.pdf.language", "language tag"),
        (
            json!({ "attachments": [ { "contentBase64": "not base64!", "filename": "x", "mimeType": "text/plain" } ] }),
            json!([]),
            "schema.pdf.attachments[0].contentBase64",
            "not valid base64",
        ),
        (
            json!({ "attachments": [ { "contentBase64": "eA==", "filename": "../etc/passwd", "mimeType": "text/plain" } ] }),
            json!([]),
            "schema.pdf.attachments[0].filename",
            "cannot contain",
        ),
        (
            json!({ "attachments": [ { "contentBase64": "eA==", "filename": "a.txt", "mimeType": "text" } ] }),
            json!([]),
            "schema.pdf.attachments[0].mimeType",
            "not a MIME type",
        ),
        (
            json!({ "attachments": [ { "filename": "a.txt", "mimeType": "text/plain" } ] }),
            json!([]),
            "schema.pdf.attachments[0]",
            "assetId or contentBase64 is required",
        ),
        (
            json!({ "attachments": [ { "contentBase64": "eA==", "filename": "a.txt", "mimeType": "text/plain" },
                                  { "contentBase64": "eQ==", "filename": "A.TXT", "mimeType": "text/plain" } ] }),
            json!([]),
            "schema.pdf.attachments[1].filename",
            "attached twice",
        ),
        (
            json!({ "attachments": [ { "contentBase64": "eA==", "filename": "a.txt", "mimeType": "text/plain", "relationship": "Owner" } ] }),
            json!([]),
            "schema.pdf.attachments[0].relationship",
            "unknown relationship",
        ),
    ];
    for (pdf, components, path, words) in cases {
        let report = validate(&json!({ "pdf": pdf, "components": components }), &json!([]));
        let problem = report.problems.iter().find(|p| p.path == path);
        assert!(problem.is_some_and(|p| p.message.contains(words)), "{pdf}: expected {path}: …{words}…, got {report}");
    }
}

#[test]
fn an_attached_asset_that_is_gone_is_refused_at_its_path() {
    let template = doc(
        json!({ "standard": "pdf/a-3b", "attachments": [ { "assetId": "asset_gone", "filename": "a.txt", "mimeType": "text/plain" } ] }),
        text_components(),
    );
    let err =
        Engine::new(Limits::default()).render(&template, &data(), OutputFormat::Pdf, &Terms).expect_err("no asset");
    assert_eq!(err.code, codes::VALIDATION);
    assert_eq!(err.path.as_deref(), Some("schema.pdf.attachments[0].assetId"));
    assert!(err.message.contains("asset_gone"), "{}", err.message);
}

/// Assets of the attachment tests: the terms and conditions text.
struct Terms;

impl AssetResolver for Terms {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        (reference == "asset_terms")
            .then(|| Asset { bytes: b"Pay within 14 days.".to_vec(), content_type: "text/plain".into() })
    }
}
