//! A small subset of Excel number formats, so a `formula` shows in PDF and CSV as Excel shows it:
//! digit placeholders `0` `#` `?`, decimals, thousands separators (and trailing `,` scaling), `%`, and
//! literal text (`"…"`, `\x`, `$ - + ( ) : space` and other plain characters) around the number. Only
//! the first section (before `;`) is used, for every sign. Date, time and text formats are not
//! handled (`None`: the value is shown as it is).

/// Format `value` with the Excel number format `pattern`, or `None` when the pattern is not one this
/// subset understands.
pub(crate) fn format_number(value: f64, pattern: &str) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let section = first_section(pattern);
    if section.eq_ignore_ascii_case("general") {
        return None;
    }
    let mut prefix = String::new();
    let mut suffix = String::new();
    let mut numeric = String::new();
    let mut percent = 0;
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '0' | '#' | '?' | '.' | ',') && suffix.is_empty() {
            numeric.push(c);
            continue;
        }
        let target = if numeric.is_empty() { &mut prefix } else { &mut suffix };
        match c {
            '"' => {
                for inner in chars.by_ref() {
                    if inner == '"' {
                        break;
                    }
                    target.push(inner);
                }
            }
            '\\' => target.extend(chars.next()),
            '_' => {
                chars.next();
                target.push(' ');
            }
            '*' => {
                chars.next();
            }
            '[' => {
                // Colours, conditions and locales: `[Red]`, `[>100]`, `[$€-407]` (its symbol is kept).
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                if let Some(currency) = inner.strip_prefix('$') {
                    target.push_str(currency.split('-').next().unwrap_or_default());
                }
            }
            '%' => {
                percent += 1;
                target.push('%');
            }
            c if c.is_ascii_alphabetic() || c == '@' => return None,
            c => target.push(c),
        }
    }
    if !numeric.chars().any(|c| matches!(c, '0' | '#' | '?')) {
        return None;
    }
    let (int_part, frac_part) = match numeric.split_once('.') {
        Some((int, frac)) => (int.to_owned(), frac.replace(',', "")),
        None => (numeric.clone(), String::new()),
    };
    let scaling = int_part.len() - int_part.trim_end_matches(',').len();
    let int_part = int_part.trim_end_matches(',');
    let grouping = int_part.contains(',');
    let min_int = int_part.chars().filter(|c| *c == '0').count();
    let max_decimals = frac_part.chars().filter(|c| matches!(c, '0' | '#' | '?')).count();
    let min_decimals = frac_part.chars().take_while(|c| *c == '0').count();
    let mut number = value * 100f64.powi(percent) / 1000f64.powi(scaling as i32);
    let negative = number < 0.0;
    number = number.abs();
    // Half away from zero, as Excel rounds (format! rounds half to even); the nudge keeps 1.005 → 1.01.
    let factor = 10f64.powi(max_decimals as i32);
    let rounded = (number * factor * (1.0 + 4.0 * f64::EPSILON)).round() / factor;
    let fixed = format!("{rounded:.max_decimals$}");
    let (int_digits, mut frac_digits) = match fixed.split_once('.') {
        Some((int, frac)) => (int.to_owned(), frac.to_owned()),
        None => (fixed.clone(), String::new()),
    };
    while frac_digits.len() > min_decimals && frac_digits.ends_with('0') {
        frac_digits.pop();
    }
    let mut int_digits = int_digits.trim_start_matches('0').to_owned();
    while int_digits.len() < min_int {
        int_digits.insert(0, '0');
    }
    if grouping {
        int_digits = group_thousands(&int_digits);
    }
    let mut out = String::new();
    // Excel puts the minus sign before any literal prefix ("-$5.00").
    if negative && (int_digits.chars().any(|c| c != '0' && c != ',') || frac_digits.chars().any(|c| c != '0')) {
        out.push('-');
    }
    out.push_str(&prefix);
    out.push_str(&int_digits);
    if !frac_digits.is_empty() {
        out.push('.');
        out.push_str(&frac_digits);
    }
    out.push_str(&suffix);
    Some(out)
}

/// The part before the first `;` that is not inside quotes.
fn first_section(pattern: &str) -> &str {
    let mut in_quotes = false;
    for (i, c) in pattern.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => return &pattern[..i],
            _ => {}
        }
    }
    pattern
}

/// `1234567` → `1,234,567` (digits only, no sign).
pub(crate) fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn common_number_formats() {
        assert_eq!(format_number(1234.5, "#,##0.00").as_deref(), Some("1,234.50"));
        assert_eq!(format_number(1234.5, "0").as_deref(), Some("1235"));
        assert_eq!(format_number(0.256, "0.0%").as_deref(), Some("25.6%"));
        assert_eq!(format_number(-5.0, "\"$\"#,##0.00").as_deref(), Some("-$5.00"));
        assert_eq!(format_number(11740.0, "[$€-407] #,##0.00;[Red]-#,##0.00").as_deref(), Some("€ 11,740.00"));
        assert_eq!(format_number(3.1, "#.##").as_deref(), Some("3.1"));
        assert_eq!(format_number(0.5, "#,##0.00 \"EUR\"").as_deref(), Some("0.50 EUR"));
        assert_eq!(format_number(1_500_000.0, "#,##0,\"k\"").as_deref(), Some("1,500k"));
    }

    #[test]
    fn dates_and_text_formats_are_left_alone() {
        assert_eq!(format_number(45000.0, "yyyy-mm-dd"), None);
        assert_eq!(format_number(1.0, "@"), None);
        assert_eq!(format_number(1.0, "General"), None);
    }
}
