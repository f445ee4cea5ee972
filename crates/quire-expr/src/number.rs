//! Number handling without float noise: cleaning arithmetic results, document text, decimal rounding.

use serde_json::{Number, Value};

/// Largest integer an f64 holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A JSON value for an arithmetic result: non-finite results (`1 / 0`, `0 / 0`) become `null`;
/// fractions are rounded to 15 significant digits (so `0.1 + 0.2` is exactly `0.3`); integral
/// results within the safe range become JSON integers.
pub(crate) fn number_value(value: f64) -> Value {
    if !value.is_finite() {
        return Value::Null;
    }
    let cleaned = if value.fract() == 0.0 { value } else { to_significant_digits(value) };
    if cleaned.fract() == 0.0 && cleaned.abs() <= MAX_SAFE_INTEGER {
        // In range and integral, so the conversion is exact.
        return Value::from(cleaned as i64);
    }
    Number::from_f64(cleaned).map_or(Value::Null, Value::Number)
}

/// `value` rounded to 15 significant decimal digits (the precision an f64 always round-trips).
fn to_significant_digits(value: f64) -> f64 {
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// The text of a JSON number as it appears in documents.
pub(crate) fn number_text(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    number.as_f64().map_or_else(String::new, float_text)
}

/// The text of a float: integers without `.0`, at most 15 significant digits, and JavaScript's
/// exponent form (`1e+21`, `1e-7`) for very large or very small magnitudes. Non-finite → "".
pub(crate) fn float_text(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        // Integral floats are shown exactly (`9007199254740992`), and `-0` as `0`.
        return format!("{}", value + 0.0);
    }
    let cleaned = to_significant_digits(value);
    let magnitude = cleaned.abs();
    if magnitude >= 1e21 || (magnitude < 1e-6 && magnitude != 0.0) {
        let text = format!("{cleaned:e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        };
    }
    format!("{cleaned}")
}

/// Decimal digits of `value` rounded to `decimals` places, half away from zero, working on the
/// shortest decimal form so `1.005` rounds to `1.01` as a person expects. Returns
/// `(negative, integer digits, fraction digits)`; the sign is dropped when the result is zero.
pub(crate) fn fixed_digits(value: f64, decimals: usize) -> (bool, String, String) {
    let text = format!("{}", value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let int_len = int_part.len();
    let keep = int_len + decimals;
    let round_up = digits.get(keep).is_some_and(|digit| *digit >= b'5');
    digits.resize(keep, b'0');
    if round_up {
        let mut carry = true;
        for digit in digits.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, b'1');
        }
    }
    let split = digits.len() - decimals;
    let int_digits = String::from_utf8_lossy(&digits[..split]).into_owned();
    let frac_digits = String::from_utf8_lossy(&digits[split..]).into_owned();
    let is_zero = digits.iter().all(|digit| *digit == b'0');
    let int_digits = if int_digits.is_empty() { "0".to_string() } else { int_digits };
    (value < 0.0 && !is_zero, int_digits, frac_digits)
}

/// `value` rounded to `decimals` places, half away from zero on its decimal form.
pub(crate) fn round_decimal(value: f64, decimals: usize) -> f64 {
    let (negative, int_digits, frac_digits) = fixed_digits(value, decimals);
    let text = format!("{}{int_digits}.{frac_digits}0", if negative { "-" } else { "" });
    text.parse().unwrap_or(value)
}

/// Integer digits with `separator` between groups of three (`1234567` → `1,234,567`).
pub(crate) fn group_thousands(int_digits: &str, separator: &str) -> String {
    let len = int_digits.len();
    let mut out = String::with_capacity(len + len / 3 * separator.len());
    for (i, ch) in int_digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(ch);
    }
    out
}
