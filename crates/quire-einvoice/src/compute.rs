//! The invoice's figures: line net amounts, VAT breakdown and totals, computed exactly and checked
//! against any figures the client gave (BR-CO-10…17, BR-xx-08, PEPPOL-EN16931-R120).

use rust_decimal::Decimal;

use crate::amount::{format_amount, round2};
use crate::error::RuleViolation;
use crate::model::{DocumentAllowanceCharge, Invoice, Line, LineAllowanceCharge};
use crate::rules::vat_rule;

/// One VAT breakdown entry as written (BG-23).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatEntry {
    /// BT-118 category code, upper case.
    pub category: String,
    /// BT-119 rate (absent for category O).
    pub rate: Option<Decimal>,
    /// BT-116 taxable amount.
    pub taxable: Decimal,
    /// BT-117 tax amount.
    pub tax: Decimal,
    /// BT-120 exemption reason.
    pub exemption_reason: Option<String>,
    /// BT-121 exemption reason code.
    pub exemption_reason_code: Option<String>,
}

/// The figures the XML carries: the given ones where the client gave them (and they added up), the
/// computed ones elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// BT-131 per line, in line order.
    pub line_nets: Vec<Decimal>,
    /// BG-23.
    pub vat: Vec<VatEntry>,
    /// BT-106 (absent only for a line-less invoice that gave none).
    pub line_total: Option<Decimal>,
    /// BT-107.
    pub allowance_total: Decimal,
    /// BT-108.
    pub charge_total: Decimal,
    /// BT-109.
    pub tax_exclusive: Decimal,
    /// BT-110 (absent only for a MINIMUM invoice without VAT figures).
    pub tax_total: Option<Decimal>,
    /// BT-112.
    pub grand_total: Decimal,
    /// BT-113.
    pub prepaid: Option<Decimal>,
    /// BT-114.
    pub rounding: Option<Decimal>,
    /// BT-115.
    pub due_payable: Decimal,
}

/// The amount of a line allowance or charge: given, or base × percentage / 100.
pub fn line_charge_amount(ac: &LineAllowanceCharge) -> Option<Decimal> {
    ac.amount.or_else(|| Some(round2(ac.base_amount? * ac.percentage? / Decimal::ONE_HUNDRED)))
}

/// The amount of a document allowance or charge: given, or base × percentage / 100.
pub fn document_charge_amount(ac: &DocumentAllowanceCharge) -> Option<Decimal> {
    ac.amount.or_else(|| Some(round2(ac.base_amount? * ac.percentage? / Decimal::ONE_HUNDRED)))
}

/// The net amount of a line from its quantity and price: qty × price / base qty + charges − allowances.
pub fn computed_line_net(line: &Line) -> Option<Decimal> {
    let base = line.base_quantity.unwrap_or(Decimal::ONE);
    if base <= Decimal::ZERO {
        return None;
    }
    let mut net = round2(line.quantity? * line.net_price? / base);
    for charge in &line.charges {
        net += round2(line_charge_amount(charge).unwrap_or_default());
    }
    for allowance in &line.allowances {
        net -= round2(line_charge_amount(allowance).unwrap_or_default());
    }
    Some(net)
}

/// VAT tax amount of a category: base × rate / 100, rounded (BR-CO-17).
pub fn vat_amount(taxable: Decimal, rate: Option<Decimal>) -> Decimal {
    round2(taxable * rate.unwrap_or_default() / Decimal::ONE_HUNDRED)
}

fn key(category: Option<&str>, rate: Option<Decimal>) -> (String, Option<Decimal>) {
    (category.unwrap_or("").trim().to_ascii_uppercase(), rate.map(|r| r.normalize()))
}

fn mismatch(
    out: &mut Vec<RuleViolation>,
    rule: &'static str,
    path: &str,
    given: Decimal,
    computed: Decimal,
    what: &str,
) {
    if round2(given) != round2(computed) {
        out.push(RuleViolation::new(
            rule,
            path,
            format!("is {} but {what} {}", format_amount(given), format_amount(computed)),
        ));
    }
}

/// Computes every figure, pushing a violation for each given figure that disagrees.
pub fn figures(inv: &Invoice, out: &mut Vec<RuleViolation>) -> Figures {
    let mut fig = Figures::default();
    for (i, line) in inv.lines.iter().enumerate() {
        let computed = computed_line_net(line);
        if let (Some(given), Some(computed)) = (line.line_total, computed) {
            let path = format!("lines[{i}].lineTotal");
            let what = "quantity × net price / base quantity + charges − allowances is";
            mismatch(out, "PEPPOL-EN16931-R120", &path, given, computed, what);
        }
        fig.line_nets.push(computed.or(line.line_total).unwrap_or_default());
    }

    let t = &inv.totals;
    let has_lines = !inv.lines.is_empty();
    fig.line_total = if has_lines {
        let sum: Decimal = fig.line_nets.iter().sum();
        if let Some(given) = t.line_total {
            mismatch(out, "BR-CO-10", "totals.lineTotal", given, sum, "the line net amounts add up to");
        }
        Some(sum)
    } else {
        t.line_total
    };
    fig.allowance_total = inv.allowances.iter().filter_map(document_charge_amount).map(round2).sum();
    if let Some(given) = t.allowance_total {
        mismatch(out, "BR-CO-11", "totals.allowanceTotal", given, fig.allowance_total, "the allowances add up to");
    }
    fig.charge_total = inv.charges.iter().filter_map(document_charge_amount).map(round2).sum();
    if let Some(given) = t.charge_total {
        mismatch(out, "BR-CO-12", "totals.chargeTotal", given, fig.charge_total, "the charges add up to");
    }
    fig.tax_exclusive = match fig.line_total {
        Some(lines) => {
            let computed = lines - fig.allowance_total + fig.charge_total;
            if let Some(given) = t.tax_exclusive {
                let what = "line total − allowances + charges is";
                mismatch(out, "BR-CO-13", "totals.taxExclusive", given, computed, what);
            }
            computed
        }
        None => t.tax_exclusive.unwrap_or_default(),
    };

    fig.vat = if has_lines { computed_breakdown(inv, &fig.line_nets, out) } else { given_breakdown(inv, out) };
    fig.tax_total = if fig.vat.is_empty() {
        t.tax_total
    } else {
        let sum: Decimal = fig.vat.iter().map(|v| v.tax).sum();
        if let Some(given) = t.tax_total {
            mismatch(out, "BR-CO-14", "totals.taxTotal", given, sum, "the VAT breakdown adds up to");
        }
        Some(sum)
    };
    fig.grand_total = fig.tax_exclusive + fig.tax_total.unwrap_or_default();
    if let Some(given) = t.grand_total {
        mismatch(out, "BR-CO-15", "totals.grandTotal", given, fig.grand_total, "total without VAT + VAT is");
    }
    fig.prepaid = t.prepaid.map(round2);
    fig.rounding = t.rounding.map(round2);
    fig.due_payable = fig.grand_total - fig.prepaid.unwrap_or_default() + fig.rounding.unwrap_or_default();
    if let Some(given) = t.due_payable {
        mismatch(out, "BR-CO-16", "totals.duePayable", given, fig.due_payable, "grand total − paid + rounding is");
    }
    fig
}

