//! Column widths and row heights of an Excel sheet: what was written is measured as it is written, so every used
//! column gets a width (the template's, else one that fits its content, bounded) and rows of wrapped text are
//! tall enough for their lines.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::xlsx_cells::CellLook;
use crate::resolve::CellValue;

/// Narrowest and widest column from content, in Excel character units.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 50.0;
/// Excel's width of a column it has not been told about.
const DEFAULT_WIDTH: f64 = 8.43;
/// Text longer than this wraps instead of widening its column further.
pub(crate) const WRAP_AT: usize = 50;
/// Height of one line of 11 pt text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// What a sheet's cells need, gathered while writing.
#[derive(Debug, Default)]
pub(crate) struct SheetLayout {
    content: BTreeMap<u16, f64>,
    /// Columns whose width was set by the template (`Some(chars)`) or by a chart (`None`).
    explicit: BTreeMap<u16, Option<f64>>,
    lines: BTreeMap<u32, usize>,
    last: Option<(u32, u16)>,
    /// Single-line texts that may not fit a column of set width, with their look: `(row, col) → (text, look)`.
    long_texts: BTreeMap<(u32, u16), (String, CellLook)>,
}

/// A text written on one line that does not fit its column, to write again wrapped.
pub(crate) struct Overflow<'a> {
    pub row: u32,
    pub col: u16,
    pub text: &'a str,
    pub look: CellLook,
}

/// Lines a text takes in a column at most [`WRAP_AT`] characters wide.
pub(crate) fn wrapped_lines(text: &str) -> usize {
    text.lines().map(|line| line.chars().count().div_ceil(WRAP_AT).max(1)).sum::<usize>().max(1)
}

impl SheetLayout {
    /// A column the template gave `chars` of width (`None`: sized by a chart).
    pub(crate) fn explicit(&mut self, col: u16, chars: Option<f64>) {
        self.explicit.insert(col, chars);
    }

    /// Records a written cell in `look`.
    pub(crate) fn cell(&mut self, row: u32, col: u16, value: &CellValue, look: CellLook) {
        if let CellValue::Text(text) = value {
            let chars = text.chars().count();
            // Kept when it may overflow: the column's width is not known yet, or known and too narrow.
            let may_overflow = match self.explicit.get(&col) {
                None => true,
                Some(None) => false,
                Some(Some(width)) => chars as f64 > (width - 1.0).max(1.0),
            };
            if may_overflow && !text.contains('\n') && chars > MIN_WIDTH as usize && chars <= WRAP_AT {
                self.long_texts.insert((row, col), (text.clone(), look));
            }
        }
        let width = match value {
            CellValue::Empty => 0.0,
            CellValue::Text(text) => {
                let lines = wrapped_lines(text);
                if lines > 1 {
                    let entry = self.lines.entry(row).or_default();
                    *entry = (*entry).max(lines);
                }
                text.lines().map(|l| l.chars().count()).max().unwrap_or(0).min(WRAP_AT) as f64
            }
            // Digits, grouping and two decimals; a currency symbol or code besides.
            CellValue::Number(n) => format!("{n:.2}").len() as f64 * 1.2,
            CellValue::Currency { amount, .. } => format!("{amount:.2}").len() as f64 * 1.3 + 2.0,
            CellValue::Bool(_) => 5.0,
            CellValue::Date(_) => 10.0,
        };
        self.used(row, col, width);
    }

    /// Records a cell of `width` characters that is not a plain value (a header, a formula).
    pub(crate) fn used(&mut self, row: u32, col: u16, width: f64) {
        let entry = self.content.entry(col).or_default();
        *entry = entry.max(width);
        let (last_row, last_col) = self.last.unwrap_or((0, 0));
        self.last = Some((last_row.max(row), last_col.max(col)));
    }

    /// A picture reaches `row` and `col` (for the print area); the columns it covers keep Excel's width.
    pub(crate) fn covered(&mut self, row: u32, col: u16) {
        let (last_row, last_col) = self.last.unwrap_or((0, 0));
        self.last = Some((last_row.max(row), last_col.max(col)));
    }

    /// Lets the text at (`row`, `col`) run past its column instead of wrapping (a heading reads better whole).
    pub(crate) fn no_wrap(&mut self, row: u32, col: u16) {
        self.long_texts.remove(&(row, col));
    }

    /// The one-line texts wider than their column's set width, each with the lines it takes when wrapped (the row
    /// heights are raised to fit).
    pub(crate) fn overflowing(&mut self) -> Vec<Overflow<'_>> {
        let mut found = Vec::new();
        for ((row, col), (text, look)) in &self.long_texts {
            let Some(Some(width)) = self.explicit.get(col) else { continue };
            let chars = text.chars().count() as f64;
            let fits = (width - 1.0).max(1.0);
            if chars > fits {
                let lines = (chars / fits).ceil() as usize;
                let entry = self.lines.entry(*row).or_default();
                *entry = (*entry).max(lines);
                found.push(Overflow { row: *row, col: *col, text, look: *look });
            }
        }
        found
    }

    /// The last row and column written, for the print area.
    pub(crate) fn extent(&self) -> Option<(u32, u16)> {
        self.last
    }

    /// Sets the measured widths of columns without a template width, and the heights of rows with wrapped text.
    pub(crate) fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let Some((_, last_col)) = self.last else { return Ok(()) };
        for col in 0..=last_col {
            if self.explicit.contains_key(&col) {
                continue;
            }
            // A column nothing was written in (under a picture, between blocks) gets Excel's own width.
            let width =
                self.content.get(&col).map_or(DEFAULT_WIDTH, |content| (content + 2.0).clamp(MIN_WIDTH, MAX_WIDTH));
            sheet.set_column_width(col, width)?;
        }
        for (row, lines) in &self.lines {
            sheet.set_row_height(*row, LINE_HEIGHT * *lines as f64)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_breaks_and_wrapping() {
        assert_eq!(wrapped_lines("one line"), 1);
        assert_eq!(wrapped_lines("1 Harbour Way\nSeattle, WA 98101"), 2);
        assert_eq!(wrapped_lines(&"x".repeat(120)), 3);
    }
}
