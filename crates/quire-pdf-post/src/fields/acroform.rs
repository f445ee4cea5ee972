//! The document side of form fields: the AcroForm dictionary, its default font, and page annotations.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::PostError;

/// The resource name of the default font, as viewers expect it in `/DA` strings.
pub(crate) const FONT_NAME: &[u8] = b"Helv";

/// The document's AcroForm, created if absent, with `/NeedAppearances false` and Helvetica as `/Helv`
/// in `/DR`. Returns the AcroForm's object id and the font's.
pub(crate) fn prepare(doc: &mut Document, input: &str) -> Result<(ObjectId, ObjectId), PostError> {
    let form_id = match doc.catalog().map_err(|err| bad(input, err))?.get(b"AcroForm") {
        Ok(Object::Reference(id)) => *id,
        Ok(Object::Dictionary(dict)) => {
            let dict = dict.clone();
            let id = doc.add_object(Object::Dictionary(dict));
            doc.catalog_mut().map_err(|err| bad(input, err))?.set("AcroForm", Object::Reference(id));
            id
        }
        _ => {
            let id = doc.add_object(Object::Dictionary(Dictionary::new()));
            doc.catalog_mut().map_err(|err| bad(input, err))?.set("AcroForm", Object::Reference(id));
            id
        }
    };
    let mut form = doc.get_dictionary(form_id).map_err(|err| bad(input, err))?.clone();
    let mut resources = direct_dict(doc, form.get(b"DR").ok());
    let mut fonts = direct_dict(doc, resources.get(b"Font").ok());
    let font_id = match fonts.get(FONT_NAME) {
        Ok(Object::Reference(id)) => *id,
        _ => {
            let id = doc.add_object(helvetica());
            fonts.set(FONT_NAME, Object::Reference(id));
            id
        }
    };
    resources.set("Font", Object::Dictionary(fonts));
    form.set("DR", Object::Dictionary(resources));
    if !form.has(b"DA") {
        form.set("DA", Object::string_literal("/Helv 0 Tf 0 g"));
    }
    if !form.has(b"Fields") {
        form.set("Fields", Object::Array(Vec::new()));
    }
    form.set("NeedAppearances", Object::Boolean(false));
    doc.objects.insert(form_id, Object::Dictionary(form));
    Ok((form_id, font_id))
}

/// The names of the fields the document already has (top-level `/T`, as new names hold no `.`).
pub(crate) fn existing_names(doc: &Document) -> HashSet<Vec<u8>> {
    let Ok(catalog) = doc.catalog() else { return HashSet::new() };
    let form = direct_dict(doc, catalog.get(b"AcroForm").ok());
    let fields = match form.get(b"Fields") {
        Ok(Object::Array(list)) => list.clone(),
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    fields
        .iter()
        .filter_map(|field| {
            let dict = match field {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                Object::Dictionary(dict) => dict,
                _ => return None,
            };
            dict.get(b"T").and_then(Object::as_str).ok().map(<[u8]>::to_vec)
        })
        .collect()
}

/// Adds `field` to the AcroForm's `/Fields`.
pub(crate) fn register_field(doc: &mut Document, form_id: ObjectId, field: ObjectId) -> Result<(), PostError> {
    let fields = doc.get_dictionary(form_id).and_then(|form| form.get(b"Fields")).cloned();
    let mut list = match fields {
        Ok(Object::Array(list)) => list,
        Ok(Object::Reference(id)) => doc.get_object(id).and_then(Object::as_array).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    list.push(Object::Reference(field));
    doc.get_dictionary_mut(form_id).map_err(|err| bad("input", err))?.set("Fields", Object::Array(list));
    Ok(())
}

/// Adds `widget` to the page's `/Annots`, which may be a direct array, a reference to one, or absent.
pub(crate) fn annotate_page(doc: &mut Document, page: ObjectId, widget: ObjectId) -> Result<(), PostError> {
    let annots = doc.get_dictionary(page).map_err(|err| bad("input", err))?.get(b"Annots").ok().cloned();
    match annots {
        Some(Object::Reference(id)) if doc.get_object(id).and_then(Object::as_array).is_ok() => {
            if let Ok(Object::Array(list)) = doc.get_object_mut(id) {
                list.push(Object::Reference(widget));
            }
        }
        Some(Object::Array(mut list)) => {
            list.push(Object::Reference(widget));
            doc.get_dictionary_mut(page).map_err(|err| bad("input", err))?.set("Annots", Object::Array(list));
        }
        _ => {
            let list = vec![Object::Reference(widget)];
            doc.get_dictionary_mut(page).map_err(|err| bad("input", err))?.set("Annots", Object::Array(list));
        }
    }
    Ok(())
}

/// Helvetica, one of the standard fonts every viewer has, in WinAnsi encoding.
fn helvetica() -> Object {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    Object::Dictionary(font)
}

/// A copy of the dictionary `object` is or refers to; empty when it is neither.
fn direct_dict(doc: &Document, object: Option<&Object>) -> Dictionary {
    match object {
        Some(Object::Dictionary(dict)) => dict.clone(),
        Some(Object::Reference(id)) => doc.get_dictionary(*id).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    }
}

fn bad(input: &str, err: impl std::fmt::Display) -> PostError {
    PostError::BadStructure { input: input.to_owned(), reason: format!("unusable AcroForm or page: {err}") }
}
