//! Mandatory terms per profile (BR-2…BR-46, BR-CO-4/18/25/26) and code-list shapes (BR-CL-01/04/14).

use rust_decimal::Decimal;

use super::given;
use crate::compute::Figures;
use crate::error::RuleViolation;
use crate::model::{Address, Invoice, LineAllowanceCharge};
use crate::profile::{CiiLevel, Profile};

/// UNTDID 1001 invoice and credit note type codes EN 16931 allows (BR-CL-01, CEN rules 1.3).
const TYPE_CODES: &[&str] = &[
    "71", "80", "81", "82", "83", "84", "102", "130", "202", "203", "204", "211", "218", "219", "261", "262", "295",
    "296", "308", "325", "326", "331", "380", "381", "382", "383", "384", "385", "386", "387", "388", "389", "390",
    "393", "394", "395", "396", "420", "456", "457", "458", "471", "472", "473", "500", "501", "502", "503", "527",
    "532", "553", "575", "623", "633", "751", "780", "817", "870", "875", "876", "877", "935",
];

pub(super) fn check(profile: Profile, inv: &Invoice, fig: &Figures, out: &mut Vec<RuleViolation>) {
    let level = profile.cii_level();
    let wl = level >= CiiLevel::BasicWl;
    let mut need = |ok: bool, rule: &'static str, path: &str, message: &str| {
        if !ok {
            out.push(RuleViolation::new(rule, path, message));
        }
    };
    need(given(&inv.number), "BR-2", "number", "the invoice number (BT-1) is missing");
    need(inv.issue_date.is_some(), "BR-3", "issueDate", "the issue date (BT-2) is missing");
    need(
        TYPE_CODES.contains(&inv.type_code.trim()),
        "BR-CL-01",
        "typeCode",
        "not an invoice type code EN 16931 allows",
    );
    match inv.currency.as_deref() {
        None => need(false, "BR-5", "currency", "the invoice currency code (BT-5) is missing"),
        Some(code) => {
            need(is_code(code, 3), "BR-CL-04", "currency", "not an ISO 4217 code (three capital letters, e.g. EUR)")
        }
    }
    need(given(&inv.seller.name), "BR-6", "seller.name", "the seller name (BT-27) is missing");
    need(given(&inv.buyer.name), "BR-7", "buyer.name", "the buyer name (BT-44) is missing");
    country(inv.seller.address.as_ref(), "BR-9", "seller.address.country", true, out);
    country(inv.buyer.address.as_ref(), "BR-11", "buyer.address.country", wl, out);
    if let Some(delivery) = &inv.delivery {
        country(delivery.address.as_ref(), "BR-CL-14", "delivery.address.country", false, out);
    }
    let mut need = |ok: bool, rule: &'static str, path: &str, message: &str| {
        if !ok {
            out.push(RuleViolation::new(rule, path, message));
        }
    };
    if wl {
        need(
            fig.line_total.is_some(),
            "BR-12",
            "totals.lineTotal",
            "the sum of line net amounts (BT-106) is missing: give lines or totals.lineTotal",
        );
        need(
            !fig.vat.is_empty(),
            "BR-CO-18",
            "vatBreakdown",
            "at least one VAT breakdown is needed: give lines with VAT categories or a vatBreakdown",
        );
        let ids = given(&inv.seller.id) || given(&inv.seller.legal_id) || given(&inv.seller.vat_id);
        need(
            ids,
            "BR-CO-26",
            "seller",
            "the seller needs an identifier (id), a legal registration id (legalId) or a VAT id (vatId)",
        );
        if fig.due_payable > Decimal::ZERO {
            let payment = inv.payment.as_ref();
            let terms = payment.is_some_and(|p| p.due_date.is_some() || given(&p.terms));
            need(
                terms,
                "BR-CO-25",
                "payment.dueDate",
                "an amount is due, so a payment due date or payment terms are needed",
            );
        }
    }
    if wl && let Some(p) = &inv.payment {
        let details = given(&p.iban) || given(&p.bic) || given(&p.account_name) || given(&p.means_text);
        let means = p.means_code.as_deref().map(str::trim);
        if details && means.is_none_or(str::is_empty) {
            need(
                false,
                "BR-49",
                "payment.meansCode",
                "payment instructions need a payment means code (e.g. 58 for SEPA credit transfer)",
            );
        }
        if matches!(means, Some("30" | "58")) && !given(&p.iban) {
            need(
                false,
                "BR-61",
                "payment.iban",
                "a credit transfer (means code 30 or 58) needs the payment account identifier (IBAN)",
            );
        }
    }
    for (party, path) in [(&inv.seller, "seller.vatId"), (&inv.buyer, "buyer.vatId")] {
        if let Some(id) = party.vat_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            let prefix_ok = id.len() > 2 && id.bytes().take(2).all(|b| b.is_ascii_uppercase());
            need(
                prefix_ok,
                "BR-CO-9",
                path,
                "a VAT identifier starts with its country's two-letter prefix (DE…, FR…, EL… for Greece)",
            );
        }
    }
    if fig.line_total.is_none() && inv.totals.tax_exclusive.is_none() {
        need(
            false,
            "BR-13",
            "totals.taxExclusive",
            "the total without VAT (BT-109) is missing: give lines or totals.taxExclusive",
        );
    }
    if level < CiiLevel::En16931 && inv.totals.rounding.is_some() {
        let message = "this profile has no rounding amount (BT-114): only EN 16931, EXTENDED and XRechnung carry it";
        need(false, "QUIRE-PROFILE-01", "totals.rounding", message);
    }
    if profile.has_lines() && inv.lines.is_empty() {
        need(false, "BR-16", "lines", "at least one invoice line is needed for this profile");
    }
    lines(inv, out);
    document_charges(inv, out);
}

