//! Excel tables: typed cells under a bold, filled header that is frozen, filtered and repeated on every printed
//! page; template column widths; formulas and codes kept live in cells; cell looks with stripes and rules.

use super::xlsx::{SheetWriter, picture_chars, xlsx_failed};
use super::xlsx_cells::{CellLook, Formats, column_width};
use super::xlsx_codes::{insert_code, write_formula};
use super::xlsx_fields::add_choice_list;
use crate::error::{RenderError, codes};
use crate::resolve::{Block, Table};
use crate::style::Color;

impl SheetWriter<'_> {
    pub(super) fn table(&mut self, table: &Table, row: u32, col: u16) -> Result<u32, RenderError> {
        let columns = table.column_count();
        let last_col = col as usize + columns - 1;
        if last_col >= self.limits.columns as usize {
            return Err(RenderError::new(
                codes::LIMIT_COLUMNS,
                format!("a sheet has more than {} columns", self.limits.columns),
            ));
        }
        let last_row = row as u64 + table.rows.len() as u64 + table.footer.len() as u64;
        if last_row >= u64::from(self.limits.rows_per_sheet) {
            return Err(RenderError::new(
                codes::LIMIT_ROWS,
                format!("a sheet has more than {} rows", self.limits.rows_per_sheet),
            ));
        }
        for (i, width) in table.widths.iter().enumerate().take(columns) {
            if let Some(chars) = column_width(*width) {
                self.sheet.set_column_width(col + i as u16, chars).map_err(xlsx_failed)?;
                self.layout.explicit(col + i as u16, Some(chars));
            }
        }
        let mut next = row;
        if !table.headers.is_empty() {
            let header = Formats::header(&table.header_style);
            for (i, text) in table.headers.iter().enumerate() {
                self.sheet.write_string_with_format(row, col + i as u16, text, &header).map_err(xlsx_failed)?;
                self.layout.used(row, col + i as u16, text.chars().count() as f64 * 1.1 + 2.0);
            }
            if !self.titles {
                self.sheet.set_repeat_rows(row, row).map_err(xlsx_failed)?;
                self.titles = true;
            }
            next += 1;
            if !self.frozen {
                self.sheet.set_freeze_panes(next, 0).map_err(xlsx_failed)?;
                self.frozen = true;
            }
        }
        let cells = CellLook::of(&table.cell_style);
        for (bold, rows) in [(false, &table.rows), (true, &table.footer)] {
            for (index, table_row) in rows.iter().enumerate() {
                // Every other data row takes the table's stripe colour, as in the PDF.
                let striped = !bold && index % 2 == 1;
                let fill = if striped { table.stripe.map(Color::to_u32).or(cells.fill) } else { cells.fill };
                let look = CellLook { fill, ..cells };
                let mut c = col as usize;
                for cell in &table_row.cells {
                    if c > last_col {
                        break;
                    }
                    match cell.blocks.first() {
                        // A formula or a code in a table cell stays one: a live formula, a picture.
                        Some(Block::Formula(formula)) => {
                            self.check(next, c as u16)?;
                            self.layout.used(next, c as u16, 12.0);
                            write_formula(self.sheet, formula, next, c as u16, bold).map_err(xlsx_failed)?;
                        }
                        Some(Block::Code(code)) => {
                            self.check(next, c as u16)?;
                            self.layout.used(next, c as u16, picture_chars(code.width() / 0.75));
                            insert_code(self.sheet, code, next, c as u16).map_err(RenderError::generation)?;
                        }
                        Some(Block::Field(field)) => {
                            self.value(next, c as u16, &field.cell, CellLook { bold: look.bold || bold, ..look })?;
                            add_choice_list(self.sheet, field, next, c as u16).map_err(xlsx_failed)?;
                        }
                        _ => self.value(next, c as u16, &cell.value(), CellLook { bold: look.bold || bold, ..look })?,
                    }
                    c += cell.span.max(1).min(columns);
                }
                next += 1;
            }
        }
        if !table.headers.is_empty() {
            let data_end = row + table.rows.len() as u32;
            self.sheet.autofilter(row, col, data_end.max(row), last_col as u16).map_err(xlsx_failed)?;
        }
        Ok(next + 1)
    }
}
