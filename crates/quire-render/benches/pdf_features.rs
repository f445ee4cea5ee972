//! What the post-layout PDF features add to the one-page Rynko invoice, in-process with a warm engine: five form
//! fields, AES-256 encryption with a user password, a PAdES signature, and a one-page PDF appended. Results go to
//! `bench/RESULTS.md`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_render::{Asset, AssetResolver, Engine, Limits, OutputFormat, PdfPasswords, Secret, Signer, TemplateDoc};
use serde_json::{Value, json};

fn invoice_json() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/rynko-invoice.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden template")).expect("JSON")
}

/// The invoice with `pdf` options, and with `extra` components at the end of its body.
fn invoice_with(pdf: Value, extra: &[Value]) -> TemplateDoc {
    let mut template = invoice_json();
    let schema = &mut template["schema"];
    schema["pdf"] = pdf;
    if let Some(components) = schema.get_mut("components").and_then(Value::as_array_mut) {
        components.extend(extra.iter().cloned());
    }
    TemplateDoc::from_json(&template).expect("valid template")
}

struct Resources {
    signer: Arc<Signer>,
    terms: Vec<u8>,
}

impl AssetResolver for Resources {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        (reference == "asset_terms")
            .then(|| Asset { bytes: self.terms.clone(), content_type: "application/pdf".into() })
    }

    fn signer(&self, _certificate_id: &str) -> Result<Arc<Signer>, String> {
        Ok(self.signer.clone())
    }
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(Limits::default());
    let p12 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../quire-pdf-post/tests/fixtures/signer-rsa.p12");
    let signer = Signer::from_pkcs12(&std::fs::read(p12).expect("fixture"), "quire-test").expect("p12");
    let plain = invoice_with(Value::Null, &[]);
    let terms = engine.render(&plain, &json!({}), OutputFormat::Pdf, &quire_render::NoAssets).expect("renders").bytes;
    let resources = Resources { signer: Arc::new(signer), terms };
    let field = |kind: &str, name: &str, extra: Value| {
        let mut props = json!({ "fieldType": kind, "name": name, "label": name, "width": 200 });
        props.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        json!({ "type": "form-field", "props": props })
    };
    let fields = [
        field("text", "name", json!({ "value": "Ada Lovelace" })),
        field("multiline", "notes", json!({})),
        field("checkbox", "agree", json!({ "value": "true" })),
        field("dropdown", "plan", json!({ "options": ["Free", "Pro"], "value": "Pro" })),
        field("signature", "signature", json!({})),
    ];
    let with_fields = invoice_with(Value::Null, &fields);
    let signed = invoice_with(json!({ "sign": { "certificateId": "cert_bench" } }), &[]);
    let appended = invoice_with(json!({ "append": ["asset_terms"] }), &[]);
    let passwords = PdfPasswords { user: Some(Secret("open".into())), owner: Some(Secret("owner".into())) };
    let none = PdfPasswords::default();
    let data = json!({});
    let render = |template: &TemplateDoc, passwords: &PdfPasswords| {
        engine
            .render_with_passwords(template, black_box(&data), OutputFormat::Pdf, &resources, passwords)
            .expect("renders")
    };

    let mut group = c.benchmark_group("pdf_features");
    group.sample_size(30);
    group.bench_function("invoice_plain", |b| b.iter(|| render(&plain, &none)));
    group.bench_function("invoice_5_form_fields", |b| b.iter(|| render(&with_fields, &none)));
    group.bench_function("invoice_encrypted", |b| b.iter(|| render(&plain, &passwords)));
    group.bench_function("invoice_signed", |b| b.iter(|| render(&signed, &none)));
    group.bench_function("invoice_1_page_appended", |b| b.iter(|| render(&appended, &none)));
    group.finish();
}

criterion_group!(pdf_features, benches);
criterion_main!(pdf_features);
