//! Where the layout put each form field: the two corner markers of its box (see `field_markup`), found with
//! Typst's introspector, as a PDF rectangle (points from the page's bottom-left corner) on a 0-based page.

use typst::foundations::{Label, Selector, Value};
use typst::introspection::MetadataElem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::field_markup::FIELD_LABEL;

/// A field's place on the rendered pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FieldPlace {
    /// 0-based page.
    pub page: usize,
    /// `[left, bottom, right, top]` in points.
    pub rect: [f64; 4],
}

/// The place of each of `count` fields, by index; `None` for a field the layout did not show. A field laid out
/// more than once (a repeated table header) takes its first place.
pub(crate) fn field_places(document: &PagedDocument, count: usize) -> Vec<Option<FieldPlace>> {
    let mut corners: Vec<[Option<(usize, f64, f64)>; 2]> = vec![[None, None]; count];
    if count == 0 {
        return Vec::new();
    }
    let Some(label) = Label::new(PicoStr::intern(FIELD_LABEL)) else { return vec![None; count] };
    let introspector = document.introspector();
    for content in introspector.elements().query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else { continue };
        let Some((index, corner)) = marker(&meta.value) else { continue };
        let Some(location) = content.location() else { continue };
        let Some(position) = introspector.position(location) else { continue };
        let slot = corners.get_mut(index).and_then(|slots| slots.get_mut(corner));
        if let Some(slot @ None) = slot {
            *slot = Some((position.page.get() - 1, position.point.x.to_pt(), position.point.y.to_pt()));
        }
    }
    corners
        .into_iter()
        .map(|pair| {
            let [Some((page, left, top)), Some((end_page, right, bottom))] = pair else { return None };
            let height = document.pages().get(page)?.frame.size().y.to_pt();
            (page == end_page && right > left && bottom > top)
                .then_some(FieldPlace { page, rect: [left, height - bottom, right, height - top] })
        })
        .collect()
}

/// `(index, corner)` of a marker's value.
fn marker(value: &Value) -> Option<(usize, usize)> {
    let Value::Array(items) = value else { return None };
    let number = |i: usize| match items.at(i as i64, None).ok()? {
        Value::Int(n) => usize::try_from(n).ok(),
        _ => None,
    };
    Some((number(0)?, number(1)?))
}
