//! The e-invoice of one render: `schema.eInvoice.data` evaluated against the variables, the business rules
//! checked and the XML written by `quire-einvoice`; for a PDF the XML is attached (Factur-X) and the file made
//! PDF/A-3b.

use std::fmt::Write as _;

use quire_einvoice::{EInvoiceError, EInvoiceRequest, EInvoiceXml, RuleViolation, facturx_xmp_fields, generate};
use quire_expr::{EvalBudget, Scope, Value};

use super::{Attachment, Metadata};
use crate::compile::{EInvoiceSpec, PdfStandard, Relationship, eval_options};
use crate::error::{RenderError, codes};
use crate::limits::Limits;

/// Wire code of broken business rules (422).
pub const EINVOICE_RULES: &str = "ERR_EINV_001";

/// An e-invoice that could not be made: the error, and each broken business rule when that is why.
#[derive(Debug, Clone, PartialEq)]
pub struct EInvoiceFailure {
    pub error: RenderError,
    /// Every broken rule (`BR-CO-10` at `lines[2].lineTotal`), empty for other failures.
    pub rules: Vec<RuleViolation>,
}

impl From<RenderError> for EInvoiceFailure {
    fn from(error: RenderError) -> Self {
        Self { error, rules: Vec::new() }
    }
}

/// Evaluates `data` against the variables (with their defaults), checks the rules and writes the XML.
pub(crate) fn einvoice(
    spec: &EInvoiceSpec,
    variables: &Value,
    limits: &Limits,
) -> Result<EInvoiceXml, EInvoiceFailure> {
    let options = eval_options(limits.loop_iterations);
    let budget = EvalBudget::new(&options);
    let scope = Scope::with_budget(variables, &options, &budget);
    let data = spec.data.evaluate(&mut |expr| {
        expr.evaluate(&scope).map(|value| value.into_owned()).map_err(|err| {
            RenderError::at(codes::GENERATION_FAILED, "schema.eInvoice.data", format!("expression failed: {err}"))
        })
    })?;
    let request = EInvoiceRequest { profile: spec.profile, syntax: spec.syntax, data };
    generate(&request).map_err(|err| match err {
        EInvoiceError::Request { path, message } => {
            RenderError::at(codes::VALIDATION, format!("schema.eInvoice.{path}"), message).into()
        }
        EInvoiceError::Rules(rules) => {
            let mut message = format!("the e-invoice breaks {} business rule(s):", rules.len());
            for rule in rules.iter().take(10) {
                let _ = write!(message, " {} at {}: {};", rule.rule, rule.path, rule.message);
            }
            let error = RenderError::at(EINVOICE_RULES, "schema.eInvoice.data", message.trim_end_matches(';'));
            EInvoiceFailure { error, rules }
        }
        EInvoiceError::Write(message) => RenderError::generation(message).into(),
    })
}

/// The XML attached to the PDF under its Factur-X name and relationship, and PDF/A-3b asked for.
pub(crate) fn attach(metadata: &mut Metadata, xml: &EInvoiceXml) {
    let fields = facturx_xmp_fields(xml.profile);
    let relationship = if fields.af_relationship == "Data" { Relationship::Data } else { Relationship::Alternative };
    metadata.attachments.retain(|file| !file.filename.eq_ignore_ascii_case(xml.file_name));
    metadata.attachments.insert(
        0,
        Attachment {
            bytes: xml.xml.clone(),
            filename: xml.file_name.to_owned(),
            mime_type: "text/xml".to_owned(),
            description: Some(format!("{} e-invoice ({})", fields.conformance_level, "EN 16931 / Factur-X")),
            relationship: Some(relationship),
        },
    );
    if !metadata.standards.contains(&PdfStandard::A3b) {
        metadata.standards.retain(|standard| !standard.is_archival());
        metadata.standards.insert(0, PdfStandard::A3b);
    }
}
