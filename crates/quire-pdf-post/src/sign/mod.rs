//! PAdES B-B signatures: an incremental update adding a signature field and its `/Sig` dictionary
//! (`/SubFilter /ETSI.CAdES.detached`), whose `/ByteRange` covers the whole file but the `/Contents` hole.

mod appearance;
mod cms;
mod incremental;
mod signer;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, Writer};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub use signer::Signer;

use crate::PostError;
use crate::document::{load, save};
use crate::fields::text_string;
use incremental::{BYTE_RANGE_PLACEHOLDER, Body};

/// What the signature dictionary says besides the signature, and where it shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignOptions {
    /// Why the document is signed (`/Reason`).
    pub reason: Option<String>,
    /// Where it was signed (`/Location`).
    pub location: Option<String>,
    /// How to reach the signer (`/ContactInfo`).
    pub contact_info: Option<String>,
    /// A visible signature: the 0-based page and `[left, bottom, right, top]` in points. `None` signs
    /// invisibly (a zero-size widget on the first page).
    pub visible: Option<(usize, [f64; 4])>,
}

/// Annotation flags of the signature widget: Print (4) and Locked (128).
const WIDGET_FLAGS: i64 = 4 | 128;
/// AcroForm `/SigFlags`: SignaturesExist (1) and AppendOnly (2).
const SIG_FLAGS: i64 = 3;

/// Signs the PDF (the last step: anything changed after it breaks the signature). The certificate must
/// be valid now; an encrypted or malformed input is refused. A file whose last cross-reference section
/// is a stream is rewritten once by lopdf before the update, so the update can use a classic table.
pub fn sign(pdf: &[u8], signer: &Signer, options: &SignOptions) -> Result<Vec<u8>, PostError> {
    let now = OffsetDateTime::now_utc();
    signer.check_validity(now)?;
    let mut doc = load(pdf, "input")?;
    let base = if incremental::ends_with_xref_table(pdf) {
        pdf.to_vec()
    } else {
        let rewritten = save(doc)?;
        doc = load(&rewritten, "input")?;
        rewritten
    };
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let (page_index, rect) = options.visible.unwrap_or((0, [0.0; 4]));
    let page = *pages.get(page_index).ok_or_else(|| {
        PostError::Signature(format!("page {page_index} does not exist (the document has {})", pages.len()))
    })?;
    let [left, bottom, right, top] = rect;
    if options.visible.is_some() && (!rect.iter().all(|v| v.is_finite()) || right <= left || top <= bottom) {
        return Err(PostError::Signature(format!("rectangle {rect:?} must be [left, bottom, right, top]")));
    }

    let mut next = doc.max_id.max(trailer_size(&doc).saturating_sub(1)) + 1;
    let mut new_id = || {
        next += 1;
        (next - 1, 0)
    };
    let (sig_id, field_id, ap_id, font_id) = (new_id(), new_id(), new_id(), new_id());
    let mut objects = vec![(sig_id, Body::Raw(signature_dictionary(signer, options, now, reserved_size(signer))))];

    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(&field_name(&doc)));
    field.set("V", Object::Reference(sig_id));
    field.set("F", Object::Integer(WIDGET_FLAGS));
    field.set("P", Object::Reference(page));
    field.set("Rect", Object::Array(rect.iter().map(|&v| Object::Real(v as f32)).collect()));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(ap_id));
    field.set("AP", Object::Dictionary(ap));
    objects.push((field_id, Body::Object(Object::Dictionary(field))));
    let (w, h) = (right - left, top - bottom);
    let content = if options.visible.is_some() {
        appearance::content(w, h, &visible_lines(signer, options, now))
    } else {
        Vec::new()
    };
    objects.push((ap_id, Body::Object(Object::Stream(appearance_stream(w, h, content, font_id)))));
    objects.push((font_id, Body::Object(helvetica())));
    objects.extend(page_with_widget(&doc, page, field_id)?);
    objects.extend(form_with_field(&doc, field_id)?);

    let mut trailer = Dictionary::new();
    for key in [b"Root".as_slice(), b"Info", b"Size"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key, value.clone());
        }
    }
    trailer.set("ID", file_id(&doc, now));
    let mut placed = incremental::append(&base, objects, trailer, sig_id)?;
    let range = incremental::byte_range(&placed)?;
    placed.file[placed.byte_range_at..placed.byte_range_at + range.len()].copy_from_slice(&range);

    let mut hasher = Sha256::new();
    hasher.update(&placed.file[..placed.contents_start]);
    hasher.update(&placed.file[placed.contents_end..]);
    let cms = cms::signed_data(signer, &hasher.finalize())?;
    let hole = placed.contents_end - placed.contents_start - 2;
    if cms.len() * 2 > hole {
        return Err(PostError::Signature(format!("the CMS signature ({} bytes) does not fit its space", cms.len())));
    }
    let hex: Vec<u8> = cms.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
    placed.file[placed.contents_start + 1..placed.contents_start + 1 + hex.len()].copy_from_slice(&hex);
    Ok(placed.file)
}

