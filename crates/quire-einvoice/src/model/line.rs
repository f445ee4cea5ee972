//! Invoice lines (BG-25), allowances and charges (BG-20/21/27/28), VAT breakdown (BG-23), totals (BG-22).

use rust_decimal::Decimal;
use serde::Deserialize;

/// BG-25 An invoice line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Line {
    /// BT-126 Invoice line identifier.
    pub id: Option<String>,
    /// BT-127 Invoice line note.
    pub note: Option<String>,
    /// BT-153 Item name.
    pub name: Option<String>,
    /// BT-154 Item description (EN 16931 and up).
    pub description: Option<String>,
    /// BT-155 Item seller's identifier.
    pub seller_item_id: Option<String>,
    /// BT-129 Invoiced quantity.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub quantity: Option<Decimal>,
    /// BT-130 Unit of measure code (UN/ECE Rec 20/21: `C62` one, `HUR` hour, `KGM` kilogram…).
    pub unit_code: Option<String>,
    /// BT-146 Item net price.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub net_price: Option<Decimal>,
    /// BT-149 Item price base quantity (default 1).
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub base_quantity: Option<Decimal>,
    /// BT-151 Invoiced item VAT category code (S, Z, E, AE, K, G, O, L, M).
    pub vat_category: Option<String>,
    /// BT-152 Invoiced item VAT rate in percent (absent for category O).
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub vat_rate: Option<Decimal>,
    /// BT-131 Invoice line net amount: computed when omitted, verified when given.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub line_total: Option<Decimal>,
    /// BG-27 Invoice line allowances.
    #[serde(default)]
    pub allowances: Vec<LineAllowanceCharge>,
    /// BG-28 Invoice line charges.
    #[serde(default)]
    pub charges: Vec<LineAllowanceCharge>,
}

/// BG-27 / BG-28 An invoice line allowance or charge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LineAllowanceCharge {
    /// BT-136 / BT-141 Amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub amount: Option<Decimal>,
    /// BT-137 / BT-142 Base amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub base_amount: Option<Decimal>,
    /// BT-138 / BT-143 Percentage.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub percentage: Option<Decimal>,
    /// BT-139 / BT-144 Reason.
    pub reason: Option<String>,
    /// BT-140 / BT-145 Reason code (UNTDID 5189 for allowances, 7161 for charges).
    pub reason_code: Option<String>,
}

/// BG-20 / BG-21 A document level allowance or charge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentAllowanceCharge {
    /// BT-92 / BT-99 Amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub amount: Option<Decimal>,
    /// BT-93 / BT-100 Base amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub base_amount: Option<Decimal>,
    /// BT-94 / BT-101 Percentage.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub percentage: Option<Decimal>,
    /// BT-97 / BT-104 Reason.
    pub reason: Option<String>,
    /// BT-98 / BT-105 Reason code.
    pub reason_code: Option<String>,
    /// BT-95 / BT-102 VAT category code.
    pub vat_category: Option<String>,
    /// BT-96 / BT-103 VAT rate.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub vat_rate: Option<Decimal>,
}

/// BG-23 One VAT breakdown entry. With lines present the amounts are computed; amounts given here are
/// verified against them, and the exemption reason is taken from here.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VatBreakdown {
    /// BT-118 VAT category code.
    pub category: Option<String>,
    /// BT-119 VAT category rate.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub rate: Option<Decimal>,
    /// BT-116 VAT category taxable amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub taxable_amount: Option<Decimal>,
    /// BT-117 VAT category tax amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub tax_amount: Option<Decimal>,
    /// BT-120 VAT exemption reason text.
    pub exemption_reason: Option<String>,
    /// BT-121 VAT exemption reason code (VATEX list).
    pub exemption_reason_code: Option<String>,
}

/// BG-22 Document totals. Each one is computed when omitted and verified when given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Totals {
    /// BT-106 Sum of invoice line net amounts.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub line_total: Option<Decimal>,
    /// BT-107 Sum of allowances on document level.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub allowance_total: Option<Decimal>,
    /// BT-108 Sum of charges on document level.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub charge_total: Option<Decimal>,
    /// BT-109 Invoice total amount without VAT.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub tax_exclusive: Option<Decimal>,
    /// BT-110 Invoice total VAT amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub tax_total: Option<Decimal>,
    /// BT-112 Invoice total amount with VAT.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub grand_total: Option<Decimal>,
    /// BT-113 Paid amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub prepaid: Option<Decimal>,
    /// BT-114 Rounding amount.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub rounding: Option<Decimal>,
    /// BT-115 Amount due for payment.
    #[serde(default, deserialize_with = "crate::amount::deserialize_opt")]
    pub due_payable: Option<Decimal>,
}
