//! A chart canvas: shapes and text placed at absolute points inside the chart box, written as Typst
//! `place`d primitives (`rect`, `line`, `curve`, `polygon`, `circle`, `text`). Text enters only as
//! escaped string literals.

use std::fmt::Write as _;

use crate::pdf::literal::{color, number, pt, string};
use crate::style::Color;

/// Horizontal anchor of a text: which side of it sits at the given x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HAnchor {
    Start,
    Middle,
    End,
}

/// Vertical anchor of a text: its cap top, cap middle or baseline at the given y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VAnchor {
    Top,
    Middle,
    Bottom,
}

/// Font of a chart text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Font {
    pub size: f64,
    pub bold: bool,
    pub color: Color,
}

/// One step of a path.
#[derive(Debug, Clone, Copy)]
pub(super) enum PathStep {
    Move(f64, f64),
    Line(f64, f64),
    /// Cubic Bézier: first control, second control, end.
    Cubic((f64, f64), (f64, f64), (f64, f64)),
    Close,
}

/// The Typst code of a chart's marks, one `place` per line, inside a box of `width` × `height` points.
#[derive(Debug, Default)]
pub(super) struct Canvas {
    out: String,
    width: f64,
    height: f64,
}

fn point((x, y): (f64, f64)) -> String {
    format!("({}, {})", pt(x), pt(y))
}

impl Canvas {
    /// An empty canvas for a box of the given size.
    pub(super) fn new(width: f64, height: f64) -> Canvas {
        Canvas { out: String::new(), width, height }
    }

    /// The code written so far.
    pub(super) fn into_code(self) -> String {
        self.out
    }

    fn place(&mut self, x: f64, y: f64, body: &str) {
        let _ = writeln!(self.out, "place(top + left, dx: {}, dy: {}, {body})", pt(x), pt(y));
    }

    /// A filled rectangle; skipped when it has no area.
    pub(super) fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: Color) {
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        let body = format!("rect(width: {}, height: {}, fill: {}, stroke: none)", pt(width), pt(height), color(fill));
        self.place(x, y, &body);
    }

    /// A straight line.
    pub(super) fn line(&mut self, from: (f64, f64), to: (f64, f64), thickness: f64, paint: Color) {
        let body =
            format!("line(start: {}, end: {}, stroke: {} + {})", point(from), point(to), pt(thickness), color(paint));
        self.place(0.0, 0.0, &body);
    }

    /// Lines through `points` (at least two).
    pub(super) fn polyline(&mut self, points: &[(f64, f64)], thickness: f64, paint: Color) {
        if points.len() < 2 {
            return;
        }
        let mut steps = vec![PathStep::Move(points[0].0, points[0].1)];
        steps.extend(points[1..].iter().map(|&(x, y)| PathStep::Line(x, y)));
        let stroke =
            format!("(paint: {}, thickness: {}, join: \"round\", cap: \"round\")", color(paint), pt(thickness));
        self.path(&steps, None, Some(&stroke));
    }

    /// A filled polygon.
    pub(super) fn polygon(&mut self, points: &[(f64, f64)], fill: Color) {
        if points.len() < 3 {
            return;
        }
        let vertices: Vec<String> = points.iter().copied().map(point).collect();
        let body = format!("polygon(fill: {}, stroke: none, {})", color(fill), vertices.join(", "));
        self.place(0.0, 0.0, &body);
    }

    /// A path, filled and/or stroked (`stroke` is a Typst stroke expression).
    pub(super) fn path(&mut self, steps: &[PathStep], fill: Option<Color>, stroke: Option<&str>) {
        let mut parts: Vec<String> = Vec::with_capacity(steps.len() + 2);
        parts.push(format!("fill: {}", fill.map_or_else(|| "none".to_owned(), color)));
        parts.push(format!("stroke: {}", stroke.unwrap_or("none")));
        for step in steps {
            parts.push(match *step {
                PathStep::Move(x, y) => format!("curve.move({})", point((x, y))),
                PathStep::Line(x, y) => format!("curve.line({})", point((x, y))),
                PathStep::Cubic(a, b, end) => format!("curve.cubic({}, {}, {})", point(a), point(b), point(end)),
                PathStep::Close => "curve.close(mode: \"straight\")".to_owned(),
            });
        }
        let body = format!("curve({})", parts.join(", "));
        self.place(0.0, 0.0, &body);
    }

    /// A disc centred on (`x`, `y`), with an optional white rim.
    pub(super) fn dot(&mut self, x: f64, y: f64, radius: f64, fill: Color, rim: bool) {
        let stroke = if rim { "0.75pt + white" } else { "none" };
        let body = format!("circle(radius: {}, fill: {}, stroke: {stroke})", pt(radius), color(fill));
        self.place(x - radius, y - radius, &body);
    }

    /// Text anchored at (`x`, `y`), optionally rotated (degrees, clockwise) about that anchor. Typst's
    /// own `place` alignment puts the anchor there, so the text needs no box of its own.
    pub(super) fn text(&mut self, x: f64, y: f64, anchor: (HAnchor, VAnchor), text: &str, font: Font, rotate: f64) {
        if text.is_empty() {
            return;
        }
        let (h, dx) = match anchor.0 {
            HAnchor::Start => ("left", x),
            HAnchor::Middle => ("center", x - self.width / 2.0),
            HAnchor::End => ("right", x - self.width),
        };
        let (v, dy) = match anchor.1 {
            VAnchor::Top => ("top", y),
            VAnchor::Middle => ("horizon", y - self.height / 2.0),
            VAnchor::Bottom => ("bottom", y - self.height),
        };
        let weight = if font.bold { ", weight: 700" } else { "" };
        let mut body = format!("text(size: {}{weight}, fill: {}, {})", pt(font.size), color(font.color), string(text));
        if rotate != 0.0 {
            body = format!("rotate({}deg, origin: {h} + {v}, {body})", number(rotate));
        }
        let _ = writeln!(self.out, "place({v} + {h}, dx: {}, dy: {}, {body})", pt(dx), pt(dy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_an_escaped_literal() {
        let mut canvas = Canvas::new(100.0, 100.0);
        let font = Font { size: 8.0, bold: false, color: Color::rgb(0, 0, 0) };
        canvas.text(10.0, 10.0, (HAnchor::Start, VAnchor::Top), "#panic() \"]", font, 0.0);
        let code = canvas.into_code();
        assert!(code.contains(r##""#panic() \"]""##), "{code}");
        assert!(!code.contains("#panic() \"]\""), "{code}");
    }

    #[test]
    fn empty_rectangles_are_skipped() {
        let mut canvas = Canvas::new(100.0, 100.0);
        canvas.rect(0.0, 0.0, 0.0, 5.0, Color::rgb(0, 0, 0));
        assert!(canvas.into_code().is_empty());
    }
}
