//! Figures computed when omitted equal the hand-computed ones; hostile text comes out escaped; the
//! request is read with JSON-path errors; the Factur-X XMP metadata per profile.

mod common;

use common::edit::{del, set};
use common::{fixture, request, violations, written};
use quire_einvoice::{EInvoiceError, EInvoiceRequest, Profile, facturx_xmp_fields, facturx_xmp_fragment, generate};
use serde_json::json;

const RAM: &str = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

fn texts(xml: &[u8], ns: &str, name: &str) -> Vec<String> {
    let text = std::str::from_utf8(xml).expect("utf-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    doc.descendants().filter(|n| n.has_tag_name((ns, name))).map(|n| n.text().unwrap_or("").to_owned()).collect()
}

#[test]
fn omitted_totals_are_the_hand_computed_figures() {
    // Lines: 10 × 95.00 = 950.00 (19 %), 3 × 24.90 = 74.70 (7 %), 7 × 12.345 / 10 = 8.6415 → 8.64 (19 %).
    // Allowance 47.50 at 19 %. VAT 19 %: (950.00 + 8.64 − 47.50) = 911.14 × 0.19 = 173.1166 → 173.12;
    // VAT 7 %: 74.70 × 0.07 = 5.229 → 5.23. Paid 100.00.
    let xml = written("en16931", None, fixture()).xml;
    let one = |name: &str| texts(&xml, RAM, name);
    assert_eq!(one("LineTotalAmount"), ["950.00", "74.70", "8.64", "1033.34"]);
    assert_eq!(one("AllowanceTotalAmount"), ["47.50"]);
    assert_eq!(one("TaxBasisTotalAmount"), ["985.84"]);
    assert_eq!(one("TaxTotalAmount"), ["178.35"]);
    assert_eq!(one("GrandTotalAmount"), ["1164.19"]);
    assert_eq!(one("TotalPrepaidAmount"), ["100.00"]);
    assert_eq!(one("DuePayableAmount"), ["1064.19"]);
    // The VAT breakdown bases, then the allowance's base amount.
    assert_eq!(one("BasisAmount"), ["911.14", "74.70", "950.00"]);
    assert_eq!(one("CalculatedAmount"), ["173.12", "5.23"]);
}

#[test]
fn figures_are_returned_with_the_xml() {
    let figures = written("xrechnung", Some("ubl"), fixture()).figures;
    assert_eq!(figures.due_payable.to_string(), "1064.19");
    assert_eq!(figures.vat.len(), 2);
    assert_eq!(figures.vat[0].tax.to_string(), "173.12");
}

#[test]
fn given_totals_that_add_up_are_accepted() {
    let mut d = fixture();
    set(
        &mut d,
        "totals",
        json!({ "lineTotal": 1033.34, "allowanceTotal": "47.5", "taxExclusive": "985.84",
        "taxTotal": "178.35", "grandTotal": 1164.19, "prepaid": 100, "duePayable": "1064.19" }),
    );
    written("en16931", None, d);
}

#[test]
fn float_literals_do_not_pick_up_binary_noise() {
    // 0.1 × 3 is 0.30000000000000004 in binary floating point; as decimals it is 0.30.
    let mut d = fixture();
    set(
        &mut d,
        "lines",
        json!([{ "id": "1", "name": "Tiny", "quantity": 3, "unitCode": "C62", "netPrice": 0.1,
        "vatCategory": "S", "vatRate": 19, "lineTotal": 0.3 }]),
    );
    del(&mut d, "allowances");
    let xml = written("en16931", None, d).xml;
    assert_eq!(texts(&xml, RAM, "TaxBasisTotalAmount"), ["0.30"]);
}

#[test]
fn hostile_text_comes_out_escaped_in_cii_and_ubl() {
    let hostile = "Müller & Söhne <b>\"GmbH\"</b> ]]> '";
    let mut d = fixture();
    set(&mut d, "seller.name", json!(hostile));
    set(&mut d, "lines[0].name", json!("<![CDATA[x]]> & <script>"));
    set(&mut d, "seller.electronicAddress", json!({ "value": "a&b@example.com", "scheme": "EM\"x" }));
    let cii = written("en16931", None, d.clone()).xml;
    let names = texts(&cii, RAM, "Name");
    assert!(names.iter().any(|n| n == hostile), "{names:?}");
    assert!(names.iter().any(|n| n == "<![CDATA[x]]> & <script>"), "{names:?}");
    let raw = String::from_utf8(cii).expect("utf-8");
    assert!(!raw.contains("<b>") && !raw.contains("<script>"), "markup leaked into the XML");
    assert!(raw.contains("schemeID=\"EM&quot;x\""), "attribute not escaped");
    let ubl = written("xrechnung", Some("ubl"), d).xml;
    assert!(texts(&ubl, CBC, "RegistrationName").iter().any(|n| n == hostile));
}

#[test]
fn control_characters_are_refused_with_every_path() {
    let mut d = fixture();
    set(&mut d, "note", json!("bell\u{7}"));
    set(&mut d, "buyer.address.city", json!("M\u{0}nchen"));
    let list = violations("en16931", d);
    let paths: Vec<&str> = list.iter().filter(|v| v.rule == "QUIRE-TEXT-01").map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["note", "buyer.address.city"]);
}

