//! The marks of cartesian charts: grouped and stacked bars, lines, areas (stacked or not), scatter points,
//! and their data labels. Missing values leave gaps; negative values grow from the baseline the other way.

use super::canvas::{Canvas, Font, HAnchor, VAnchor};
use super::cartesian::Frame;
use super::metrics::text_width;
use super::{LABEL_COLOR, label_decimals};
use crate::compile::ChartKind;
use crate::resolve::{Chart, Series};
use crate::style::Color;

const LABEL_SIZE: f64 = 7.0;
/// Markers are drawn on lines with at most this many points.
const MARKER_LIMIT: usize = 40;

fn label_font(color: Color, bold: bool) -> Font {
    Font { size: LABEL_SIZE, bold, color }
}

fn with_alpha(color: Color, alpha: f64) -> Color {
    Color { a: color.a * alpha, ..color }
}

/// Draw the marks of `chart` in `frame`.
pub(super) fn draw(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    match chart.kind {
        ChartKind::Bar if chart.stacked => stacked_bars(canvas, chart, frame),
        ChartKind::Bar => grouped_bars(canvas, chart, frame),
        ChartKind::Area => areas(canvas, chart, frame),
        ChartKind::Scatter => points(canvas, chart, frame),
        _ => lines(canvas, chart, frame),
    }
}

fn value_text(chart: &Chart, value: f64) -> String {
    chart.format.format(value, label_decimals(value))
}

fn grouped_bars(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    let count = chart.series.len().max(1) as f64;
    let zero = frame.zero();
    for i in 0..chart.categories.len() {
        let (s0, s1) = frame.slot(i);
        let group = (s1 - s0) * 0.72;
        let bar = group / count;
        let gap = if count > 1.0 { (bar * 0.12).min(1.5) } else { 0.0 };
        let start = s0 + (s1 - s0 - group) / 2.0;
        for (k, series) in chart.series.iter().enumerate() {
            let Some(v) = series.values[i] else { continue };
            let a = start + k as f64 * bar;
            let (along, end) = ((a, a + bar - gap), frame.value_at(v));
            let (x, y, w, h) = frame.rect(along, (zero, end));
            canvas.rect(x, y, w, h, series.color);
            if chart.data_labels {
                let text = value_text(chart, v);
                let middle = (along.0 + along.1) / 2.0;
                let thickness = along.1 - along.0;
                let up = v >= 0.0;
                if frame.horizontal && thickness >= LABEL_SIZE {
                    let (x, h) = if up { (end + 3.0, HAnchor::Start) } else { (end - 3.0, HAnchor::End) };
                    canvas.text(x, middle, (h, VAnchor::Middle), &text, label_font(LABEL_COLOR, false), 0.0);
                } else if !frame.horizontal && text_width(&text, LABEL_SIZE, false) <= thickness + 6.0 {
                    let (y, v) = if up { (end - 2.0, VAnchor::Bottom) } else { (end + 3.0, VAnchor::Top) };
                    canvas.text(middle, y, (HAnchor::Middle, v), &text, label_font(LABEL_COLOR, false), 0.0);
                }
            }
        }
    }
}

fn stacked_bars(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    for i in 0..chart.categories.len() {
        let (s0, s1) = frame.slot(i);
        let inset = (s1 - s0) * 0.2;
        let along = (s0 + inset, s1 - inset);
        let (mut up, mut down) = (0.0, 0.0);
        for series in &chart.series {
            let Some(v) = series.values[i] else { continue };
            let base = if v >= 0.0 { &mut up } else { &mut down };
            let (from, to) = (frame.value_at(*base), frame.value_at(*base + v));
            *base += v;
            let (x, y, w, h) = frame.rect(along, (from, to));
            canvas.rect(x, y, w, h, series.color);
            if chart.data_labels {
                let text = value_text(chart, v);
                let length = (to - from).abs();
                let across = along.1 - along.0;
                let fits = if frame.horizontal {
                    length >= text_width(&text, LABEL_SIZE, true) + 4.0 && across >= LABEL_SIZE + 2.0
                } else {
                    length >= LABEL_SIZE + 4.0 && across >= text_width(&text, LABEL_SIZE, true) + 2.0
                };
                if fits {
                    let (x, y) = frame.at((along.0 + along.1) / 2.0, (from + to) / 2.0);
                    let white = Color::rgb(0xFF, 0xFF, 0xFF);
                    canvas.text(x, y, (HAnchor::Middle, VAnchor::Middle), &text, label_font(white, true), 0.0);
                }
            }
        }
    }
}

