//! Quire's e-invoices: the EN 16931 data model, the business rules Quire checks, and the XML writers for
//! Factur-X / ZUGFeRD (CII D16B: MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED) and XRechnung 3.0 (CII or
//! UBL 2.1), plus the Factur-X XMP metadata the PDF/A-3 step embeds.
//!
//! No IO. The pipeline, all in [`generate`]:
//! 1. [`EInvoiceRequest::from_json`] reads `{ profile, syntax?, data }` (API.md §13);
//! 2. text XML cannot carry is refused (`QUIRE-TEXT-01`), `data` is read into [`Invoice`] (unknown
//!    fields refused, errors name the JSON path);
//! 3. [`compute_figures`] computes line amounts, VAT breakdown and totals with exact decimals, comparing
//!    any the client gave; [`RULES`] lists every rule checked, and all broken ones come back together;
//! 4. the CII or UBL writer emits only what the profile's schema allows, through quick-xml.
//!
//! ```
//! use quire_einvoice::{EInvoiceRequest, generate};
//! let request = EInvoiceRequest::from_json(&serde_json::json!({
//!     "profile": "minimum",
//!     "data": {
//!         "number": "R-1", "issueDate": "2026-01-15", "currency": "EUR",
//!         "seller": { "name": "Seller GmbH", "address": { "country": "DE" }, "vatId": "DE123456789" },
//!         "buyer": { "name": "Buyer AG" },
//!         "totals": { "taxExclusive": 100, "taxTotal": 19 }
//!     }
//! })).expect("request");
//! let xml = generate(&request).expect("valid invoice");
//! assert_eq!(xml.file_name, "factur-x.xml");
//! ```

#![forbid(unsafe_code)]

mod amount;
mod cii;
mod compute;
mod error;
mod model;
mod profile;
mod request;
mod rules;
mod ubl;
mod xml;
mod xmp;

pub use compute::{Figures, VatEntry};
pub use error::{EInvoiceError, RuleViolation};
pub use model::{
    Address, Contact, Delivery, DocumentAllowanceCharge, ElectronicAddress, Invoice, IsoDate, Line,
    LineAllowanceCharge, Party, Payment, Totals, VatBreakdown,
};
pub use profile::{PEPPOL_BILLING_PROFILE_ID, Profile, Syntax, XRECHNUNG_CUSTOMIZATION_ID};
pub use request::EInvoiceRequest;
pub use rules::{RULES, Rule};
pub use xmp::{FACTURX_XMP_NAMESPACE, FacturXMetadata, facturx_xmp_fields, facturx_xmp_fragment};

/// A written e-invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoiceXml {
    /// The XML document, UTF-8.
    pub xml: Vec<u8>,
    /// The name to embed or offer it under (`factur-x.xml`, `xrechnung.xml`).
    pub file_name: &'static str,
    /// The profile written.
    pub profile: Profile,
    /// The syntax written.
    pub syntax: Syntax,
    /// The figures the XML carries (useful to print the same totals on the PDF).
    pub figures: Figures,
}

/// Computes the figures of `invoice` and checks every rule for `profile`; the violations are all the
/// broken rules, in the order of [`RULES`]' groups (text, figures, mandatory terms, VAT, XRechnung).
pub fn compute_figures(profile: Profile, invoice: &Invoice) -> (Figures, Vec<RuleViolation>) {
    let mut violations = Vec::new();
    let figures = compute::figures(invoice, &mut violations);
    rules::check(profile, invoice, &figures, &mut violations);
    (figures, violations)
}

/// Checks the request and writes its XML; fails with the request error or with every broken rule.
pub fn generate(request: &EInvoiceRequest) -> Result<EInvoiceXml, EInvoiceError> {
    let syntax = request.syntax();
    if !request.profile.supports(syntax) {
        // `from_json` refuses this too; the fields are public, so a request built in code is checked here.
        let message = "UBL is written for the xrechnung profile only; Factur-X profiles are CII";
        return Err(EInvoiceError::Request { path: "syntax".to_owned(), message: message.to_owned() });
    }
    let mut violations = Vec::new();
    rules::check_text(&request.data, &mut violations);
    let invoice = request.invoice()?;
    let (figures, more) = compute_figures(request.profile, &invoice);
    violations.extend(more);
    if !violations.is_empty() {
        return Err(EInvoiceError::Rules(violations));
    }
    let written = match syntax {
        Syntax::Cii => cii::write(request.profile, &invoice, &figures),
        Syntax::Ubl => ubl::write(&invoice, &figures),
    };
    // Writing into memory cannot fail; should quick-xml ever report an error, it is a generation failure.
    let xml = written.map_err(|err| EInvoiceError::Write(err.to_string()))?;
    let file_name = facturx_xmp_fields(request.profile).document_file_name;
    Ok(EInvoiceXml { xml, file_name, profile: request.profile, syntax, figures })
}
