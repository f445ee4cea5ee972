//! Parts of a PDF read back with lopdf: the XMP packet and the attached files the catalog's `/AF` names.

use lopdf::{Document, Object};

/// An attached file: its name (`/UF`), `AFRelationship`, bytes and MIME type (`/Subtype`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AttachedFile {
    pub name: String,
    pub relationship: String,
    pub bytes: Vec<u8>,
    pub mime_type: Option<String>,
}

/// The document's XMP metadata packet.
pub fn xmp(pdf: &Document) -> String {
    let id = pdf.catalog().expect("catalog").get(b"Metadata").and_then(Object::as_reference).expect("/Metadata");
    let stream = pdf.get_object(id).and_then(Object::as_stream).expect("metadata stream");
    let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(bytes).expect("XMP is UTF-8")
}

/// Every file the catalog's `/AF` array names, in its order.
pub fn attached_files(pdf: &Document) -> Vec<AttachedFile> {
    let af = pdf.catalog().expect("catalog").get(b"AF").and_then(Object::as_array).expect("/AF in the catalog");
    af.iter()
        .map(|spec| {
            let spec = pdf.dereference(spec).expect("file spec").1.as_dict().expect("dict");
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            let name = text(spec.get(b"UF").and_then(Object::as_str).expect("/UF"));
            let relationship = text(spec.get(b"AFRelationship").and_then(Object::as_name).expect("/AFRelationship"));
            let embedded = spec.get(b"EF").and_then(Object::as_dict).expect("/EF").get(b"F");
            let stream =
                pdf.get_object(embedded.and_then(Object::as_reference).expect("/F")).and_then(Object::as_stream);
            let stream = stream.expect("embedded file");
            let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            let mime_type = stream.dict.get(b"Subtype").and_then(Object::as_name).ok().map(text);
            AttachedFile { name, relationship, bytes, mime_type }
        })
        .collect()
}
