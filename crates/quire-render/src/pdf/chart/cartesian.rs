//! Axes of bar, line, area and scatter charts: the value scale, the plot frame left after tick labels,
//! category labels (horizontal, truncated, or rotated 45° with some skipped) and axis titles, then the
//! marks drawn inside.

use super::canvas::{Canvas, Font, HAnchor, VAnchor};
use super::metrics::{text_width, truncate};
use super::scale::Scale;
use super::{LABEL_COLOR, Rect, marks, no_data};
use crate::compile::ChartKind;
use crate::resolve::Chart;
use crate::style::Color;

const TICK_SIZE: f64 = 8.0;
const AXIS_TITLE_SIZE: f64 = 8.5;
/// Band an axis title takes.
const TITLE_BAND: f64 = 14.0;
const GRID_COLOR: Color = Color::rgb(0xE5, 0xE7, 0xEB);
const AXIS_COLOR: Color = Color::rgb(0x9C, 0xA3, 0xAF);

fn tick_font() -> Font {
    Font { size: TICK_SIZE, bold: false, color: LABEL_COLOR }
}

fn title_font() -> Font {
    Font { size: AXIS_TITLE_SIZE, bold: true, color: LABEL_COLOR }
}

/// The plot of a cartesian chart: its rectangle and how values and categories map into it.
pub(super) struct Frame {
    pub plot: Rect,
    pub value: Scale,
    /// Numeric x axis of a scatter chart.
    pub x: Option<Scale>,
    pub horizontal: bool,
    pub slots: usize,
}

impl Frame {
    /// Position of `value` along the value axis (y for vertical charts, x for horizontal ones).
    pub(super) fn value_at(&self, value: f64) -> f64 {
        let f = self.value.fraction(value);
        if self.horizontal { self.plot.x0 + f * self.plot.width() } else { self.plot.y1 - f * self.plot.height() }
    }

    /// Position of the baseline (zero, or the nearest axis end).
    pub(super) fn zero(&self) -> f64 {
        self.value_at(self.value.clamp(0.0))
    }

    /// Start and end of category slot `i` along the category axis.
    pub(super) fn slot(&self, i: usize) -> (f64, f64) {
        let (start, length) =
            if self.horizontal { (self.plot.y0, self.plot.height()) } else { (self.plot.x0, self.plot.width()) };
        let size = length / self.slots.max(1) as f64;
        (start + i as f64 * size, start + (i + 1) as f64 * size)
    }

    /// A point from a position along the category axis and one along the value axis.
    pub(super) fn at(&self, along: f64, value_pos: f64) -> (f64, f64) {
        if self.horizontal { (value_pos, along) } else { (along, value_pos) }
    }

    /// The rectangle between two category positions and two value positions.
    pub(super) fn rect(&self, along: (f64, f64), values: (f64, f64)) -> (f64, f64, f64, f64) {
        let (v0, v1) = (values.0.min(values.1), values.0.max(values.1));
        if self.horizontal {
            (v0, along.0, v1 - v0, along.1 - along.0)
        } else {
            (along.0, v0, along.1 - along.0, v1 - v0)
        }
    }

    /// Position of a scatter chart's `x`.
    pub(super) fn x_at(&self, x: f64) -> f64 {
        self.plot.x0 + self.x.map_or(0.5, |scale| scale.fraction(x)) * self.plot.width()
    }
}

