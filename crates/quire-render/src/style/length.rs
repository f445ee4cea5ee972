//! CSS lengths: bare numbers are points, `px` = 0.75 pt, plus `pt`, `mm`, `cm`, `in`, `%`, `em`.

use serde_json::Value;

/// A parsed length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Absolute, in points.
    Pt(f64),
    /// Relative to the containing width (0–100).
    Percent(f64),
    /// Relative to the font size.
    Em(f64),
    /// CSS `auto`.
    Auto,
}

impl Length {
    /// Zero points.
    pub const ZERO: Length = Length::Pt(0.0);

    /// Points if absolute.
    pub fn as_pt(self) -> Option<f64> {
        match self {
            Length::Pt(pt) => Some(pt),
            _ => None,
        }
    }

    /// Parse a JSON number (points) or a string with a CSS unit.
    pub fn parse(value: &Value) -> Result<Length, String> {
        match value {
            Value::Number(n) => n
                .as_f64()
                .filter(|v| v.is_finite())
                .map(Length::Pt)
                .ok_or_else(|| "length is not a finite number".to_owned()),
            Value::String(text) => Self::parse_str(text),
            _ => Err("length must be a number (points) or a string such as \"12px\"".to_owned()),
        }
    }

    /// Parse one CSS length token such as `12px`, `50%`, `1.5em`, `auto`, `0`.
    pub fn parse_str(text: &str) -> Result<Length, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Length::Auto);
        }
        let split =
            text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let amount: f64 =
            number.parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| format!("{text:?} is not a length"))?;
        let length = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "pt" => Length::Pt(amount),
            "px" => Length::Pt(amount * 0.75),
            "mm" => Length::Pt(amount * 72.0 / 25.4),
            "cm" => Length::Pt(amount * 72.0 / 2.54),
            "in" => Length::Pt(amount * 72.0),
            "pc" => Length::Pt(amount * 12.0),
            "%" => Length::Percent(amount),
            "em" | "rem" => Length::Em(amount),
            other => return Err(format!("unknown unit {other:?} in {text:?}")),
        };
        Ok(length)
    }
}

/// Four sides, CSS order: top, right, bottom, left.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sides<T> {
    /// Top.
    pub top: T,
    /// Right.
    pub right: T,
    /// Bottom.
    pub bottom: T,
    /// Left.
    pub left: T,
}

impl<T: Copy> Sides<T> {
    /// The same value on every side.
    pub fn splat(value: T) -> Self {
        Self { top: value, right: value, bottom: value, left: value }
    }
}

impl<T: Copy + PartialEq> Sides<T> {
    /// True when all four sides are equal.
    pub fn is_uniform(&self) -> bool {
        self.top == self.right && self.top == self.bottom && self.top == self.left
    }
}

/// Parse the CSS box shorthand (`"12px 8px"`, 1–4 values) or a single number.
pub fn parse_box_shorthand(value: &Value) -> Result<Sides<Length>, String> {
    let parts: Vec<Length> = match value {
        Value::String(text) => text.split_whitespace().map(Length::parse_str).collect::<Result<_, _>>()?,
        other => vec![Length::parse(other)?],
    };
    match parts.as_slice() {
        [all] => Ok(Sides::splat(*all)),
        [vertical, horizontal] => {
            Ok(Sides { top: *vertical, right: *horizontal, bottom: *vertical, left: *horizontal })
        }
        [top, horizontal, bottom] => Ok(Sides { top: *top, right: *horizontal, bottom: *bottom, left: *horizontal }),
        [top, right, bottom, left] => Ok(Sides { top: *top, right: *right, bottom: *bottom, left: *left }),
        _ => Err("expected one to four lengths".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn px_is_three_quarters_of_a_point() {
        assert_eq!(Length::parse(&json!("12px")), Ok(Length::Pt(9.0)));
    }

    #[test]
    fn bare_numbers_are_points() {
        assert_eq!(Length::parse(&json!(40)), Ok(Length::Pt(40.0)));
    }

    #[test]
    fn millimetres_convert_to_points() {
        let Ok(Length::Pt(pt)) = Length::parse(&json!("25.4mm")) else { panic!("not absolute") };
        assert!((pt - 72.0).abs() < 1e-9);
    }

    #[test]
    fn percent_and_em_stay_relative() {
        assert_eq!(Length::parse(&json!("50%")), Ok(Length::Percent(50.0)));
        assert_eq!(Length::parse(&json!("1.5em")), Ok(Length::Em(1.5)));
    }

    #[test]
    fn unknown_units_are_rejected() {
        assert!(Length::parse(&json!("3parsecs")).is_err());
        assert!(Length::parse(&json!(true)).is_err());
    }

    #[test]
    fn two_value_shorthand_is_vertical_then_horizontal() {
        let sides = parse_box_shorthand(&json!("12px 8px")).expect("valid shorthand");
        assert_eq!(sides.top, Length::Pt(9.0));
        assert_eq!(sides.left, Length::Pt(6.0));
    }
}
