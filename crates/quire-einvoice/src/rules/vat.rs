//! VAT category rules: code list (BR-CL-18), rates per category (BR-xx-05/06/07), the parties' VAT ids
//! (BR-xx-02), exemption reasons (BR-xx-10) and the intra-community delivery date (BR-IC-11).

use rust_decimal::Decimal;

use super::{given, vat_rule};
use crate::compute::Figures;
use crate::error::RuleViolation;
use crate::model::Invoice;

const CATEGORIES: &[&str] = &["S", "Z", "E", "AE", "K", "G", "O", "L", "M"];

pub(super) fn check(inv: &Invoice, fig: &Figures, out: &mut Vec<RuleViolation>) {
    let mut present: Vec<String> = Vec::new();
    let lines = inv.lines.iter().map(|l| (l.vat_category.as_ref(), l.vat_rate));
    let allowances = inv.allowances.iter().map(|a| (a.vat_category.as_ref(), a.vat_rate));
    let charges = inv.charges.iter().map(|c| (c.vat_category.as_ref(), c.vat_rate));
    let groups: [(&str, u8, Vec<_>); 3] =
        [("lines", 5, lines.collect()), ("allowances", 6, allowances.collect()), ("charges", 7, charges.collect())];
    for (name, n, items) in groups {
        for (i, (category, rate)) in items.into_iter().enumerate() {
            let Some(category) = category.map(|c| c.trim().to_ascii_uppercase()) else { continue };
            let path = format!("{name}[{i}]");
            if !CATEGORIES.contains(&category.as_str()) {
                let message = format!("`{category}` is not a VAT category code (S, Z, E, AE, K, G, O, L, M)");
                out.push(RuleViolation::new("BR-CL-18", format!("{path}.vatCategory"), message));
                continue;
            }
            if let Some(message) = rate_problem(&category, rate) {
                out.push(RuleViolation::new(vat_rule(&category, n), format!("{path}.vatRate"), message));
            }
            if !present.contains(&category) {
                present.push(category);
            }
        }
    }
    for entry in &fig.vat {
        if CATEGORIES.contains(&entry.category.as_str()) && !present.contains(&entry.category) {
            present.push(entry.category.clone());
        }
    }
    for category in &present {
        party_ids(inv, category, out);
    }
    exemptions(inv, fig, out);
    if present.iter().any(|c| c == "K") && inv.delivery.as_ref().is_none_or(|d| d.date.is_none()) {
        let message = "an intra-community supply (VAT category K) needs the actual delivery date";
        out.push(RuleViolation::new("BR-IC-11", "delivery.date", message));
    }
}

fn rate_problem(category: &str, rate: Option<Decimal>) -> Option<&'static str> {
    match (category, rate) {
        ("S", Some(r)) if r > Decimal::ZERO => None,
        ("S", _) => Some("VAT category S (standard rate) needs a rate above zero"),
        ("O", None) => None,
        ("O", Some(_)) => Some("VAT category O (not subject to VAT) takes no rate"),
        ("Z" | "E" | "AE" | "K" | "G", Some(r)) if r.is_zero() => None,
        ("Z" | "E" | "AE" | "K" | "G", _) => Some("this VAT category needs a rate of 0"),
        _ => None,
    }
}

fn party_ids(inv: &Invoice, category: &str, out: &mut Vec<RuleViolation>) {
    let seller_vat = given(&inv.seller.vat_id);
    let seller_tax = seller_vat || given(&inv.seller.tax_registration_id);
    let buyer_vat = given(&inv.buyer.vat_id);
    let (ok, path, message) = match category {
        "S" | "Z" | "E" | "G" => {
            (seller_tax, "seller.vatId", "the seller needs a VAT id or a tax registration id (taxRegistrationId)")
        }
        "AE" if !seller_vat => (false, "seller.vatId", "a reverse-charge invoice (AE) needs the seller VAT id"),
        "AE" => (
            buyer_vat || given(&inv.buyer.legal_id),
            "buyer.vatId",
            "a reverse-charge invoice (AE) needs the buyer VAT id or legal id",
        ),
        "K" if !seller_vat => (false, "seller.vatId", "an intra-community supply (K) needs the seller VAT id"),
        "K" => (buyer_vat, "buyer.vatId", "an intra-community supply (K) needs the buyer VAT id"),
        "O" => (
            !seller_vat && !buyer_vat,
            "seller.vatId",
            "an invoice not subject to VAT (O) carries no seller or buyer VAT id",
        ),
        _ => (true, "", ""),
    };
    if !ok {
        out.push(RuleViolation::new(vat_rule(category, 2), path, message));
    }
}

fn exemptions(inv: &Invoice, fig: &Figures, out: &mut Vec<RuleViolation>) {
    for entry in &fig.vat {
        let index = inv.vat_breakdown.iter().position(|g| {
            g.category.as_deref().map(|c| c.trim().to_ascii_uppercase()).as_deref() == Some(entry.category.as_str())
                && g.rate.map(|r| r.normalize()) == entry.rate
        });
        let path = index.map_or_else(|| "vatBreakdown".to_owned(), |i| format!("vatBreakdown[{i}].exemptionReason"));
        let has_reason = given(&entry.exemption_reason) || given(&entry.exemption_reason_code);
        match entry.category.as_str() {
            "S" | "Z" if has_reason => {
                let message = format!("VAT category {} takes no exemption reason", entry.category);
                out.push(RuleViolation::new(vat_rule(&entry.category, 10), path, message));
            }
            "E" | "AE" | "K" | "G" | "O" if !has_reason => {
                let message = format!(
                    "VAT category {} needs an exemption reason or code: give a vatBreakdown entry with category `{}`, its rate and exemptionReason",
                    entry.category, entry.category
                );
                out.push(RuleViolation::new(vat_rule(&entry.category, 10), path, message));
            }
            _ => {}
        }
    }
}
