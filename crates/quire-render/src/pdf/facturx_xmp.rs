//! The Factur-X properties (`fx:DocumentType`, `DocumentFileName`, `Version`, `ConformanceLevel`) and their
//! PDF/A extension schema, added to the XMP packet Typst wrote, as an incremental update of the file: Typst
//! writes no custom XMP, and an appended revision leaves every byte it wrote in place.

use lopdf::{Dictionary, IncrementalDocument, Object, Stream};
use quire_einvoice::{EInvoiceXml, facturx_xmp_fragment};

use crate::error::RenderError;

/// The PDF with the Factur-X XMP of `xml`'s profile.
pub(crate) fn with_facturx_xmp(pdf: Vec<u8>, xml: &EInvoiceXml) -> Result<Vec<u8>, RenderError> {
    let failed = |what: &str| RenderError::generation(format!("adding the Factur-X metadata failed: {what}"));
    let mut document: IncrementalDocument =
        pdf.as_slice().try_into().map_err(|_| failed("the PDF could not be read"))?;
    let prev = document.get_prev_documents();
    let metadata_id = prev
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Metadata").ok())
        .and_then(|object| object.as_reference().ok())
        .ok_or_else(|| failed("the PDF has no XMP metadata"))?;
    let stream = prev.get_object(metadata_id).and_then(Object::as_stream).map_err(|_| failed("no metadata stream"))?;
    let packet = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let packet = String::from_utf8(packet).map_err(|_| failed("the XMP packet is not UTF-8"))?;
    let end = packet.rfind("</rdf:RDF>").ok_or_else(|| failed("the XMP packet has no rdf:RDF"))?;
    let patched = format!("{}{}{}", &packet[..end], facturx_xmp_fragment(xml.profile), &packet[end..]);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    document.new_document.set_object(metadata_id, Object::Stream(Stream::new(dict, patched.into_bytes())));
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    document.save_to(&mut out).map_err(|err| failed(&err.to_string()))?;
    Ok(out)
}
