//! CII trade parties (seller, buyer), their addresses, contacts, electronic addresses and tax ids.

use std::io;

use super::Cii;
use crate::model::{Address, Party};
use crate::profile::CiiLevel;

/// Seller or buyer: MINIMUM carries less for the buyer than for the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Seller,
    Buyer,
}

pub(super) fn write(c: &mut Cii, tag: &str, party: &Party, role: Role) -> io::Result<()> {
    let wl = c.level >= CiiLevel::BasicWl;
    c.x.open(tag)?;
    if wl {
        c.x.opt("ram:ID", party.id.as_deref())?;
    }
    c.x.text("ram:Name", party.name.as_deref().unwrap_or("").trim())?;
    let trading = party.trading_name.as_deref().filter(|t| wl && !t.trim().is_empty());
    if party.legal_id.is_some() || trading.is_some() {
        c.x.open("ram:SpecifiedLegalOrganization")?;
        c.x.opt("ram:ID", party.legal_id.as_deref())?;
        c.x.opt("ram:TradingBusinessName", trading)?;
        c.x.close("ram:SpecifiedLegalOrganization")?;
    }
    if c.level >= CiiLevel::En16931
        && let Some(contact) = &party.contact
    {
        c.x.open("ram:DefinedTradeContact")?;
        c.x.opt("ram:PersonName", contact.name.as_deref())?;
        if let Some(phone) = contact.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            c.x.wrapped("ram:TelephoneUniversalCommunication", "ram:CompleteNumber", phone.trim())?;
        }
        if let Some(email) = contact.email.as_deref().filter(|e| !e.trim().is_empty()) {
            c.x.wrapped("ram:EmailURIUniversalCommunication", "ram:URIID", email.trim())?;
        }
        c.x.close("ram:DefinedTradeContact")?;
    }
    match (&party.address, c.level, role) {
        (_, CiiLevel::Minimum, Role::Buyer) | (None, _, _) => {}
        (Some(address), CiiLevel::Minimum, Role::Seller) => {
            c.x.open("ram:PostalTradeAddress")?;
            c.x.opt("ram:CountryID", address.country.as_deref())?;
            c.x.close("ram:PostalTradeAddress")?;
        }
        (Some(a), _, _) => address(c, a)?,
    }
    if wl && let Some(ea) = &party.electronic_address {
        c.x.open("ram:URIUniversalCommunication")?;
        c.x.text_with("ram:URIID", &[("schemeID", ea.scheme.trim())], ea.value.trim())?;
        c.x.close("ram:URIUniversalCommunication")?;
    }
    let minimum_buyer = c.level == CiiLevel::Minimum && role == Role::Buyer;
    if !minimum_buyer {
        tax_registration(c, party.vat_id.as_deref(), "VA")?;
    }
    if role == Role::Seller {
        tax_registration(c, party.tax_registration_id.as_deref(), "FC")?;
    }
    c.x.close(tag)
}

fn tax_registration(c: &mut Cii, id: Option<&str>, scheme: &str) -> io::Result<()> {
    match id.map(str::trim) {
        Some(id) if !id.is_empty() => {
            c.x.open("ram:SpecifiedTaxRegistration")?;
            c.x.text_with("ram:ID", &[("schemeID", scheme)], id)?;
            c.x.close("ram:SpecifiedTaxRegistration")
        }
        _ => Ok(()),
    }
}

/// A full `ram:PostalTradeAddress` (BASIC WL and up), in schema order.
pub(super) fn address(c: &mut Cii, a: &Address) -> io::Result<()> {
    c.x.open("ram:PostalTradeAddress")?;
    c.x.opt("ram:PostcodeCode", a.post_code.as_deref())?;
    c.x.opt("ram:LineOne", a.line1.as_deref())?;
    c.x.opt("ram:LineTwo", a.line2.as_deref())?;
    c.x.opt("ram:LineThree", a.line3.as_deref())?;
    c.x.opt("ram:CityName", a.city.as_deref())?;
    c.x.text("ram:CountryID", a.country.as_deref().unwrap_or("").trim())?;
    c.x.opt("ram:CountrySubDivisionName", a.country_subdivision.as_deref())?;
    c.x.close("ram:PostalTradeAddress")
}
