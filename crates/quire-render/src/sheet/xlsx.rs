//! Excel: one sheet per page (and per `newSheet` page break); components flow down rows, containers
//! and columns place children side by side, grids wrap into rows; tables are written by `xlsx_table.rs`.

use rust_xlsxwriter::{Image, Workbook, Worksheet, XlsxError};

use super::xlsx_cells::{CellLook, Formats, write_value};
use super::xlsx_codes::{insert_code, insert_svg, write_formula};
use super::xlsx_fields::add_choice_list;
use super::xlsx_layout::{SheetLayout, wrapped_lines};
use super::xlsx_print::{WorkbookInfo, print_setup, set_properties};
use super::xlsx_setup::{grid_column_widths, print_text, unique_sheet_name, width};
use crate::assets::ImageFormat;
use crate::compile::PairLayout;
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::resolve::{Block, CellValue, Document};
use crate::style::FlexDirection;

/// Default Excel row height in pixels, for placing images.
const ROW_PIXELS: f64 = 20.0;

/// Write the document as an xlsx workbook.
pub(crate) fn render_xlsx(doc: &Document, info: &WorkbookInfo, limits: &Limits) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    set_properties(&mut book, &doc.metadata, info);
    // Level 3 instead of 6: deflate was the largest single cost of big workbooks; files grow a little.
    book.set_zip_compression_level(3);
    let mut formats = Formats::new();
    let mut names: Vec<String> = Vec::new();
    for (page_index, page) in doc.pages.iter().enumerate() {
        for (part, blocks) in page.body.split(|b| matches!(b, Block::PageBreak { new_sheet: true })).enumerate() {
            if names.len() >= limits.sheets as usize {
                return Err(RenderError::new(
                    codes::LIMIT_SHEETS,
                    format!("the workbook has more than {} sheets", limits.sheets),
                ));
            }
            let base = page.name.clone().unwrap_or_else(|| format!("Sheet{}", page_index + 1));
            let base = if part == 0 { base } else { format!("{base} {}", part + 1) };
            let name = unique_sheet_name(&base, &names);
            names.push(name.clone());
            let sheet = book.add_worksheet();
            sheet.set_name(&name).map_err(xlsx_failed)?;
            if let Some(header) = print_text(&page.header) {
                sheet.set_header(&header);
            }
            if let Some(footer) = print_text(&page.footer) {
                sheet.set_footer(&footer);
            }
            print_setup(sheet, &page.setup);
            let mut writer = SheetWriter {
                sheet,
                formats: &mut formats,
                limits,
                doc,
                frozen: false,
                titles: false,
                layout: SheetLayout::default(),
            };
            writer.blocks(blocks, 0, 0, FlexDirection::Column)?;
            writer.finish()?;
        }
    }
    let bytes = book.save_to_buffer().map_err(xlsx_failed)?;
    if bytes.len() as u64 > limits.output_bytes {
        return Err(RenderError::new(codes::LIMIT_OUTPUT_SIZE, "the workbook is larger than the output size limit"));
    }
    Ok(bytes)
}

/// Where each of a grid's `per_row` columns starts, relative to the grid's first column.
fn grid_offsets(cells: &[Vec<Block>], per_row: usize) -> Vec<u16> {
    let mut at = 0u16;
    grid_column_widths(cells, per_row)
        .into_iter()
        .map(|w| {
            let start = at;
            at = at.saturating_add(w);
            start
        })
        .collect()
}

/// Excel character units a picture `pixels` wide needs (about 7 pixels a character).
pub(super) fn picture_chars(pixels: f64) -> f64 {
    pixels / 7.0
}

pub(super) fn xlsx_failed(err: XlsxError) -> RenderError {
    RenderError::generation(format!("Excel writing failed: {err}"))
}

pub(super) struct SheetWriter<'a> {
    pub(super) sheet: &'a mut Worksheet,
    pub(super) formats: &'a mut Formats,
    pub(super) limits: &'a Limits,
    doc: &'a Document,
    /// Whether the panes are frozen under a table's header row already.
    pub(super) frozen: bool,
    /// Whether a table's header row already repeats on every printed page.
    pub(super) titles: bool,
    pub(super) layout: SheetLayout,
}

