//! Charts in Excel: the chart's data written as cells (title, header row, one row per data item) and a
//! native Excel chart beside them whose series reference those cells.

use rust_xlsxwriter::{
    Chart as XlsxChart, ChartAxisCrossing, ChartDataLabel, ChartLegendPosition, ChartLine, ChartMarker, ChartSolidFill,
    ChartType, Format, Worksheet,
};

use super::xlsx_cells::{CellLook, Formats, write_value};
use crate::compile::{ChartKind, LegendPosition};
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::resolve::{Chart, strip_page_marks};
use crate::style::plain_style;

/// Default Excel row height in pixels, to know how many rows the chart covers.
const ROW_PIXELS: f64 = 20.0;
/// Points to pixels at Excel's 96 dpi.
const PX_PER_PT: f64 = 4.0 / 3.0;
/// Width of a column Excel has not been told the width of, in pixels (8.43 characters).
const DEFAULT_COLUMN_PIXELS: f64 = 64.0;

/// Write `chart` at (`row`, `col`): its data as cells and a native chart to their right. Returns the next
/// free row below both.
pub(crate) fn write_chart(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    limits: &Limits,
    chart: &Chart,
    row: u32,
    col: u16,
) -> Result<(u32, u16), RenderError> {
    let failed = |err: rust_xlsxwriter::XlsxError| RenderError::generation(format!("Excel chart failed: {err}"));
    let columns = 1 + chart.series.len();
    let rows = chart.categories.len() as u64;
    let header_row = if chart.title.is_some() { row + 1 } else { row };
    if u64::from(header_row) + rows + 1 >= u64::from(limits.rows_per_sheet) {
        return Err(RenderError::new(
            codes::LIMIT_ROWS,
            format!("a sheet has more than {} rows", limits.rows_per_sheet),
        ));
    }
    if usize::from(col) + columns + 1 >= limits.columns as usize {
        return Err(RenderError::new(
            codes::LIMIT_COLUMNS,
            format!("a sheet has more than {} columns", limits.columns),
        ));
    }
    let name = sheet.name();
    let title_cell = chart.title.as_ref().map(|_| (row, col));
    if let Some(title) = &chart.title {
        sheet.write_string_with_format(row, col, strip_page_marks(title), &formats.bold).map_err(failed)?;
    }
    // Wide enough that Excel shows the labels and formatted numbers rather than ###.
    let chars = |text: &str| text.chars().count() as f64;
    let x_width = chart.categories.iter().map(|c| chars(c)).fold(chars(&chart.x_header), f64::max);
    sheet.set_column_width(col, (x_width + 2.0).clamp(8.0, 40.0)).map_err(failed)?;
    for (k, series) in chart.series.iter().enumerate() {
        let width = (chars(&series.label) + 2.0).clamp(14.0, 40.0);
        sheet.set_column_width(col + 1 + k as u16, width).map_err(failed)?;
    }
    let header = Formats::header(&plain_style());
    sheet.write_string_with_format(header_row, col, &chart.x_header, &header).map_err(failed)?;
    for (k, series) in chart.series.iter().enumerate() {
        sheet.write_string_with_format(header_row, col + 1 + k as u16, &series.label, &header).map_err(failed)?;
    }
    let number_format = chart.format.excel.as_ref().map(|pattern| Format::new().set_num_format(pattern));
    for (i, x) in chart.x_cells.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        write_value(sheet, formats, r, col, x, CellLook::default()).map_err(failed)?;
        for (k, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values[i] else { continue };
            let c = col + 1 + k as u16;
            match &number_format {
                Some(format) => sheet.write_number_with_format(r, c, value, format),
                None => sheet.write_number(r, c, value),
            }
            .map_err(failed)?;
        }
    }
    // An empty chart still needs a (blank) data row to point at.
    let last_row = header_row + (rows as u32).max(1);
    let mut excel = XlsxChart::new(chart_type(chart));
    let shown = if chart.kind.is_round() { &chart.series[..chart.series.len().min(1)] } else { &chart.series[..] };
    for (k, series) in shown.iter().enumerate() {
        let value_col = col + 1 + k as u16;
        let color = series.color.to_u32();
        let plotted = excel
            .add_series()
            .set_categories((name.as_str(), header_row + 1, col, last_row, col))
            .set_values((name.as_str(), header_row + 1, value_col, last_row, value_col))
            .set_name((name.as_str(), header_row, value_col));
        match chart.kind {
            ChartKind::Pie | ChartKind::Doughnut => {
                let colors: Vec<u32> =
                    (0..chart.categories.len()).map(|i| chart.palette[i % chart.palette.len()].to_u32()).collect();
                plotted.set_point_colors(colors.as_slice());
            }
            ChartKind::Line => {
                plotted.set_format(ChartLine::new().set_color(color).set_width(1.75));
                plotted.set_marker(ChartMarker::new().set_automatic());
            }
            ChartKind::Scatter => {
                plotted
                    .set_marker(ChartMarker::new().set_automatic().set_format(ChartSolidFill::new().set_color(color)));
            }
            ChartKind::Bar | ChartKind::Area => {
                plotted.set_format(ChartSolidFill::new().set_color(color));
            }
        }
        if chart.data_labels {
            let mut label = ChartDataLabel::new();
            if chart.kind.is_round() {
                label.show_percentage();
            } else {
                label.show_value();
                if let Some(pattern) = &chart.format.excel {
                    label.set_num_format(pattern);
                }
            }
            plotted.set_data_label(&label);
        }
    }
    if let Some((title_row, title_col)) = title_cell {
        excel.title().set_name((name.as_str(), title_row, title_col));
    }
    match chart.legend {
        LegendPosition::Hidden => {
            excel.legend().set_hidden();
        }
        position => {
            excel.legend().set_position(match position {
                LegendPosition::Top => ChartLegendPosition::Top,
                LegendPosition::Left => ChartLegendPosition::Left,
                LegendPosition::Right => ChartLegendPosition::Right,
                _ => ChartLegendPosition::Bottom,
            });
        }
    }
    if !chart.kind.is_round() {
        // Bar (horizontal) charts have their value axis as x; every other chart as y.
        let category_is_x = !(chart.kind == ChartKind::Bar && chart.horizontal);
        let (category_axis, value_axis) = if category_is_x { (true, false) } else { (false, true) };
        for (is_x, title, is_value) in [(category_axis, &chart.x_label, false), (value_axis, &chart.y_label, true)] {
            let axis = if is_x { excel.x_axis() } else { excel.y_axis() };
            if let Some(title) = title {
                axis.set_name(plain_name(&strip_page_marks(title)).as_str());
            }
            if !is_value && !category_is_x {
                // Excel draws bar categories bottom-up; reversed (with the value axis kept at the
                // bottom) they read top-down as in the PDF.
                axis.set_reverse().set_crossing(ChartAxisCrossing::Max);
            }
            if is_value {
                axis.set_major_gridlines(chart.grid);
                if let Some(pattern) = &chart.format.excel {
                    axis.set_num_format(pattern);
                }
            }
        }
    }
    let width_px = (chart.width * PX_PER_PT).round().clamp(160.0, 2400.0);
    let height_px = (chart.height * PX_PER_PT).round().clamp(120.0, 2400.0);
    excel.set_width(width_px as u32).set_height(height_px as u32);
    if let Some(title) = &chart.title {
        excel.set_alt_text(strip_page_marks(title));
    }
    sheet.insert_chart(row, col + columns as u16 + 1, &excel).map_err(failed)?;
    let below_data = last_row + 2;
    let below_chart = row + (height_px / ROW_PIXELS).ceil() as u32 + 1;
    // The picture covers default-width columns (64 pixels each) from where it is anchored.
    let chart_col = col + columns as u16 + 1;
    let last_col = chart_col.saturating_add((width_px / DEFAULT_COLUMN_PIXELS).ceil() as u16);
    Ok((below_data.max(below_chart), last_col))
}

