//! The number format of a chart's value axis (`valueFormat`): an Excel-style pattern such as `#,##0.00`
//! or `0.0%`, or a currency code (`USD`) or symbol (`$`); formats tick and data labels for the PDF and
//! gives Excel its own pattern.

use quire_expr::{EvalOptions, Expression, Scope, Value, display_value};

/// How chart values are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueFormat {
    /// Text before the number (`$`).
    pub prefix: String,
    /// Text after the number (`%`, ` kg`).
    pub suffix: String,
    /// Fixed decimals; `None` lets each use choose (ticks: what the step needs).
    pub decimals: Option<usize>,
    /// Thousands separators.
    pub grouping: bool,
    /// Values are ratios shown as percentages (`0.25` → `25%`).
    pub percent: bool,
    /// The Excel number format, or `None` for Excel's General.
    pub excel: Option<String>,
}

impl Default for ValueFormat {
    fn default() -> Self {
        Self {
            prefix: String::new(),
            suffix: String::new(),
            decimals: None,
            grouping: true,
            percent: false,
            excel: None,
        }
    }
}

impl ValueFormat {
    /// Parse `valueFormat`: a currency code or symbol, or a pattern of `#`, `0`, `,` and `.` with optional
    /// literal text (quoted or not) before and after, and `%`.
    pub(crate) fn parse(text: &str) -> Result<ValueFormat, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(ValueFormat::default());
        }
        let code = match trimmed {
            "$" => Some("USD".to_owned()),
            "€" => Some("EUR".to_owned()),
            "£" => Some("GBP".to_owned()),
            "¥" => Some("JPY".to_owned()),
            code if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) => Some(code.to_ascii_uppercase()),
            _ => None,
        };
        match code {
            Some(code) => currency_format(&code),
            None => pattern_format(trimmed),
        }
    }

    /// `value` written with this format; `auto_decimals` applies when the format fixes none.
    pub(crate) fn format(&self, value: f64, auto_decimals: usize) -> String {
        let value = if self.percent { value * 100.0 } else { value };
        let decimals = self.decimals.unwrap_or(auto_decimals).min(10);
        // Half away from zero, as Excel and people round (`{:.0}` alone rounds 0.5 to even).
        let power = 10f64.powi(decimals as i32);
        let fixed = format!("{:.*}", decimals, (value.abs() * power).round() / power);
        let negative = value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0');
        let (int_part, frac_part) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut out = String::with_capacity(fixed.len() + self.prefix.len() + self.suffix.len() + 4);
        if negative {
            out.push('-');
        }
        out.push_str(&self.prefix);
        if self.grouping {
            out.push_str(&crate::resolve::number_format::group_thousands(int_part));
        } else {
            out.push_str(int_part);
        }
        if !frac_part.is_empty() {
            out.push('.');
            out.push_str(frac_part);
        }
        out.push_str(&self.suffix);
        out
    }
}

/// The format of a currency, learnt from the `formatCurrency` helper so symbols and minor units stay the
/// ones the expression language uses (`$`, `€`, `¥` without decimals, `1,234.50 XYZ` for unknown codes).
fn currency_format(code: &str) -> Result<ValueFormat, String> {
    let sample = Expression::parse("formatCurrency(1, code)")
        .ok()
        .and_then(|expr| {
            let code_value = Value::String(code.to_owned());
            let options = EvalOptions::default();
            let root = Value::Null;
            let scope = Scope::new(&root, &options);
            let scope = scope.with("code", &code_value);
            expr.evaluate(&scope).ok()
        })
        .map(|value| display_value(&value))
        .ok_or_else(|| format!("{code:?} is not a currency code"))?;
    let one = sample.find('1').ok_or_else(|| format!("{code:?} is not a currency code"))?;
    let prefix = sample[..one].to_owned();
    let rest = &sample[one + 1..];
    let zeros = rest.strip_prefix('.').map_or(0, |r| r.chars().take_while(|c| *c == '0').count());
    let suffix = rest[if zeros > 0 { zeros + 1 } else { 0 }..].to_owned();
    let number = if zeros > 0 { format!("#,##0.{}", "0".repeat(zeros)) } else { "#,##0".to_owned() };
    let excel = format!("{}{number}{}", excel_literal(&prefix), excel_literal(&suffix));
    Ok(ValueFormat { prefix, suffix, decimals: Some(zeros), grouping: true, percent: false, excel: Some(excel) })
}

/// An Excel format literal: quoted, with quotes and control characters dropped; empty stays empty.
fn excel_literal(text: &str) -> String {
    let clean: String = text.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.is_empty() { clean } else { format!("\"{clean}\"") }
}

fn pattern_format(pattern: &str) -> Result<ValueFormat, String> {
    let invalid = || {
        format!(
            "valueFormat {pattern:?} is neither a number pattern (such as #,##0.00 or 0.0%) nor a currency code (such as USD)"
        )
    };
    let start = pattern.find(['#', '0']).ok_or_else(invalid)?;
    let number_len = pattern[start..].find(|c| !matches!(c, '#' | '0' | ',' | '.')).unwrap_or(pattern.len() - start);
    let number = pattern[start..start + number_len].trim_end_matches(',');
    let unquote = |text: &str| text.chars().filter(|c| *c != '"' && *c != '\\').collect::<String>();
    let prefix = unquote(&pattern[..start]);
    let suffix = unquote(&pattern[start + number.len()..]);
    if number.matches('.').count() > 1 || prefix.contains(['#', '0']) || suffix.contains(['#', '0']) {
        return Err(invalid());
    }
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    let excel: String = pattern.chars().filter(|c| !c.is_control()).take(64).collect();
    Ok(ValueFormat {
        percent: suffix.contains('%'),
        prefix,
        suffix,
        decimals: Some(frac_part.len()),
        grouping: int_part.contains(','),
        excel: Some(excel),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fix_decimals_and_grouping() {
        let format = ValueFormat::parse("#,##0.00").unwrap();
        assert_eq!(format.format(1234.5, 0), "1,234.50");
        assert_eq!(format.format(-0.001, 0), "0.00");
        assert_eq!(ValueFormat::parse("0").unwrap().format(1234.5, 3), "1235");
    }

    #[test]
    fn percent_patterns_scale_ratios() {
        assert_eq!(ValueFormat::parse("0.0%").unwrap().format(0.256, 0), "25.6%");
    }

    #[test]
    fn literal_text_around_a_pattern_is_kept() {
        let format = ValueFormat::parse("$#,##0 \"k\"").unwrap();
        assert_eq!(format.format(-12000.0, 0), "-$12,000 k");
    }

    #[test]
    fn currency_codes_take_the_expression_language_symbols() {
        let usd = ValueFormat::parse("USD").unwrap();
        assert_eq!(usd.format(1500.0, 0), "$1,500.00");
        assert_eq!(usd.excel.as_deref(), Some("\"$\"#,##0.00"));
        assert_eq!(ValueFormat::parse("jpy").unwrap().format(1500.4, 2), "¥1,500");
        assert_eq!(ValueFormat::parse("€").unwrap().prefix, "€");
    }

    #[test]
    fn the_default_groups_and_takes_the_callers_decimals() {
        assert_eq!(ValueFormat::default().format(25000.0, 0), "25,000");
        assert_eq!(ValueFormat::default().format(2.5, 1), "2.5");
    }

    #[test]
    fn text_without_digits_is_refused() {
        assert!(ValueFormat::parse("lots").is_err());
    }
}
