//! CII invoice lines (`ram:IncludedSupplyChainTradeLineItem`), BASIC and up.

use std::io;

use rust_decimal::Decimal;

use super::Cii;
use crate::amount::{format_amount, format_percent, format_plain};
use crate::compute::line_charge_amount;
use crate::model::{Line, LineAllowanceCharge};
use crate::profile::CiiLevel;

pub(super) fn write(c: &mut Cii, line: &Line, net: Decimal) -> io::Result<()> {
    let full = c.level >= CiiLevel::En16931;
    let unit = line.unit_code.as_deref().unwrap_or("").trim();
    c.x.open("ram:IncludedSupplyChainTradeLineItem")?;
    c.x.open("ram:AssociatedDocumentLineDocument")?;
    c.x.text("ram:LineID", line.id.as_deref().unwrap_or("").trim())?;
    if let Some(note) = line.note.as_deref().filter(|n| !n.trim().is_empty()) {
        c.x.wrapped("ram:IncludedNote", "ram:Content", note)?;
    }
    c.x.close("ram:AssociatedDocumentLineDocument")?;

    c.x.open("ram:SpecifiedTradeProduct")?;
    if full {
        c.x.opt("ram:SellerAssignedID", line.seller_item_id.as_deref())?;
    }
    c.x.text("ram:Name", line.name.as_deref().unwrap_or("").trim())?;
    if full {
        c.x.opt("ram:Description", line.description.as_deref())?;
    }
    c.x.close("ram:SpecifiedTradeProduct")?;

    c.x.open("ram:SpecifiedLineTradeAgreement")?;
    c.x.open("ram:NetPriceProductTradePrice")?;
    c.x.text("ram:ChargeAmount", &format_plain(line.net_price.unwrap_or_default()))?;
    if let Some(base) = line.base_quantity {
        c.x.text_with("ram:BasisQuantity", &[("unitCode", unit)], &format_plain(base))?;
    }
    c.x.close("ram:NetPriceProductTradePrice")?;
    c.x.close("ram:SpecifiedLineTradeAgreement")?;

    c.x.open("ram:SpecifiedLineTradeDelivery")?;
    let quantity = format_plain(line.quantity.unwrap_or_default());
    c.x.text_with("ram:BilledQuantity", &[("unitCode", unit)], &quantity)?;
    c.x.close("ram:SpecifiedLineTradeDelivery")?;

    c.x.open("ram:SpecifiedLineTradeSettlement")?;
    c.x.open("ram:ApplicableTradeTax")?;
    c.x.text("ram:TypeCode", "VAT")?;
    c.x.text("ram:CategoryCode", &line.vat_category.as_deref().unwrap_or("").trim().to_ascii_uppercase())?;
    if let Some(rate) = line.vat_rate {
        c.x.text("ram:RateApplicablePercent", &format_percent(rate))?;
    }
    c.x.close("ram:ApplicableTradeTax")?;
    for ac in &line.allowances {
        allowance_charge(c, ac, false)?;
    }
    for ac in &line.charges {
        allowance_charge(c, ac, true)?;
    }
    c.x.open("ram:SpecifiedTradeSettlementLineMonetarySummation")?;
    c.x.text("ram:LineTotalAmount", &format_amount(net))?;
    c.x.close("ram:SpecifiedTradeSettlementLineMonetarySummation")?;
    c.x.close("ram:SpecifiedLineTradeSettlement")?;
    c.x.close("ram:IncludedSupplyChainTradeLineItem")
}

fn allowance_charge(c: &mut Cii, ac: &LineAllowanceCharge, charge: bool) -> io::Result<()> {
    c.x.open("ram:SpecifiedTradeAllowanceCharge")?;
    c.x.wrapped("ram:ChargeIndicator", "udt:Indicator", if charge { "true" } else { "false" })?;
    if let Some(pct) = ac.percentage {
        c.x.text("ram:CalculationPercent", &format_percent(pct))?;
    }
    if let Some(base) = ac.base_amount {
        c.x.text("ram:BasisAmount", &format_amount(base))?;
    }
    c.x.text("ram:ActualAmount", &format_amount(line_charge_amount(ac).unwrap_or_default()))?;
    c.x.opt("ram:ReasonCode", ac.reason_code.as_deref())?;
    c.x.opt("ram:Reason", ac.reason.as_deref())?;
    c.x.close("ram:SpecifiedTradeAllowanceCharge")
}
