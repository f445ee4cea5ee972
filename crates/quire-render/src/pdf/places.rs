//! Where the layout put a box that Quire fills in after layout (a form field, a code): the two corner markers of
//! the box (`metadata((index, 0))` at its top-left, `metadata((index, 1))` at its bottom-right, under one label),
//! found with Typst's introspector, as PDF rectangles (points from the page's bottom-left corner).

use typst::foundations::{Label, Selector, Value};
use typst::introspection::MetadataElem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// A box on the rendered pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Place {
    /// 0-based page.
    pub page: usize,
    /// `[left, bottom, right, top]` in points.
    pub rect: [f64; 4],
}

/// The `(index, 0)` / `(index, 1)` markup of a box's corners, under `label`.
pub(crate) fn corner_markers(label: &str, index: usize) -> String {
    format!(
        "place(top + left, [#metadata(({index}, 0)) <{label}>]); place(bottom + right, [#metadata(({index}, 1)) <{label}>])"
    )
}

/// Every place of each of `count` marked boxes, by index, in document order: a box in a page header or footer
/// is laid out once per page, so it has several.
pub(crate) fn marked_places(document: &PagedDocument, label: &str, count: usize) -> Vec<Vec<Place>> {
    let mut places: Vec<Vec<Place>> = vec![Vec::new(); count];
    if count == 0 {
        return places;
    }
    let Some(label) = Label::new(PicoStr::intern(label)) else { return places };
    let introspector = document.introspector();
    let mut open: Vec<Option<(usize, f64, f64)>> = vec![None; count];
    for content in introspector.elements().query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else { continue };
        let Some((index, corner)) = marker(&meta.value) else { continue };
        let Some(location) = content.location() else { continue };
        let Some(position) = introspector.position(location) else { continue };
        if index >= count {
            continue;
        }
        let (page, x, y) = (position.page.get() - 1, position.point.x.to_pt(), position.point.y.to_pt());
        match (corner, open[index].take()) {
            (0, _) => open[index] = Some((page, x, y)),
            (1, Some((start_page, left, top))) if start_page == page && x > left && y > top => {
                let Some(height) = document.pages().get(page).map(|p| p.frame.size().y.to_pt()) else { continue };
                places[index].push(Place { page, rect: [left, height - y, x, height - top] });
            }
            _ => {}
        }
    }
    places
}

/// `(index, corner)` of a marker's value.
fn marker(value: &Value) -> Option<(usize, usize)> {
    let Value::Array(items) = value else { return None };
    let number = |i: i64| match items.at(i, None).ok()? {
        Value::Int(n) => usize::try_from(n).ok(),
        _ => None,
    };
    Some((number(0)?, number(1)?))
}