/// Smallest and largest value drawn (stack totals when stacked).
fn value_range(chart: &Chart) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for i in 0..chart.categories.len() {
        let values = chart.series.iter().filter_map(|s| s.values[i]);
        if chart.stacked {
            let (neg, pos) = values.fold((0.0, 0.0), |(n, p), v| if v < 0.0 { (n + v, p) } else { (n, p + v) });
            lo = lo.min(neg);
            hi = hi.max(pos);
        } else {
            for v in values {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if lo > hi { (0.0, 0.0) } else { (lo, hi) }
}

fn x_range(chart: &Chart) -> (f64, f64) {
    let xs = chart.x_values.iter().flatten();
    let lo = xs.clone().fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = xs.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    if lo > hi { (0.0, 0.0) } else { (lo, hi) }
}

/// How category labels are set.
struct CategoryLabels {
    texts: Vec<String>,
    rotated: bool,
    /// Draw every `step`-th label.
    step: usize,
    /// Space the labels take across the category axis.
    band: f64,
}

fn category_labels(chart: &Chart, slot: f64, horizontal: bool, max_across: f64) -> CategoryLabels {
    let widest = chart.categories.iter().map(|c| text_width(c, TICK_SIZE, false)).fold(0.0, f64::max);
    if horizontal {
        let limit = widest.min(max_across);
        let texts = chart.categories.iter().map(|c| truncate(c, TICK_SIZE, false, limit)).collect();
        let step = (TICK_SIZE * 1.25 / slot.max(0.1)).ceil().max(1.0) as usize;
        return CategoryLabels { texts, rotated: false, step, band: limit + 6.0 };
    }
    if widest <= slot - 2.0 || slot >= 45.0 {
        let texts = chart.categories.iter().map(|c| truncate(c, TICK_SIZE, false, slot - 2.0)).collect();
        return CategoryLabels { texts, rotated: false, step: 1, band: TICK_SIZE + 8.0 };
    }
    let limit = widest.min(max_across);
    let texts: Vec<String> = chart.categories.iter().map(|c| truncate(c, TICK_SIZE, false, limit)).collect();
    let longest = texts.iter().map(|t| text_width(t, TICK_SIZE, false)).fold(0.0, f64::max);
    let step = (12.0 / slot.max(0.1)).ceil().max(1.0) as usize;
    CategoryLabels { texts, rotated: true, step, band: std::f64::consts::FRAC_1_SQRT_2 * (longest + TICK_SIZE) + 8.0 }
}

/// Draw the axes, grid and marks of a bar, line, area or scatter chart inside `area`.
pub(super) fn draw(canvas: &mut Canvas, chart: &Chart, area: Rect) {
    let horizontal = chart.horizontal;
    let scatter = chart.kind == ChartKind::Scatter;
    let zero = matches!(chart.kind, ChartKind::Bar | ChartKind::Area);
    let (lo, hi) = value_range(chart);
    let value_extent = if horizontal { area.width() } else { area.height() };
    let per_tick = if horizontal { 80.0 } else { 45.0 };
    let value = Scale::nice(lo, hi, (value_extent / per_tick).clamp(2.0, 8.0) as usize, zero);
    let tick_text = |v: f64| chart.format.format(v, value.decimals);
    let ticks: Vec<(f64, String)> = value.ticks().into_iter().map(|t| (t, tick_text(t))).collect();
    let widest_tick = ticks.iter().map(|(_, t)| text_width(t, TICK_SIZE, false)).fold(0.0, f64::max);
    let x_scale = scatter.then(|| {
        let (lo, hi) = x_range(chart);
        Scale::nice(lo, hi, (area.width() / 80.0).clamp(2.0, 8.0) as usize, false)
    });
    let slots = chart.categories.len().max(1);
    let (category_title, value_title) = (chart.x_label.as_deref(), chart.y_label.as_deref());

    let mut plot = area;
    let labels;
    if horizontal {
        plot.x0 += if category_title.is_some() { TITLE_BAND } else { 0.0 };
        let slot = (area.height() - TICK_SIZE - 10.0) / slots as f64;
        labels = Some(category_labels(chart, slot, true, area.width() * 0.3));
        plot.x0 += labels.as_ref().map_or(0.0, |l| l.band);
        let last = ticks.last().map_or(0.0, |(_, t)| text_width(t, TICK_SIZE, false));
        plot.x1 -= (last / 2.0).max(4.0);
        plot.y0 += 2.0;
        plot.y1 -= TICK_SIZE + 8.0 + if value_title.is_some() { TITLE_BAND } else { 0.0 };
    } else {
        let title_band = if value_title.is_some() { TITLE_BAND } else { 0.0 };
        plot.x0 += title_band + widest_tick + 6.0;
        let last_x = x_scale.map_or(0.0, |s| text_width(&chart.format.format(s.max, s.decimals), TICK_SIZE, false));
        plot.x1 -= (last_x / 2.0).max(4.0);
        plot.y0 += TICK_SIZE / 2.0 + 2.0;
        labels = (!scatter).then(|| category_labels(chart, plot.width() / slots as f64, false, area.height() * 0.3));
        let band = labels.as_ref().map_or(TICK_SIZE + 8.0, |l| l.band);
        plot.y1 -= band + if category_title.is_some() { TITLE_BAND } else { 0.0 };
    }
    if plot.width() < 10.0 || plot.height() < 10.0 {
        return;
    }
    let frame = Frame { plot, value, x: x_scale, horizontal, slots };

    if chart.grid {
        for (t, _) in &ticks {
            let p = frame.value_at(*t);
            let (from, to) = if horizontal { ((p, plot.y0), (p, plot.y1)) } else { ((plot.x0, p), (plot.x1, p)) };
            canvas.line(from, to, 0.5, GRID_COLOR);
        }
        if let Some(x) = &frame.x {
            for t in x.ticks() {
                let p = frame.x_at(t);
                canvas.line((p, plot.y0), (p, plot.y1), 0.5, GRID_COLOR);
            }
        }
    }
    let has_values = chart.series.iter().any(|s| s.values.iter().any(Option::is_some));
    if has_values {
        marks::draw(canvas, chart, &frame);
    } else {
        no_data(canvas, plot);
    }
    let base = frame.zero();
    let (from, to) = if horizontal { ((base, plot.y0), (base, plot.y1)) } else { ((plot.x0, base), (plot.x1, base)) };
    canvas.line(from, to, 0.75, AXIS_COLOR);

    for (t, text) in &ticks {
        let p = frame.value_at(*t);
        if horizontal {
            canvas.text(p, plot.y1 + 4.0, (HAnchor::Middle, VAnchor::Top), text, tick_font(), 0.0);
        } else {
            canvas.text(plot.x0 - 5.0, p, (HAnchor::End, VAnchor::Middle), text, tick_font(), 0.0);
        }
    }
    if let Some(x) = &frame.x {
        for t in x.ticks() {
            let text = chart.format.format(t, x.decimals);
            canvas.text(frame.x_at(t), plot.y1 + 4.0, (HAnchor::Middle, VAnchor::Top), &text, tick_font(), 0.0);
        }
    }
    if let Some(labels) = &labels {
        for (i, text) in labels.texts.iter().enumerate().filter(|(i, _)| i % labels.step == 0) {
            let (s0, s1) = frame.slot(i);
            let middle = (s0 + s1) / 2.0;
            if horizontal {
                canvas.text(plot.x0 - 5.0, middle, (HAnchor::End, VAnchor::Middle), text, tick_font(), 0.0);
            } else if labels.rotated {
                canvas.text(middle + 2.0, plot.y1 + 7.0, (HAnchor::End, VAnchor::Middle), text, tick_font(), -45.0);
            } else {
                canvas.text(middle, plot.y1 + 4.0, (HAnchor::Middle, VAnchor::Top), text, tick_font(), 0.0);
            }
        }
    }
    axis_titles(canvas, area, plot, horizontal, category_title, value_title);
}

/// The category and value axis titles: under the plot and rotated at its left.
fn axis_titles(
    canvas: &mut Canvas,
    area: Rect,
    plot: Rect,
    horizontal: bool,
    category: Option<&str>,
    value: Option<&str>,
) {
    let (bottom, left) = if horizontal { (value, category) } else { (category, value) };
    let (mid_x, mid_y) = plot.center();
    if let Some(title) = bottom {
        let text = truncate(title, AXIS_TITLE_SIZE, true, plot.width());
        canvas.text(mid_x, area.y1 - 1.0, (HAnchor::Middle, VAnchor::Bottom), &text, title_font(), 0.0);
    }
    if let Some(title) = left {
        let text = truncate(title, AXIS_TITLE_SIZE, true, plot.height());
        let x = area.x0 + AXIS_TITLE_SIZE * 0.6;
        canvas.text(x, mid_y, (HAnchor::Middle, VAnchor::Middle), &text, title_font(), -90.0);
    }
}