fn is_code(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn country(addr: Option<&Address>, rule: &'static str, path: &str, required: bool, out: &mut Vec<RuleViolation>) {
    match addr.and_then(|a| a.country.as_deref()) {
        None if required => out.push(RuleViolation::new(rule, path, "the country code is missing")),
        None => {}
        Some(code) if !is_code(code, 2) => {
            out.push(RuleViolation::new(
                "BR-CL-14",
                path,
                "not an ISO 3166-1 alpha-2 code (two capital letters, e.g. DE)",
            ));
        }
        Some(_) => {}
    }
}

fn lines(inv: &Invoice, out: &mut Vec<RuleViolation>) {
    for (i, line) in inv.lines.iter().enumerate() {
        let at = |field: &str| format!("lines[{i}].{field}");
        let mut need = |ok: bool, rule: &'static str, field: &str, message: &str| {
            if !ok {
                out.push(RuleViolation::new(rule, at(field), message));
            }
        };
        need(given(&line.id), "BR-21", "id", "the line identifier (BT-126) is missing");
        need(line.quantity.is_some(), "BR-22", "quantity", "the invoiced quantity (BT-129) is missing");
        need(given(&line.unit_code), "BR-23", "unitCode", "the unit of measure code (BT-130) is missing");
        need(given(&line.name), "BR-25", "name", "the item name (BT-153) is missing");
        need(line.net_price.is_some(), "BR-26", "netPrice", "the item net price (BT-146) is missing");
        need(
            line.net_price.is_none_or(|p| p >= Decimal::ZERO),
            "BR-27",
            "netPrice",
            "the item net price must not be negative",
        );
        let base_ok = line.base_quantity.is_none_or(|b| b > Decimal::ZERO);
        need(base_ok, "PEPPOL-EN16931-R121", "baseQuantity", "the price base quantity must be above zero");
        need(given(&line.vat_category), "BR-CO-4", "vatCategory", "the line's VAT category code (BT-151) is missing");
        line_charges(&line.allowances, &at("allowances"), ("BR-41", "BR-42"), out);
        line_charges(&line.charges, &at("charges"), ("BR-43", "BR-44"), out);
    }
}

fn line_charges(
    list: &[LineAllowanceCharge],
    path: &str,
    rules: (&'static str, &'static str),
    out: &mut Vec<RuleViolation>,
) {
    for (j, ac) in list.iter().enumerate() {
        if crate::compute::line_charge_amount(ac).is_none() {
            out.push(RuleViolation::new(
                rules.0,
                format!("{path}[{j}].amount"),
                "the amount is missing (or give baseAmount and percentage)",
            ));
        }
        if !given(&ac.reason) && !given(&ac.reason_code) {
            out.push(RuleViolation::new(rules.1, format!("{path}[{j}].reason"), "a reason or a reason code is needed"));
        }
    }
}

fn document_charges(inv: &Invoice, out: &mut Vec<RuleViolation>) {
    let kinds = [
        ("allowances", &inv.allowances, ["BR-31", "BR-32", "BR-33"]),
        ("charges", &inv.charges, ["BR-36", "BR-37", "BR-38"]),
    ];
    for (name, list, rules) in kinds {
        for (j, ac) in list.iter().enumerate() {
            if crate::compute::document_charge_amount(ac).is_none() {
                out.push(RuleViolation::new(
                    rules[0],
                    format!("{name}[{j}].amount"),
                    "the amount is missing (or give baseAmount and percentage)",
                ));
            }
            if !given(&ac.vat_category) {
                out.push(RuleViolation::new(
                    rules[1],
                    format!("{name}[{j}].vatCategory"),
                    "the VAT category code is missing",
                ));
            }
            if !given(&ac.reason) && !given(&ac.reason_code) {
                out.push(RuleViolation::new(
                    rules[2],
                    format!("{name}[{j}].reason"),
                    "a reason or a reason code is needed",
                ));
            }
        }
    }
}
