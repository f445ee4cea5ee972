//! The chart legend: one swatch and label per series (per slice for pies), in centred rows above or
//! below the plot, or in a column beside it; labels are truncated to fit and overflow becomes "+N more".

use super::canvas::{Canvas, Font, HAnchor, VAnchor};
use super::metrics::{text_width, truncate};
use super::{LABEL_COLOR, Rect};
use crate::compile::{ChartKind, LegendPosition};
use crate::resolve::Chart;
use crate::style::Color;

const FONT_SIZE: f64 = 8.5;
const ROW_HEIGHT: f64 = 14.0;
const SWATCH: f64 = 8.0;
const SWATCH_GAP: f64 = 4.0;
const ITEM_GAP: f64 = 14.0;
const MAX_ROWS: usize = 3;

fn font() -> Font {
    Font { size: FONT_SIZE, bold: false, color: LABEL_COLOR }
}

/// One legend entry.
struct Item {
    label: String,
    color: Color,
}

/// The entries of a chart's legend.
fn items(chart: &Chart) -> Vec<Item> {
    if chart.kind.is_round() {
        let palette = &chart.palette;
        chart
            .categories
            .iter()
            .enumerate()
            .map(|(i, label)| Item { label: label.clone(), color: palette[i % palette.len()] })
            .collect()
    } else {
        chart.series.iter().map(|s| Item { label: s.label.clone(), color: s.color }).collect()
    }
}

/// A laid-out legend: entries with their positions relative to the legend's top left.
pub(super) struct Legend {
    entries: Vec<(f64, f64, String, Color)>,
    pub width: f64,
    pub height: f64,
    kind: ChartKind,
}

/// Lay out the legend of `chart` in `available` width (rows) or beside the plot (column).
pub(super) fn layout(chart: &Chart, available: f64) -> Option<Legend> {
    let items = items(chart);
    if chart.legend == LegendPosition::Hidden || items.is_empty() {
        return None;
    }
    let entry_width = |label: &str| SWATCH + SWATCH_GAP + text_width(label, FONT_SIZE, false);
    let mut entries = Vec::new();
    match chart.legend {
        LegendPosition::Left | LegendPosition::Right => {
            let max_label = (available * 0.3 - SWATCH - SWATCH_GAP).max(30.0);
            let rows = ((chart.height - 20.0) / ROW_HEIGHT).floor().max(1.0) as usize;
            let mut width: f64 = 0.0;
            for (i, item) in items.iter().enumerate().take(rows) {
                let label = if i + 1 == rows && items.len() > rows {
                    format!("+{} more", items.len() - i)
                } else {
                    truncate(&item.label, FONT_SIZE, false, max_label)
                };
                width = width.max(entry_width(&label));
                entries.push((0.0, i as f64 * ROW_HEIGHT, label, item.color));
            }
            let height = entries.len() as f64 * ROW_HEIGHT;
            Some(Legend { entries, width, height, kind: chart.kind })
        }
        _ => {
            let max_label = (available * 0.45).max(30.0);
            let mut rows: Vec<Vec<(String, Color, f64)>> = vec![Vec::new()];
            let mut used = 0.0;
            let mut overflow_from = None;
            for (i, item) in items.iter().enumerate() {
                let label = truncate(&item.label, FONT_SIZE, false, max_label);
                let width = entry_width(&label);
                if used > 0.0 && used + width > available {
                    if rows.len() == MAX_ROWS {
                        overflow_from = Some(i);
                        break;
                    }
                    rows.push(Vec::new());
                    used = 0.0;
                }
                used += width + ITEM_GAP;
                if let Some(row) = rows.last_mut() {
                    row.push((label, item.color, width));
                }
            }
            if let (Some(first_hidden), Some(row)) = (overflow_from, rows.last_mut()) {
                let mut hidden = items.len() - first_hidden;
                loop {
                    let more = format!("+{hidden} more");
                    let row_width: f64 = row.iter().map(|(_, _, w)| w + ITEM_GAP).sum();
                    if row.len() <= 1 || row_width + entry_width(&more) <= available {
                        let width = entry_width(&more);
                        row.push((more, LABEL_COLOR, width));
                        break;
                    }
                    row.pop();
                    hidden += 1;
                }
            }
            for (r, row) in rows.iter().enumerate() {
                let total: f64 = row.iter().map(|(_, _, w)| w).sum::<f64>() + ITEM_GAP * (row.len() as f64 - 1.0);
                let mut x = (available - total).max(0.0) / 2.0;
                for (label, color, width) in row {
                    entries.push((x, r as f64 * ROW_HEIGHT, label.clone(), *color));
                    x += width + ITEM_GAP;
                }
            }
            Some(Legend { entries, width: available, height: rows.len() as f64 * ROW_HEIGHT, kind: chart.kind })
        }
    }
}

impl Legend {
    /// Draw the legend with its top left at (`x`, `y`).
    pub(super) fn draw(&self, canvas: &mut Canvas, x: f64, y: f64) {
        for (dx, dy, label, color) in &self.entries {
            let (left, middle) = (x + dx, y + dy + ROW_HEIGHT / 2.0);
            match self.kind {
                ChartKind::Line => {
                    canvas.line((left, middle), (left + SWATCH, middle), 2.0, *color);
                    canvas.dot(left + SWATCH / 2.0, middle, 2.25, *color, false);
                }
                ChartKind::Scatter => canvas.dot(left + SWATCH / 2.0, middle, 3.0, *color, false),
                _ => canvas.rect(left, middle - SWATCH / 2.0, SWATCH, SWATCH, *color),
            }
            let anchor = (HAnchor::Start, VAnchor::Middle);
            canvas.text(left + SWATCH + SWATCH_GAP, middle, anchor, label, font(), 0.0);
        }
    }

    /// Where the legend goes and the plot area left beside it, inside `area`.
    pub(super) fn place(&self, position: LegendPosition, area: Rect) -> ((f64, f64), Rect) {
        const GAP: f64 = 8.0;
        match position {
            LegendPosition::Top => ((area.x0, area.y0), Rect { y0: area.y0 + self.height + GAP, ..area }),
            LegendPosition::Left => {
                let y = area.y0 + ((area.y1 - area.y0) - self.height).max(0.0) / 2.0;
                ((area.x0, y), Rect { x0: area.x0 + self.width + GAP * 1.5, ..area })
            }
            LegendPosition::Right => {
                let y = area.y0 + ((area.y1 - area.y0) - self.height).max(0.0) / 2.0;
                ((area.x1 - self.width, y), Rect { x1: area.x1 - self.width - GAP * 1.5, ..area })
            }
            LegendPosition::Bottom | LegendPosition::Hidden => {
                ((area.x0, area.y1 - self.height), Rect { y1: area.y1 - self.height - GAP, ..area })
            }
        }
    }
}
