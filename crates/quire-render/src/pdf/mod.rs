//! The PDF backend: resolved document → Typst markup → layout → PDF, with Typst's memo cache evicted
//! after every compile (successful or not) so memory stays flat under load.

mod attachments;
mod chart;
mod code_overlay;
mod codes_markup;
mod facturx_xmp;
mod field_markup;
mod flex;
mod fonts;
mod literal;
mod markup;
mod places;
mod post;
mod project_fonts;
mod table_markup;
mod text_style;
mod world;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;

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
    /// Where each form field's box is, by field index (its first place).
    pub field_places: Vec<Option<places::Place>>,
}

pub(crate) use post::finish;

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
    let options = attachments::pdf_options(&doc.metadata)?;
    let files = doc.images.iter().map(|image| image.bytes.clone()).chain(attachments::files(&doc.metadata)).collect();
    let world = RenderWorld::new(markup::document(doc), files, project_fonts::font_set(fonts));
    let _evict = EvictOnDrop;
    let compiled = catch_unwind(AssertUnwindSafe(|| typst::compile::<PagedDocument>(&world).output))
        .map_err(|_| RenderError::generation("the PDF layout engine failed unexpectedly"))?;
    let document = compiled.map_err(|diagnostics| layout_failed(&diagnostics))?;
    let pages = u32::try_from(document.pages().len()).unwrap_or(u32::MAX);
    let field_places = places::marked_places(&document, field_markup::FIELD_LABEL, doc.fields.len())
        .into_iter()
        .map(|found| found.first().copied())
        .collect();
    if pages > limits.pages {
        return Err(RenderError::new(
            codes::LIMIT_PAGES,
            format!("the document has {pages} pages; the limit is {}", limits.pages),
        ));
    }
    check_deadline(started, limits)?;
    let bytes = catch_unwind(AssertUnwindSafe(|| typst_pdf::pdf(&document, &options)))
        .map_err(|_| RenderError::generation("the PDF writer failed unexpectedly"))?
        .map_err(|diagnostics| export_failed(&diagnostics, doc))?;
    let code_places = places::marked_places(&document, code_overlay::CODE_LABEL, doc.codes.len());
    let bytes = code_overlay::draw_codes(bytes, &doc.codes, &code_places)?;
    let bytes = match &doc.e_invoice {
        Some(xml) => facturx_xmp::with_facturx_xmp(bytes, xml)?,
        None => bytes,
    };
    Ok(Pdf { bytes, pages, field_places })
}

/// Evicts Typst's memo cache when dropped, so failed and panicking compiles are evicted too.
struct EvictOnDrop;

impl Drop for EvictOnDrop {
    fn drop(&mut self) {
        typst::comemo::evict(MEMO_MAX_AGE);
    }
}

/// Under a standard, what the writer refuses is the template's doing (`ERR_VALID_001` at `schema.pdf.standard`).
fn export_failed(diagnostics: &[SourceDiagnostic], doc: &Document) -> RenderError {
    if doc.metadata.standards.is_empty() {
        return layout_failed(diagnostics);
    }
    let names: Vec<&str> = doc.metadata.standards.iter().map(|s| s.name()).collect();
    let messages: Vec<String> = diagnostics.iter().take(3).map(|d| d.message.to_string()).collect();
    RenderError::at(
        codes::VALIDATION,
        "schema.pdf.standard",
        format!("the document cannot be made {}: {}", names.join(" + "), messages.join("; ")),
    )
}

fn layout_failed(diagnostics: &[SourceDiagnostic]) -> RenderError {
    let messages: Vec<String> = diagnostics.iter().take(3).map(|d| d.message.to_string()).collect();
    RenderError::generation(format!("PDF layout failed: {}", messages.join("; ")))
}
