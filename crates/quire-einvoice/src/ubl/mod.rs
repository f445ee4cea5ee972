//! The OASIS UBL 2.1 writer for XRechnung 3.0 (CustomizationID and Peppol ProfileID), in the element order
//! of the UBL 2.1 schemas: an `Invoice`, or a `CreditNote` for the credit-note type codes (381 …), since
//! EN 16931's UBL binding (BR-CL-01) allows those codes only there.

mod party;

use std::io;

use crate::amount::{format_amount, format_percent, format_plain};
use crate::compute::{Figures, document_charge_amount, line_charge_amount};
use crate::model::{Invoice, Line};
use crate::profile::{PEPPOL_BILLING_PROFILE_ID, XRECHNUNG_CUSTOMIZATION_ID};
use crate::xml::XmlOut;

const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const NS_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

/// UNTDID 1001 codes EN 16931 binds to the UBL `CreditNote` document.
const CREDIT_NOTE_CODES: &[&str] =
    &["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532"];

/// The names that differ between the UBL Invoice and CreditNote documents.
struct Document {
    root: &'static str,
    namespace: &'static str,
    type_code: &'static str,
    line: &'static str,
    quantity: &'static str,
    credit_note: bool,
}

const INVOICE: Document = Document {
    root: "Invoice",
    namespace: NS_INVOICE,
    type_code: "cbc:InvoiceTypeCode",
    line: "cac:InvoiceLine",
    quantity: "cbc:InvoicedQuantity",
    credit_note: false,
};

const CREDIT_NOTE: Document = Document {
    root: "CreditNote",
    namespace: NS_CREDIT_NOTE,
    type_code: "cbc:CreditNoteTypeCode",
    line: "cac:CreditNoteLine",
    quantity: "cbc:CreditedQuantity",
    credit_note: true,
};

/// Whether `type_code` is written as a UBL `CreditNote`.
pub(crate) fn is_credit_note(type_code: &str) -> bool {
    CREDIT_NOTE_CODES.contains(&type_code.trim())
}

/// The output and the currency every amount carries as `currencyID`.
pub(crate) struct Ubl<'a> {
    pub x: XmlOut,
    pub currency: &'a str,
}

impl Ubl<'_> {
    fn amount(&mut self, name: &str, value: rust_decimal::Decimal) -> io::Result<()> {
        let currency = self.currency;
        self.x.text_with(name, &[("currencyID", currency)], &format_amount(value))
    }

    /// `cac:TaxCategory` / `cac:ClassifiedTaxCategory` with the VAT scheme.
    fn tax_category(
        &mut self,
        tag: &str,
        category: &str,
        rate: Option<rust_decimal::Decimal>,
        exemption: (Option<&str>, Option<&str>),
    ) -> io::Result<()> {
        self.x.open(tag)?;
        self.x.text("cbc:ID", category)?;
        if let Some(rate) = rate {
            self.x.text("cbc:Percent", &format_percent(rate))?;
        }
        self.x.opt("cbc:TaxExemptionReasonCode", exemption.1)?;
        self.x.opt("cbc:TaxExemptionReason", exemption.0)?;
        self.x.wrapped("cac:TaxScheme", "cbc:ID", "VAT")?;
        self.x.close(tag)
    }
}

