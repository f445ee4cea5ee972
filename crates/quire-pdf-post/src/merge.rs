//! Merging: the pages of other PDFs before and after the main document's, keeping the main catalog.
//!
//! Kept: the main document's catalog as it is (XMP metadata, outlines, named destinations, `/AF` and
//! embedded files, structure tree, `/Lang`, viewer preferences, form fields), its Info dictionary and
//! file identifier; its page labels are shifted past the prepended pages. From the inserted files only
//! the pages travel, with everything they reference (content, resources, fonts, images, link
//! annotations and destinations between their own pages); their inheritable page attributes are copied
//! onto each page. Dropped from the inserted files: their catalogs (outlines, names, metadata, `/AF`
//! and embedded files, page labels, open actions, optional-content configuration), their structure
//! (pages lose `/StructParents`, annotations `/StructParent`, so their content is untagged in the result)
//! and their form widgets (they would be fields outside the merged AcroForm).

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::PostError;
use crate::document::{load, save};

/// Page attributes a page may inherit from its ancestors in the page tree (ISO 32000-2, 7.7.3.4).
const INHERITABLE: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// The pages of `prepend` (in order), then `main`'s, then `append`'s, in one PDF keeping `main`'s
/// catalog. A malformed or encrypted input is refused with an error naming it (`prepend[1]: not a PDF: …`).
pub fn merge(main: &[u8], prepend: &[&[u8]], append: &[&[u8]]) -> Result<Vec<u8>, PostError> {
    let mut doc = load(main, "main")?;
    let before = load_all(prepend, "prepend")?;
    let after = load_all(append, "append")?;
    if before.is_empty() && after.is_empty() {
        return save(doc);
    }

    let old_root = pages_root(&doc, "main")?;
    let main_count = doc.get_pages().len();
    let new_root = doc.new_object_id();

    let mut kids = Vec::new();
    let mut prepended = 0;
    for inserted in before {
        let pages = adopt(&mut doc, inserted, new_root)?;
        prepended += pages.len();
        kids.extend(pages.into_iter().map(Object::Reference));
    }
    kids.push(Object::Reference(old_root));
    let mut appended = 0;
    for inserted in after {
        let pages = adopt(&mut doc, inserted, new_root)?;
        appended += pages.len();
        kids.extend(pages.into_iter().map(Object::Reference));
    }

    let total = prepended + main_count + appended;
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Pages".to_vec()));
    root.set("Kids", Object::Array(kids));
    root.set("Count", Object::Integer(count_as_integer(total)?));
    doc.objects.insert(new_root, Object::Dictionary(root));
    doc.get_dictionary_mut(old_root).map_err(|err| structure("main", err))?.set("Parent", Object::Reference(new_root));
    doc.catalog_mut().map_err(|err| structure("main", err))?.set("Pages", Object::Reference(new_root));
    shift_page_labels(&mut doc, prepended, main_count, appended);
    doc.prune_objects();
    save(doc)
}

fn load_all(inputs: &[&[u8]], list: &str) -> Result<Vec<Document>, PostError> {
    inputs.iter().enumerate().map(|(index, bytes)| load(bytes, &format!("{list}[{index}]"))).collect()
}

fn pages_root(doc: &Document, input: &str) -> Result<ObjectId, PostError> {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|err| structure(input, err))
}

/// Moves `inserted`'s objects into `doc` under fresh numbers and returns its pages, in order, re-parented
/// to `parent` and stripped of what only made sense with their own catalog.
fn adopt(doc: &mut Document, mut inserted: Document, parent: ObjectId) -> Result<Vec<ObjectId>, PostError> {
    inserted.renumber_objects_with(doc.max_id + 1);
    let page_ids: Vec<ObjectId> = inserted.get_pages().into_values().collect();
    for &page_id in &page_ids {
        let inherited = inherited_attributes(&inserted, page_id);
        let mut page = inserted.get_dictionary(page_id).map_err(|err| structure("inserted page", err))?.clone();
        for (key, value) in inherited {
            page.set(key, value);
        }
        page.set("Parent", Object::Reference(parent));
        page.remove(b"StructParents");
        let annots = retained_annotations(&mut inserted, &page);
        match annots {
            Some(list) if !list.is_empty() => page.set("Annots", Object::Array(list)),
            _ => {
                page.remove(b"Annots");
            }
        }
        inserted.objects.insert(page_id, Object::Dictionary(page));
    }
    doc.max_id = doc.max_id.max(inserted.max_id);
    if doc.version < inserted.version {
        doc.version = inserted.version.clone();
    }
    doc.objects.extend(inserted.objects);
    Ok(page_ids)
}

