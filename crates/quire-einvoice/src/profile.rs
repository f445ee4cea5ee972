//! Profiles (Factur-X / ZUGFeRD levels and XRechnung) and syntaxes, with their identifiers.

use serde::{Deserialize, Serialize};

/// The e-invoice profile, as the request names it (`"basic-wl"`, `"en16931"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Factur-X MINIMUM: header and totals only (not an EN 16931 invoice).
    Minimum,
    /// Factur-X BASIC WL: header, parties, VAT breakdown and totals, no lines.
    BasicWl,
    /// Factur-X BASIC: a subset of EN 16931 with lines.
    Basic,
    /// Factur-X EN 16931 (ZUGFeRD COMFORT).
    En16931,
    /// Factur-X EXTENDED (written with the EN 16931 terms this crate models).
    Extended,
    /// XRechnung 3.0 (CII or UBL).
    Xrechnung,
}

/// The XML syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    /// UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD, XRechnung CII).
    Cii,
    /// OASIS UBL 2.1 Invoice (XRechnung only).
    Ubl,
}

/// How much of the CII schema a profile may use; ordered, so `level >= CiiLevel::Basic` reads naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum CiiLevel {
    Minimum,
    BasicWl,
    Basic,
    En16931,
    Extended,
}

/// XRechnung 3.0 specification identifier (BT-24).
pub const XRECHNUNG_CUSTOMIZATION_ID: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
/// Peppol billing process identifier (BT-23), which XRechnung 3.0 uses.
pub const PEPPOL_BILLING_PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

impl Profile {
    /// The specification identifier (BT-24, CII `GuidelineSpecifiedDocumentContextParameter`).
    pub fn guideline_id(self) -> &'static str {
        match self {
            Self::Minimum => "urn:factur-x.eu:1p0:minimum",
            Self::BasicWl => "urn:factur-x.eu:1p0:basicwl",
            Self::Basic => "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            Self::En16931 => "urn:cen.eu:en16931:2017",
            Self::Extended => "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
            Self::Xrechnung => XRECHNUNG_CUSTOMIZATION_ID,
        }
    }

    /// Whether the profile carries invoice lines (BASIC and up).
    pub fn has_lines(self) -> bool {
        !matches!(self, Self::Minimum | Self::BasicWl)
    }

    /// The syntax used when the request names none: CII for every profile.
    pub fn default_syntax(self) -> Syntax {
        Syntax::Cii
    }

    /// Whether the profile can be written in `syntax` (UBL only for XRechnung).
    pub fn supports(self, syntax: Syntax) -> bool {
        syntax == Syntax::Cii || self == Self::Xrechnung
    }

    pub(crate) fn cii_level(self) -> CiiLevel {
        match self {
            Self::Minimum => CiiLevel::Minimum,
            Self::BasicWl => CiiLevel::BasicWl,
            Self::Basic => CiiLevel::Basic,
            Self::En16931 | Self::Xrechnung => CiiLevel::En16931,
            Self::Extended => CiiLevel::Extended,
        }
    }
}
