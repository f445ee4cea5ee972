//! UBL parties (`cac:Party` of supplier and customer) and delivery.

use std::io;

use super::Ubl;
use crate::model::{Address, Delivery, Party};

pub(super) fn write(u: &mut Ubl, party: &Party, seller: bool) -> io::Result<()> {
    u.x.open("cac:Party")?;
    if let Some(ea) = &party.electronic_address {
        u.x.text_with("cbc:EndpointID", &[("schemeID", ea.scheme.trim())], ea.value.trim())?;
    }
    if let Some(id) = party.id.as_deref().filter(|i| !i.trim().is_empty()) {
        u.x.wrapped("cac:PartyIdentification", "cbc:ID", id.trim())?;
    }
    if let Some(trading) = party.trading_name.as_deref().filter(|t| !t.trim().is_empty()) {
        u.x.wrapped("cac:PartyName", "cbc:Name", trading.trim())?;
    }
    if let Some(address) = &party.address {
        postal_address(u, "cac:PostalAddress", address)?;
    }
    let tax_ids = [(party.vat_id.as_deref(), "VAT"), (party.tax_registration_id.as_deref().filter(|_| seller), "FC")];
    for (id, scheme) in tax_ids {
        if let Some(id) = id.filter(|i| !i.trim().is_empty()) {
            u.x.open("cac:PartyTaxScheme")?;
            u.x.text("cbc:CompanyID", id.trim())?;
            u.x.wrapped("cac:TaxScheme", "cbc:ID", scheme)?;
            u.x.close("cac:PartyTaxScheme")?;
        }
    }
    u.x.open("cac:PartyLegalEntity")?;
    u.x.text("cbc:RegistrationName", party.name.as_deref().unwrap_or("").trim())?;
    u.x.opt("cbc:CompanyID", party.legal_id.as_deref())?;
    u.x.close("cac:PartyLegalEntity")?;
    if let Some(contact) = &party.contact {
        u.x.open("cac:Contact")?;
        u.x.opt("cbc:Name", contact.name.as_deref())?;
        u.x.opt("cbc:Telephone", contact.phone.as_deref())?;
        u.x.opt("cbc:ElectronicMail", contact.email.as_deref())?;
        u.x.close("cac:Contact")?;
    }
    u.x.close("cac:Party")
}

fn postal_address(u: &mut Ubl, tag: &str, a: &Address) -> io::Result<()> {
    u.x.open(tag)?;
    u.x.opt("cbc:StreetName", a.line1.as_deref())?;
    u.x.opt("cbc:AdditionalStreetName", a.line2.as_deref())?;
    u.x.opt("cbc:CityName", a.city.as_deref())?;
    u.x.opt("cbc:PostalZone", a.post_code.as_deref())?;
    u.x.opt("cbc:CountrySubentity", a.country_subdivision.as_deref())?;
    if let Some(line3) = a.line3.as_deref().filter(|l| !l.trim().is_empty()) {
        u.x.wrapped("cac:AddressLine", "cbc:Line", line3.trim())?;
    }
    u.x.wrapped("cac:Country", "cbc:IdentificationCode", a.country.as_deref().unwrap_or("").trim())?;
    u.x.close(tag)
}

pub(super) fn delivery(u: &mut Ubl, d: &Delivery) -> io::Result<()> {
    u.x.open("cac:Delivery")?;
    if let Some(date) = &d.date {
        u.x.text("cbc:ActualDeliveryDate", &date.iso())?;
    }
    if d.location_id.is_some() || d.address.is_some() {
        u.x.open("cac:DeliveryLocation")?;
        u.x.opt("cbc:ID", d.location_id.as_deref())?;
        if let Some(address) = &d.address {
            postal_address(u, "cac:Address", address)?;
        }
        u.x.close("cac:DeliveryLocation")?;
    }
    if let Some(name) = d.party_name.as_deref().filter(|n| !n.trim().is_empty()) {
        u.x.open("cac:DeliveryParty")?;
        u.x.wrapped("cac:PartyName", "cbc:Name", name.trim())?;
        u.x.close("cac:DeliveryParty")?;
    }
    u.x.close("cac:Delivery")
}
