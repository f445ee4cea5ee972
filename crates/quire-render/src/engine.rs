//! The engine the server and CLI call: compile, check variables, resolve, run a backend, enforce limits.

use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;

use crate::assets::AssetResolver;
use crate::compile::{PdfPasswords, compile, nesting_depth};
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::model::TemplateDoc;
use crate::output::{OutputFormat, RenderedFile};
#[cfg(feature = "pdf")]
use crate::pdf;
use crate::resolve::{EInvoiceFailure, attach_einvoice, check_deadline, einvoice, resolve};
use crate::sheet;
use crate::variables::{check_variables, with_defaults};

/// Shared, thread-safe engine: fonts are loaded once per process; cloning is cheap (an `Arc`).
/// [`Engine::render`] is blocking and CPU-bound, and safe to call from many threads at once.
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Limits>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Engine {
    /// An engine enforcing `limits`. Loads the bundled fonts on first use in the process.
    pub fn new(limits: Limits) -> Engine {
        #[cfg(feature = "pdf")]
        pdf::warm_up();
        Engine { inner: Arc::new(limits) }
    }

    /// The limits this engine enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner
    }

    /// Render `template` with `variables` (a JSON object) to `format`.
    ///
    /// Errors carry their documented code: `ERR_TMPL_003` (invalid template, every problem listed),
    /// `ERR_MISSING_VARIABLE` / `ERR_VALID_001` (input variables; also data a `qr-code`, `barcode`, `svg` or
    /// `formula` cannot take, at `<component>.props.<prop>`), `ERR_LIMIT_001…010` (limits),
    /// `ERR_DOC_004` (an expression failed at render time, or a backend failed).
    pub fn render(
        &self,
        template: &TemplateDoc,
        variables: &Value,
        format: OutputFormat,
        assets: &dyn AssetResolver,
    ) -> Result<RenderedFile, RenderError> {
        self.render_with_passwords(template, variables, format, assets, &PdfPasswords::default())
    }

    /// [`Engine::render`] with a request's PDF passwords (`pdf.userPassword`, `pdf.ownerPassword`), which never
    /// travel inside the template: the PDF is encrypted with them (AES-256).
    pub fn render_with_passwords(
        &self,
        template: &TemplateDoc,
        variables: &Value,
        format: OutputFormat,
        assets: &dyn AssetResolver,
        passwords: &PdfPasswords,
    ) -> Result<RenderedFile, RenderError> {
        let started = Instant::now();
        let limits = self.limits();
        let depth = nesting_depth(&template.schema);
        if depth > limits.nesting_depth as usize {
            return Err(RenderError::new(
                codes::LIMIT_NESTING,
                format!("components are nested {depth} deep; the limit is {}", limits.nesting_depth),
            ));
        }
        let compiled = compile(template).map_err(|report| {
            let first_path = report.problems.first().map(|p| p.path.clone());
            RenderError {
                code: codes::TEMPLATE_INVALID,
                message: format!("template is invalid: {report}"),
                path: first_path,
            }
        })?;
        check_variables(&template.variables, variables).map_err(|problems| {
            let first = &problems[0];
            let message = problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect::<Vec<_>>().join("; ");
            RenderError { code: first.code, message, path: Some(first.path.clone()) }
        })?;
        let data = with_defaults(&template.variables, variables);
        let mut document = resolve(&compiled, &data, assets, limits, started)?;
        if let (Some(spec), OutputFormat::Pdf | OutputFormat::Xml) = (&compiled.e_invoice, format) {
            let xml = einvoice(spec, &data, limits).map_err(|failure| failure.error)?;
            attach_einvoice(&mut document.metadata, &xml);
            document.e_invoice = Some(xml);
        }
        check_deadline(started, limits)?;
        let file = match format {
            #[cfg(feature = "pdf")]
            OutputFormat::Pdf => {
                let pdf = pdf::render_pdf(&document, &assets.fonts(), limits, started)?;
                check_deadline(started, limits)?;
                let done = pdf::finish(pdf.bytes, pdf.pages, &pdf.field_places, &document, assets, passwords, limits)?;
                RenderedFile { bytes: done.bytes, content_type: format.content_type(), page_count: Some(done.pages) }
            }
            #[cfg(not(feature = "pdf"))]
            OutputFormat::Pdf => return Err(RenderError::generation("this build has no PDF backend")),
            OutputFormat::Xlsx => RenderedFile {
                bytes: sheet::render_xlsx(&document, &workbook_info(template), limits)?,
                content_type: format.content_type(),
                page_count: None,
            },
            OutputFormat::Csv => RenderedFile {
                bytes: sheet::render_csv(&document, limits)?,
                content_type: format.content_type(),
                page_count: None,
            },
            OutputFormat::Xml => match document.e_invoice.take() {
                Some(xml) => RenderedFile { bytes: xml.xml, content_type: format.content_type(), page_count: None },
                None => {
                    return Err(RenderError::at(
                        codes::VALIDATION,
                        "schema.eInvoice",
                        "the xml format is the e-invoice's XML, and this template makes no e-invoice (schema.eInvoice)",
                    ));
                }
            },
        };
        if file.bytes.len() as u64 > limits.output_bytes {
            return Err(RenderError::new(
                codes::LIMIT_OUTPUT_SIZE,
                format!("the {format} file is {} bytes; the limit is {}", file.bytes.len(), limits.output_bytes),
            ));
        }
        check_deadline(started, limits)?;
        Ok(file)
    }

    /// Checks the e-invoice a template makes from `variables` without rendering: the request's shape and every
    /// business rule, so a job that would fail is refused before it is queued. `Ok(None)`: no e-invoice.
    pub fn check_einvoice(
        &self,
        template: &TemplateDoc,
        variables: &Value,
    ) -> Result<Option<quire_einvoice::EInvoiceXml>, EInvoiceFailure> {
        let compiled = compile(template)
            .map_err(|report| RenderError::new(codes::TEMPLATE_INVALID, format!("template is invalid: {report}")))?;
        let Some(spec) = &compiled.e_invoice else { return Ok(None) };
        let data = with_defaults(&template.variables, variables);
        einvoice(spec, &data, self.limits()).map(Some)
    }

    /// The Typst source generated for a template (for debugging layouts; not a stable interface).
    #[cfg(feature = "pdf")]
    pub fn typst_source(&self, template: &TemplateDoc, variables: &Value) -> Result<String, RenderError> {
        let compiled = compile(template)
            .map_err(|report| RenderError::new(codes::TEMPLATE_INVALID, format!("template is invalid: {report}")))?;
        let data = with_defaults(&template.variables, variables);
        let document = resolve(&compiled, &data, &crate::NoAssets, self.limits(), Instant::now())?;
        Ok(pdf::typst_source(&document))
    }
}

/// The workbook properties a template gives: its name as the title, its description as the subject.
fn workbook_info(template: &TemplateDoc) -> sheet::WorkbookInfo {
    sheet::WorkbookInfo { title: template.name.clone(), subject: template.description.clone() }
}
