//! `form-field` components in Excel: the field's value in a cell (a check box as TRUE/FALSE), and a dropdown's
//! or radio group's options as the cell's data-validation list, so the spreadsheet offers the same choice.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Worksheet, XlsxError};

use crate::resolve::FieldBlock;

/// Excel's limit on a validation list written inline (all options joined with commas).
const MAX_INLINE_LIST_CHARS: usize = 255;

/// Adds the options of a choice field as the data validation of the cell at `row`, `col`. A list longer than
/// Excel takes inline (255 characters) is left without validation; the value is written either way.
pub(super) fn add_choice_list(sheet: &mut Worksheet, field: &FieldBlock, row: u32, col: u16) -> Result<(), XlsxError> {
    if field.options.is_empty()
        || field.options.iter().map(|o| o.chars().count() + 1).sum::<usize>() > MAX_INLINE_LIST_CHARS
    {
        return Ok(());
    }
    let mut validation = DataValidation::new()
        .allow_list_strings(&field.options)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_message(format!("Choose one of: {}", field.options.join(", ")))?;
    if let Some(label) = &field.label {
        validation = validation.set_input_title(label.chars().take(32).collect::<String>())?;
    }
    sheet.add_data_validation(row, col, row, col, &validation)?;
    Ok(())
}
