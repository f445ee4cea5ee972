//! CSS borders: `border`, `borderTop…`, `borderColor`, `borderWidth`, `borderStyle`.

use serde_json::Value;

use super::color::Color;
use super::length::{Length, Sides};

/// One border line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderLine {
    /// Thickness in points.
    pub width: f64,
    /// Colour.
    pub color: Color,
    /// `dashed` / `dotted` style, solid otherwise.
    pub dash: Option<&'static str>,
}

impl BorderLine {
    const DEFAULT_COLOR: Color = Color::rgb(0, 0, 0);

    /// Parse `1px solid #eee` (any order; missing parts take CSS defaults: medium = 3px, black).
    pub fn parse(value: &Value) -> Result<Option<BorderLine>, String> {
        if let Some(number) = value.as_f64() {
            return Ok((number > 0.0).then_some(BorderLine { width: number, color: Self::DEFAULT_COLOR, dash: None }));
        }
        let text = value.as_str().ok_or("border must be a string such as \"1px solid #ccc\"")?;
        let mut line = BorderLine { width: 0.75, color: Self::DEFAULT_COLOR, dash: None };
        let mut visible = true;
        for token in split_tokens(text) {
            match token.as_str() {
                "none" | "hidden" => visible = false,
                "solid" | "double" | "groove" | "ridge" | "inset" | "outset" => {}
                "dashed" => line.dash = Some("dashed"),
                "dotted" => line.dash = Some("dotted"),
                "thin" => line.width = 0.75,
                "medium" => line.width = 2.25,
                "thick" => line.width = 3.75,
                other => match Length::parse_str(other) {
                    Ok(Length::Pt(pt)) => line.width = pt,
                    Ok(_) => return Err(format!("border width {other:?} must be absolute")),
                    Err(_) => line.color = Color::parse(other)?,
                },
            }
        }
        Ok((visible && line.width > 0.0 && !line.color.is_transparent()).then_some(line))
    }
}

/// Split on whitespace but keep `rgb( … )` together.
fn split_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.trim().chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The borders of a box.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Border {
    /// Per-side lines; `None` = no border.
    pub sides: Sides<Option<BorderLine>>,
}

impl Border {
    /// True when no side has a border.
    pub fn is_empty(&self) -> bool {
        self.sides.top.is_none()
            && self.sides.right.is_none()
            && self.sides.bottom.is_none()
            && self.sides.left.is_none()
    }

    /// Apply one `border*` property.
    pub fn apply(&mut self, key: &str, value: &Value) -> Result<(), String> {
        match key {
            "border" => self.sides = Sides::splat(BorderLine::parse(value)?),
            "borderTop" => self.sides.top = BorderLine::parse(value)?,
            "borderRight" => self.sides.right = BorderLine::parse(value)?,
            "borderBottom" => self.sides.bottom = BorderLine::parse(value)?,
            "borderLeft" => self.sides.left = BorderLine::parse(value)?,
            "borderColor" => {
                let color = Color::parse(value.as_str().ok_or("borderColor must be a string")?)?;
                self.for_each(|line| line.color = color);
            }
            "borderWidth" => {
                let width = Length::parse(value)?.as_pt().ok_or("borderWidth must be absolute")?;
                self.ensure_all();
                self.for_each(|line| line.width = width);
            }
            "borderStyle" => {
                let style = value.as_str().ok_or("borderStyle must be a string")?.trim();
                match style {
                    "none" | "hidden" => self.sides = Sides::default(),
                    "dashed" | "dotted" | "solid" => {
                        self.ensure_all();
                        let dash = match style {
                            "dashed" => Some("dashed"),
                            "dotted" => Some("dotted"),
                            _ => None,
                        };
                        self.for_each(|line| line.dash = dash);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn ensure_all(&mut self) {
        if self.is_empty() {
            self.sides = Sides::splat(Some(BorderLine { width: 0.75, color: Color::rgb(0, 0, 0), dash: None }));
        }
    }

    fn for_each(&mut self, mut change: impl FnMut(&mut BorderLine)) {
        for line in [&mut self.sides.top, &mut self.sides.right, &mut self.sides.bottom, &mut self.sides.left]
            .into_iter()
            .flatten()
        {
            change(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shorthand_reads_width_style_and_colour() {
        let line = BorderLine::parse(&json!("1px solid #eeeeee")).expect("valid").expect("visible");
        assert!((line.width - 0.75).abs() < 1e-9);
        assert_eq!(line.color, Color::rgb(0xee, 0xee, 0xee));
    }

    #[test]
    fn none_hides_the_border() {
        assert_eq!(BorderLine::parse(&json!("none")), Ok(None));
    }

    #[test]
    fn rgb_colours_with_spaces_stay_one_token() {
        let line = BorderLine::parse(&json!("2px dashed rgb(1, 2, 3)")).expect("valid").expect("visible");
        assert_eq!(line.color, Color::rgb(1, 2, 3));
        assert_eq!(line.dash, Some("dashed"));
    }
}
