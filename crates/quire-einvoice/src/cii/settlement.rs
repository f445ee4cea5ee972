//! CII header settlement: payment, VAT breakdown, document allowances/charges, terms and totals.

use std::io;

use rust_decimal::Decimal;

use super::Cii;
use crate::amount::{format_amount, format_percent};
use crate::compute::{Figures, document_charge_amount};
use crate::model::{DocumentAllowanceCharge, Invoice};
use crate::profile::CiiLevel;

pub(super) fn write(c: &mut Cii, inv: &Invoice, fig: &Figures) -> io::Result<()> {
    let wl = c.level >= CiiLevel::BasicWl;
    let full = c.level >= CiiLevel::En16931;
    c.x.open("ram:ApplicableHeaderTradeSettlement")?;
    let payment = inv.payment.as_ref();
    if wl {
        c.x.opt("ram:PaymentReference", payment.and_then(|p| p.remittance_info.as_deref()))?;
    }
    c.x.text("ram:InvoiceCurrencyCode", c.currency)?;
    if wl
        && let Some(p) = payment
        && let Some(code) = p.means_code.as_deref().filter(|m| !m.trim().is_empty())
    {
        c.x.open("ram:SpecifiedTradeSettlementPaymentMeans")?;
        c.x.text("ram:TypeCode", code.trim())?;
        if full {
            c.x.opt("ram:Information", p.means_text.as_deref())?;
        }
        if let Some(iban) = p.iban.as_deref().filter(|i| !i.trim().is_empty()) {
            c.x.open("ram:PayeePartyCreditorFinancialAccount")?;
            c.x.text("ram:IBANID", &iban.replace(' ', ""))?;
            if full {
                c.x.opt("ram:AccountName", p.account_name.as_deref())?;
            }
            c.x.close("ram:PayeePartyCreditorFinancialAccount")?;
        }
        if full && let Some(bic) = p.bic.as_deref().filter(|b| !b.trim().is_empty()) {
            c.x.wrapped("ram:PayeeSpecifiedCreditorFinancialInstitution", "ram:BICID", bic.trim())?;
        }
        c.x.close("ram:SpecifiedTradeSettlementPaymentMeans")?;
    }
    if wl {
        for v in &fig.vat {
            c.x.open("ram:ApplicableTradeTax")?;
            c.x.text("ram:CalculatedAmount", &format_amount(v.tax))?;
            c.x.text("ram:TypeCode", "VAT")?;
            c.x.opt("ram:ExemptionReason", v.exemption_reason.as_deref())?;
            c.x.text("ram:BasisAmount", &format_amount(v.taxable))?;
            c.x.text("ram:CategoryCode", &v.category)?;
            c.x.opt("ram:ExemptionReasonCode", v.exemption_reason_code.as_deref())?;
            // EN 16931 lets category O go without a rate; XRechnung (BR-DE-14) wants one, and 0 is O's.
            if let Some(rate) = v.rate.or(c.xrechnung.then_some(Decimal::ZERO)) {
                c.x.text("ram:RateApplicablePercent", &format_percent(rate))?;
            }
            c.x.close("ram:ApplicableTradeTax")?;
        }
        for ac in &inv.allowances {
            allowance_charge(c, ac, false)?;
        }
        for ac in &inv.charges {
            allowance_charge(c, ac, true)?;
        }
        let terms = payment.and_then(|p| p.terms.as_deref()).filter(|t| !t.trim().is_empty());
        let due = payment.and_then(|p| p.due_date.as_ref());
        if terms.is_some() || due.is_some() {
            c.x.open("ram:SpecifiedTradePaymentTerms")?;
            c.x.opt("ram:Description", terms)?;
            if let Some(due) = due {
                c.date("ram:DueDateDateTime", due)?;
            }
            c.x.close("ram:SpecifiedTradePaymentTerms")?;
        }
    }
    summation(c, inv, fig)?;
    c.x.close("ram:ApplicableHeaderTradeSettlement")
}

fn allowance_charge(c: &mut Cii, ac: &DocumentAllowanceCharge, charge: bool) -> io::Result<()> {
    c.x.open("ram:SpecifiedTradeAllowanceCharge")?;
    c.x.wrapped("ram:ChargeIndicator", "udt:Indicator", if charge { "true" } else { "false" })?;
    if let Some(pct) = ac.percentage {
        c.x.text("ram:CalculationPercent", &format_percent(pct))?;
    }
    if let Some(base) = ac.base_amount {
        c.x.text("ram:BasisAmount", &format_amount(base))?;
    }
    c.x.text("ram:ActualAmount", &format_amount(document_charge_amount(ac).unwrap_or_default()))?;
    c.x.opt("ram:ReasonCode", ac.reason_code.as_deref())?;
    c.x.opt("ram:Reason", ac.reason.as_deref())?;
    c.x.open("ram:CategoryTradeTax")?;
    c.x.text("ram:TypeCode", "VAT")?;
    c.x.text("ram:CategoryCode", &ac.vat_category.as_deref().unwrap_or("").trim().to_ascii_uppercase())?;
    if let Some(rate) = ac.vat_rate {
        c.x.text("ram:RateApplicablePercent", &format_percent(rate))?;
    }
    c.x.close("ram:CategoryTradeTax")?;
    c.x.close("ram:SpecifiedTradeAllowanceCharge")
}

fn summation(c: &mut Cii, inv: &Invoice, fig: &Figures) -> io::Result<()> {
    let wl = c.level >= CiiLevel::BasicWl;
    let amount = |d: Decimal| format_amount(d);
    c.x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")?;
    if wl {
        c.x.text("ram:LineTotalAmount", &amount(fig.line_total.unwrap_or_default()))?;
        if !inv.charges.is_empty() || inv.totals.charge_total.is_some() {
            c.x.text("ram:ChargeTotalAmount", &amount(fig.charge_total))?;
        }
        if !inv.allowances.is_empty() || inv.totals.allowance_total.is_some() {
            c.x.text("ram:AllowanceTotalAmount", &amount(fig.allowance_total))?;
        }
    }
    c.x.text("ram:TaxBasisTotalAmount", &amount(fig.tax_exclusive))?;
    if let Some(tax) = fig.tax_total {
        c.x.text_with("ram:TaxTotalAmount", &[("currencyID", c.currency)], &amount(tax))?;
    }
    if c.level >= CiiLevel::En16931
        && let Some(rounding) = fig.rounding
    {
        c.x.text("ram:RoundingAmount", &amount(rounding))?;
    }
    c.x.text("ram:GrandTotalAmount", &amount(fig.grand_total))?;
    if wl && let Some(prepaid) = fig.prepaid {
        c.x.text("ram:TotalPrepaidAmount", &amount(prepaid))?;
    }
    c.x.text("ram:DuePayableAmount", &amount(fig.due_payable))?;
    c.x.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
}
