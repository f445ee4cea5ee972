//! Loading an input PDF with errors that name it, and writing the result back to bytes.

use lopdf::xref::XrefType;
use lopdf::{Document, Object};

use crate::PostError;

/// Parses `bytes` as an unencrypted PDF with at least one page; `input` names it in errors.
pub(crate) fn load(bytes: &[u8], input: &str) -> Result<Document, PostError> {
    if !bytes.starts_with(b"%PDF-") && !bytes.get(..1024).is_some_and(|head| contains(head, b"%PDF-")) {
        return Err(PostError::NotPdf { input: input.to_owned(), reason: "no %PDF- header".to_owned() });
    }
    let mut doc = Document::load_mem(bytes)
        .map_err(|err| PostError::NotPdf { input: input.to_owned(), reason: err.to_string() })?;
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(PostError::Encrypted { input: input.to_owned() });
    }
    if doc.catalog().is_err() {
        return Err(PostError::BadStructure { input: input.to_owned(), reason: "no document catalog".to_owned() });
    }
    if doc.get_pages().is_empty() {
        return Err(PostError::BadStructure { input: input.to_owned(), reason: "the PDF has no pages".to_owned() });
    }
    drop_stream_bookkeeping(&mut doc);
    Ok(doc)
}

/// The page count of a PDF that every step accepts (unencrypted, readable, with pages); the error says why
/// not, naming `input`. Made for checking an uploaded file before it is kept for merging.
pub fn page_count(bytes: &[u8], input: &str) -> Result<usize, PostError> {
    load(bytes, input).map(|doc| doc.get_pages().len())
}

/// Removes cross-reference and object streams kept from loading: their members are loaded as ordinary
/// objects and the writer makes a classic cross-reference table, so the old ones would only be stale copies.
/// The trailer of a file ending in a cross-reference stream is that stream's dictionary; its stream
/// entries would be nonsense in a written trailer, and `/Prev` points into the old file.
fn drop_stream_bookkeeping(doc: &mut Document) {
    for key in [b"Type".as_slice(), b"W", b"Index", b"Length", b"Filter", b"DecodeParms", b"Prev", b"XRefStm"] {
        doc.trailer.remove(key);
    }
    doc.objects.retain(|_, object| match object {
        Object::Stream(stream) => !(stream.dict.has_type(b"XRef") || stream.dict.has_type(b"ObjStm")),
        _ => true,
    });
}

/// Serialises the document (classic cross-reference table, no object streams).
pub(crate) fn save(mut doc: Document) -> Result<Vec<u8>, PostError> {
    // A classic table, so that a signature's incremental update can follow it with one of its own.
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|err| PostError::Write(err.to_string()))?;
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
