//! Quire's render engine: Rynko template JSON (both schema forms) to PDF (Typst), XLSX and CSV.
//!
//! No network, no database. The pipeline is:
//! 1. **model** — serde types for templates ([`TemplateDoc`], [`Schema`], [`Component`], [`VariableDef`]);
//! 2. **validation** — [`validate`] reports every problem with its JSON path
//!    (`schema.components[3].props.items`); unknown and not-yet-supported component types are refused;
//! 3. **variables** — [`check_variables`] checks input against definitions (`ERR_MISSING_VARIABLE`,
//!    `ERR_VALID_001`), defaults fill the gaps;
//! 4. **resolution** — expressions (the `quire-expr` crate) evaluated, loops and conditionals expanded,
//!    images loaded through an [`AssetResolver`], limits ([`Limits`], `ERR_LIMIT_0xx`) enforced;
//! 5. **backends** — PDF through Typst as a library (in-memory world, bundled Inter / Libertinus Serif /
//!    DejaVu Sans Mono, embedded and subset; dynamic text only ever as escaped string literals; memo
//!    cache evicted after every compile), XLSX through `rust_xlsxwriter`, CSV of the first table.
//!
//! Public API used by the server:
//! ```no_run
//! use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};
//! let template = TemplateDoc::from_json(&serde_json::json!({"components": []})).expect("valid");
//! let engine = Engine::new(Limits::default());
//! let file = engine.render(&template, &serde_json::json!({}), OutputFormat::Pdf, &NoAssets);
//! ```
//!
//! Render time (`ERR_LIMIT_010`) is checked between phases (resolution, layout, export); a Typst
//! layout already running is not interrupted, so a render can overshoot the limit by one phase.

// Without the PDF backend (the fuzz build) some layout data is never read.
#![cfg_attr(not(feature = "pdf"), allow(dead_code, unused_imports))]

mod assets;
mod compile;
mod engine;
mod error;
#[cfg(feature = "pdf")]
pub mod font_files;
mod limits;
mod model;
mod output;
#[cfg(feature = "pdf")]
mod pdf;
mod report;
mod resolve;
mod sheet;
mod style;
mod svg_check;
mod symbols;
mod variables;

pub use assets::{Asset, AssetResolver, ImageFormat, NoAssets, ProjectFont};
pub use compile::{
    AttachmentSource, AttachmentSpec, MAX_MERGED_FILES, MAX_PASSWORD_BYTES, MergedAsset, PdfPasswords, PdfStandard,
    PermissionSet, Relationship, Secret, SignSpec, VisibleSignature, check_pdf_passwords, validate,
    validate_pdf_options, with_pdf_options,
};
pub use engine::Engine;
pub use error::{RenderError, codes};
pub use limits::Limits;
pub use model::{Component, PageDef, PageSettings, Schema, Section, TemplateDoc, VariableDef, VariableType};
pub use output::{OutputFormat, RenderedFile, UnknownFormat};
pub use quire_einvoice::{EInvoiceXml, RuleViolation};
#[cfg(feature = "pdf")]
pub use quire_pdf_post::Signer;
pub use report::{Problem, ValidationReport};
pub use resolve::{EINVOICE_RULES, EInvoiceFailure};
pub use svg_check::{MAX_SVG_NODES, svg_problems};
pub use variables::{VariableProblem, check_variables};
