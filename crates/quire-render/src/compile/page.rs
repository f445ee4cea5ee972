//! Page settings: size, orientation, margins, default text style, background and watermark.

use serde_json::Value;

use super::node::TextSpec;
use super::props::text_spec;
use crate::model::PageSettings;
use crate::report::{JsonPath, ValidationReport};
use crate::style::{Color, Length, Sides};

/// Page margin when the template gives none (points).
const DEFAULT_MARGIN: f64 = 40.0;

/// A text watermark drawn diagonally behind every page.
#[derive(Debug, Clone)]
pub(crate) struct Watermark {
    pub text: TextSpec,
    pub color: Color,
    pub opacity: f64,
    pub font_size: f64,
    pub rotation: f64,
}

/// Resolved page geometry and defaults, all in points.
#[derive(Debug, Clone)]
pub(crate) struct PageSetup {
    pub width: f64,
    pub height: f64,
    pub margins: Sides<f64>,
    pub font_family: Option<String>,
    pub font_size: Option<f64>,
    pub color: Option<Color>,
    pub background: Option<Color>,
    pub watermark: Option<Watermark>,
}

/// Merge `overrides` over `base`, field by field.
pub(crate) fn merge(base: Option<&PageSettings>, overrides: Option<&PageSettings>) -> PageSettings {
    let base = base.cloned().unwrap_or_default();
    let Some(top) = overrides else { return base };
    PageSettings {
        page_size: top.page_size.clone().or(base.page_size),
        orientation: top.orientation.clone().or(base.orientation),
        margins: top.margins.clone().or(base.margins),
        font_family: top.font_family.clone().or(base.font_family),
        font_size: top.font_size.clone().or(base.font_size),
        color: top.color.clone().or(base.color),
        background_color: top.background_color.clone().or(base.background_color),
        watermark: top.watermark.clone().or(base.watermark),
    }
}

/// Check and convert page settings found at `path`.
pub(crate) fn page_setup(settings: &PageSettings, path: &JsonPath, report: &mut ValidationReport) -> PageSetup {
    let (mut width, mut height) = match &settings.page_size {
        None => (595.28, 841.89),
        Some(value) => paper_size(value).unwrap_or_else(|message| {
            report.push(path.field("pageSize").as_str(), message);
            (595.28, 841.89)
        }),
    };
    match settings.orientation.as_deref() {
        None | Some("portrait") => {}
        Some("landscape") => std::mem::swap(&mut width, &mut height),
        Some(other) => report.push(
            path.field("orientation").as_str(),
            format!("unknown orientation {other:?}; expected portrait or landscape"),
        ),
    }
    let margins = settings
        .margins
        .as_ref()
        .map(|value| margins(value, &path.field("margins"), report))
        .unwrap_or(Sides::splat(DEFAULT_MARGIN));
    let mut color_at = |key: &str, value: &Option<String>| {
        value.as_deref().and_then(|text| match Color::parse(text) {
            Ok(color) => Some(color),
            Err(message) => {
                report.push(path.field(key).as_str(), message);
                None
            }
        })
    };
    let color = color_at("color", &settings.color);
    let background = color_at("backgroundColor", &settings.background_color);
    let font_size = settings.font_size.as_ref().and_then(|value| match Length::parse(value) {
        Ok(Length::Pt(pt)) if pt > 0.0 => Some(pt),
        _ => {
            report.push(path.field("fontSize").as_str(), "fontSize must be a positive absolute length");
            None
        }
    });
    let watermark = settings.watermark.as_ref().and_then(|value| watermark(value, &path.field("watermark"), report));
    PageSetup {
        width,
        height,
        margins,
        font_family: settings.font_family.clone(),
        font_size,
        color,
        background,
        watermark,
    }
}

fn paper_size(value: &Value) -> Result<(f64, f64), String> {
    if let Value::Object(map) = value {
        let dimension = |key: &str| {
            map.get(key)
                .and_then(|v| Length::parse(v).ok())
                .and_then(Length::as_pt)
                .filter(|pt| *pt >= 36.0 && *pt <= 14_400.0)
        };
        return match (dimension("width"), dimension("height")) {
            (Some(width), Some(height)) => Ok((width, height)),
            _ => Err("a custom pageSize needs width and height between 36pt and 14400pt".into()),
        };
    }
    let name = value.as_str().ok_or("pageSize must be a name (A4, Letter, …) or {width, height}")?;
    Ok(match name.trim().to_ascii_lowercase().as_str() {
        "a3" => (841.89, 1190.55),
        "a4" => (595.28, 841.89),
        "a5" => (419.53, 595.28),
        "a6" => (297.64, 419.53),
        "letter" => (612.0, 792.0),
        "legal" => (612.0, 1008.0),
        "tabloid" | "ledger" => (792.0, 1224.0),
        other => {
            return Err(format!(
                "unknown pageSize {other:?}; expected A3, A4, A5, Letter, Legal, Tabloid or {{width, height}}"
            ));
        }
    })
}

fn margins(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Sides<f64> {
    let mut sides = Sides::splat(DEFAULT_MARGIN);
    let mut absolute = |value: &Value, key: &str| match Length::parse(value) {
        Ok(Length::Pt(pt)) if pt >= 0.0 => Some(pt),
        _ => {
            report.push(path.field(key).as_str(), "a margin must be a non-negative absolute length");
            None
        }
    };
    match value {
        Value::Object(map) => {
            for (key, slot) in [
                ("top", &mut sides.top),
                ("right", &mut sides.right),
                ("bottom", &mut sides.bottom),
                ("left", &mut sides.left),
            ] {
                if let Some(pt) = map.get(key).and_then(|v| absolute(v, key)) {
                    *slot = pt;
                }
            }
        }
        other => {
            if let Some(pt) = absolute(other, "") {
                sides = Sides::splat(pt);
            }
        }
    }
    sides
}

fn watermark(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<Watermark> {
    let (text, map) = match value {
        Value::String(_) => (value.clone(), None),
        Value::Object(map) => (map.get("text").cloned().unwrap_or(Value::Null), Some(map)),
        _ => {
            report.push(path.as_str(), "watermark must be a text or {text, color, opacity, fontSize, rotation}");
            return None;
        }
    };
    let text = text_spec(&text, &path.field("text"), report)?;
    let field = |key: &str| map.and_then(|m| m.get(key));
    let color = match field("color").and_then(Value::as_str).map(Color::parse) {
        Some(Ok(color)) => color,
        Some(Err(message)) => {
            report.push(path.field("color").as_str(), message);
            Color::rgb(0x99, 0x99, 0x99)
        }
        None => Color::rgb(0x99, 0x99, 0x99),
    };
    let opacity = field("opacity").and_then(Value::as_f64).unwrap_or(0.15).clamp(0.0, 1.0);
    let font_size = field("fontSize").and_then(|v| Length::parse(v).ok()).and_then(Length::as_pt).unwrap_or(72.0);
    let rotation = field("rotation").and_then(Value::as_f64).unwrap_or(-45.0);
    Some(Watermark { text, color, opacity, font_size, rotation })
}
