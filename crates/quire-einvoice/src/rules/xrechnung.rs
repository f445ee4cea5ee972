//! XRechnung 3.0 rules (BR-DE-…) and the Peppol electronic-address rules XRechnung 3.0 adopted.

use super::given;
use crate::error::RuleViolation;
use crate::model::Invoice;

const TYPE_CODES: &[&str] = &["326", "380", "381", "384", "389", "875", "876", "877"];

pub(super) fn check(inv: &Invoice, out: &mut Vec<RuleViolation>) {
    let mut need = |ok: bool, rule: &'static str, path: &str, message: &str| {
        if !ok {
            out.push(RuleViolation::new(rule, path, message));
        }
    };
    let means = inv.payment.as_ref().and_then(|p| p.means_code.as_deref()).map(str::trim);
    need(
        means.is_some_and(|m| !m.is_empty()),
        "BR-DE-1",
        "payment.meansCode",
        "XRechnung needs payment instructions with a payment means code",
    );
    let seller = &inv.seller;
    let contact = seller.contact.as_ref();
    need(contact.is_some(), "BR-DE-2", "seller.contact", "XRechnung needs the seller contact");
    if let Some(contact) = contact {
        need(given(&contact.name), "BR-DE-5", "seller.contact.name", "XRechnung needs the seller contact point");
        need(
            given(&contact.phone),
            "BR-DE-6",
            "seller.contact.phone",
            "XRechnung needs the seller contact telephone number",
        );
        need(
            given(&contact.email),
            "BR-DE-7",
            "seller.contact.email",
            "XRechnung needs the seller contact email address",
        );
    }
    let seller_addr = seller.address.as_ref();
    need(
        seller_addr.is_some_and(|a| given(&a.city)),
        "BR-DE-3",
        "seller.address.city",
        "XRechnung needs the seller city",
    );
    need(
        seller_addr.is_some_and(|a| given(&a.post_code)),
        "BR-DE-4",
        "seller.address.postCode",
        "XRechnung needs the seller post code",
    );
    let buyer_addr = inv.buyer.address.as_ref();
    need(buyer_addr.is_some_and(|a| given(&a.city)), "BR-DE-8", "buyer.address.city", "XRechnung needs the buyer city");
    need(
        buyer_addr.is_some_and(|a| given(&a.post_code)),
        "BR-DE-9",
        "buyer.address.postCode",
        "XRechnung needs the buyer post code",
    );
    if let Some(address) = inv.delivery.as_ref().and_then(|d| d.address.as_ref()) {
        let message = "XRechnung needs the deliver-to city when a delivery address is given";
        need(given(&address.city), "BR-DE-10", "delivery.address.city", message);
        let message = "XRechnung needs the deliver-to post code when a delivery address is given";
        need(given(&address.post_code), "BR-DE-11", "delivery.address.postCode", message);
    }
    need(
        given(&inv.buyer_reference),
        "BR-DE-15",
        "buyerReference",
        "XRechnung needs the buyer reference (BT-10, e.g. the Leitweg-ID)",
    );
    let type_ok = TYPE_CODES.contains(&inv.type_code.trim());
    need(type_ok, "BR-DE-17", "typeCode", "XRechnung allows the type codes 326, 380, 381, 384, 389, 875, 876, 877");
    if matches!(means, Some("30" | "58")) {
        let iban = inv.payment.as_ref().is_some_and(|p| given(&p.iban));
        need(
            iban,
            "BR-DE-23-a",
            "payment.iban",
            "a credit transfer (means code 30 or 58) needs the payment account (IBAN)",
        );
    }
    let seller_ea = seller.electronic_address.as_ref().is_some_and(|e| !e.value.trim().is_empty());
    need(seller_ea, "PEPPOL-EN16931-R020", "seller.electronicAddress", "XRechnung needs the seller electronic address");
    let buyer_ea = inv.buyer.electronic_address.as_ref().is_some_and(|e| !e.value.trim().is_empty());
    need(buyer_ea, "PEPPOL-EN16931-R010", "buyer.electronicAddress", "XRechnung needs the buyer electronic address");
}