/// Writes the XRechnung UBL invoice (the invoice has passed the rule checks).
pub(crate) fn write(inv: &Invoice, fig: &Figures) -> io::Result<Vec<u8>> {
    let doc = if is_credit_note(&inv.type_code) { &CREDIT_NOTE } else { &INVOICE };
    let mut u = Ubl { x: XmlOut::new()?, currency: inv.currency.as_deref().unwrap_or("") };
    u.x.open_with(doc.root, &[("xmlns", doc.namespace), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)])?;
    u.x.text("cbc:CustomizationID", XRECHNUNG_CUSTOMIZATION_ID)?;
    u.x.text("cbc:ProfileID", PEPPOL_BILLING_PROFILE_ID)?;
    u.x.text("cbc:ID", inv.number.as_deref().unwrap_or("").trim())?;
    if let Some(date) = &inv.issue_date {
        u.x.text("cbc:IssueDate", &date.iso())?;
    }
    let payment = inv.payment.as_ref();
    let due = payment.and_then(|p| p.due_date.as_ref());
    // A CreditNote has no header due date: BT-9 goes into the payment means there.
    if let Some(due) = due.filter(|_| !doc.credit_note) {
        u.x.text("cbc:DueDate", &due.iso())?;
    }
    u.x.text(doc.type_code, inv.type_code.trim())?;
    u.x.opt("cbc:Note", inv.note.as_deref())?;
    u.x.text("cbc:DocumentCurrencyCode", u.currency)?;
    u.x.opt("cbc:BuyerReference", inv.buyer_reference.as_deref())?;
    if let Some(order) = inv.purchase_order_reference.as_deref().filter(|o| !o.trim().is_empty()) {
        u.x.wrapped("cac:OrderReference", "cbc:ID", order)?;
    }
    u.x.open("cac:AccountingSupplierParty")?;
    party::write(&mut u, &inv.seller, true)?;
    u.x.close("cac:AccountingSupplierParty")?;
    u.x.open("cac:AccountingCustomerParty")?;
    party::write(&mut u, &inv.buyer, false)?;
    u.x.close("cac:AccountingCustomerParty")?;
    if let Some(delivery) = &inv.delivery {
        party::delivery(&mut u, delivery)?;
    }
    if let Some(p) = payment {
        if let Some(code) = p.means_code.as_deref().filter(|c| !c.trim().is_empty()) {
            u.x.open("cac:PaymentMeans")?;
            let name = p.means_text.as_deref().filter(|t| !t.trim().is_empty());
            match name {
                Some(name) => u.x.text_with("cbc:PaymentMeansCode", &[("name", name.trim())], code.trim())?,
                None => u.x.text("cbc:PaymentMeansCode", code.trim())?,
            }
            if let Some(due) = due.filter(|_| doc.credit_note) {
                u.x.text("cbc:PaymentDueDate", &due.iso())?;
            }
            u.x.opt("cbc:PaymentID", p.remittance_info.as_deref())?;
            if let Some(iban) = p.iban.as_deref().filter(|i| !i.trim().is_empty()) {
                u.x.open("cac:PayeeFinancialAccount")?;
                u.x.text("cbc:ID", &iban.replace(' ', ""))?;
                u.x.opt("cbc:Name", p.account_name.as_deref())?;
                if let Some(bic) = p.bic.as_deref().filter(|b| !b.trim().is_empty()) {
                    u.x.wrapped("cac:FinancialInstitutionBranch", "cbc:ID", bic.trim())?;
                }
                u.x.close("cac:PayeeFinancialAccount")?;
            }
            u.x.close("cac:PaymentMeans")?;
        }
        if let Some(terms) = p.terms.as_deref().filter(|t| !t.trim().is_empty()) {
            u.x.wrapped("cac:PaymentTerms", "cbc:Note", terms)?;
        }
    }
    for (list, charge) in [(&inv.allowances, false), (&inv.charges, true)] {
        for ac in list {
            u.x.open("cac:AllowanceCharge")?;
            u.x.text("cbc:ChargeIndicator", if charge { "true" } else { "false" })?;
            u.x.opt("cbc:AllowanceChargeReasonCode", ac.reason_code.as_deref())?;
            u.x.opt("cbc:AllowanceChargeReason", ac.reason.as_deref())?;
            if let Some(pct) = ac.percentage {
                u.x.text("cbc:MultiplierFactorNumeric", &format_plain(pct))?;
            }
            u.amount("cbc:Amount", document_charge_amount(ac).unwrap_or_default())?;
            if let Some(base) = ac.base_amount {
                u.amount("cbc:BaseAmount", base)?;
            }
            let category = ac.vat_category.as_deref().unwrap_or("").trim().to_ascii_uppercase();
            u.tax_category("cac:TaxCategory", &category, ac.vat_rate, (None, None))?;
            u.x.close("cac:AllowanceCharge")?;
        }
    }
    u.x.open("cac:TaxTotal")?;
    u.amount("cbc:TaxAmount", fig.tax_total.unwrap_or_default())?;
    for v in &fig.vat {
        u.x.open("cac:TaxSubtotal")?;
        u.amount("cbc:TaxableAmount", v.taxable)?;
        u.amount("cbc:TaxAmount", v.tax)?;
        let exemption = (v.exemption_reason.as_deref(), v.exemption_reason_code.as_deref());
        // XRechnung's BR-DE-14 wants a rate in every breakdown, also for category O (whose rate is 0).
        let rate = v.rate.or(Some(rust_decimal::Decimal::ZERO));
        u.tax_category("cac:TaxCategory", &v.category, rate, exemption)?;
        u.x.close("cac:TaxSubtotal")?;
    }
    u.x.close("cac:TaxTotal")?;
    u.x.open("cac:LegalMonetaryTotal")?;
    u.amount("cbc:LineExtensionAmount", fig.line_total.unwrap_or_default())?;
    u.amount("cbc:TaxExclusiveAmount", fig.tax_exclusive)?;
    u.amount("cbc:TaxInclusiveAmount", fig.grand_total)?;
    if !inv.allowances.is_empty() || inv.totals.allowance_total.is_some() {
        u.amount("cbc:AllowanceTotalAmount", fig.allowance_total)?;
    }
    if !inv.charges.is_empty() || inv.totals.charge_total.is_some() {
        u.amount("cbc:ChargeTotalAmount", fig.charge_total)?;
    }
    if let Some(prepaid) = fig.prepaid {
        u.amount("cbc:PrepaidAmount", prepaid)?;
    }
    if let Some(rounding) = fig.rounding {
        u.amount("cbc:PayableRoundingAmount", rounding)?;
    }
    u.amount("cbc:PayableAmount", fig.due_payable)?;
    u.x.close("cac:LegalMonetaryTotal")?;
    for (line, net) in inv.lines.iter().zip(&fig.line_nets) {
        invoice_line(&mut u, doc, line, *net)?;
    }
    u.x.close(doc.root)?;
    Ok(u.x.finish())
}

