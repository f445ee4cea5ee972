//! Post-processing speed on a one-page PDF: merging a one-page cover before it, adding five form fields,
//! AES-256 encryption, and a PAdES signature (RSA 2048 from the test fixtures). Results go to
//! `bench/RESULTS.md`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use quire_pdf_post::{
    EncryptOptions, FieldKind, FieldSpec, Permissions, SignOptions, Signer, add_fields, encrypt, merge, sign,
};

/// A one-page A4 PDF with a line of Helvetica text, written through this crate's own writer.
fn one_page(text: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 24.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().expect("content")));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    add_fields(&out, &[]).expect("rewritten with a classic cross-reference table")
}

fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec {
            value: Some("Ada Lovelace".into()),
            ..FieldSpec::new("name", FieldKind::Text, 0, [72.0, 600.0, 300.0, 620.0])
        },
        FieldSpec::new("notes", FieldKind::Multiline, 0, [72.0, 520.0, 300.0, 580.0]),
        FieldSpec {
            value: Some("true".into()),
            ..FieldSpec::new("agree", FieldKind::Checkbox, 0, [72.0, 490.0, 86.0, 504.0])
        },
        FieldSpec::new(
            "currency",
            FieldKind::Dropdown { options: vec!["EUR".into(), "CHF".into(), "USD".into()] },
            0,
            [72.0, 450.0, 160.0, 470.0],
        ),
        FieldSpec::new("signature", FieldKind::Signature, 0, [72.0, 380.0, 272.0, 430.0]),
    ]
}

fn post(c: &mut Criterion) {
    let invoice = one_page("Invoice 2026-0042");
    let cover = one_page("Cover letter");
    let p12 = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signer-rsa.p12")).expect("p12");
    let signer = Signer::from_pkcs12(&p12, "quire-test").expect("signer");
    let options = EncryptOptions {
        user_password: "user".into(),
        owner_password: "owner".into(),
        permissions: Permissions::all(),
    };
    let fields = fields();

    c.bench_function("merge: 1-page cover + 1-page document", |b| {
        b.iter(|| merge(black_box(&invoice), &[&cover], &[]).expect("merges"))
    });
    c.bench_function("form fields: 5 fields on 1 page", |b| {
        b.iter(|| add_fields(black_box(&invoice), &fields).expect("fields"))
    });
    c.bench_function("encrypt: AES-256 R6, 1 page", |b| {
        b.iter(|| encrypt(black_box(&invoice), &options).expect("encrypts"))
    });
    c.bench_function("sign: PAdES B-B RSA-2048, 1 page", |b| {
        b.iter(|| sign(black_box(&invoice), &signer, &SignOptions::default()).expect("signs"))
    });
    c.bench_function("read PKCS#12 (RSA-2048)", |b| {
        b.iter(|| Signer::from_pkcs12(black_box(&p12), "quire-test").expect("signer"))
    });
}

criterion_group!(benches, post);
criterion_main!(benches);