/// BG-23 from the lines and document allowances/charges, grouped by category and rate in order of first
/// appearance; given entries are matched and verified.
fn computed_breakdown(inv: &Invoice, line_nets: &[Decimal], out: &mut Vec<RuleViolation>) -> Vec<VatEntry> {
    let mut groups: Vec<((String, Option<Decimal>), Decimal)> = Vec::new();
    let mut add = |k: (String, Option<Decimal>), amount: Decimal| match groups.iter_mut().find(|(g, _)| *g == k) {
        Some((_, sum)) => *sum += amount,
        None => groups.push((k, amount)),
    };
    for (line, net) in inv.lines.iter().zip(line_nets) {
        add(key(line.vat_category.as_deref(), line.vat_rate), *net);
    }
    for ac in &inv.allowances {
        add(key(ac.vat_category.as_deref(), ac.vat_rate), -round2(document_charge_amount(ac).unwrap_or_default()));
    }
    for ac in &inv.charges {
        add(key(ac.vat_category.as_deref(), ac.vat_rate), round2(document_charge_amount(ac).unwrap_or_default()));
    }
    let mut entries: Vec<VatEntry> = groups
        .into_iter()
        .map(|((category, rate), taxable)| VatEntry {
            tax: vat_amount(taxable, rate),
            category,
            rate,
            taxable,
            exemption_reason: None,
            exemption_reason_code: None,
        })
        .collect();
    for (i, given) in inv.vat_breakdown.iter().enumerate() {
        let k = key(given.category.as_deref(), given.rate);
        let rule = vat_rule(&k.0, 8);
        let Some(entry) = entries.iter_mut().find(|e| e.category == k.0 && e.rate == k.1) else {
            let rate = k.1.map(|r| format!("{}%", r)).unwrap_or_else(|| "no rate".to_owned());
            let message = format!("no line, allowance or charge has VAT category `{}` at {rate}", k.0);
            out.push(RuleViolation::new(rule, format!("vatBreakdown[{i}]"), message));
            continue;
        };
        if let Some(taxable) = given.taxable_amount {
            let path = format!("vatBreakdown[{i}].taxableAmount");
            let what = "the lines, allowances and charges of this category and rate add up to";
            mismatch(out, rule, &path, taxable, entry.taxable, what);
        }
        if let Some(tax) = given.tax_amount {
            let path = format!("vatBreakdown[{i}].taxAmount");
            mismatch(out, "BR-CO-17", &path, tax, entry.tax, "taxable amount × rate / 100 is");
        }
        entry.exemption_reason.clone_from(&given.exemption_reason);
        entry.exemption_reason_code.clone_from(&given.exemption_reason_code);
    }
    entries
}

/// BG-23 as given, for invoices without lines (MINIMUM, BASIC WL): each entry needs both amounts.
fn given_breakdown(inv: &Invoice, out: &mut Vec<RuleViolation>) -> Vec<VatEntry> {
    let mut entries = Vec::new();
    for (i, given) in inv.vat_breakdown.iter().enumerate() {
        let (category, rate) = key(given.category.as_deref(), given.rate);
        let Some(taxable) = given.taxable_amount else {
            let message = "a VAT breakdown needs its taxable amount when the invoice has no lines";
            out.push(RuleViolation::new("BR-45", format!("vatBreakdown[{i}].taxableAmount"), message));
            continue;
        };
        let Some(tax) = given.tax_amount else {
            let message = "a VAT breakdown needs its tax amount when the invoice has no lines";
            out.push(RuleViolation::new("BR-46", format!("vatBreakdown[{i}].taxAmount"), message));
            continue;
        };
        let path = format!("vatBreakdown[{i}].taxAmount");
        mismatch(out, "BR-CO-17", &path, tax, vat_amount(taxable, rate), "taxable amount × rate / 100 is");
        entries.push(VatEntry {
            category,
            rate,
            taxable: round2(taxable),
            tax: round2(tax),
            exemption_reason: given.exemption_reason.clone(),
            exemption_reason_code: given.exemption_reason_code.clone(),
        });
    }
    entries
}
