//! What happens to Typst's PDF after layout, always in this order (docs/pdf-features.md): merge the `prepend` and
//! `append` files → add the form fields where the layout put them → encrypt or sign. Attached files and an
//! e-invoice's XML are written by Typst itself, before all of these. Each step keeps the file valid for the next.

use std::sync::Arc;

use quire_pdf_post::{
    EncryptOptions, FieldKind, FieldSpec, Permissions, PostError, SignOptions, Signer, add_fields, encrypt, merge, sign,
};

use super::places::Place;
use crate::assets::AssetResolver;
use crate::compile::{FieldType, PdfPasswords, PermissionSet, SignSpec};
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::resolve::{Document, FieldBlock, MergedFile};
use crate::style::Length;

/// A finished PDF and its page count.
pub(crate) struct Finished {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

/// Runs the steps the document asks for; a document that asks for none comes back untouched.
pub(crate) fn finish(
    bytes: Vec<u8>,
    pages: u32,
    places: &[Option<Place>],
    doc: &Document,
    assets: &dyn AssetResolver,
    passwords: &PdfPasswords,
    limits: &Limits,
) -> Result<Finished, RenderError> {
    let meta = &doc.metadata;
    let (mut bytes, mut pages, mut offset) = (bytes, pages, 0);
    if !meta.prepend.is_empty() || !meta.append.is_empty() {
        // The merge takes every page of each file, so the total is known (and limited) before merging.
        let count =
            |files: &[MergedFile]| files.iter().map(|f| page_count(&f.bytes, &f.path)).sum::<Result<usize, _>>();
        offset = count(&meta.prepend)?;
        let total = pages as usize + offset + count(&meta.append)?;
        pages = u32::try_from(total).unwrap_or(u32::MAX);
        if pages > limits.pages {
            return Err(RenderError::new(
                codes::LIMIT_PAGES,
                format!("the document has {pages} pages with the merged files; the limit is {}", limits.pages),
            ));
        }
        let before: Vec<&[u8]> = meta.prepend.iter().map(|f| f.bytes.as_slice()).collect();
        let after: Vec<&[u8]> = meta.append.iter().map(|f| f.bytes.as_slice()).collect();
        bytes = merge(&bytes, &before, &after).map_err(|e| merge_failed(e, doc))?;
    }
    if !doc.fields.is_empty() {
        let specs = doc
            .fields
            .iter()
            .map(|field| field_spec(field, places.get(field.index).copied().flatten(), offset))
            .collect::<Result<Vec<_>, _>>()?;
        bytes = add_fields(&bytes, &specs).map_err(|e| RenderError::new(codes::VALIDATION, e.to_string()))?;
    }
    let encrypted = meta.permissions.is_some() || !passwords.is_empty();
    if encrypted {
        if let Some(standard) = meta.standards.iter().find(|s| s.is_archival()) {
            return Err(RenderError::at(
                codes::VALIDATION,
                "pdf.userPassword",
                format!(
                    "encryption (pdf.userPassword, pdf.ownerPassword, pdf.permissions) cannot be combined with pdf.standard {}",
                    standard.name()
                ),
            ));
        }
        if meta.sign.is_some() {
            return Err(RenderError::at(codes::VALIDATION, "pdf.sign", "pdf.sign cannot be combined with encryption"));
        }
        let options = EncryptOptions {
            user_password: passwords.user.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            owner_password: passwords.owner.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            permissions: permissions(meta.permissions),
        };
        bytes = encrypt(&bytes, &options)
            .map_err(|e| RenderError::at(codes::VALIDATION, "pdf.ownerPassword", e.to_string()))?;
    }
    if let Some(spec) = &meta.sign {
        let signer = assets
            .signer(&spec.certificate_id)
            .map_err(|message| RenderError::at(codes::VALIDATION, "pdf.sign.certificateId", message))?;
        bytes = signed(&bytes, &signer, spec)?;
    }
    Ok(Finished { bytes, pages })
}

fn page_count(pdf: &[u8], what: &str) -> Result<usize, RenderError> {
    quire_pdf_post::page_count(pdf, what).map_err(|e| RenderError::at(codes::VALIDATION, what, e.to_string()))
}

/// A merge error at the path of the file it is about (`prepend[1]` → `schema.pdf.prepend[1]`).
fn merge_failed(error: PostError, doc: &Document) -> RenderError {
    let input = match &error {
        PostError::NotPdf { input, .. } | PostError::Encrypted { input } | PostError::BadStructure { input, .. } => {
            Some(input.clone())
        }
        _ => None,
    };
    let path = input.and_then(|input| {
        let (list, rest) = input.split_once('[')?;
        let index: usize = rest.trim_end_matches(']').parse().ok()?;
        let files = if list == "prepend" { &doc.metadata.prepend } else { &doc.metadata.append };
        files.get(index).map(|file| file.path.clone())
    });
    match path {
        Some(path) => RenderError::at(codes::VALIDATION, path, error.to_string()),
        None => RenderError::generation(format!("merging the PDF files failed: {error}")),
    }
}

fn permissions(set: Option<PermissionSet>) -> Permissions {
    let all = PermissionSet { print: true, copy: true, modify: true, annotate: true, fill_forms: true, assemble: true };
    let set = set.unwrap_or(all);
    Permissions {
        print: set.print,
        copy: set.copy,
        modify: set.modify,
        annotate: set.annotate,
        fill_forms: set.fill_forms,
        assemble: set.assemble,
    }
}

fn field_spec(field: &FieldBlock, place: Option<Place>, offset: usize) -> Result<FieldSpec, RenderError> {
    let place = place
        .ok_or_else(|| RenderError::generation(format!("form field {:?} was not laid out on any page", field.name)))?;
    let kind = match field.field_type {
        FieldType::Text => FieldKind::Text,
        FieldType::Multiline => FieldKind::Multiline,
        FieldType::Number => FieldKind::Number,
        FieldType::Date => FieldKind::Date,
        FieldType::Email => FieldKind::Email,
        FieldType::Checkbox => FieldKind::Checkbox,
        FieldType::Radio => FieldKind::RadioGroup { options: field.options.clone() },
        FieldType::Dropdown => FieldKind::Dropdown { options: field.options.clone() },
        FieldType::Signature => FieldKind::Signature,
    };
    Ok(FieldSpec {
        value: field.value.clone(),
        required: field.required,
        read_only: field.read_only,
        max_len: field.max_length,
        font_size: field.style.font_size.and_then(Length::as_pt),
        tooltip: field.label.clone(),
        ..FieldSpec::new(field.name.clone(), kind, place.page + offset, place.rect)
    })
}

/// Signs the finished file; a visible signature's box is given from the page's top-left corner.
fn signed(pdf: &[u8], signer: &Arc<Signer>, spec: &SignSpec) -> Result<Vec<u8>, RenderError> {
    let visible = match spec.visible {
        Some(visible) => {
            let doc = lopdf::Document::load_mem(pdf).map_err(|e| RenderError::generation(e.to_string()))?;
            let pages = doc.get_pages();
            let page_id = pages.get(&u32::try_from(visible.page).unwrap_or(u32::MAX)).copied().ok_or_else(|| {
                RenderError::at(
                    codes::VALIDATION,
                    "pdf.sign.visible.page",
                    format!("the document has {} pages; there is no page {}", pages.len(), visible.page),
                )
            })?;
            let height = page_height(&doc, page_id);
            let top = height - visible.y;
            Some((visible.page - 1, [visible.x, top - visible.height, visible.x + visible.width, top]))
        }
        None => None,
    };
    let options = SignOptions {
        reason: spec.reason.clone(),
        location: spec.location.clone(),
        contact_info: spec.contact_info.clone(),
        visible,
    };
    sign(pdf, signer, &options).map_err(|e| match e {
        PostError::Certificate(message) => RenderError::at(codes::VALIDATION, "pdf.sign.certificateId", message),
        other => RenderError::generation(format!("signing failed: {other}")),
    })
}

/// A page's height from its media box (inherited from the page tree when the page has none).
fn page_height(doc: &lopdf::Document, page: lopdf::ObjectId) -> f64 {
    let mut current = doc.get_dictionary(page).ok();
    while let Some(dict) = current {
        if let Ok(lopdf::Object::Array(media)) = dict.get(b"MediaBox") {
            let number = |i: usize| media.get(i).and_then(|o| o.as_float().ok().or(o.as_i64().ok().map(|n| n as f32)));
            if let (Some(bottom), Some(top)) = (number(1), number(3)) {
                return f64::from(top - bottom);
            }
        }
        current = dict.get(b"Parent").and_then(lopdf::Object::as_reference).and_then(|id| doc.get_dictionary(id)).ok();
    }
    792.0
}
