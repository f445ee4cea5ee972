//! `schema.pdf` evaluated for one render: the metadata texts against the root data, the attached files' bytes.

use quire_expr::Scope;

use super::doc::MergedFile;
use super::{Attachment, Metadata, expression_failed};
use crate::assets::AssetResolver;
use crate::compile::{AttachmentSource, AttachmentSpec, MergedAsset, MetadataSpec, TextSpec};
use crate::error::{RenderError, codes};
use crate::limits::Limits;

/// Evaluates `schema.pdf`'s texts against the root data; empty texts count as absent.
pub(super) fn metadata(
    spec: &MetadataSpec,
    scope: &Scope<'_>,
    assets: &dyn AssetResolver,
    limits: &Limits,
) -> Result<Metadata, RenderError> {
    let text = |name: &str, spec: &TextSpec| -> Result<Option<String>, RenderError> {
        let value = spec.template.render(scope).map_err(|err| expression_failed(name, None, spec, err, limits))?;
        Ok(Some(value.trim().to_owned()).filter(|v| !v.is_empty()))
    };
    let optional = |name: &str, spec: &Option<TextSpec>| spec.as_ref().map_or(Ok(None), |spec| text(name, spec));
    let mut keywords = Vec::new();
    for spec in &spec.keywords {
        keywords.extend(text("pdf.keywords", spec)?);
    }
    Ok(Metadata {
        title: optional("pdf.title", &spec.title)?,
        author: optional("pdf.author", &spec.author)?,
        subject: optional("pdf.subject", &spec.subject)?,
        keywords,
        standards: spec.standards.clone(),
        language: spec.language.clone(),
        attachments: spec.attachments.iter().map(|a| attachment(a, assets)).collect::<Result<_, _>>()?,
        prepend: spec.prepend.iter().map(|m| merged_file(m, assets)).collect::<Result<_, _>>()?,
        append: spec.append.iter().map(|m| merged_file(m, assets)).collect::<Result<_, _>>()?,
        permissions: spec.permissions,
        sign: spec.sign.clone(),
    })
}

/// A PDF asset to merge: it must exist in the environment and be a PDF.
fn merged_file(spec: &MergedAsset, assets: &dyn AssetResolver) -> Result<MergedFile, RenderError> {
    let asset = assets.resolve(&spec.asset_id).ok_or_else(|| {
        RenderError::at(
            codes::VALIDATION,
            &spec.path,
            format!("asset {} was not found in this environment", spec.asset_id),
        )
    })?;
    if !asset.bytes.starts_with(b"%PDF-") {
        return Err(RenderError::at(
            codes::VALIDATION,
            &spec.path,
            format!("asset {} is not a PDF ({}); only PDF assets can be merged", spec.asset_id, asset.content_type),
        ));
    }
    Ok(MergedFile { bytes: asset.bytes, path: spec.path.clone() })
}

/// An attached file's bytes: given, or an asset of the environment.
fn attachment(spec: &AttachmentSpec, assets: &dyn AssetResolver) -> Result<Attachment, RenderError> {
    let bytes = match &spec.source {
        AttachmentSource::Bytes(bytes) => bytes.clone(),
        AttachmentSource::Asset(id) => {
            assets
                .resolve(id)
                .ok_or_else(|| {
                    RenderError::at(
                        codes::VALIDATION,
                        format!("{}.assetId", spec.path),
                        format!("asset {id} was not found in this environment"),
                    )
                })?
                .bytes
        }
    };
    Ok(Attachment {
        bytes,
        filename: spec.filename.clone(),
        mime_type: spec.mime_type.clone(),
        description: spec.description.clone(),
        relationship: spec.relationship,
    })
}
