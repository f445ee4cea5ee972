//! The EN 16931 invoice as JSON (camelCase, business-term numbers in the field docs).

mod date;
mod line;
mod party;

pub use date::IsoDate;
pub use line::{DocumentAllowanceCharge, Line, LineAllowanceCharge, Totals, VatBreakdown};
pub use party::{Address, Contact, Delivery, ElectronicAddress, Party, Payment};

use serde::Deserialize;

/// An invoice (EN 16931 semantic model). Mandatory terms are `Option` here so that every missing one is
/// reported as a broken business rule (`BR-2`, `BR-3`, …) in one answer instead of a first parse error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Invoice {
    /// BT-1 Invoice number.
    pub number: Option<String>,
    /// BT-3 Invoice type code (UNTDID 1001): 380 commercial invoice (default), 381 credit note, 384, 389, 875….
    #[serde(default = "default_type_code")]
    pub type_code: String,
    /// BT-2 Invoice issue date, `YYYY-MM-DD`.
    pub issue_date: Option<IsoDate>,
    /// BT-5 Invoice currency code (ISO 4217, e.g. `EUR`).
    pub currency: Option<String>,
    /// BT-10 Buyer reference (the Leitweg-ID for German public buyers; required by XRechnung).
    pub buyer_reference: Option<String>,
    /// BT-13 Purchase order reference.
    pub purchase_order_reference: Option<String>,
    /// BT-22 Invoice note.
    pub note: Option<String>,
    /// BG-4 Seller.
    #[serde(default)]
    pub seller: Party,
    /// BG-7 Buyer.
    #[serde(default)]
    pub buyer: Party,
    /// BG-13 Delivery information.
    pub delivery: Option<Delivery>,
    /// BG-16 Payment instructions and BT-20 / BT-9 payment terms and due date.
    pub payment: Option<Payment>,
    /// BG-25 Invoice lines (none for MINIMUM and BASIC WL, where they are used for the sums only).
    #[serde(default)]
    pub lines: Vec<Line>,
    /// BG-20 Document level allowances.
    #[serde(default)]
    pub allowances: Vec<DocumentAllowanceCharge>,
    /// BG-21 Document level charges.
    #[serde(default)]
    pub charges: Vec<DocumentAllowanceCharge>,
    /// BG-23 VAT breakdown: computed from the lines when omitted; given amounts are verified.
    #[serde(default)]
    pub vat_breakdown: Vec<VatBreakdown>,
    /// BG-22 Document totals: computed when omitted, verified when given.
    #[serde(default)]
    pub totals: Totals,
}

fn default_type_code() -> String {
    "380".to_owned()
}