#[test]
fn tabs_and_newlines_are_kept() {
    let mut d = fixture();
    set(&mut d, "note", json!("line one\nline two\ttabbed"));
    let xml = written("en16931", None, d).xml;
    assert_eq!(texts(&xml, RAM, "Content")[0], "line one\nline two\ttabbed");
}

#[test]
fn unknown_field_is_refused_with_its_path() {
    let mut d = fixture();
    set(&mut d, "lines[1].colour", json!("red"));
    match generate(&request("en16931", None, d)) {
        Err(EInvoiceError::Request { path, message }) => {
            assert_eq!(path, "data.lines[1].colour");
            assert!(message.contains("colour"), "{message}");
        }
        other => panic!("expected a request error, got {other:?}"),
    }
}

#[test]
fn non_numeric_amount_is_refused_with_its_path() {
    let mut d = fixture();
    set(&mut d, "lines[0].netPrice", json!("95,00"));
    let err = generate(&request("en16931", None, d)).expect_err("refused");
    assert_eq!(err.code(), "ERR_VALID_001");
    assert!(matches!(err, EInvoiceError::Request { ref path, .. } if path == "data.lines[0].netPrice"), "{err}");
}

#[test]
fn bad_date_is_refused_with_its_path() {
    let mut d = fixture();
    set(&mut d, "issueDate", json!("15.01.2026"));
    let err = generate(&request("en16931", None, d)).expect_err("refused");
    assert!(matches!(err, EInvoiceError::Request { ref path, .. } if path == "data.issueDate"), "{err}");
}

#[test]
fn unknown_profile_is_refused() {
    let err = EInvoiceRequest::from_json(&json!({ "profile": "comfort", "data": {} })).expect_err("refused");
    assert!(matches!(err, EInvoiceError::Request { ref path, .. } if path == "profile"), "{err}");
}

#[test]
fn ubl_is_only_for_xrechnung() {
    let err =
        EInvoiceRequest::from_json(&json!({ "profile": "en16931", "syntax": "ubl", "data": {} })).expect_err("refused");
    assert!(matches!(err, EInvoiceError::Request { ref path, .. } if path == "syntax"), "{err}");
}

#[test]
fn a_request_built_in_code_cannot_ask_ubl_for_a_factur_x_profile() {
    let request =
        EInvoiceRequest { profile: Profile::En16931, syntax: Some(quire_einvoice::Syntax::Ubl), data: fixture() };
    let err = generate(&request).expect_err("refused");
    assert!(matches!(err, EInvoiceError::Request { ref path, .. } if path == "syntax"), "{err}");
}

#[test]
fn violations_serialize_as_the_api_lists_them() {
    let mut d = fixture();
    del(&mut d, "number");
    let list = violations("en16931", d);
    let json = serde_json::to_value(&list).expect("serializes");
    assert_eq!(json[0], json!({ "rule": "BR-2", "path": "number", "message": "the invoice number (BT-1) is missing" }));
}

#[test]
fn rule_errors_carry_err_einv_001() {
    let mut d = fixture();
    del(&mut d, "number");
    let err = generate(&request("en16931", None, d)).expect_err("refused");
    assert_eq!(err.code(), "ERR_EINV_001");
}

#[test]
fn each_profile_writes_its_guideline_id() {
    let cases = [
        ("minimum", "urn:factur-x.eu:1p0:minimum"),
        ("basic-wl", "urn:factur-x.eu:1p0:basicwl"),
        ("basic", "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"),
        ("en16931", "urn:cen.eu:en16931:2017"),
        ("extended", "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"),
        ("xrechnung", "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"),
    ];
    for (profile, id) in cases {
        let xml = written(profile, None, fixture()).xml;
        let ids = texts(&xml, RAM, "ID");
        assert!(ids.iter().any(|i| i == id), "{profile}: {id} not in {ids:?}");
    }
    let ubl = written("xrechnung", Some("ubl"), fixture()).xml;
    assert_eq!(
        texts(&ubl, CBC, "CustomizationID"),
        ["urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"]
    );
    assert_eq!(texts(&ubl, CBC, "ProfileID"), ["urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"]);
}

