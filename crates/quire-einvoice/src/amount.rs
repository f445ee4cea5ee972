//! Exact decimal amounts: JSON numbers or strings in, EN 16931 two-decimal rounding, XML text out.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};

/// Rounds to 2 decimals, half away from zero (commercial rounding, as EN 16931 amounts are rounded).
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount as EN 16931 writes it: rounded to exactly two decimals (`7.50`, `-3.00`).
pub fn format_amount(value: Decimal) -> String {
    // `-0.00` would be a valid xs:decimal but reads oddly; zero is written unsigned.
    let mut rounded = if round2(value).is_zero() { Decimal::ZERO } else { round2(value) };
    rounded.rescale(2);
    rounded.to_string()
}

/// A quantity or price as given, without trailing zeros (`2`, `1.5`, `0.125`).
pub fn format_plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A VAT rate with two decimals (`19.00`), the form the Factur-X samples use.
pub fn format_percent(value: Decimal) -> String {
    let mut rate = value.normalize();
    if rate.scale() < 2 {
        rate.rescale(2);
    }
    rate.to_string()
}

/// Parses a decimal from text (`"19.99"`, `"-3"`); exponents are refused.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str_exact(text.trim()).ok()
}

/// The largest magnitude accepted for an amount, price, quantity or rate (exclusive): one trillion. The
/// products Quire forms (quantity × price, base × rate) then stay far inside `Decimal`'s range, so no
/// arithmetic on client numbers can overflow.
pub const MAX_MAGNITUDE: i64 = 1_000_000_000_000;

fn in_range<E: de::Error>(value: Decimal) -> Result<Decimal, E> {
    if value.abs() < Decimal::from(MAX_MAGNITUDE) {
        Ok(value)
    } else {
        Err(E::custom(format!("{value} is out of range: numbers must be below 1000000000000 in magnitude")))
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a decimal number or a string holding one, e.g. 19.99 or \"19.99\"")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
        in_range(parse_decimal(value).ok_or_else(|| E::custom(format!("`{value}` is not a decimal number")))?)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        in_range(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        in_range(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Rust prints the shortest text that reads back as the same float, i.e. the JSON literal
        // (`19.99`), so the decimal is the number the client wrote, not its binary approximation.
        let text = format!("{value}");
        in_range(Decimal::from_str(&text).map_err(|_| E::custom(format!("`{text}` is out of the decimal range")))?)
    }
}

/// Serde helper for `Decimal` fields: accepts JSON numbers and numeric strings.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_any(DecimalVisitor)
}

/// Serde helper for `Option<Decimal>` fields (absent or `null` is `None`).
pub fn deserialize_opt<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    struct OptVisitor;
    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a decimal number, a string holding one, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserialize(deserializer).map(Some)
        }
    }
    deserializer.deserialize_option(OptVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(format_amount(Decimal::new(2345, 3)), "2.35");
        assert_eq!(format_amount(Decimal::new(-2345, 3)), "-2.35");
        assert_eq!(format_amount(Decimal::new(2344, 3)), "2.34");
        assert_eq!(format_amount(Decimal::from(7)), "7.00");
    }

    #[test]
    fn json_floats_become_the_written_decimal() {
        let value: Decimal = deserialize(serde_json::json!(0.1)).expect("decimal");
        assert_eq!(value.to_string(), "0.1");
        let value: Decimal = deserialize(serde_json::json!("19.990")).expect("decimal");
        assert_eq!(format_plain(value), "19.99");
    }

    #[test]
    fn huge_numbers_are_refused() {
        assert!(deserialize(serde_json::json!(1e13)).is_err());
        assert!(deserialize(serde_json::json!("-1000000000000")).is_err());
        assert!(deserialize(serde_json::json!(u64::MAX)).is_err());
        assert!(deserialize(serde_json::json!("999999999999.99")).is_ok());
    }

    #[test]
    fn zero_is_written_unsigned() {
        assert_eq!(format_amount(Decimal::new(-1, 3)), "0.00");
    }

    #[test]
    fn percent_keeps_two_decimals() {
        assert_eq!(format_percent(Decimal::from(19)), "19.00");
        assert_eq!(format_percent(Decimal::new(55, 1)), "5.50");
    }
}
