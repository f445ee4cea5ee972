//! Parties (seller BG-4, buyer BG-7), their addresses and contacts, delivery (BG-13) and payment (BG-16).

use serde::Deserialize;

use super::IsoDate;

/// A seller or buyer. BT numbers are given as seller / buyer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Party {
    /// BT-27 / BT-44 Name.
    pub name: Option<String>,
    /// BT-28 / BT-45 Trading name.
    pub trading_name: Option<String>,
    /// BT-29 / BT-46 Identifier (e.g. a supplier number the buyer gave).
    pub id: Option<String>,
    /// BT-30 / BT-47 Legal registration identifier (e.g. trade register number, SIRET).
    pub legal_id: Option<String>,
    /// BT-31 / BT-48 VAT identifier (`DE123456789`).
    pub vat_id: Option<String>,
    /// BT-32 Seller tax registration identifier (the local tax number; seller only).
    pub tax_registration_id: Option<String>,
    /// BG-5 / BG-8 Postal address.
    pub address: Option<Address>,
    /// BG-6 / BG-9 Contact.
    pub contact: Option<Contact>,
    /// BT-34 / BT-49 Electronic address.
    pub electronic_address: Option<ElectronicAddress>,
}

/// A postal address (BG-5, BG-8, BG-15).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    /// BT-35 / BT-50 / BT-75 Address line 1.
    pub line1: Option<String>,
    /// BT-36 / BT-51 / BT-76 Address line 2.
    pub line2: Option<String>,
    /// BT-162 / BT-163 / BT-165 Address line 3.
    pub line3: Option<String>,
    /// BT-37 / BT-52 / BT-77 City.
    pub city: Option<String>,
    /// BT-38 / BT-53 / BT-78 Post code.
    pub post_code: Option<String>,
    /// BT-39 / BT-54 / BT-79 Country subdivision.
    pub country_subdivision: Option<String>,
    /// BT-40 / BT-55 / BT-80 Country code (ISO 3166-1 alpha-2).
    pub country: Option<String>,
}

/// A contact (BG-6, BG-9).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    /// BT-41 / BT-56 Contact point (person or department).
    pub name: Option<String>,
    /// BT-42 / BT-57 Telephone number.
    pub phone: Option<String>,
    /// BT-43 / BT-58 Email address.
    pub email: Option<String>,
}

/// An electronic address (BT-34 / BT-49) with its scheme (BT-34-1 / BT-49-1, a CEF EAS code such as
/// `EM` for email or `9930` for a German VAT number).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ElectronicAddress {
    /// The address.
    pub value: String,
    /// The EAS scheme code.
    pub scheme: String,
}

/// BG-13 Delivery information.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Delivery {
    /// BT-72 Actual delivery date.
    pub date: Option<IsoDate>,
    /// BT-70 Deliver-to party name.
    pub party_name: Option<String>,
    /// BT-71 Deliver-to location identifier.
    pub location_id: Option<String>,
    /// BG-15 Deliver-to address.
    pub address: Option<Address>,
}

/// BG-16 Payment instructions with the payment terms (BT-20) and due date (BT-9).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payment {
    /// BT-81 Payment means type code (UNTDID 4461: 58 SEPA credit transfer, 30 credit transfer, 59 SEPA
    /// direct debit, 48 card, 10 cash, 1 not defined).
    pub means_code: Option<String>,
    /// BT-82 Payment means text.
    pub means_text: Option<String>,
    /// BT-83 Remittance information (the reference to quote with the payment).
    pub remittance_info: Option<String>,
    /// BT-84 Payment account identifier (IBAN).
    pub iban: Option<String>,
    /// BT-85 Payment account name.
    pub account_name: Option<String>,
    /// BT-86 Payment service provider identifier (BIC).
    pub bic: Option<String>,
    /// BT-20 Payment terms.
    pub terms: Option<String>,
    /// BT-9 Payment due date.
    pub due_date: Option<IsoDate>,
}