#[test]
fn minimum_and_basic_wl_write_no_lines() {
    for profile in ["minimum", "basic-wl"] {
        let xml = written(profile, None, fixture()).xml;
        assert!(texts(&xml, RAM, "LineID").is_empty(), "{profile} wrote lines");
    }
    assert_eq!(texts(&written("basic", None, fixture()).xml, RAM, "LineID"), ["1", "2", "3"]);
}

#[test]
fn xmp_fields_follow_the_profile() {
    let minimum = facturx_xmp_fields(Profile::Minimum);
    assert_eq!(
        (minimum.document_file_name, minimum.conformance_level, minimum.af_relationship),
        ("factur-x.xml", "MINIMUM", "Data")
    );
    assert_eq!(facturx_xmp_fields(Profile::BasicWl).conformance_level, "BASIC WL");
    assert_eq!(facturx_xmp_fields(Profile::BasicWl).af_relationship, "Data");
    assert_eq!(facturx_xmp_fields(Profile::En16931).conformance_level, "EN 16931");
    assert_eq!(facturx_xmp_fields(Profile::Extended).af_relationship, "Alternative");
    let x = facturx_xmp_fields(Profile::Xrechnung);
    assert_eq!((x.document_file_name, x.conformance_level, x.version), ("xrechnung.xml", "XRECHNUNG", "1.0"));
}

#[test]
fn xmp_fragment_is_well_formed_rdf_with_the_fx_schema() {
    let fragment = facturx_xmp_fragment(Profile::En16931);
    let wrapped = format!("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">{fragment}</rdf:RDF>");
    let doc = roxmltree::Document::parse(&wrapped).expect("well-formed");
    let fx = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
    let value = |ns: &str, name: &str| {
        doc.descendants().find(|n| n.has_tag_name((ns, name))).and_then(|n| n.text()).map(str::to_owned)
    };
    assert_eq!(value(fx, "ConformanceLevel").as_deref(), Some("EN 16931"));
    assert_eq!(value(fx, "DocumentFileName").as_deref(), Some("factur-x.xml"));
    assert_eq!(value(fx, "DocumentType").as_deref(), Some("INVOICE"));
    assert_eq!(value(fx, "Version").as_deref(), Some("1.0"));
    assert_eq!(value("http://www.aiim.org/pdfa/ns/schema#", "namespaceURI").as_deref(), Some(fx));
    assert_eq!(value("http://www.aiim.org/pdfa/ns/schema#", "prefix").as_deref(), Some("fx"));
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.aiim.org/pdfa/ns/property#", "name")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(names, ["DocumentFileName", "DocumentType", "Version", "ConformanceLevel"]);
}

#[test]
fn xrechnung_writes_rate_zero_for_a_category_o_breakdown() {
    // XRechnung's BR-DE-14 wants BT-119 in every breakdown; EN 16931 CII leaves it out for category O.
    let mut d = fixture();
    for i in 0..3 {
        set(&mut d, &format!("lines[{i}].vatCategory"), json!("O"));
        del(&mut d, &format!("lines[{i}].vatRate"));
    }
    set(&mut d, "allowances[0].vatCategory", json!("O"));
    del(&mut d, "allowances[0].vatRate");
    del(&mut d, "seller.vatId");
    del(&mut d, "buyer.vatId");
    set(&mut d, "vatBreakdown", json!([{ "category": "O", "exemptionReason": "Not subject to VAT" }]));
    assert_eq!(texts(&written("xrechnung", Some("cii"), d.clone()).xml, RAM, "RateApplicablePercent"), ["0.00"]);
    assert_eq!(texts(&written("xrechnung", Some("ubl"), d.clone()).xml, CBC, "Percent"), ["0.00"]);
    assert!(texts(&written("en16931", None, d).xml, RAM, "RateApplicablePercent").is_empty());
}

#[test]
fn credit_note_codes_become_a_ubl_credit_note() {
    let mut d = fixture();
    set(&mut d, "typeCode", json!("381"));
    let xml = written("xrechnung", Some("ubl"), d).xml;
    let text = std::str::from_utf8(&xml).expect("utf-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"));
    assert_eq!(root.tag_name().name(), "CreditNote");
    assert_eq!(texts(&xml, CBC, "CreditNoteTypeCode"), ["381"]);
    assert_eq!(texts(&xml, CBC, "CreditedQuantity").len(), 3);
    assert!(texts(&xml, CBC, "DueDate").is_empty());
    assert_eq!(texts(&xml, CBC, "PaymentDueDate"), ["2026-01-29"]);
}
