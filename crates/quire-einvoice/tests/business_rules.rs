//! One failing case per business rule in `RULES`: each edits the valid fixture so that exactly the
//! rule's condition breaks, and expects that rule at that path among the violations.

mod common;

use common::edit::{del, set};
use common::{broken, fixture, violations};
use quire_einvoice::RULES;
use serde_json::{Value, json};

/// The fixture without lines (MINIMUM / BASIC WL style) and with its figures given.
fn line_less(d: &mut Value) {
    del(d, "lines");
    set(d, "totals", json!({ "lineTotal": "1033.34", "taxExclusive": "985.84", "taxTotal": "178.35" }));
    set(
        d,
        "vatBreakdown",
        json!([
            { "category": "S", "rate": 19, "taxableAmount": "911.14", "taxAmount": "173.12" },
            { "category": "S", "rate": 7, "taxableAmount": "74.70", "taxAmount": "5.23" }
        ]),
    );
}

/// Line 2 (the 7 % book) moved to `category` at `rate`, its breakdown entry with an exemption reason.
fn second_line(d: &mut Value, category: &str, rate: Option<u32>) {
    set(d, "lines[1].vatCategory", json!(category));
    match rate {
        Some(rate) => set(d, "lines[1].vatRate", json!(rate)),
        None => del(d, "lines[1].vatRate"),
    }
    let mut entry = json!({ "category": category, "exemptionReason": "Exempt", "exemptionReasonCode": "VATEX-EU-O" });
    if let Some(rate) = rate {
        entry["rate"] = json!(rate);
    }
    set(d, "vatBreakdown", json!([entry]));
}

fn charge(d: &mut Value, charge: Value) {
    set(d, "charges", json!([charge]));
}

macro_rules! rule_cases {
    ($( $name:ident: $profile:literal, $rule:literal at $path:literal, |$d:ident| $body:block )*) => {
        $(
            #[test]
            fn $name() {
                let mut $d = fixture();
                $body
                let list = violations($profile, $d);
                assert!(broken(&list, $rule, $path), "expected {} at `{}`, got {:#?}", $rule, $path, list);
            }
        )*
        const CASE_RULES: &[&str] = &[$($rule),*];
    };
}

