//! Pie and doughnut charts: slices of the first series' positive values as Bézier-arc paths, clockwise
//! from twelve o'clock, with percentage labels (and the total in a doughnut's hole) when data labels are on.

use std::f64::consts::{FRAC_PI_2, TAU};

use super::canvas::{Canvas, Font, HAnchor, PathStep, VAnchor};
use super::metrics::text_width;
use super::{Rect, TITLE_COLOR, label_decimals, no_data};
use crate::compile::ChartKind;
use crate::pdf::literal;
use crate::resolve::Chart;
use crate::style::Color;

/// Inner radius of a doughnut, as a share of the outer one.
const HOLE: f64 = 0.56;
/// Slices narrower than this (radians) get no label.
const MIN_LABEL_ANGLE: f64 = 0.3;

/// The point at `angle` (radians clockwise from twelve o'clock) on a circle.
fn on_circle((cx, cy): (f64, f64), radius: f64, angle: f64) -> (f64, f64) {
    let a = angle - FRAC_PI_2;
    (cx + radius * a.cos(), cy + radius * a.sin())
}

/// Bézier pieces of the arc from `start` to `end` (either direction), each at most a quarter turn.
fn arc(center: (f64, f64), radius: f64, start: f64, end: f64, out: &mut Vec<PathStep>) {
    let pieces = ((end - start).abs() / FRAC_PI_2).ceil().max(1.0) as usize;
    let sweep = (end - start) / pieces as f64;
    let k = 4.0 / 3.0 * (sweep / 4.0).tan() * radius;
    for piece in 0..pieces {
        let a0 = start + piece as f64 * sweep;
        let a1 = a0 + sweep;
        let (p0, p1) = (on_circle(center, radius, a0), on_circle(center, radius, a1));
        // The clockwise tangent at angle `a` points along (cos a, sin a).
        let c1 = (p0.0 + k * a0.cos(), p0.1 + k * a0.sin());
        let c2 = (p1.0 - k * a1.cos(), p1.1 - k * a1.sin());
        out.push(PathStep::Cubic(c1, c2, p1));
    }
}

/// Draw a pie or doughnut chart of the first series inside `area`.
pub(super) fn draw(canvas: &mut Canvas, chart: &Chart, area: Rect) {
    let Some(series) = chart.series.first() else {
        no_data(canvas, area);
        return;
    };
    let slices: Vec<(usize, f64)> =
        series.values.iter().enumerate().filter_map(|(i, v)| v.filter(|v| *v > 0.0).map(|v| (i, v))).collect();
    let total: f64 = slices.iter().map(|(_, v)| v).sum();
    if slices.is_empty() || total <= 0.0 {
        no_data(canvas, area);
        return;
    }
    let center = area.center();
    let radius = (area.width().min(area.height()) / 2.0 - 2.0).max(4.0);
    let inner = if chart.kind == ChartKind::Doughnut { radius * HOLE } else { 0.0 };
    let palette = &chart.palette;
    let rim = "(paint: white, thickness: 1pt, join: \"round\")";
    let mut start = 0.0;
    let mut labels = Vec::new();
    for &(index, value) in &slices {
        let sweep = value / total * TAU;
        let end = start + sweep;
        let color = palette[index % palette.len()];
        if slices.len() == 1 && inner == 0.0 {
            canvas.dot(center.0, center.1, radius, color, false);
        } else {
            let mut steps = Vec::with_capacity(8);
            if inner > 0.0 {
                let (x, y) = on_circle(center, radius, start);
                steps.push(PathStep::Move(x, y));
                arc(center, radius, start, end, &mut steps);
                let (x, y) = on_circle(center, inner, end);
                steps.push(PathStep::Line(x, y));
                arc(center, inner, end, start, &mut steps);
            } else {
                steps.push(PathStep::Move(center.0, center.1));
                let (x, y) = on_circle(center, radius, start);
                steps.push(PathStep::Line(x, y));
                arc(center, radius, start, end, &mut steps);
            }
            steps.push(PathStep::Close);
            canvas.path(&steps, Some(color), Some(rim));
        }
        if sweep >= MIN_LABEL_ANGLE {
            let label_radius = if inner > 0.0 { (radius + inner) / 2.0 } else { radius * 0.64 };
            labels.push((on_circle(center, label_radius, start + sweep / 2.0), value / total));
        }
        start = end;
    }
    if !chart.data_labels {
        return;
    }
    let white = Font { size: 8.0, bold: true, color: Color::rgb(0xFF, 0xFF, 0xFF) };
    for ((x, y), share) in labels {
        let text = format!("{}%", literal::number((share * 1000.0).round() / 10.0));
        canvas.text(x, y, (HAnchor::Middle, VAnchor::Middle), &text, white, 0.0);
    }
    if inner > 0.0 {
        let text = chart.format.format(total, label_decimals(total));
        let size = (inner * 0.3).clamp(7.0, 14.0);
        let width = text_width(&text, size, true);
        let size = if width > inner * 1.6 { size * inner * 1.6 / width } else { size };
        let font = Font { size, bold: true, color: TITLE_COLOR };
        canvas.text(center.0, center.1, (HAnchor::Middle, VAnchor::Middle), &text, font, 0.0);
    }
}
