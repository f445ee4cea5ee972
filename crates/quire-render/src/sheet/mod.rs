//! The tabular backends: Excel workbooks and CSV.

mod csv_export;
mod xlsx;
mod xlsx_cells;
mod xlsx_chart;
mod xlsx_codes;
mod xlsx_fields;
mod xlsx_layout;
mod xlsx_print;
mod xlsx_setup;
mod xlsx_table;

pub(crate) use csv_export::render_csv;
pub(crate) use xlsx::render_xlsx;
pub(crate) use xlsx_print::WorkbookInfo;

use crate::resolve::{CellValue, strip_page_marks};

/// The unformatted text of a typed value (CSV, plain cells): numbers without float noise, amounts
/// without currency symbols, dates in ISO form.
pub(crate) fn plain_text(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Text(text) => strip_page_marks(text),
        CellValue::Number(number) | CellValue::Currency { amount: number, .. } => plain_number(*number),
        CellValue::Bool(flag) => flag.to_string(),
        CellValue::Date(date) => date.clone(),
    }
}

pub(crate) fn plain_number(number: f64) -> String {
    serde_json::Number::from_f64(number)
        .map_or_else(String::new, |n| quire_expr::display_value(&serde_json::Value::Number(n)))
}
