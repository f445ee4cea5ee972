//! Excel cell formats and typed cell writes (numbers stay numbers, dates are dates, money is formatted).

use std::collections::HashMap;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::resolve::{CellValue, strip_page_marks};
use crate::style::{Color, Style};

/// How a cell looks: what Excel can show of a component's style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct CellLook {
    pub bold: bool,
    pub italic: bool,
    /// Font colour, `0xRRGGBB`.
    pub color: Option<u32>,
    /// Fill colour, `0xRRGGBB`.
    pub fill: Option<u32>,
    /// Font size in points (6–36).
    pub size: Option<u8>,
    /// Wraps at line breaks and at the column's width, top-aligned (as a printed form reads).
    pub wrap: bool,
    /// A thin bottom border of this colour, `0xRRGGBB` (a table's row rule).
    pub rule: Option<u32>,
}

impl CellLook {
    /// The look of a text in `style`: weight, slant, colour, fill and size; black text and white fills are
    /// Excel's own and left out.
    pub(crate) fn of(style: &Style) -> Self {
        let visible = |color: Option<Color>, plain: u32| {
            color.filter(|c| c.a > 0.0).map(Color::to_u32).filter(|rgb| *rgb != plain)
        };
        Self {
            bold: style.font_weight.is_some_and(|w| w >= 600),
            italic: style.italic.unwrap_or(false),
            color: visible(style.color, 0x000000),
            fill: visible(style.background, 0xFFFFFF),
            size: style.font_size.and_then(crate::style::Length::as_pt).map(|pt| pt.round().clamp(6.0, 36.0) as u8),
            wrap: false,
            rule: style.border.sides.bottom.filter(|line| line.width > 0.0).map(|line| line.color.to_u32()),
        }
    }
}

/// Formats shared by a workbook, created once per render.
pub(crate) struct Formats {
    pub bold: Format,
    looks: HashMap<CellLook, Format>,
    /// Looks with a number format (amounts, dates), by look and pattern.
    numbered: HashMap<(CellLook, String), Format>,
}

impl Formats {
    pub(crate) fn new() -> Self {
        Self { bold: Format::new().set_bold(), looks: HashMap::new(), numbered: HashMap::new() }
    }

    /// The format of `look` with the number format `pattern`, created once per workbook.
    fn numbered(&mut self, look: CellLook, pattern: String) -> &Format {
        self.numbered
            .entry((look, pattern))
            .or_insert_with_key(|(look, pattern)| styled(*look, Format::new().set_num_format(pattern)))
    }

    /// The format of `look`, created once per workbook; `None` for Excel's default look.
    pub(crate) fn look(&mut self, look: CellLook) -> Option<&Format> {
        if look == CellLook::default() {
            return None;
        }
        Some(self.looks.entry(look).or_insert_with(|| styled(look, Format::new())))
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
}

/// `base` with what `look` says: weight, slant, colours, size, wrapping, a bottom rule.
fn styled(look: CellLook, base: Format) -> Format {
    let mut format = base;
    if look.bold {
        format = format.set_bold();
    }
    if look.italic {
        format = format.set_italic();
    }
    if let Some(rgb) = look.color {
        format = format.set_font_color(rust_xlsxwriter::Color::RGB(rgb));
    }
    if let Some(rgb) = look.fill {
        format = format.set_background_color(rust_xlsxwriter::Color::RGB(rgb));
    }
    if let Some(size) = look.size {
        format = format.set_font_size(size);
    }
    if look.wrap {
        format = format.set_text_wrap().set_align(FormatAlign::Top);
    }
    if let Some(rgb) = look.rule {
        format = format.set_border_bottom(FormatBorder::Thin).set_border_bottom_color(rust_xlsxwriter::Color::RGB(rgb));
    }
    format
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

/// Write one typed value in `look`.
pub(crate) fn write_value(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    row: u32,
    col: u16,
    value: &CellValue,
    look: CellLook,
) -> Result<(), XlsxError> {
    match value {
        CellValue::Currency { amount, currency } => {
            sheet.write_number_with_format(row, col, *amount, formats.numbered(look, currency_pattern(currency)))?;
        }
        CellValue::Date(text) => match ExcelDateTime::parse_from_str(text) {
            Ok(date) => {
                sheet.write_datetime_with_format(row, col, &date, formats.numbered(look, "yyyy-mm-dd".into()))?;
            }
            Err(_) => write_text(sheet, formats.look(look), row, col, text)?,
        },
        CellValue::Text(text) => write_text(sheet, formats.look(look), row, col, &strip_page_marks(text))?,
        CellValue::Empty => {
            if let Some(format) = formats.look(look) {
                sheet.write_blank(row, col, format)?;
            }
        }
        CellValue::Number(number) => {
            match formats.look(look) {
                Some(format) => sheet.write_number_with_format(row, col, *number, format)?,
                None => sheet.write_number(row, col, *number)?,
            };
        }
        CellValue::Bool(flag) => {
            match formats.look(look) {
                Some(format) => sheet.write_boolean_with_format(row, col, *flag, format)?,
                None => sheet.write_boolean(row, col, *flag)?,
            };
        }
    }
    Ok(())
}

fn write_text(sheet: &mut Worksheet, format: Option<&Format>, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    match format {
        Some(format) => sheet.write_string_with_format(row, col, text, format)?,
        None => sheet.write_string(row, col, text)?,
    };
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
