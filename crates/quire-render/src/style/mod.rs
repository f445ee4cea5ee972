//! The CSS-like style subset of TEMPLATES.md, parsed into typed values with a problem per bad value.

mod border;
mod color;
mod color_names;
mod keywords;
mod length;

pub use border::{Border, BorderLine};
pub use color::Color;
pub use keywords::{FlexAlign, FlexDirection, TextAlign, TextTransform};
pub use length::{Length, Sides, parse_box_shorthand};

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::report::{JsonPath, ValidationReport};

/// A style shared between the compiled template and every block resolved from it (cheap to clone).
pub type SharedStyle = Arc<Style>;

/// The empty style, shared (no allocation per use).
pub fn plain_style() -> SharedStyle {
    static PLAIN: std::sync::LazyLock<SharedStyle> = std::sync::LazyLock::new(SharedStyle::default);
    PLAIN.clone()
}

/// A parsed style object. Unset properties are `None`; unknown CSS properties are ignored so templates
/// written for browsers keep working.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    /// `fontSize`.
    pub font_size: Option<Length>,
    /// `fontWeight` as 100–900.
    pub font_weight: Option<u16>,
    /// `fontStyle: italic`.
    pub italic: Option<bool>,
    /// `fontFamily` as written.
    pub font_family: Option<String>,
    /// `color`.
    pub color: Option<Color>,
    /// `textAlign`.
    pub text_align: Option<TextAlign>,
    /// `textTransform`.
    pub text_transform: Option<TextTransform>,
    /// `textDecoration` contains `underline`.
    pub underline: bool,
    /// `textDecoration` contains `line-through`.
    pub strike: bool,
    /// `lineHeight`: a factor of the font size.
    pub line_height: Option<f64>,
    /// `letterSpacing`.
    pub letter_spacing: Option<Length>,
    /// `backgroundColor` / `background`.
    pub background: Option<Color>,
    /// `padding*`.
    pub padding: Sides<Option<Length>>,
    /// `margin*`.
    pub margin: Sides<Option<Length>>,
    /// `border*`.
    pub border: Border,
    /// `borderRadius`.
    pub border_radius: Option<Length>,
    /// `width`.
    pub width: Option<Length>,
    /// `height`.
    pub height: Option<Length>,
    /// `opacity` 0–1.
    pub opacity: Option<f64>,
    /// `display: flex`.
    pub flex: bool,
    /// `flexDirection`.
    pub flex_direction: Option<FlexDirection>,
    /// `justifyContent`.
    pub justify_content: Option<FlexAlign>,
    /// `alignItems`.
    pub align_items: Option<FlexAlign>,
    /// `gap`.
    pub gap: Option<Length>,
    /// `flex` / `flexGrow`: share of the free space in a flex row.
    pub flex_grow: Option<f64>,
}

