//! Charts in the PDF: vector marks and real text drawn with Typst primitives at points computed here
//! (nice ticks, measured labels), inside a fixed-size box that shrinks to fit a narrower container.

mod canvas;
mod cartesian;
mod legend;
mod marks;
mod metrics;
mod pie;
mod scale;

use self::canvas::{Canvas, Font, HAnchor, VAnchor};
use self::metrics::truncate;
use crate::pdf::literal::{self, pt};
use crate::pdf::markup::boxed;
use crate::resolve::Chart;
use crate::style::Color;

/// Colour of titles.
const TITLE_COLOR: Color = Color::rgb(0x11, 0x18, 0x27);
/// Colour of labels, ticks and legend text.
const LABEL_COLOR: Color = Color::rgb(0x37, 0x41, 0x51);
/// Colour of "No data".
const MUTED_COLOR: Color = Color::rgb(0x9C, 0xA3, 0xAF);
const TITLE_SIZE: f64 = 11.5;
/// Space kept clear around the drawing, in points.
const PADDING: f64 = 4.0;

/// A rectangle in chart coordinates (points from the chart's top left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// The Typst expression of a chart block.
pub(crate) fn chart_markup(chart: &Chart) -> String {
    let (width, height) = (chart.width, chart.height);
    let mut canvas = Canvas::new(width, height);
    let mut area = Rect { x0: PADDING, y0: PADDING, x1: width - PADDING, y1: height - PADDING };
    if let Some(title) = &chart.title {
        let font = Font { size: TITLE_SIZE, bold: true, color: TITLE_COLOR };
        let text = truncate(title, TITLE_SIZE, true, area.width());
        canvas.text(width / 2.0, area.y0, (HAnchor::Middle, VAnchor::Top), &text, font, 0.0);
        area.y0 += TITLE_SIZE + 10.0;
    }
    if let Some(legend) = legend::layout(chart, area.width()) {
        let ((x, y), rest) = legend.place(chart.legend, area);
        legend.draw(&mut canvas, x, y);
        area = rest;
    }
    if area.width() > 20.0 && area.height() > 20.0 {
        if chart.kind.is_round() {
            pie::draw(&mut canvas, chart, area);
        } else {
            cartesian::draw(&mut canvas, chart, area);
        }
    }
    let drawing = format!(
        "box(width: {w}, height: {h}, {{\nset text(font: (\"Inter\",), lang: \"en\", hyphenate: false)\n{}}})",
        canvas.into_code(),
        w = pt(width),
        h = pt(height),
    );
    // Laid out at its own width; a narrower container scales the whole chart down with it. The drawing is
    // bound outside the closure: Typst hashes a closure's syntax on every call, a bound value only once.
    let fitted = format!(
        "{{ let drawing = {drawing}\nlayout(size => scale(if size.width < {w} {{ size.width / {w} * 100% }} else {{ 100% }}, origin: top + left, reflow: true, drawing)) }}",
        w = pt(width),
    );
    boxed(&chart.style, &format!("block(breakable: false, {fitted})"), false)
}

/// "No data" in the middle of `area`.
fn no_data(canvas: &mut Canvas, area: Rect) {
    let (x, y) = area.center();
    let font = Font { size: 9.0, bold: false, color: MUTED_COLOR };
    canvas.text(x, y, (HAnchor::Middle, VAnchor::Middle), "No data", font, 0.0);
}

/// Natural decimals of a data value for its label, at most two.
fn label_decimals(value: f64) -> usize {
    let text = literal::number(value);
    text.split_once('.').map_or(0, |(_, fraction)| fraction.len().min(2))
}
