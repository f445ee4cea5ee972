//! The PDF backend: resolved document → Typst markup → layout → PDF, with Typst's memo cache evicted
//! after every compile (successful or not) so memory stays flat under load.

mod chart;
mod codes_markup;
mod flex;
mod fonts;
mod literal;
mod markup;
mod project_fonts;
mod table_markup;
mod text_style;
mod world;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub(crate) use self::fonts::{INTER as INTER_FONTS, SANS as SANS_FAMILY};
use self::world::RenderWorld;
use crate::assets::ProjectFont;
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::resolve::{Document, check_deadline};

/// How many compiles an unused memo entry survives. Zero keeps memory flattest; measured in the
/// benches, keeping entries longer did not make warm renders faster enough to matter.
const MEMO_MAX_AGE: usize = 0;

/// A rendered PDF.
pub(crate) struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

/// Load fonts and the standard library now instead of on the first render.
pub(crate) fn warm_up() {
    std::sync::LazyLock::force(&fonts::SHARED);
}

/// The generated Typst source of a document (for debugging and tests).
pub(crate) fn typst_source(doc: &Document) -> String {
    markup::document(doc)
}

/// Lay out and export a resolved document.
pub(crate) fn render_pdf(
    doc: &Document,
    fonts: &[ProjectFont],
    limits: &Limits,
    started: Instant,
) -> Result<Pdf, RenderError> {
    let images = doc.images.iter().map(|image| image.bytes.clone()).collect();
    let world = RenderWorld::new(markup::document(doc), images, project_fonts::font_set(fonts));
    let _evict = EvictOnDrop;
    let compiled = catch_unwind(AssertUnwindSafe(|| typst::compile::<PagedDocument>(&world).output))
        .map_err(|_| RenderError::generation("the PDF layout engine failed unexpectedly"))?;
    let document = compiled.map_err(|diagnostics| layout_failed(&diagnostics))?;
    let pages = u32::try_from(document.pages().len()).unwrap_or(u32::MAX);
    if pages > limits.pages {
        return Err(RenderError::new(
            codes::LIMIT_PAGES,
            format!("the document has {pages} pages; the limit is {}", limits.pages),
        ));
    }
    check_deadline(started, limits)?;
    let bytes = catch_unwind(AssertUnwindSafe(|| typst_pdf::pdf(&document, &PdfOptions::default())))
        .map_err(|_| RenderError::generation("the PDF writer failed unexpectedly"))?
        .map_err(|diagnostics| layout_failed(&diagnostics))?;
    Ok(Pdf { bytes, pages })
}

/// Evicts Typst's memo cache when dropped, so failed and panicking compiles are evicted too.
struct EvictOnDrop;

impl Drop for EvictOnDrop {
    fn drop(&mut self) {
        typst::comemo::evict(MEMO_MAX_AGE);
    }
}

fn layout_failed(diagnostics: &[SourceDiagnostic]) -> RenderError {
    let messages: Vec<String> = diagnostics.iter().take(3).map(|d| d.message.to_string()).collect();
    RenderError::generation(format!("PDF layout failed: {}", messages.join("; ")))
}
