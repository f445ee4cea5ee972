//! The catalogue of business rules Quire checks, for the API docs and for error ids.

/// One checked rule: its id (EN 16931 `BR-…`, XRechnung `BR-DE-…`, Peppol `PEPPOL-EN16931-…`, or Quire's
/// own `QUIRE-…`) and what it demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The rule id as it appears in violations.
    pub id: &'static str,
    /// The rule in words.
    pub text: &'static str,
}

const fn r(id: &'static str, text: &'static str) -> Rule {
    Rule { id, text }
}

/// Every rule Quire checks, in the order docs list them.
pub const RULES: &[Rule] = &[
    r(
        "QUIRE-TEXT-01",
        "Text must not contain control characters other than tab, line feed and carriage return (XML 1.0 cannot carry them).",
    ),
    r(
        "QUIRE-PROFILE-01",
        "The Rounding amount (BT-114) is carried by EN 16931, EXTENDED and XRechnung only; lower profiles cannot pay it.",
    ),
    r("BR-2", "An Invoice shall have an Invoice number (BT-1)."),
    r("BR-3", "An Invoice shall have an Invoice issue date (BT-2)."),
    r("BR-5", "An Invoice shall have an Invoice currency code (BT-5)."),
    r("BR-6", "An Invoice shall contain the Seller name (BT-27)."),
    r("BR-7", "An Invoice shall contain the Buyer name (BT-44)."),
    r("BR-9", "The Seller postal address (BG-5) shall contain a Seller country code (BT-40)."),
    r("BR-11", "The Buyer postal address (BG-8) shall contain a Buyer country code (BT-55); BASIC WL and up."),
    r("BR-12", "An Invoice shall have the Sum of Invoice line net amount (BT-106); BASIC WL and up."),
    r("BR-13", "An Invoice shall have the Invoice total amount without VAT (BT-109)."),
    r("BR-16", "An Invoice shall have at least one Invoice line (BG-25); BASIC and up."),
    r("BR-21", "Each Invoice line shall have an Invoice line identifier (BT-126)."),
    r("BR-22", "Each Invoice line shall have an Invoiced quantity (BT-129)."),
    r("BR-23", "An Invoice line shall have an Invoiced quantity unit of measure code (BT-130)."),
    r("BR-25", "Each Invoice line shall contain the Item name (BT-153)."),
    r("BR-26", "Each Invoice line shall contain the Item net price (BT-146)."),
    r("BR-27", "The Item net price (BT-146) shall not be negative."),
    r("BR-31", "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92)."),
    r(
        "BR-32",
        "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).",
    ),
    r("BR-33", "Each Document level allowance (BG-20) shall have a reason (BT-97) or a reason code (BT-98)."),
    r("BR-36", "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99)."),
    r("BR-37", "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102)."),
    r("BR-38", "Each Document level charge (BG-21) shall have a reason (BT-104) or a reason code (BT-105)."),
    r("BR-41", "Each Invoice line allowance (BG-27) shall have an amount (BT-136), or a base amount and percentage."),
    r("BR-42", "Each Invoice line allowance (BG-27) shall have a reason (BT-139) or a reason code (BT-140)."),
    r("BR-43", "Each Invoice line charge (BG-28) shall have an amount (BT-141), or a base amount and percentage."),
    r("BR-44", "Each Invoice line charge (BG-28) shall have a reason (BT-144) or a reason code (BT-145)."),
    r("BR-45", "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116)."),
    r("BR-46", "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117)."),
    r("BR-49", "The Payment instructions (BG-16) shall specify the Payment means type code (BT-81); BASIC WL and up."),
    r(
        "BR-61",
        "With payment means 30 or 58 (credit transfer) the Payment account identifier (BT-84) shall be present; BASIC WL and up.",
    ),
    r("BR-CO-4", "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151)."),
    r(
        "BR-CO-9",
        "The Seller VAT identifier (BT-31) and the Buyer VAT identifier (BT-48) shall start with an ISO 3166-1 alpha-2 country prefix (EL for Greece).",
    ),
    r("BR-CO-10", "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)."),
    r("BR-CO-11", "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92)."),
    r("BR-CO-12", "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99)."),
    r("BR-CO-13", "Invoice total amount without VAT (BT-109) = BT-106 − BT-107 + BT-108."),
    r("BR-CO-14", "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117)."),
    r("BR-CO-15", "Invoice total amount with VAT (BT-112) = BT-109 + BT-110."),
    r("BR-CO-16", "Amount due for payment (BT-115) = BT-112 − Paid amount (BT-113) + Rounding amount (BT-114)."),
    r(
        "BR-CO-17",
        "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) × VAT category rate (BT-119) / 100, rounded to two decimals.",
    ),
    r("BR-CO-18", "An Invoice shall have at least one VAT breakdown group (BG-23); BASIC WL and up."),
    r(
        "BR-CO-25",
        "If the Amount due for payment (BT-115) is positive, a Payment due date (BT-9) or Payment terms (BT-20) shall be present; BASIC WL and up.",
    ),
    r(
        "BR-CO-26",
        "The Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present; BASIC WL and up.",
    ),
    r("BR-CL-01", "The Invoice type code (BT-3) shall be a code of UNTDID 1001 that EN 16931 allows."),
    r("BR-CL-04", "The Invoice currency code (BT-5) shall be an ISO 4217 alpha-3 code (three capital letters)."),
    r("BR-CL-14", "Country codes (BT-40, BT-55, BT-80) shall be ISO 3166-1 alpha-2 codes (two capital letters)."),
    r("BR-CL-18", "VAT category codes (BT-95, BT-102, BT-118, BT-151) shall be one of S, Z, E, AE, K, G, O, L, M."),
    r(
        "PEPPOL-EN16931-R120",
        "Invoice line net amount (BT-131) = Invoiced quantity (BT-129) × Item net price (BT-146) / Item price base quantity (BT-149) + Σ line charges (BT-141) − Σ line allowances (BT-136).",
    ),
    r("PEPPOL-EN16931-R121", "The Item price base quantity (BT-149) shall be above zero."),
    r(
        "BR-S-02",
        "An Invoice with a line, allowance or charge of VAT category S shall contain the Seller VAT identifier (BT-31) or tax registration identifier (BT-32).",
    ),
    r("BR-S-05", "An Invoice line of VAT category S shall have a VAT rate (BT-152) above zero."),
    r("BR-S-06", "A Document level allowance of VAT category S shall have a VAT rate (BT-96) above zero."),
    r("BR-S-07", "A Document level charge of VAT category S shall have a VAT rate (BT-103) above zero."),
    r(
        "BR-S-08",
        "The VAT breakdown taxable amount (BT-116) for category S and a rate = Σ line net amounts − allowances + charges of that category and rate.",
    ),
    r("BR-S-10", "A VAT breakdown of category S shall not have a VAT exemption reason (BT-120, BT-121)."),
    r(
        "BR-Z-02",
        "An Invoice with VAT category Z shall contain the Seller VAT identifier (BT-31) or tax registration identifier (BT-32).",
    ),
    r("BR-Z-05", "An Invoice line of VAT category Z shall have a VAT rate (BT-152) of 0."),
    r("BR-Z-06", "A Document level allowance of VAT category Z shall have a VAT rate (BT-96) of 0."),
    r("BR-Z-07", "A Document level charge of VAT category Z shall have a VAT rate (BT-103) of 0."),
    r(
        "BR-Z-08",
        "The VAT breakdown taxable amount (BT-116) for category Z = Σ line net amounts − allowances + charges of category Z.",
    ),
    r("BR-Z-10", "A VAT breakdown of category Z shall not have a VAT exemption reason (BT-120, BT-121)."),
    r(
        "BR-E-02",
        "An Invoice with VAT category E shall contain the Seller VAT identifier (BT-31) or tax registration identifier (BT-32).",
    ),
    r("BR-E-05", "An Invoice line of VAT category E shall have a VAT rate (BT-152) of 0."),
    r("BR-E-06", "A Document level allowance of VAT category E shall have a VAT rate (BT-96) of 0."),
    r("BR-E-07", "A Document level charge of VAT category E shall have a VAT rate (BT-103) of 0."),
    r(
        "BR-E-08",
        "The VAT breakdown taxable amount (BT-116) for category E = Σ line net amounts − allowances + charges of category E.",
    ),
    r("BR-E-10", "A VAT breakdown of category E shall have a VAT exemption reason (BT-120) or code (BT-121)."),
    r(
        "BR-AE-02",
        "An Invoice with VAT category AE shall contain the Seller VAT identifier (BT-31) and the Buyer VAT identifier (BT-48) or legal registration identifier (BT-47).",
    ),
    r("BR-AE-05", "An Invoice line of VAT category AE shall have a VAT rate (BT-152) of 0."),
    r("BR-AE-06", "A Document level allowance of VAT category AE shall have a VAT rate (BT-96) of 0."),
    r("BR-AE-07", "A Document level charge of VAT category AE shall have a VAT rate (BT-103) of 0."),
    r(
        "BR-AE-08",
        "The VAT breakdown taxable amount (BT-116) for category AE = Σ line net amounts − allowances + charges of category AE.",
    ),
    r("BR-AE-10", "A VAT breakdown of category AE shall have a VAT exemption reason (BT-120) or code (BT-121)."),
    r(
        "BR-IC-02",
        "An Invoice with VAT category K shall contain the Seller VAT identifier (BT-31) and the Buyer VAT identifier (BT-48).",
    ),
    r("BR-IC-05", "An Invoice line of VAT category K shall have a VAT rate (BT-152) of 0."),
    r("BR-IC-06", "A Document level allowance of VAT category K shall have a VAT rate (BT-96) of 0."),
    r("BR-IC-07", "A Document level charge of VAT category K shall have a VAT rate (BT-103) of 0."),
    r(
        "BR-IC-08",
        "The VAT breakdown taxable amount (BT-116) for category K = Σ line net amounts − allowances + charges of category K.",
    ),
    r("BR-IC-10", "A VAT breakdown of category K shall have a VAT exemption reason (BT-120) or code (BT-121)."),
    r("BR-IC-11", "An Invoice with VAT category K shall have an Actual delivery date (BT-72)."),
    r(
        "BR-G-02",
        "An Invoice with VAT category G shall contain the Seller VAT identifier (BT-31) or tax registration identifier (BT-32).",
    ),
    r("BR-G-05", "An Invoice line of VAT category G shall have a VAT rate (BT-152) of 0."),
    r("BR-G-06", "A Document level allowance of VAT category G shall have a VAT rate (BT-96) of 0."),
    r("BR-G-07", "A Document level charge of VAT category G shall have a VAT rate (BT-103) of 0."),
    r(
        "BR-G-08",
        "The VAT breakdown taxable amount (BT-116) for category G = Σ line net amounts − allowances + charges of category G.",
    ),
    r("BR-G-10", "A VAT breakdown of category G shall have a VAT exemption reason (BT-120) or code (BT-121)."),
    r(
        "BR-O-02",
        "An Invoice with VAT category O shall not contain the Seller VAT identifier (BT-31) or the Buyer VAT identifier (BT-48).",
    ),
    r("BR-O-05", "An Invoice line of VAT category O shall not have a VAT rate (BT-152)."),
    r("BR-O-06", "A Document level allowance of VAT category O shall not have a VAT rate (BT-96)."),
    r("BR-O-07", "A Document level charge of VAT category O shall not have a VAT rate (BT-103)."),
    r(
        "BR-O-08",
        "The VAT breakdown taxable amount (BT-116) for category O = Σ line net amounts − allowances + charges of category O.",
    ),
    r("BR-O-10", "A VAT breakdown of category O shall have a VAT exemption reason (BT-120) or code (BT-121)."),
    r(
        "BR-IG-08",
        "The VAT breakdown taxable amount (BT-116) for category L and a rate = Σ line net amounts − allowances + charges of that category and rate.",
    ),
    r(
        "BR-IP-08",
        "The VAT breakdown taxable amount (BT-116) for category M and a rate = Σ line net amounts − allowances + charges of that category and rate.",
    ),
    r(
        "BR-DE-1",
        "XRechnung: an Invoice shall contain Payment instructions (BG-16) with a Payment means type code (BT-81).",
    ),
    r("BR-DE-2", "XRechnung: the Seller contact (BG-6) shall be given."),
    r("BR-DE-3", "XRechnung: the Seller city (BT-37) shall be given."),
    r("BR-DE-4", "XRechnung: the Seller post code (BT-38) shall be given."),
    r("BR-DE-5", "XRechnung: the Seller contact point (BT-41) shall be given."),
    r("BR-DE-6", "XRechnung: the Seller contact telephone number (BT-42) shall be given."),
    r("BR-DE-7", "XRechnung: the Seller contact email address (BT-43) shall be given."),
    r("BR-DE-8", "XRechnung: the Buyer city (BT-52) shall be given."),
    r("BR-DE-9", "XRechnung: the Buyer post code (BT-53) shall be given."),
    r("BR-DE-10", "XRechnung: the Deliver to city (BT-77) shall be given when a Deliver to address (BG-15) is."),
    r("BR-DE-11", "XRechnung: the Deliver to post code (BT-78) shall be given when a Deliver to address (BG-15) is."),
    r("BR-DE-15", "XRechnung: the Buyer reference (BT-10) shall be given."),
    r("BR-DE-17", "XRechnung: the Invoice type code (BT-3) shall be one of 326, 380, 381, 384, 389, 875, 876, 877."),
    r(
        "BR-DE-23-a",
        "XRechnung: with payment means 30 or 58 (credit transfer) the Payment account identifier (BT-84) shall be given.",
    ),
    r("PEPPOL-EN16931-R020", "XRechnung 3.0: the Seller electronic address (BT-34) shall be given."),
    r("PEPPOL-EN16931-R010", "XRechnung 3.0: the Buyer electronic address (BT-49) shall be given."),
];

/// The catalogue entry's id for `id`, so that violations carry a `&'static str` from the table.
pub(crate) fn rule_id(id: &str) -> Option<&'static str> {
    RULES.iter().find(|rule| rule.id == id).map(|rule| rule.id)
}
