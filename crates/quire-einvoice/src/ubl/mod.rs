//! The OASIS UBL 2.1 Invoice writer for XRechnung 3.0 (CustomizationID and Peppol ProfileID), in the
//! element order of the UBL 2.1 schema. A credit note (type code 381) is written as an `Invoice` with
//! `InvoiceTypeCode` 381, which the UBL Invoice schema and XRechnung accept; no `CreditNote` document.

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
    let mut u = Ubl { x: XmlOut::new()?, currency: inv.currency.as_deref().unwrap_or("") };
    u.x.open_with("Invoice", &[("xmlns", NS_INVOICE), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)])?;
    u.x.text("cbc:CustomizationID", XRECHNUNG_CUSTOMIZATION_ID)?;
    u.x.text("cbc:ProfileID", PEPPOL_BILLING_PROFILE_ID)?;
    u.x.text("cbc:ID", inv.number.as_deref().unwrap_or("").trim())?;
    if let Some(date) = &inv.issue_date {
        u.x.text("cbc:IssueDate", &date.iso())?;
    }
    let payment = inv.payment.as_ref();
    if let Some(due) = payment.and_then(|p| p.due_date.as_ref()) {
        u.x.text("cbc:DueDate", &due.iso())?;
    }
    u.x.text("cbc:InvoiceTypeCode", inv.type_code.trim())?;
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
        u.tax_category("cac:TaxCategory", &v.category, v.rate, exemption)?;
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
        invoice_line(&mut u, line, *net)?;
    }
    u.x.close("Invoice")?;
    Ok(u.x.finish())
}

fn invoice_line(u: &mut Ubl, line: &Line, net: rust_decimal::Decimal) -> io::Result<()> {
    let unit = line.unit_code.as_deref().unwrap_or("").trim();
    u.x.open("cac:InvoiceLine")?;
    u.x.text("cbc:ID", line.id.as_deref().unwrap_or("").trim())?;
    u.x.opt("cbc:Note", line.note.as_deref())?;
    let quantity = format_plain(line.quantity.unwrap_or_default());
    u.x.text_with("cbc:InvoicedQuantity", &[("unitCode", unit)], &quantity)?;
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
    u.x.close("cac:InvoiceLine")
}

impl Ubl<'_> {
    /// A price: as precise as given (prices may carry more than two decimals).
    fn amount_plain(&mut self, name: &str, value: rust_decimal::Decimal) -> io::Result<()> {
        let currency = self.currency;
        self.x.text_with(name, &[("currencyID", currency)], &format_plain(value))
    }
}