impl Style {
    /// Parse a style object; each bad value becomes a problem at `path.<property>`.
    pub fn parse(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Style {
        let mut style = Style::default();
        let Some(map) = value.as_object() else {
            if !value.is_null() {
                report.push(path.as_str(), "style must be an object");
            }
            return style;
        };
        for (key, value) in map {
            if let Err(message) = style.apply(key, value, map) {
                report.push(path.field(key).as_str(), message);
            }
        }
        style
    }

    fn apply(&mut self, key: &str, value: &Value, all: &Map<String, Value>) -> Result<(), String> {
        let text = || value.as_str().map(str::trim).ok_or_else(|| format!("{key} must be a string"));
        match key {
            "fontSize" => self.font_size = Some(Length::parse(value)?),
            "fontWeight" => self.font_weight = Some(parse_weight(value)?),
            "fontStyle" => self.italic = Some(matches!(text()?, "italic" | "oblique")),
            "fontFamily" => self.font_family = Some(text()?.to_owned()),
            "color" => self.color = Some(Color::parse(text()?)?),
            "textAlign" => self.text_align = Some(parse_text_align(text()?)?),
            "textTransform" => self.text_transform = Some(parse_transform(text()?)?),
            "textDecoration" | "textDecorationLine" => {
                let decoration = text()?;
                self.underline = decoration.contains("underline");
                self.strike = decoration.contains("line-through");
            }
            "lineHeight" => self.line_height = Some(parse_line_height(value, all)?),
            "letterSpacing" => self.letter_spacing = Some(Length::parse(value)?),
            "backgroundColor" | "background" => self.background = Some(Color::parse(text()?)?),
            "padding" => self.padding = some_sides(parse_box_shorthand(value)?),
            "paddingTop" => self.padding.top = Some(Length::parse(value)?),
            "paddingRight" => self.padding.right = Some(Length::parse(value)?),
            "paddingBottom" => self.padding.bottom = Some(Length::parse(value)?),
            "paddingLeft" => self.padding.left = Some(Length::parse(value)?),
            "margin" => self.margin = some_sides(parse_box_shorthand(value)?),
            "marginTop" => self.margin.top = Some(Length::parse(value)?),
            "marginRight" => self.margin.right = Some(Length::parse(value)?),
            "marginBottom" => self.margin.bottom = Some(Length::parse(value)?),
            "marginLeft" => self.margin.left = Some(Length::parse(value)?),
            key if key.starts_with("border") && key != "borderRadius" && key != "borderCollapse" => {
                self.border.apply(key, value)?;
            }
            "borderRadius" => self.border_radius = Some(Length::parse(value)?),
            "width" => self.width = Some(Length::parse(value)?),
            "height" => self.height = Some(Length::parse(value)?),
            "opacity" => self.opacity = Some(parse_fraction(value)?),
            "display" => self.flex = matches!(text()?, "flex" | "inline-flex"),
            "flexDirection" => {
                self.flex_direction = Some(match text()? {
                    "row" | "row-reverse" => FlexDirection::Row,
                    "column" | "column-reverse" => FlexDirection::Column,
                    other => return Err(format!("unknown flexDirection {other:?}")),
                });
            }
            "justifyContent" => {
                self.justify_content =
                    Some(FlexAlign::parse(text()?).ok_or_else(|| format!("unknown justifyContent {value}"))?);
            }
            "alignItems" => {
                self.align_items =
                    Some(FlexAlign::parse(text()?).ok_or_else(|| format!("unknown alignItems {value}"))?);
            }
            "gap" | "columnGap" | "rowGap" => self.gap = Some(Length::parse(value)?),
            "flex" | "flexGrow" => self.flex_grow = Some(parse_flex_grow(value)?),
            _ => {}
        }
        Ok(())
    }
}

fn some_sides(sides: Sides<Length>) -> Sides<Option<Length>> {
    Sides { top: Some(sides.top), right: Some(sides.right), bottom: Some(sides.bottom), left: Some(sides.left) }
}

fn parse_weight(value: &Value) -> Result<u16, String> {
    let weight = match value {
        Value::Number(n) => n.as_f64().unwrap_or(400.0),
        Value::String(text) => match text.trim() {
            "normal" => 400.0,
            "bold" | "bolder" => 700.0,
            "lighter" => 300.0,
            other => other.parse().map_err(|_| format!("unknown fontWeight {other:?}"))?,
        },
        _ => return Err("fontWeight must be a number or a keyword".into()),
    };
    if !(1.0..=1000.0).contains(&weight) {
        return Err(format!("fontWeight {weight} is outside 1–1000"));
    }
    Ok(weight.round() as u16)
}

fn parse_text_align(text: &str) -> Result<TextAlign, String> {
    Ok(match text {
        "left" | "start" => TextAlign::Left,
        "center" => TextAlign::Center,
        "right" | "end" => TextAlign::Right,
        "justify" => TextAlign::Justify,
        other => return Err(format!("unknown textAlign {other:?}")),
    })
}

fn parse_transform(text: &str) -> Result<TextTransform, String> {
    Ok(match text {
        "none" => TextTransform::None,
        "uppercase" => TextTransform::Uppercase,
        "lowercase" => TextTransform::Lowercase,
        "capitalize" => TextTransform::Capitalize,
        other => return Err(format!("unknown textTransform {other:?}")),
    })
}

/// `lineHeight` as a factor: unitless numbers are factors, lengths are divided by the font size.
fn parse_line_height(value: &Value, all: &Map<String, Value>) -> Result<f64, String> {
    if let Some(factor) = value.as_f64().or_else(|| value.as_str().and_then(|s| s.trim().parse().ok())) {
        return Ok(factor);
    }
    let font_size = all.get("fontSize").and_then(|v| Length::parse(v).ok()).and_then(Length::as_pt);
    match (Length::parse(value)?, font_size) {
        (Length::Percent(percent), _) => Ok(percent / 100.0),
        (Length::Em(em), _) => Ok(em),
        (Length::Pt(pt), Some(size)) if size > 0.0 => Ok(pt / size),
        (Length::Pt(pt), _) => Ok(pt / 12.0),
        (Length::Auto, _) => Ok(1.2),
    }
}

fn parse_fraction(value: &Value) -> Result<f64, String> {
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
        .filter(|v| (0.0..=1.0).contains(v))
        .ok_or_else(|| "opacity must be a number from 0 to 1".to_owned())
}

fn parse_flex_grow(value: &Value) -> Result<f64, String> {
    let first = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(text) => text.split_whitespace().next().and_then(|s| s.parse().ok()),
        _ => None,
    };
    first.filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| "flex must be a non-negative number".to_owned())
}
