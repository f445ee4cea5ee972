//! Excel cell formats and typed cell writes (numbers stay numbers, dates are dates, money is formatted).

use std::collections::HashMap;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::resolve::{CellValue, strip_page_marks};
use crate::style::{Color, Style};

/// Formats shared by a workbook, created once per render.
pub(crate) struct Formats {
    pub bold: Format,
    /// Text that wraps at line breaks and at the column's width (top-aligned, as a printed form reads).
    pub wrap: Format,
    pub wrap_bold: Format,
    pub heading: Format,
    pub date: Format,
    currency: HashMap<(String, bool), Format>,
}

impl Formats {
    pub(crate) fn new() -> Self {
        Self {
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            wrap_bold: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_bold(),
            heading: Format::new().set_bold().set_font_size(14),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            currency: HashMap::new(),
        }
    }

    /// The header format of a table: bold, filled, ruled.
    pub(crate) fn header(style: &Style) -> Format {
        let fill = style.background.unwrap_or(Color::rgb(0xF3, 0xF4, 0xF6));
        let mut format = Format::new()
            .set_bold()
            .set_background_color(rust_xlsxwriter::Color::RGB(fill.to_u32()))
            .set_border_bottom(FormatBorder::Thin);
        if let Some(color) = style.color {
            format = format.set_font_color(rust_xlsxwriter::Color::RGB(color.to_u32()));
        }
        format
    }

    /// The number format for an amount in `currency` (a symbol such as `$` or a code such as `EUR`),
    /// created once per workbook.
    fn currency(&mut self, currency: &str, bold: bool) -> &Format {
        self.currency.entry((currency.to_owned(), bold)).or_insert_with(|| {
            let format = Format::new().set_num_format(currency_pattern(currency));
            if bold { format.set_bold() } else { format }
        })
    }
}

/// Excel number format for a currency symbol or ISO code.
fn currency_pattern(currency: &str) -> String {
    let symbol = match currency.trim().to_ascii_uppercase().as_str() {
        "$" | "USD" => "$",
        "€" | "EUR" => "€",
        "£" | "GBP" => "£",
        "¥" | "JPY" => return "\"¥\"#,##0".to_owned(),
        "CHF" => return "\"CHF\" #,##0.00".to_owned(),
        _ => {
            let code: String = currency.chars().filter(|c| c.is_ascii_alphanumeric()).take(8).collect();
            return format!("#,##0.00 \"{code}\"");
        }
    };
    format!("\"{symbol}\"#,##0.00")
}

/// Write one typed value; `extra` is an optional format (bold header/footer cells).
pub(crate) fn write_value(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    row: u32,
    col: u16,
    value: &CellValue,
    extra: Option<&Format>,
) -> Result<(), XlsxError> {
    match value {
        CellValue::Empty => {}
        CellValue::Text(text) => {
            let text = strip_page_marks(text);
            match extra {
                Some(format) => sheet.write_string_with_format(row, col, text, format)?,
                None => sheet.write_string(row, col, text)?,
            };
        }
        CellValue::Number(number) => {
            match extra {
                Some(format) => sheet.write_number_with_format(row, col, *number, format)?,
                None => sheet.write_number(row, col, *number)?,
            };
        }
        CellValue::Currency { amount, currency } => {
            sheet.write_number_with_format(row, col, *amount, formats.currency(currency, extra.is_some()))?;
        }
        CellValue::Bool(flag) => {
            sheet.write_boolean(row, col, *flag)?;
        }
        CellValue::Date(text) => match ExcelDateTime::parse_from_str(text) {
            Ok(date) => {
                sheet.write_datetime_with_format(row, col, &date, &formats.date)?;
            }
            Err(_) => {
                sheet.write_string(row, col, text)?;
            }
        },
    }
    Ok(())
}

/// Column width in Excel character units for a template width.
pub(crate) fn column_width(length: crate::style::Length) -> Option<f64> {
    match length {
        crate::style::Length::Percent(percent) => Some((percent * 0.9).clamp(4.0, 120.0)),
        crate::style::Length::Pt(pt) => Some((pt / 5.5).clamp(4.0, 120.0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_currencies_get_their_symbol() {
        assert_eq!(currency_pattern("$"), "\"$\"#,##0.00");
        assert_eq!(currency_pattern("EUR"), "\"€\"#,##0.00");
        assert_eq!(currency_pattern("JPY"), "\"¥\"#,##0");
    }

    #[test]
    fn unknown_codes_are_sanitised_into_the_pattern() {
        assert_eq!(currency_pattern("X\"Y;Z"), "#,##0.00 \"XYZ\"");
    }
}