fn chart_type(chart: &Chart) -> ChartType {
    match (chart.kind, chart.horizontal, chart.stacked) {
        (ChartKind::Bar, false, false) => ChartType::Column,
        (ChartKind::Bar, false, true) => ChartType::ColumnStacked,
        (ChartKind::Bar, true, false) => ChartType::Bar,
        (ChartKind::Bar, true, true) => ChartType::BarStacked,
        (ChartKind::Line, _, false) => ChartType::Line,
        (ChartKind::Line, _, true) => ChartType::LineStacked,
        (ChartKind::Area, _, false) => ChartType::Area,
        (ChartKind::Area, _, true) => ChartType::AreaStacked,
        (ChartKind::Pie, _, _) => ChartType::Pie,
        (ChartKind::Doughnut, _, _) => ChartType::Doughnut,
        (ChartKind::Scatter, _, _) => ChartType::Scatter,
    }
}

/// A name the chart writer takes as plain text: it reads `=…` and `…!A1` as cell references, so a word
/// joiner (invisible, zero width) goes before a leading `=` and after each `!`. Data stays data.
fn plain_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    if text.starts_with('=') {
        out.push('\u{2060}');
    }
    for c in text.chars() {
        out.push(c);
        if c == '!' {
            out.push('\u{2060}');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_look_like_references_stay_text() {
        assert_eq!(plain_name("Revenue"), "Revenue");
        assert_eq!(plain_name("=Sheet1!A1"), "\u{2060}=Sheet1!\u{2060}A1");
    }
}