fn invoice_line(u: &mut Ubl, doc: &Document, line: &Line, net: rust_decimal::Decimal) -> io::Result<()> {
    let unit = line.unit_code.as_deref().unwrap_or("").trim();
    u.x.open(doc.line)?;
    u.x.text("cbc:ID", line.id.as_deref().unwrap_or("").trim())?;
    u.x.opt("cbc:Note", line.note.as_deref())?;
    let quantity = format_plain(line.quantity.unwrap_or_default());
    u.x.text_with(doc.quantity, &[("unitCode", unit)], &quantity)?;
    u.amount("cbc:LineExtensionAmount", net)?;
    for (list, charge) in [(&line.allowances, false), (&line.charges, true)] {
        for ac in list {
            u.x.open("cac:AllowanceCharge")?;
            u.x.text("cbc:ChargeIndicator", if charge { "true" } else { "false" })?;
            u.x.opt("cbc:AllowanceChargeReasonCode", ac.reason_code.as_deref())?;
            u.x.opt("cbc:AllowanceChargeReason", ac.reason.as_deref())?;
            if let Some(pct) = ac.percentage {
                u.x.text("cbc:MultiplierFactorNumeric", &format_plain(pct))?;
            }
            u.amount("cbc:Amount", line_charge_amount(ac).unwrap_or_default())?;
            if let Some(base) = ac.base_amount {
                u.amount("cbc:BaseAmount", base)?;
            }
            u.x.close("cac:AllowanceCharge")?;
        }
    }
    u.x.open("cac:Item")?;
    u.x.opt("cbc:Description", line.description.as_deref())?;
    u.x.text("cbc:Name", line.name.as_deref().unwrap_or("").trim())?;
    if let Some(id) = line.seller_item_id.as_deref().filter(|i| !i.trim().is_empty()) {
        u.x.wrapped("cac:SellersItemIdentification", "cbc:ID", id.trim())?;
    }
    let category = line.vat_category.as_deref().unwrap_or("").trim().to_ascii_uppercase();
    u.tax_category("cac:ClassifiedTaxCategory", &category, line.vat_rate, (None, None))?;
    u.x.close("cac:Item")?;
    u.x.open("cac:Price")?;
    u.amount_plain("cbc:PriceAmount", line.net_price.unwrap_or_default())?;
    if let Some(base) = line.base_quantity {
        u.x.text_with("cbc:BaseQuantity", &[("unitCode", unit)], &format_plain(base))?;
    }
    u.x.close("cac:Price")?;
    u.x.close(doc.line)
}

impl Ubl<'_> {
    /// A price: as precise as given (prices may carry more than two decimals).
    fn amount_plain(&mut self, name: &str, value: rust_decimal::Decimal) -> io::Result<()> {
        let currency = self.currency;
        self.x.text_with(name, &[("currencyID", currency)], &format_plain(value))
    }
}
