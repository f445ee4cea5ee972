//! Business-rule checks: every broken rule is collected, none stops the others.

mod mandatory;
mod table;
mod text;
mod vat;
mod xrechnung;

pub use table::{RULES, Rule};
pub use text::check_text;

use crate::compute::Figures;
use crate::error::RuleViolation;
use crate::model::Invoice;
use crate::profile::Profile;

/// Runs every rule that applies to `profile` (the figure checks run in [`crate::compute::figures`]).
pub(crate) fn check(profile: Profile, inv: &Invoice, fig: &Figures, out: &mut Vec<RuleViolation>) {
    mandatory::check(profile, inv, fig, out);
    vat::check(inv, fig, out);
    if profile == Profile::Xrechnung {
        xrechnung::check(inv, out);
    }
}

/// The id of VAT category rule number `n` for `category` (`("S", 8)` → `BR-S-08`, `("K", 2)` →
/// `BR-IC-02`); unknown categories map to BR-CL-18, which reports them.
pub(crate) fn vat_rule(category: &str, n: u8) -> &'static str {
    let prefix = match category {
        "S" => "S",
        "Z" => "Z",
        "E" => "E",
        "AE" => "AE",
        "K" => "IC",
        "G" => "G",
        "O" => "O",
        "L" => "IG",
        "M" => "IP",
        _ => return "BR-CL-18",
    };
    table::rule_id(&format!("BR-{prefix}-{n:02}")).unwrap_or("BR-CL-18")
}

/// Whether an optional text is present and not blank.
pub(crate) fn given(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}