impl SheetWriter<'_> {
    /// Column widths, row heights and the print area, once everything is written.
    fn finish(&mut self) -> Result<(), RenderError> {
        // Text wider than a column of set width wraps instead of spilling into (or hiding under) its neighbour.
        for overflow in self.layout.overflowing() {
            let value = CellValue::Text(overflow.text.to_owned());
            let look = CellLook { wrap: true, ..overflow.look };
            write_value(self.sheet, self.formats, overflow.row, overflow.col, &value, look).map_err(xlsx_failed)?;
        }
        self.layout.apply(self.sheet).map_err(xlsx_failed)?;
        if let Some((last_row, last_col)) = self.layout.extent() {
            self.sheet.set_print_area(0, 0, last_row, last_col).map_err(xlsx_failed)?;
        }
        Ok(())
    }

    /// Write blocks from (`row`, `col`) down (column) or across (row); returns the next free row.
    fn blocks(&mut self, blocks: &[Block], row: u32, col: u16, direction: FlexDirection) -> Result<u32, RenderError> {
        let mut next_row = row;
        let mut next_col = col;
        for block in blocks {
            match direction {
                FlexDirection::Column => next_row = self.block(block, next_row, col)?,
                FlexDirection::Row => {
                    next_row = next_row.max(self.block(block, row, next_col)?);
                    next_col = next_col.saturating_add(width(block));
                }
            }
        }
        Ok(next_row)
    }

    pub(super) fn check(&self, row: u32, col: u16) -> Result<(), RenderError> {
        if row >= self.limits.rows_per_sheet {
            return Err(RenderError::new(
                codes::LIMIT_ROWS,
                format!("a sheet has more than {} rows", self.limits.rows_per_sheet),
            ));
        }
        if u32::from(col) >= self.limits.columns {
            return Err(RenderError::new(
                codes::LIMIT_COLUMNS,
                format!("a sheet has more than {} columns", self.limits.columns),
            ));
        }
        Ok(())
    }

    pub(super) fn value(&mut self, row: u32, col: u16, value: &CellValue, look: CellLook) -> Result<(), RenderError> {
        self.check(row, col)?;
        self.layout.cell(row, col, value, look);
        let wrap = matches!(value, CellValue::Text(text) if wrapped_lines(text) > 1);
        write_value(self.sheet, self.formats, row, col, value, CellLook { wrap, ..look }).map_err(xlsx_failed)
    }

    fn block(&mut self, block: &Block, row: u32, col: u16) -> Result<u32, RenderError> {
        match block {
            Block::Text(text) => {
                self.value(row, col, &text.value, CellLook::of(&text.style))?;
                Ok(row + 1)
            }
            Block::Heading { text, level } => {
                // Bold, and as large as the PDF's heading within reason (its own size when the style gives one).
                let size = [20, 16, 14, 12, 11, 11].get(usize::from(*level).saturating_sub(1)).copied().unwrap_or(11);
                let look = CellLook::of(&text.style);
                let look = CellLook { bold: true, size: look.size.or(Some(size)), ..look };
                self.value(row, col, &text.value, look)?;
                self.layout.no_wrap(row, col);
                self.layout.used(
                    row,
                    col,
                    text.text.chars().count() as f64 * f64::from(look.size.unwrap_or(11)) / 11.0,
                );
                Ok(row + 1)
            }
            Block::RichText { runs, .. } => {
                let text: String = runs.iter().map(|run| run.text.as_str()).collect();
                self.value(row, col, &CellValue::Text(text), CellLook::default())?;
                Ok(row + 1)
            }
            Block::Image { index, width, height, alt, .. } => {
                self.image(*index, *width, *height, alt.as_deref(), row, col)
            }
            Block::Divider { .. } | Block::PageBreak { .. } => Ok(row),
            Block::Spacer { .. } => Ok(row + 1),
            Block::Container { style, children } => {
                let direction =
                    if style.flex { style.flex_direction.unwrap_or(FlexDirection::Row) } else { FlexDirection::Column };
                self.blocks(children, row, col, direction)
            }
            Block::Grid { columns, cells, .. } => {
                // Row by row, `columns` cells to a row; each grid column as wide as its widest cell.
                let per_row = columns.len().max(1);
                let offsets = grid_offsets(cells, per_row);
                let mut next_row = row;
                for line in cells.chunks(per_row) {
                    let top = next_row;
                    for (i, cell) in line.iter().enumerate() {
                        next_row = next_row.max(self.blocks(
                            cell,
                            top,
                            col.saturating_add(offsets[i]),
                            FlexDirection::Column,
                        )?);
                    }
                }
                Ok(next_row)
            }
            Block::Columns { columns: parts, .. } => {
                let mut next_row = row;
                let mut next_col = col;
                for part in parts {
                    next_row = next_row.max(self.blocks(part, row, next_col, FlexDirection::Column)?);
                    next_col = next_col.saturating_add(part.iter().map(width).max().unwrap_or(1));
                }
                Ok(next_row)
            }
            Block::Table(table) => self.table(table, row, col),
            Block::Chart(chart) => {
                self.check(row, col)?;
                // The chart sizes its data columns itself.
                for k in 0..=chart.series.len() as u16 {
                    self.layout.explicit(col.saturating_add(k), None);
                }
                let (next, last_col) =
                    super::xlsx_chart::write_chart(self.sheet, self.formats, self.limits, chart, row, col)?;
                self.layout.covered(next, last_col);
                Ok(next)
            }
            Block::List { ordered, items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    let text = if *ordered { format!("{}. {item}", i + 1) } else { format!("• {item}") };
                    self.value(row + i as u32, col, &CellValue::Text(text), CellLook::default())?;
                }
                Ok(row + items.len() as u32)
            }
            Block::KeyValue { pairs, layout, key_style, .. } => {
                let key_look = CellLook { bold: true, ..CellLook::of(key_style) };
                for (i, (key, value)) in pairs.iter().enumerate() {
                    let (key_at, value_at) = match layout {
                        PairLayout::Rows => ((row + i as u32, col), (row + i as u32, col + 1)),
                        PairLayout::Columns => ((row, col + i as u16), (row + 1, col + i as u16)),
                    };
                    self.value(key_at.0, key_at.1, &CellValue::Text(key.clone()), key_look)?;
                    self.value(value_at.0, value_at.1, &value.value, CellLook::of(&value.style))?;
                }
                Ok(match layout {
                    PairLayout::Rows => row + pairs.len() as u32,
                    PairLayout::Columns => row + 2,
                })
            }
            Block::Code(code) => {
                self.check(row, col)?;
                self.layout.used(row, col, picture_chars(code.width() / 0.75));
                let next = insert_code(self.sheet, code, row, col).map_err(RenderError::generation)?;
                self.layout.covered(next, col);
                Ok(next)
            }
            Block::Svg(svg) => {
                self.check(row, col)?;
                let next = insert_svg(self.sheet, svg, row, col).map_err(RenderError::generation)?;
                self.layout.covered(next, col);
                Ok(next)
            }
            Block::Formula(formula) => {
                self.check(row, col)?;
                self.layout.used(row, col, 12.0);
                write_formula(self.sheet, formula, row, col, false).map_err(xlsx_failed)?;
                Ok(row + 1)
            }
            Block::Field(field) => {
                // A labelled field is a row of the form: its label, then its value.
                let value_col = match &field.label {
                    Some(label) => {
                        let look = CellLook { bold: true, ..CellLook::of(&field.style) };
                        self.value(row, col, &CellValue::Text(label.clone()), look)?;
                        col.saturating_add(1)
                    }
                    None => col,
                };
                self.value(row, value_col, &field.cell, CellLook::of(&field.style))?;
                add_choice_list(self.sheet, field, row, value_col).map_err(xlsx_failed)?;
                Ok(row + 1)
            }
        }
    }

    fn image(
        &mut self,
        index: usize,
        width: Option<crate::style::Length>,
        height: Option<crate::style::Length>,
        alt: Option<&str>,
        row: u32,
        col: u16,
    ) -> Result<u32, RenderError> {
        self.check(row, col)?;
        let Some(data) = self.doc.images.get(index) else { return Ok(row) };
        if matches!(data.format, ImageFormat::Svg | ImageFormat::Webp) {
            // Excel cannot embed these; keep the alternative text so the cell is not silently empty.
            self.value(row, col, &CellValue::Text(alt.unwrap_or("[image]").to_owned()), CellLook::default())?;
            return Ok(row + 1);
        }
        let mut image = Image::new_from_buffer(&data.bytes).map_err(xlsx_failed)?;
        let target_px =
            |length: Option<crate::style::Length>| length.and_then(crate::style::Length::as_pt).map(|pt| pt / 0.75);
        let (natural_w, natural_h) = (image.width().max(1.0), image.height().max(1.0));
        let scale = match (target_px(width), target_px(height)) {
            (Some(w), _) => w / natural_w,
            (None, Some(h)) => h / natural_h,
            (None, None) => 1.0,
        };
        image = image.set_scale_width(scale).set_scale_height(scale);
        if let Some(alt) = alt {
            image = image.set_alt_text(alt);
        }
        self.sheet.insert_image(row, col, &image).map_err(xlsx_failed)?;
        self.layout.used(row, col, picture_chars(natural_w * scale));
        let next = row + ((natural_h * scale) / ROW_PIXELS).ceil().max(1.0) as u32;
        self.layout.covered(next, col);
        Ok(next)
    }
}
