//! Merging: page count, page order as a PDF reader extracts it, and what is kept from the main document.

mod common;

use common::{pdf_with_pages, pdftotext};
use lopdf::{Document, Object, dictionary};
use quire_pdf_post::{PostError, merge};

fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdftotext(pdf).split('\u{c}').map(str::trim).filter(|page| !page.is_empty()).map(str::to_owned).collect()
}

#[test]
fn prepended_then_main_then_appended_pages_in_order() {
    let main = pdf_with_pages(&["Main one", "Main two"]);
    let cover = pdf_with_pages(&["Cover letter"]);
    let intro = pdf_with_pages(&["Intro A", "Intro B"]);
    let terms = pdf_with_pages(&["Terms"]);
    let merged = merge(&main, &[&cover, &intro], &[&terms]).expect("merges");
    let doc = Document::load_mem(&merged).expect("result loads");
    assert_eq!(doc.get_pages().len(), 6);
    assert_eq!(page_texts(&merged), ["Cover letter", "Intro A", "Intro B", "Main one", "Main two", "Terms"]);
}

#[test]
fn pdfinfo_counts_the_sum_of_the_pages() {
    let merged = merge(&pdf_with_pages(&["a", "b", "c"]), &[&pdf_with_pages(&["d"])], &[&pdf_with_pages(&["e", "f"])])
        .expect("merges");
    let file = common::temp_pdf(&merged);
    let out = std::process::Command::new("pdfinfo").arg(file.path()).output().expect("pdfinfo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let pages = info.lines().find(|line| line.starts_with("Pages:")).expect("a Pages line");
    assert_eq!(pages.split_whitespace().last(), Some("6"), "{info}");
}

#[test]
fn main_catalog_entries_are_kept() {
    let mut doc = Document::load_mem(&pdf_with_pages(&["Main"])).expect("loads");
    let metadata = doc.add_object(lopdf::Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".to_vec(),
    ));
    let catalog = doc.catalog_mut().expect("catalog");
    catalog.set("Metadata", metadata);
    catalog.set("Lang", Object::string_literal("de-CH"));
    let mut main = Vec::new();
    doc.save_to(&mut main).expect("saves");

    let merged = merge(&main, &[&pdf_with_pages(&["Cover"])], &[]).expect("merges");
    let result = Document::load_mem(&merged).expect("loads");
    let catalog = result.catalog().expect("catalog");
    assert_eq!(catalog.get(b"Lang").and_then(Object::as_str).expect("Lang"), b"de-CH");
    let metadata = catalog.get(b"Metadata").and_then(Object::as_reference).expect("Metadata ref");
    let stream = result.get_object(metadata).and_then(Object::as_stream).expect("metadata stream");
    assert!(stream.content.starts_with(b"<x:xmpmeta"));
}

#[test]
fn inherited_media_box_and_resources_travel_with_inserted_pages() {
    let merged = merge(&pdf_with_pages(&["Main"]), &[], &[&pdf_with_pages(&["Appendix"])]).expect("merges");
    let doc = Document::load_mem(&merged).expect("loads");
    let last = *doc.get_pages().values().last().expect("pages");
    let page = doc.get_dictionary(last).expect("page");
    assert!(page.has(b"MediaBox") && page.has(b"Resources"), "{page:?}");
    assert!(page_texts(&merged).last().is_some_and(|text| text == "Appendix"));
}

#[test]
fn malformed_prepended_pdf_is_refused_naming_it() {
    let good = pdf_with_pages(&["ok"]);
    let err = merge(&good, &[&good, b"this is not a pdf at all"], &[]).expect_err("refused");
    assert!(matches!(err, PostError::NotPdf { .. }), "{err:?}");
    assert!(err.to_string().starts_with("prepend[1]: not a PDF: "), "{err}");
}

#[test]
fn malformed_main_pdf_is_refused_naming_it() {
    let err = merge(b"%PDF-1.7\n garbage", &[], &[]).expect_err("refused");
    assert!(err.to_string().starts_with("main: "), "{err}");
}

#[test]
fn appended_file_without_pages_is_refused_naming_it() {
    let mut doc = Document::with_version("1.7");
    let pages = doc.add_object(dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 });
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut empty = Vec::new();
    doc.save_to(&mut empty).expect("saves");
    let err = merge(&pdf_with_pages(&["ok"]), &[], &[&empty]).expect_err("refused");
    assert_eq!(err.to_string(), "append[0]: the PDF has no pages");
}

#[test]
fn truncated_inputs_never_panic_and_never_yield_a_broken_file() {
    let whole = pdf_with_pages(&["First", "Second"]);
    for cut in (0..whole.len()).step_by(37) {
        match merge(&pdf_with_pages(&["Main"]), &[&whole[..cut]], &[]) {
            Err(err) => assert!(err.to_string().starts_with("prepend[0]: "), "{err}"),
            Ok(merged) => assert!(Document::load_mem(&merged).is_ok_and(|doc| doc.get_pages().len() >= 2)),
        }
    }
}

#[test]
fn main_outline_is_kept_and_page_labels_shift_past_the_prepended_pages() {
    let mut doc = Document::load_mem(&pdf_with_pages(&["Main"])).expect("loads");
    let page = *doc.get_pages().values().next().expect("page");
    let outlines = doc.new_object_id();
    let item = doc.add_object(dictionary! {
        "Title" => Object::string_literal("Invoice"), "Parent" => outlines,
        "Dest" => vec![page.into(), "Fit".into()],
    });
    doc.objects.insert(
        outlines,
        Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => item, "Last" => item, "Count" => 1 }),
    );
    let labels = dictionary! { "Nums" => vec![0.into(), dictionary! { "S" => "r" }.into()] };
    let catalog = doc.catalog_mut().expect("catalog");
    catalog.set("Outlines", outlines);
    catalog.set("PageLabels", labels);
    let mut main = Vec::new();
    doc.save_to(&mut main).expect("saves");

    let merged = merge(&main, &[&pdf_with_pages(&["Cover"])], &[]).expect("merges");
    let result = Document::load_mem(&merged).expect("loads");
    let catalog = result.catalog().expect("catalog");
    let outlines = catalog.get(b"Outlines").and_then(Object::as_reference).expect("outline kept");
    let first = result.get_dictionary(outlines).and_then(|o| o.get(b"First")).and_then(Object::as_reference);
    let dest = result.get_dictionary(first.expect("item")).and_then(|i| i.get(b"Dest")).and_then(Object::as_array);
    let main_page = *result.get_pages().get(&2).expect("the main page is second");
    assert_eq!(dest.expect("dest")[0].as_reference().expect("page ref"), main_page);
    let nums = catalog.get(b"PageLabels").and_then(Object::as_dict).and_then(|l| l.get(b"Nums"));
    let nums = nums.and_then(Object::as_array).expect("labels");
    assert_eq!(nums[0].as_i64().expect("0"), 0);
    assert_eq!(nums[2].as_i64().expect("1"), 1, "the main document's roman labels start after the cover");
}