/// Value positions of each series, cumulative when stacked: (lower, upper) per category, `None` for gaps.
fn stacked_positions(chart: &Chart) -> Vec<Vec<Option<(f64, f64)>>> {
    let mut totals = vec![0.0; chart.categories.len()];
    chart
        .series
        .iter()
        .map(|series| {
            series
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let v = (*value)?;
                    if chart.stacked {
                        let lower = totals[i];
                        totals[i] += v;
                        Some((lower, totals[i]))
                    } else {
                        Some((0.0, v))
                    }
                })
                .collect()
        })
        .collect()
}

/// Runs of consecutive points of one series (gaps split them): (category index, lower, upper).
fn runs(values: &[Option<(f64, f64)>]) -> Vec<Vec<(usize, f64, f64)>> {
    let mut out: Vec<Vec<(usize, f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some((lower, upper)) => current.push((i, *lower, *upper)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn point_of(frame: &Frame, i: usize, value: f64) -> (f64, f64) {
    let (s0, s1) = frame.slot(i);
    frame.at((s0 + s1) / 2.0, frame.value_at(value))
}

fn lines(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    let positions = stacked_positions(chart);
    for (series, values) in chart.series.iter().zip(&positions) {
        line_series(canvas, chart, frame, series, values);
    }
}

fn line_series(canvas: &mut Canvas, chart: &Chart, frame: &Frame, series: &Series, values: &[Option<(f64, f64)>]) {
    for run in runs(values) {
        let points: Vec<(f64, f64)> = run.iter().map(|&(i, _, upper)| point_of(frame, i, upper)).collect();
        canvas.polyline(&points, 1.75, series.color);
        if chart.categories.len() <= MARKER_LIMIT || points.len() == 1 {
            for &(x, y) in &points {
                canvas.dot(x, y, 2.25, series.color, true);
            }
        }
    }
    if chart.data_labels {
        point_labels(canvas, chart, frame, series, values, 4.0);
    }
}

/// Each value of `series` written `lift` points above its (stacked) point.
fn point_labels(
    canvas: &mut Canvas,
    chart: &Chart,
    frame: &Frame,
    series: &Series,
    values: &[Option<(f64, f64)>],
    lift: f64,
) {
    for (i, value) in series.values.iter().enumerate() {
        let (Some(v), Some((_, upper))) = (value, values[i]) else { continue };
        let (x, y) = point_of(frame, i, upper);
        let anchor = (HAnchor::Middle, VAnchor::Bottom);
        canvas.text(x, y - lift, anchor, &value_text(chart, *v), label_font(LABEL_COLOR, false), 0.0);
    }
}

fn areas(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    let positions = stacked_positions(chart);
    let alpha = if chart.stacked { 0.55 } else { 0.28 };
    for (series, values) in chart.series.iter().zip(&positions) {
        for run in runs(values) {
            let mut outline: Vec<(f64, f64)> = run.iter().map(|&(i, _, upper)| point_of(frame, i, upper)).collect();
            let lower: Vec<(f64, f64)> = run.iter().rev().map(|&(i, lower, _)| point_of(frame, i, lower)).collect();
            if outline.len() == 1 {
                // A lone point gets a sliver of its slot so it still shows.
                let (s0, s1) = frame.slot(run[0].0);
                let (_, lo, hi) = run[0];
                let (x, y, w, h) =
                    frame.rect((s0 + (s1 - s0) * 0.4, s1 - (s1 - s0) * 0.4), (frame.value_at(lo), frame.value_at(hi)));
                canvas.rect(x, y, w, h, with_alpha(series.color, alpha));
                continue;
            }
            let top = outline.clone();
            outline.extend(lower);
            canvas.polygon(&outline, with_alpha(series.color, alpha));
            canvas.polyline(&top, 1.5, series.color);
        }
    }
    if chart.data_labels {
        for (series, values) in chart.series.iter().zip(&positions) {
            point_labels(canvas, chart, frame, series, values, 5.0);
        }
    }
}

fn points(canvas: &mut Canvas, chart: &Chart, frame: &Frame) {
    for series in &chart.series {
        for (x, y) in chart.x_values.iter().zip(&series.values) {
            let (Some(x), Some(y)) = (x, y) else { continue };
            let (px, py) = (frame.x_at(*x), frame.value_at(*y));
            canvas.dot(px, py, 3.0, with_alpha(series.color, 0.85), true);
            if chart.data_labels {
                let anchor = (HAnchor::Middle, VAnchor::Bottom);
                canvas.text(px, py - 5.0, anchor, &value_text(chart, *y), label_font(LABEL_COLOR, false), 0.0);
            }
        }
    }
}
