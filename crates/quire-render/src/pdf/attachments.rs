//! Attached files in Typst (`pdf.attach`, read from the world's virtual files after the images) and the
//! export options a document's standards ask for.

use typst::foundations::Datetime;
use typst_pdf::{PdfOptions, PdfStandard as TypstStandard, PdfStandards, Timestamp};

use super::literal::string;
use super::world::image_path;
use crate::compile::PdfStandard;
use crate::error::{RenderError, codes};
use crate::resolve::Metadata;

/// `#pdf.attach(…)` for each attached file; the `i`-th file is the world's file `image_count + i`.
pub(crate) fn markup(metadata: &Metadata, image_count: usize) -> String {
    let mut out = String::new();
    for (i, file) in metadata.attachments.iter().enumerate() {
        // PDF/A-3 requires a description of every attached file; the file name is the least one.
        let description = file.description.as_deref().unwrap_or(&file.filename);
        let mut args = vec![
            string(&file.filename),
            format!("read({}, encoding: none)", string(&image_path(image_count + i))),
            format!("mime-type: {}", string(&file.mime_type)),
            format!("description: {}", string(description)),
        ];
        if let Some(relationship) = file.relationship {
            args.push(format!("relationship: {}", string(relationship.typst_name())));
        }
        out.push_str(&format!("#pdf.attach({})\n", args.join(", ")));
    }
    out
}

/// The attached files' bytes, in the order [`markup`] numbers them.
pub(crate) fn files(metadata: &Metadata) -> impl Iterator<Item = Vec<u8>> + '_ {
    metadata.attachments.iter().map(|file| file.bytes.clone())
}

/// Export options: the standards chosen, and then a date (PDF/A records when the file and its attachments were
/// made); without a standard no date, so the same input gives the same bytes.
pub(crate) fn pdf_options(metadata: &Metadata) -> Result<PdfOptions, RenderError> {
    if metadata.standards.is_empty() {
        return Ok(PdfOptions::default());
    }
    let list: Vec<TypstStandard> = metadata
        .standards
        .iter()
        .map(|standard| match standard {
            PdfStandard::A2b => TypstStandard::A_2b,
            PdfStandard::A2u => TypstStandard::A_2u,
            PdfStandard::A3b => TypstStandard::A_3b,
            PdfStandard::Ua1 => TypstStandard::Ua_1,
        })
        .collect();
    let standards = PdfStandards::new(&list).map_err(|err| {
        RenderError::at(
            codes::VALIDATION,
            "schema.pdf.standard",
            format!("these standards cannot be combined: {}", err.message()),
        )
    })?;
    Ok(PdfOptions { standards, timestamp: Some(now()), ..PdfOptions::default() })
}

fn now() -> Timestamp {
    let now = time::OffsetDateTime::now_utc();
    Timestamp::new_utc(Datetime::Datetime(time::PrimitiveDateTime::new(now.date(), now.time())))
}