/// The inheritable attributes `page_id` lacks, taken from its nearest ancestor that has each.
fn inherited_attributes(doc: &Document, page_id: ObjectId) -> Vec<(&'static [u8], Object)> {
    let Ok(page) = doc.get_dictionary(page_id) else { return Vec::new() };
    let mut found = Vec::new();
    for key in INHERITABLE {
        if page.has(key) {
            continue;
        }
        let mut node = page.get(b"Parent").and_then(Object::as_reference).ok();
        let mut depth = 0;
        while let Some(id) = node {
            let Ok(dict) = doc.get_dictionary(id) else { break };
            if let Ok(value) = dict.get(key) {
                found.push((key, value.clone()));
                break;
            }
            depth += 1;
            node = if depth > 64 { None } else { dict.get(b"Parent").and_then(Object::as_reference).ok() };
        }
    }
    found
}

/// The page's annotations without form widgets, with their structure keys removed.
fn retained_annotations(doc: &mut Document, page: &Dictionary) -> Option<Vec<Object>> {
    let annots = match page.get(b"Annots").ok()? {
        Object::Array(list) => list.clone(),
        Object::Reference(id) => doc.get_object(*id).ok()?.as_array().ok()?.clone(),
        _ => return None,
    };
    let mut kept = Vec::new();
    for entry in annots {
        let Object::Reference(id) = entry else {
            if entry.as_dict().is_ok_and(|dict| !is_widget(dict)) {
                kept.push(entry);
            }
            continue;
        };
        let Ok(annot) = doc.get_dictionary_mut(id) else { continue };
        if is_widget(annot) {
            continue;
        }
        annot.remove(b"StructParent");
        kept.push(Object::Reference(id));
    }
    Some(kept)
}

fn is_widget(annot: &Dictionary) -> bool {
    annot.get(b"Subtype").and_then(Object::as_name).is_ok_and(|name| name == b"Widget")
}

/// Shifts the main document's page labels (a flat `/Nums` tree) past the prepended pages and gives the
/// inserted ranges plain decimal labels; a nested label tree is dropped, as shifting it is not supported.
fn shift_page_labels(doc: &mut Document, prepended: usize, main_count: usize, appended: usize) {
    let Ok(catalog) = doc.catalog() else { return };
    let labels = match catalog.get(b"PageLabels") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok().cloned(),
        Ok(Object::Dictionary(dict)) => Some(dict.clone()),
        _ => None,
    };
    let Some(labels) = labels else { return };
    let nums = labels.get(b"Nums").and_then(Object::as_array).ok().cloned();
    let Some(nums) = nums else {
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.remove(b"PageLabels");
        }
        return;
    };
    let decimal = |start: usize| {
        let mut label = Dictionary::new();
        label.set("S", Object::Name(b"D".to_vec()));
        label.set("St", Object::Integer(i64::try_from(start).unwrap_or(i64::MAX)));
        Object::Dictionary(label)
    };
    let mut shifted = Vec::new();
    if prepended > 0 {
        shifted.extend([Object::Integer(0), decimal(1)]);
    }
    for pair in nums.chunks(2) {
        if let [Object::Integer(index), label] = pair {
            let offset = i64::try_from(prepended).unwrap_or(i64::MAX);
            shifted.extend([Object::Integer(index.saturating_add(offset)), label.clone()]);
        }
    }
    if appended > 0 {
        let start = prepended + main_count;
        shifted.extend([Object::Integer(i64::try_from(start).unwrap_or(i64::MAX)), decimal(start + 1)]);
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(shifted));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("PageLabels", Object::Dictionary(tree));
    }
}

fn count_as_integer(count: usize) -> Result<i64, PostError> {
    i64::try_from(count).map_err(|_| structure("main", "too many pages"))
}

fn structure(input: &str, err: impl std::fmt::Display) -> PostError {
    PostError::BadStructure { input: input.to_owned(), reason: format!("unusable page tree: {err}") }
}