rule_cases! {
    control_character_in_text_is_refused: "en16931", "QUIRE-TEXT-01" at "lines[0].name", |d| { set(&mut d, "lines[0].name", json!("Con\u{1}sulting")); }
    rounding_below_en16931_breaks_quire_profile_01: "basic", "QUIRE-PROFILE-01" at "totals.rounding", |d| { set(&mut d, "totals.rounding", json!("0.01")); }
    missing_number_breaks_br_2: "minimum", "BR-2" at "number", |d| { del(&mut d, "number"); }
    missing_issue_date_breaks_br_3: "minimum", "BR-3" at "issueDate", |d| { del(&mut d, "issueDate"); }
    missing_currency_breaks_br_5: "minimum", "BR-5" at "currency", |d| { del(&mut d, "currency"); }
    missing_seller_name_breaks_br_6: "minimum", "BR-6" at "seller.name", |d| { del(&mut d, "seller.name"); }
    missing_buyer_name_breaks_br_7: "minimum", "BR-7" at "buyer.name", |d| { del(&mut d, "buyer.name"); }
    missing_seller_country_breaks_br_9: "minimum", "BR-9" at "seller.address.country", |d| { del(&mut d, "seller.address.country"); }
    missing_buyer_country_breaks_br_11: "basic-wl", "BR-11" at "buyer.address.country", |d| { del(&mut d, "buyer.address.country"); }
    missing_line_total_breaks_br_12: "basic-wl", "BR-12" at "totals.lineTotal", |d| { line_less(&mut d); del(&mut d, "totals.lineTotal"); }
    missing_tax_exclusive_breaks_br_13: "minimum", "BR-13" at "totals.taxExclusive", |d| { line_less(&mut d); set(&mut d, "totals", json!({})); }
    basic_without_lines_breaks_br_16: "basic", "BR-16" at "lines", |d| { set(&mut d, "lines", json!([])); }
    line_without_id_breaks_br_21: "basic", "BR-21" at "lines[0].id", |d| { del(&mut d, "lines[0].id"); }
    line_without_quantity_breaks_br_22: "basic", "BR-22" at "lines[0].quantity", |d| { del(&mut d, "lines[0].quantity"); }
    line_without_unit_breaks_br_23: "basic", "BR-23" at "lines[0].unitCode", |d| { del(&mut d, "lines[0].unitCode"); }
    line_without_name_breaks_br_25: "basic", "BR-25" at "lines[0].name", |d| { del(&mut d, "lines[0].name"); }
    line_without_price_breaks_br_26: "basic", "BR-26" at "lines[0].netPrice", |d| { del(&mut d, "lines[0].netPrice"); }
    negative_price_breaks_br_27: "basic", "BR-27" at "lines[0].netPrice", |d| { set(&mut d, "lines[0].netPrice", json!(-1)); }
    allowance_without_amount_breaks_br_31: "en16931", "BR-31" at "allowances[0].amount", |d| { del(&mut d, "allowances[0].amount"); del(&mut d, "allowances[0].percentage"); }
    allowance_without_category_breaks_br_32: "en16931", "BR-32" at "allowances[0].vatCategory", |d| { del(&mut d, "allowances[0].vatCategory"); }
    allowance_without_reason_breaks_br_33: "en16931", "BR-33" at "allowances[0].reason", |d| { del(&mut d, "allowances[0].reason"); del(&mut d, "allowances[0].reasonCode"); }
    charge_without_amount_breaks_br_36: "en16931", "BR-36" at "charges[0].amount", |d| { charge(&mut d, json!({ "reason": "Freight", "vatCategory": "S", "vatRate": 19 })); }
    charge_without_category_breaks_br_37: "en16931", "BR-37" at "charges[0].vatCategory", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatRate": 19 })); }
    charge_without_reason_breaks_br_38: "en16931", "BR-38" at "charges[0].reason", |d| { charge(&mut d, json!({ "amount": 5, "vatCategory": "S", "vatRate": 19 })); }
    line_allowance_without_amount_breaks_br_41: "en16931", "BR-41" at "lines[0].allowances[0].amount", |d| { set(&mut d, "lines[0].allowances", json!([{ "reason": "Discount" }])); }
    line_allowance_without_reason_breaks_br_42: "en16931", "BR-42" at "lines[0].allowances[0].reason", |d| { set(&mut d, "lines[0].allowances", json!([{ "amount": 10 }])); }
    line_charge_without_amount_breaks_br_43: "en16931", "BR-43" at "lines[0].charges[0].amount", |d| { set(&mut d, "lines[0].charges", json!([{ "reason": "Travel" }])); }
    line_charge_without_reason_breaks_br_44: "en16931", "BR-44" at "lines[0].charges[0].reason", |d| { set(&mut d, "lines[0].charges", json!([{ "amount": 10 }])); }
    breakdown_without_taxable_amount_breaks_br_45: "basic-wl", "BR-45" at "vatBreakdown[0].taxableAmount", |d| { line_less(&mut d); del(&mut d, "vatBreakdown[0].taxableAmount"); }
    breakdown_without_tax_amount_breaks_br_46: "basic-wl", "BR-46" at "vatBreakdown[0].taxAmount", |d| { line_less(&mut d); del(&mut d, "vatBreakdown[0].taxAmount"); }
    payment_details_without_means_break_br_49: "basic-wl", "BR-49" at "payment.meansCode", |d| { del(&mut d, "payment.meansCode"); }
    credit_transfer_without_iban_breaks_br_61: "en16931", "BR-61" at "payment.iban", |d| { del(&mut d, "payment.iban"); }
    vat_id_without_country_prefix_breaks_br_co_9: "en16931", "BR-CO-9" at "buyer.vatId", |d| { set(&mut d, "buyer.vatId", json!("987654321")); }
    line_without_vat_category_breaks_br_co_4: "basic", "BR-CO-4" at "lines[0].vatCategory", |d| { del(&mut d, "lines[0].vatCategory"); }
    wrong_line_total_sum_breaks_br_co_10: "en16931", "BR-CO-10" at "totals.lineTotal", |d| { set(&mut d, "totals.lineTotal", json!("1033.35")); }
    wrong_allowance_total_breaks_br_co_11: "en16931", "BR-CO-11" at "totals.allowanceTotal", |d| { set(&mut d, "totals.allowanceTotal", json!("47.00")); }
    wrong_charge_total_breaks_br_co_12: "en16931", "BR-CO-12" at "totals.chargeTotal", |d| { set(&mut d, "totals.chargeTotal", json!("1.00")); }
    wrong_tax_exclusive_breaks_br_co_13: "en16931", "BR-CO-13" at "totals.taxExclusive", |d| { set(&mut d, "totals.taxExclusive", json!("1033.34")); }
    wrong_tax_total_breaks_br_co_14: "en16931", "BR-CO-14" at "totals.taxTotal", |d| { set(&mut d, "totals.taxTotal", json!("178.34")); }
    wrong_grand_total_breaks_br_co_15: "en16931", "BR-CO-15" at "totals.grandTotal", |d| { set(&mut d, "totals.grandTotal", json!("1164.18")); }
    wrong_due_payable_breaks_br_co_16: "en16931", "BR-CO-16" at "totals.duePayable", |d| { set(&mut d, "totals.duePayable", json!("1164.19")); }
    wrong_vat_amount_breaks_br_co_17: "en16931", "BR-CO-17" at "vatBreakdown[0].taxAmount", |d| { set(&mut d, "vatBreakdown", json!([{ "category": "S", "rate": 19, "taxAmount": "173.11" }])); }
    no_vat_breakdown_breaks_br_co_18: "basic-wl", "BR-CO-18" at "vatBreakdown", |d| { line_less(&mut d); set(&mut d, "vatBreakdown", json!([])); }
    amount_due_without_terms_breaks_br_co_25: "en16931", "BR-CO-25" at "payment.dueDate", |d| { del(&mut d, "payment.dueDate"); del(&mut d, "payment.terms"); }
    seller_without_any_id_breaks_br_co_26: "en16931", "BR-CO-26" at "seller", |d| { del(&mut d, "seller.legalId"); del(&mut d, "seller.vatId"); }
    unknown_type_code_breaks_br_cl_01: "minimum", "BR-CL-01" at "typeCode", |d| { set(&mut d, "typeCode", json!("999")); }
    lower_case_currency_breaks_br_cl_04: "minimum", "BR-CL-04" at "currency", |d| { set(&mut d, "currency", json!("eur")); }
    country_name_breaks_br_cl_14: "minimum", "BR-CL-14" at "seller.address.country", |d| { set(&mut d, "seller.address.country", json!("Germany")); }
    unknown_vat_category_breaks_br_cl_18: "en16931", "BR-CL-18" at "lines[0].vatCategory", |d| { set(&mut d, "lines[0].vatCategory", json!("X")); }
    wrong_line_net_breaks_peppol_r120: "en16931", "PEPPOL-EN16931-R120" at "lines[1].lineTotal", |d| { set(&mut d, "lines[1].lineTotal", json!("74.71")); }
    zero_base_quantity_breaks_peppol_r121: "en16931", "PEPPOL-EN16931-R121" at "lines[2].baseQuantity", |d| { set(&mut d, "lines[2].baseQuantity", json!(0)); }
    standard_rate_without_seller_vat_id_breaks_br_s_02: "en16931", "BR-S-02" at "seller.vatId", |d| { del(&mut d, "seller.vatId"); del(&mut d, "seller.taxRegistrationId"); }
    standard_rate_line_at_zero_breaks_br_s_05: "en16931", "BR-S-05" at "lines[0].vatRate", |d| { set(&mut d, "lines[0].vatRate", json!(0)); }
    standard_rate_allowance_at_zero_breaks_br_s_06: "en16931", "BR-S-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatRate", json!(0)); }
    standard_rate_charge_at_zero_breaks_br_s_07: "en16931", "BR-S-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "S", "vatRate": 0 })); }
    wrong_standard_rate_base_breaks_br_s_08: "en16931", "BR-S-08" at "vatBreakdown[0].taxableAmount", |d| { set(&mut d, "vatBreakdown", json!([{ "category": "S", "rate": 19, "taxableAmount": "950.00" }])); }
    standard_rate_with_exemption_breaks_br_s_10: "en16931", "BR-S-10" at "vatBreakdown[0].exemptionReason", |d| { set(&mut d, "vatBreakdown", json!([{ "category": "S", "rate": 7, "exemptionReason": "none" }])); }
    zero_rated_without_seller_vat_id_breaks_br_z_02: "en16931", "BR-Z-02" at "seller.vatId", |d| { second_line(&mut d, "Z", Some(0)); set(&mut d, "vatBreakdown", json!([])); del(&mut d, "seller.vatId"); del(&mut d, "seller.taxRegistrationId"); }
    zero_rated_line_with_rate_breaks_br_z_05: "en16931", "BR-Z-05" at "lines[1].vatRate", |d| { set(&mut d, "lines[1].vatCategory", json!("Z")); }
    zero_rated_allowance_with_rate_breaks_br_z_06: "en16931", "BR-Z-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("Z")); }
    zero_rated_charge_with_rate_breaks_br_z_07: "en16931", "BR-Z-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "Z", "vatRate": 7 })); }
    wrong_zero_rated_base_breaks_br_z_08: "en16931", "BR-Z-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "Z", Some(0)); set(&mut d, "vatBreakdown", json!([{ "category": "Z", "rate": 0, "taxableAmount": 1 }])); }
    zero_rated_with_exemption_breaks_br_z_10: "en16931", "BR-Z-10" at "vatBreakdown[0].exemptionReason", |d| { second_line(&mut d, "Z", Some(0)); }
    exempt_without_seller_vat_id_breaks_br_e_02: "en16931", "BR-E-02" at "seller.vatId", |d| { second_line(&mut d, "E", Some(0)); del(&mut d, "seller.vatId"); del(&mut d, "seller.taxRegistrationId"); }
    exempt_line_with_rate_breaks_br_e_05: "en16931", "BR-E-05" at "lines[1].vatRate", |d| { second_line(&mut d, "E", Some(7)); }
    exempt_allowance_with_rate_breaks_br_e_06: "en16931", "BR-E-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("E")); }
    exempt_charge_with_rate_breaks_br_e_07: "en16931", "BR-E-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "E", "vatRate": 7 })); }
    wrong_exempt_base_breaks_br_e_08: "en16931", "BR-E-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "E", Some(0)); set(&mut d, "vatBreakdown[0].taxableAmount", json!(1)); }
    exempt_without_reason_breaks_br_e_10: "en16931", "BR-E-10" at "vatBreakdown", |d| { second_line(&mut d, "E", Some(0)); set(&mut d, "vatBreakdown", json!([])); }
    reverse_charge_without_buyer_vat_id_breaks_br_ae_02: "en16931", "BR-AE-02" at "buyer.vatId", |d| { second_line(&mut d, "AE", Some(0)); del(&mut d, "buyer.vatId"); }
    reverse_charge_line_with_rate_breaks_br_ae_05: "en16931", "BR-AE-05" at "lines[1].vatRate", |d| { second_line(&mut d, "AE", Some(7)); }
    reverse_charge_allowance_with_rate_breaks_br_ae_06: "en16931", "BR-AE-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("AE")); }
    reverse_charge_charge_with_rate_breaks_br_ae_07: "en16931", "BR-AE-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "AE", "vatRate": 7 })); }
    wrong_reverse_charge_base_breaks_br_ae_08: "en16931", "BR-AE-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "AE", Some(0)); set(&mut d, "vatBreakdown[0].taxableAmount", json!(1)); }
    reverse_charge_without_reason_breaks_br_ae_10: "en16931", "BR-AE-10" at "vatBreakdown", |d| { second_line(&mut d, "AE", Some(0)); set(&mut d, "vatBreakdown", json!([])); }
    intra_community_without_buyer_vat_id_breaks_br_ic_02: "en16931", "BR-IC-02" at "buyer.vatId", |d| { second_line(&mut d, "K", Some(0)); del(&mut d, "buyer.vatId"); }
    intra_community_line_with_rate_breaks_br_ic_05: "en16931", "BR-IC-05" at "lines[1].vatRate", |d| { second_line(&mut d, "K", Some(7)); }
    intra_community_allowance_with_rate_breaks_br_ic_06: "en16931", "BR-IC-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("K")); }
    intra_community_charge_with_rate_breaks_br_ic_07: "en16931", "BR-IC-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "K", "vatRate": 7 })); }
    wrong_intra_community_base_breaks_br_ic_08: "en16931", "BR-IC-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "K", Some(0)); set(&mut d, "vatBreakdown[0].taxableAmount", json!(1)); }
    intra_community_without_reason_breaks_br_ic_10: "en16931", "BR-IC-10" at "vatBreakdown", |d| { second_line(&mut d, "K", Some(0)); set(&mut d, "vatBreakdown", json!([])); }
    intra_community_without_delivery_date_breaks_br_ic_11: "en16931", "BR-IC-11" at "delivery.date", |d| { second_line(&mut d, "K", Some(0)); del(&mut d, "delivery.date"); }
    export_without_seller_vat_id_breaks_br_g_02: "en16931", "BR-G-02" at "seller.vatId", |d| { second_line(&mut d, "G", Some(0)); del(&mut d, "seller.vatId"); del(&mut d, "seller.taxRegistrationId"); }
    export_line_with_rate_breaks_br_g_05: "en16931", "BR-G-05" at "lines[1].vatRate", |d| { second_line(&mut d, "G", Some(7)); }
    export_allowance_with_rate_breaks_br_g_06: "en16931", "BR-G-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("G")); }
    export_charge_with_rate_breaks_br_g_07: "en16931", "BR-G-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "G", "vatRate": 7 })); }
    wrong_export_base_breaks_br_g_08: "en16931", "BR-G-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "G", Some(0)); set(&mut d, "vatBreakdown[0].taxableAmount", json!(1)); }
    export_without_reason_breaks_br_g_10: "en16931", "BR-G-10" at "vatBreakdown", |d| { second_line(&mut d, "G", Some(0)); set(&mut d, "vatBreakdown", json!([])); }
    not_subject_with_seller_vat_id_breaks_br_o_02: "en16931", "BR-O-02" at "seller.vatId", |d| { second_line(&mut d, "O", None); }
    not_subject_line_with_rate_breaks_br_o_05: "en16931", "BR-O-05" at "lines[1].vatRate", |d| { second_line(&mut d, "O", Some(0)); }
    not_subject_allowance_with_rate_breaks_br_o_06: "en16931", "BR-O-06" at "allowances[0].vatRate", |d| { set(&mut d, "allowances[0].vatCategory", json!("O")); }
    not_subject_charge_with_rate_breaks_br_o_07: "en16931", "BR-O-07" at "charges[0].vatRate", |d| { charge(&mut d, json!({ "amount": 5, "reason": "Freight", "vatCategory": "O", "vatRate": 0 })); }
    wrong_not_subject_base_breaks_br_o_08: "en16931", "BR-O-08" at "vatBreakdown[0].taxableAmount", |d| { second_line(&mut d, "O", None); set(&mut d, "vatBreakdown[0].taxableAmount", json!(1)); }
    not_subject_without_reason_breaks_br_o_10: "en16931", "BR-O-10" at "vatBreakdown", |d| { second_line(&mut d, "O", None); set(&mut d, "vatBreakdown", json!([])); }
    wrong_canary_islands_base_breaks_br_ig_08: "en16931", "BR-IG-08" at "vatBreakdown[0].taxableAmount", |d| { set(&mut d, "lines[1].vatCategory", json!("L")); set(&mut d, "vatBreakdown", json!([{ "category": "L", "rate": 7, "taxableAmount": 1 }])); }
    wrong_ceuta_melilla_base_breaks_br_ip_08: "en16931", "BR-IP-08" at "vatBreakdown[0].taxableAmount", |d| { set(&mut d, "lines[1].vatCategory", json!("M")); set(&mut d, "vatBreakdown", json!([{ "category": "M", "rate": 7, "taxableAmount": 1 }])); }
    xrechnung_without_payment_means_breaks_br_de_1: "xrechnung", "BR-DE-1" at "payment.meansCode", |d| { del(&mut d, "payment.meansCode"); }
    xrechnung_without_seller_contact_breaks_br_de_2: "xrechnung", "BR-DE-2" at "seller.contact", |d| { del(&mut d, "seller.contact"); }
    xrechnung_without_seller_city_breaks_br_de_3: "xrechnung", "BR-DE-3" at "seller.address.city", |d| { del(&mut d, "seller.address.city"); }
    xrechnung_without_seller_post_code_breaks_br_de_4: "xrechnung", "BR-DE-4" at "seller.address.postCode", |d| { del(&mut d, "seller.address.postCode"); }
    xrechnung_without_contact_point_breaks_br_de_5: "xrechnung", "BR-DE-5" at "seller.contact.name", |d| { del(&mut d, "seller.contact.name"); }
    xrechnung_without_contact_phone_breaks_br_de_6: "xrechnung", "BR-DE-6" at "seller.contact.phone", |d| { del(&mut d, "seller.contact.phone"); }
    xrechnung_without_contact_email_breaks_br_de_7: "xrechnung", "BR-DE-7" at "seller.contact.email", |d| { del(&mut d, "seller.contact.email"); }
    xrechnung_without_buyer_city_breaks_br_de_8: "xrechnung", "BR-DE-8" at "buyer.address.city", |d| { del(&mut d, "buyer.address.city"); }
    xrechnung_without_buyer_post_code_breaks_br_de_9: "xrechnung", "BR-DE-9" at "buyer.address.postCode", |d| { del(&mut d, "buyer.address.postCode"); }
    xrechnung_delivery_without_city_breaks_br_de_10: "xrechnung", "BR-DE-10" at "delivery.address.city", |d| { del(&mut d, "delivery.address.city"); }
    xrechnung_delivery_without_post_code_breaks_br_de_11: "xrechnung", "BR-DE-11" at "delivery.address.postCode", |d| { del(&mut d, "delivery.address.postCode"); }
    xrechnung_without_buyer_reference_breaks_br_de_15: "xrechnung", "BR-DE-15" at "buyerReference", |d| { del(&mut d, "buyerReference"); }
    xrechnung_with_type_383_breaks_br_de_17: "xrechnung", "BR-DE-17" at "typeCode", |d| { set(&mut d, "typeCode", json!("383")); }
    xrechnung_transfer_without_iban_breaks_br_de_23_a: "xrechnung", "BR-DE-23-a" at "payment.iban", |d| { del(&mut d, "payment.iban"); }
    xrechnung_without_seller_address_breaks_peppol_r020: "xrechnung", "PEPPOL-EN16931-R020" at "seller.electronicAddress", |d| { del(&mut d, "seller.electronicAddress"); }
    xrechnung_without_buyer_address_breaks_peppol_r010: "xrechnung", "PEPPOL-EN16931-R010" at "buyer.electronicAddress", |d| { del(&mut d, "buyer.electronicAddress"); }
}

