//! Fonts and the Typst standard library, loaded once per process and shared by every render.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

/// The bundled default sans family (Inter, SIL OFL 1.1; see `fonts/LICENSE-Inter.txt`).
pub(crate) const SANS: &str = "Inter";
/// The bundled serif family (Libertinus Serif, from `typst-assets`).
pub(crate) const SERIF: &str = "Libertinus Serif";
/// The bundled monospace family (DejaVu Sans Mono, from `typst-assets`).
pub(crate) const MONO: &str = "DejaVu Sans Mono";

pub(crate) const INTER: [&[u8]; 4] = [
    include_bytes!("../../fonts/Inter-Regular.otf"),
    include_bytes!("../../fonts/Inter-Bold.otf"),
    include_bytes!("../../fonts/Inter-Italic.otf"),
    include_bytes!("../../fonts/Inter-BoldItalic.otf"),
];

/// Everything Typst needs that does not change between renders.
pub(crate) struct TypstShared {
    /// The standard library.
    pub library: LazyHash<Library>,
    /// The fonts, in book order.
    pub fonts: Vec<Font>,
}

/// The process-wide shared state; parsed on first use.
pub(crate) static SHARED: LazyLock<TypstShared> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        INTER.into_iter().chain(typst_assets::fonts()).flat_map(|data| Font::iter(Bytes::new(data))).collect();
    TypstShared { library: LazyHash::new(Library::default()), fonts }
});

/// Map a CSS `font-family` list to bundled families: generic names and common system fonts go to the
/// matching bundled family; unknown names are kept (Typst falls back to the default sans).
pub(crate) fn families(css: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in css.split(',') {
        let name = name.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        let lower = name.to_ascii_lowercase();
        let mapped = match lower.as_str() {
            "" => continue,
            "sans-serif" | "system-ui" | "-apple-system" | "blinkmacsystemfont" | "ui-sans-serif" | "helvetica"
            | "helvetica neue" | "arial" | "roboto" | "segoe ui" | "open sans" | "lato" | "verdana" | "tahoma"
            | "inter" | "montserrat" | "source sans pro" | "noto sans" => SANS.to_owned(),
            "serif" | "ui-serif" | "times" | "times new roman" | "georgia" | "garamond" | "cambria"
            | "libertinus serif" | "merriweather" | "playfair display" | "noto serif" => SERIF.to_owned(),
            "monospace" | "ui-monospace" | "courier" | "courier new" | "consolas" | "menlo" | "monaco"
            | "source code pro" | "dejavu sans mono" | "fira code" | "roboto mono" => MONO.to_owned(),
            "new computer modern" | "latin modern" => "New Computer Modern".to_owned(),
            _ => name.to_owned(),
        };
        if !out.contains(&mapped) {
            out.push(mapped);
        }
    }
    if !out.iter().any(|f| f == SANS) {
        out.push(SANS.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_include_the_three_families() {
        let names: Vec<&str> = SHARED.fonts.iter().map(|font| font.info().family.as_str()).collect();
        for family in [SANS, SERIF, MONO] {
            assert!(names.contains(&family), "{family} missing from {names:?}");
        }
    }

    #[test]
    fn css_stacks_map_to_bundled_families() {
        assert_eq!(families("Helvetica, Arial, sans-serif"), vec![SANS.to_owned()]);
        assert_eq!(families("Georgia, serif"), vec![SERIF.to_owned(), SANS.to_owned()]);
    }
}