/// The signature dictionary with a zero-filled `/Contents` of `reserved` bytes and the range placeholder.
fn signature_dictionary(signer: &Signer, options: &SignOptions, now: OffsetDateTime, reserved: usize) -> Vec<u8> {
    let mut out = b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ".to_vec();
    out.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    out.extend_from_slice(b" /Contents <");
    out.resize(out.len() + reserved * 2, b'0');
    out.extend_from_slice(b">");
    let mut entries = vec![
        ("M", Object::String(pdf_date(now).into_bytes(), StringFormat::Literal)),
        ("Name", text_string(&signer.common_name())),
    ];
    for (key, value) in
        [("Reason", &options.reason), ("Location", &options.location), ("ContactInfo", &options.contact_info)]
    {
        if let Some(value) = value {
            entries.push((key, text_string(value)));
        }
    }
    for (key, value) in entries {
        out.extend_from_slice(format!(" /{key} ").as_bytes());
        let _ = Writer::write_object(&mut out, &value);
    }
    out.extend_from_slice(b" >>");
    out
}

/// Room for the CMS: the certificates, an RSA-4096 or ECDSA signature, the attributes and DER framing.
fn reserved_size(signer: &Signer) -> usize {
    use der::Encode;
    let certificates: usize = std::iter::once(&signer.certificate)
        .chain(&signer.chain)
        .map(|cert| cert.encoded_len().ok().and_then(|len| usize::try_from(len).ok()).unwrap_or(4096))
        .sum();
    certificates + 4096
}

/// The page again, with the widget added to `/Annots` (or the referenced annotation array, updated).
fn page_with_widget(doc: &Document, page: ObjectId, widget: ObjectId) -> Result<Vec<(ObjectId, Body)>, PostError> {
    let mut dict = doc.get_dictionary(page).map_err(structure)?.clone();
    match dict.get(b"Annots") {
        Ok(Object::Reference(id)) => {
            let mut list = doc.get_object(*id).and_then(Object::as_array).map_err(structure)?.clone();
            list.push(Object::Reference(widget));
            Ok(vec![(*id, Body::Object(Object::Array(list)))])
        }
        annots => {
            let mut list = annots.and_then(Object::as_array).cloned().unwrap_or_default();
            list.push(Object::Reference(widget));
            dict.set("Annots", Object::Array(list));
            Ok(vec![(page, Body::Object(Object::Dictionary(dict)))])
        }
    }
}

/// The AcroForm again with the signature field and `/SigFlags 3`; the catalog too when the form is direct
/// or new.
fn form_with_field(doc: &Document, field: ObjectId) -> Result<Vec<(ObjectId, Body)>, PostError> {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(structure)?;
    let mut catalog = doc.get_dictionary(root).map_err(structure)?.clone();
    let (form_id, mut form) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (Some(*id), doc.get_dictionary(*id).map_err(structure)?.clone()),
        Ok(Object::Dictionary(dict)) => (None, dict.clone()),
        _ => (None, Dictionary::new()),
    };
    let mut fields = match form.get(b"Fields") {
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default(),
        Ok(Object::Array(list)) => list.clone(),
        _ => Vec::new(),
    };
    fields.push(Object::Reference(field));
    form.set("Fields", Object::Array(fields));
    form.set("SigFlags", Object::Integer(SIG_FLAGS));
    match form_id {
        Some(id) => Ok(vec![(id, Body::Object(Object::Dictionary(form)))]),
        None => {
            catalog.set("AcroForm", Object::Dictionary(form));
            Ok(vec![(root, Body::Object(Object::Dictionary(catalog)))])
        }
    }
}

/// `Signature1`, or the first `SignatureN` not yet a field name.
fn field_name(doc: &Document) -> String {
    let taken = crate::fields::existing_names(doc);
    (1..).map(|n| format!("Signature{n}")).find(|name| !taken.contains(name.as_bytes())).unwrap_or_default()
}

fn visible_lines(signer: &Signer, options: &SignOptions, now: OffsetDateTime) -> Vec<String> {
    let mut lines = vec![
        format!("Digitally signed by {}", signer.common_name()),
        format!(
            "Date: {:04}-{:02}-{:02} {:02}:{:02} UTC",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute()
        ),
    ];
    if let Some(reason) = &options.reason {
        lines.push(format!("Reason: {reason}"));
    }
    if let Some(location) = &options.location {
        lines.push(format!("Location: {location}"));
    }
    lines
}

fn appearance_stream(w: f64, h: f64, content: Vec<u8>, font: ObjectId) -> Stream {
    let mut fonts = Dictionary::new();
    fonts.set("Helv", Object::Reference(font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", Object::Array([0.0, 0.0, w, h].iter().map(|&v| Object::Real(v.max(0.0) as f32)).collect()));
    dict.set("Resources", Object::Dictionary(resources));
    Stream::new(dict, content)
}

fn helvetica() -> Object {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    Object::Dictionary(font)
}

/// The file identifier: the original first half (it names the document), a new second half (this revision).
fn file_id(doc: &Document, now: OffsetDateTime) -> Object {
    let changed = Sha256::digest(format!("{}{}", now.unix_timestamp_nanos(), doc.max_id))[..16].to_vec();
    let first = match doc.trailer.get(b"ID").and_then(Object::as_array) {
        Ok(id) if !id.is_empty() => id[0].clone(),
        _ => Object::String(changed.clone(), StringFormat::Hexadecimal),
    };
    Object::Array(vec![first, Object::String(changed, StringFormat::Hexadecimal)])
}

fn trailer_size(doc: &Document) -> u32 {
    doc.trailer.get(b"Size").and_then(Object::as_i64).ok().and_then(|size| u32::try_from(size).ok()).unwrap_or(0)
}

/// A PDF date in UTC: `D:YYYYMMDDHHmmSS+00'00'`.
fn pdf_date(now: OffsetDateTime) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn structure(err: impl std::fmt::Display) -> PostError {
    PostError::BadStructure { input: "input".to_owned(), reason: format!("unusable page tree or catalog: {err}") }
}