#[test]
fn every_rule_in_the_table_has_a_failing_case() {
    let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !CASE_RULES.contains(id)).collect();
    assert!(missing.is_empty(), "rules without a failing case: {missing:?}");
    let unknown: Vec<&&str> = CASE_RULES.iter().filter(|id| !RULES.iter().any(|r| r.id == **id)).collect();
    assert!(unknown.is_empty(), "cases for rules not in RULES: {unknown:?}");
}

#[test]
fn every_broken_rule_is_reported_not_just_the_first() {
    let mut d = fixture();
    del(&mut d, "number");
    del(&mut d, "buyer.name");
    set(&mut d, "lines[1].lineTotal", json!("80.00"));
    set(&mut d, "totals.grandTotal", json!("1.00"));
    let list = violations("en16931", d);
    for (rule, path) in [
        ("BR-2", "number"),
        ("BR-7", "buyer.name"),
        ("PEPPOL-EN16931-R120", "lines[1].lineTotal"),
        ("BR-CO-15", "totals.grandTotal"),
    ] {
        assert!(broken(&list, rule, path), "{rule} at {path} missing from {list:#?}");
    }
}

#[test]
fn the_valid_fixture_breaks_no_rule_in_any_profile() {
    for profile in ["minimum", "basic-wl", "basic", "en16931", "extended", "xrechnung"] {
        let request = common::request(profile, None, fixture());
        if let Err(err) = quire_einvoice::generate(&request) {
            panic!("{profile}: {err}");
        }
    }
}

#[test]
fn the_docs_list_every_rule() {
    let readme = include_str!("../../../docs/e-invoicing.md");
    let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !readme.contains(&format!("| `{id}` |"))).collect();
    assert!(missing.is_empty(), "docs/e-invoicing.md does not list {missing:?}");
}
