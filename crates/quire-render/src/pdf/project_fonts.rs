//! The fonts of one render: the bundled ones plus the fonts a project uploaded, as one Typst font book. A
//! set is built once per distinct list of uploaded fonts and kept (a few sets at most), so renders of a
//! project that uses its own fonts parse them once, not on every render.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use super::fonts::SHARED;
use crate::assets::ProjectFont;

/// Font sets kept; an older one is dropped when a new set would exceed this.
const KEPT_SETS: usize = 32;

/// The fonts a render can use, in book order.
pub(crate) struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

/// The bundled fonts alone.
static BUNDLED: LazyLock<Arc<FontSet>> = LazyLock::new(|| {
    Arc::new(FontSet { book: LazyHash::new(FontBook::from_fonts(&SHARED.fonts)), fonts: SHARED.fonts.clone() })
});

static SETS: LazyLock<Mutex<HashMap<Vec<String>, Arc<FontSet>>>> = LazyLock::new(Mutex::default);

/// The bundled fonts followed by `uploaded` (each face of each file); a file Typst cannot read is left out
/// (uploads are checked, so that is a file changed behind Quire's back).
pub(crate) fn font_set(uploaded: &[ProjectFont]) -> Arc<FontSet> {
    if uploaded.is_empty() {
        return BUNDLED.clone();
    }
    let key: Vec<String> = uploaded.iter().map(|font| font.sha256.clone()).collect();
    let mut sets = SETS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(set) = sets.get(&key) {
        return set.clone();
    }
    let mut fonts = SHARED.fonts.clone();
    for font in uploaded {
        fonts.extend(Font::iter(Bytes::new(font.bytes.clone())));
    }
    let set = Arc::new(FontSet { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts });
    if sets.len() >= KEPT_SETS {
        sets.clear();
    }
    sets.insert(key, set.clone());
    set
}
