//! The UN/CEFACT Cross Industry Invoice (D16B) writer for Factur-X / ZUGFeRD profiles and XRechnung CII,
//! writing only what each profile's XSD allows, in schema order.

mod line;
mod party;
mod settlement;

use std::io;

use crate::compute::Figures;
use crate::model::Invoice;
use crate::profile::{CiiLevel, PEPPOL_BILLING_PROFILE_ID, Profile};
use crate::xml::XmlOut;

const NS_RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const NS_RAM: &str = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const NS_QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
const NS_UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

/// What the part writers share: the output, the level, the currency for `currencyID`, and whether this is
/// XRechnung (whose BR-DE-14 wants a VAT rate in every breakdown, 0 for category O).
pub(crate) struct Cii<'a> {
    pub x: XmlOut,
    pub level: CiiLevel,
    pub currency: &'a str,
    pub xrechnung: bool,
}

impl Cii<'_> {
    /// `<name><udt:DateTimeString format="102">YYYYMMDD</udt:DateTimeString></name>`.
    fn date(&mut self, name: &str, date: &crate::model::IsoDate) -> io::Result<()> {
        self.x.open(name)?;
        self.x.text_with("udt:DateTimeString", &[("format", "102")], &date.cii())?;
        self.x.close(name)
    }
}

/// Writes the CII document for `profile` (the invoice has passed the rule checks).
pub(crate) fn write(profile: Profile, inv: &Invoice, fig: &Figures) -> io::Result<Vec<u8>> {
    let mut c = Cii {
        x: XmlOut::new()?,
        level: profile.cii_level(),
        currency: inv.currency.as_deref().unwrap_or(""),
        xrechnung: profile == Profile::Xrechnung,
    };
    let ns = [("xmlns:rsm", NS_RSM), ("xmlns:qdt", NS_QDT), ("xmlns:ram", NS_RAM), ("xmlns:udt", NS_UDT)];
    c.x.open_with("rsm:CrossIndustryInvoice", &ns)?;

    c.x.open("rsm:ExchangedDocumentContext")?;
    if profile == Profile::Xrechnung {
        c.x.wrapped("ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID", PEPPOL_BILLING_PROFILE_ID)?;
    }
    c.x.wrapped("ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID", profile.guideline_id())?;
    c.x.close("rsm:ExchangedDocumentContext")?;

    c.x.open("rsm:ExchangedDocument")?;
    c.x.text("ram:ID", inv.number.as_deref().unwrap_or(""))?;
    c.x.text("ram:TypeCode", inv.type_code.trim())?;
    if let Some(date) = &inv.issue_date {
        c.date("ram:IssueDateTime", date)?;
    }
    if c.level >= CiiLevel::BasicWl
        && let Some(note) = inv.note.as_deref().filter(|n| !n.trim().is_empty())
    {
        c.x.wrapped("ram:IncludedNote", "ram:Content", note)?;
    }
    c.x.close("rsm:ExchangedDocument")?;

    c.x.open("rsm:SupplyChainTradeTransaction")?;
    if c.level >= CiiLevel::Basic {
        for (line, net) in inv.lines.iter().zip(&fig.line_nets) {
            line::write(&mut c, line, *net)?;
        }
    }
    agreement(&mut c, inv)?;
    delivery(&mut c, inv)?;
    settlement::write(&mut c, inv, fig)?;
    c.x.close("rsm:SupplyChainTradeTransaction")?;
    c.x.close("rsm:CrossIndustryInvoice")?;
    Ok(c.x.finish())
}

fn agreement(c: &mut Cii, inv: &Invoice) -> io::Result<()> {
    c.x.open("ram:ApplicableHeaderTradeAgreement")?;
    c.x.opt("ram:BuyerReference", inv.buyer_reference.as_deref())?;
    party::write(c, "ram:SellerTradeParty", &inv.seller, party::Role::Seller)?;
    party::write(c, "ram:BuyerTradeParty", &inv.buyer, party::Role::Buyer)?;
    if let Some(order) = inv.purchase_order_reference.as_deref().filter(|o| !o.trim().is_empty()) {
        c.x.wrapped("ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID", order)?;
    }
    c.x.close("ram:ApplicableHeaderTradeAgreement")
}

fn delivery(c: &mut Cii, inv: &Invoice) -> io::Result<()> {
    let delivery = inv.delivery.as_ref().filter(|_| c.level >= CiiLevel::BasicWl);
    let ship_to = delivery.filter(|d| d.party_name.is_some() || d.location_id.is_some() || d.address.is_some());
    let date = delivery.and_then(|d| d.date.as_ref());
    if ship_to.is_none() && date.is_none() {
        // The element is mandatory even when there is nothing to say (always so in MINIMUM).
        return c.x.empty("ram:ApplicableHeaderTradeDelivery");
    }
    c.x.open("ram:ApplicableHeaderTradeDelivery")?;
    if let Some(d) = ship_to {
        c.x.open("ram:ShipToTradeParty")?;
        c.x.opt("ram:ID", d.location_id.as_deref())?;
        c.x.opt("ram:Name", d.party_name.as_deref())?;
        if let Some(address) = &d.address {
            party::address(c, address)?;
        }
        c.x.close("ram:ShipToTradeParty")?;
    }
    if let Some(date) = date {
        c.x.open("ram:ActualDeliverySupplyChainEvent")?;
        c.date("ram:OccurrenceDateTime", date)?;
        c.x.close("ram:ActualDeliverySupplyChainEvent")?;
    }
    c.x.close("ram:ApplicableHeaderTradeDelivery")
}
