//! Compiling components: one function per component type, each reading its props with a `PropReader`.

use serde_json::Value;

use super::chart::chart_node;
use super::codes::{barcode_node, formula_node, qr_node, svg_node};
use super::data_components::{conditional_node, key_value_node, list_node, loop_node};
use super::form_field::form_field_node;
use super::node::{ImageFit, Node, NodeKind, RunSpec};
use super::props::{PropReader, text_spec};
use super::table::compile_table;
use crate::model::Component;
use crate::report::{JsonPath, ValidationReport};
use crate::style::{Color, Length, Style};

/// Every type this engine renders.
const SUPPORTED: &[&str] = &[
    "text",
    "heading",
    "rich-text",
    "image",
    "divider",
    "spacer",
    "container",
    "columns",
    "table-layout",
    "page-break",
    "table",
    "table-row",
    "list",
    "key-value",
    "conditional",
    "loop",
    "chart",
    "qr-code",
    "barcode",
    "svg",
    "formula",
    "form-field",
];

/// Deepest component tree the compiler walks (a guard against stack exhaustion; the configurable
/// `ERR_LIMIT_008` is checked separately and is normally much lower).
const HARD_DEPTH_CAP: usize = 512;

/// Where a component sits: inside a table, rows are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Flow,
    TableBody,
}

/// Compile a list of components at `path` (e.g. `schema.components`).
pub(crate) fn compile_list(
    components: &[Component],
    path: &JsonPath,
    place: Place,
    depth: usize,
    report: &mut ValidationReport,
) -> Vec<Node> {
    components
        .iter()
        .enumerate()
        .filter_map(|(i, component)| compile_component(component, &path.index(i), place, depth, report))
        .collect()
}

/// Compile one component; `None` when it has problems (recorded in `report`).
pub(crate) fn compile_component(
    component: &Component,
    path: &JsonPath,
    place: Place,
    depth: usize,
    report: &mut ValidationReport,
) -> Option<Node> {
    if depth > HARD_DEPTH_CAP {
        report.push(path.as_str(), "components are nested too deeply");
        return None;
    }
    let kind = component.kind.as_str();
    if !SUPPORTED.contains(&kind) {
        report.push(
            path.field("type").as_str(),
            format!("unknown component type {kind:?}; expected one of {}", SUPPORTED.join(", ")),
        );
        return None;
    }
    let problems_before = report.problems.len();
    let children_path = path.field("children");
    let child_place = if matches!(kind, "loop" | "conditional") { place } else { Place::Flow };
    let children = if kind == "table" {
        Vec::new()
    } else {
        compile_list(&component.children, &children_path, child_place, depth + 1, report)
    };
    let mut props = PropReader::new(&component.props, path.field("props"), report);
    let kind = match kind {
        "text" => text_node(component, &mut props)?,
        "heading" => heading_node(component, &mut props)?,
        "rich-text" => rich_text_node(&mut props)?,
        "image" => image_node(&mut props)?,
        "divider" => divider_node(&mut props),
        "spacer" => NodeKind::Spacer { height: props.length("height").unwrap_or(Length::Pt(12.0)) },
        "container" => NodeKind::Container { style: props.style("style"), children },
        "columns" => columns_node(&mut props, children),
        "table-layout" => grid_node(&mut props, children),
        "page-break" => NodeKind::PageBreak { new_sheet: props.bool("newSheet").unwrap_or(false) },
        "table" => NodeKind::Table(Box::new(compile_table(component, &mut props, path, depth)?)),
        "table-row" => {
            if place != Place::TableBody {
                props.report().push(path.field("type").as_str(), "table-row is only allowed inside a table");
            }
            let spans = component
                .children
                .iter()
                .map(|cell| cell.props.get("colSpan").and_then(Value::as_u64).map_or(1, |n| n.clamp(1, 64) as usize))
                .collect();
            NodeKind::TableRow { cells: children, spans, style: props.style("style") }
        }
        "list" => list_node(&mut props)?,
        "qr-code" => qr_node(&mut props)?,
        "barcode" => barcode_node(&mut props)?,
        "svg" => svg_node(&mut props)?,
        "formula" => formula_node(&mut props)?,
        "form-field" => form_field_node(&mut props)?,
        "key-value" => key_value_node(&mut props)?,
        "chart" => chart_node(&mut props)?,
        "conditional" => conditional_node(component, &mut props, path, place, depth, children)?,
        _ => loop_node(&mut props, children)?,
    };
    (report.problems.len() == problems_before).then(|| Node { id: component.id.clone(), path: path.to_string(), kind })
}

fn text_node(component: &Component, props: &mut PropReader<'_>) -> Option<NodeKind> {
    let style = props.style("style");
    let text = match (props.raw("text"), &component.content) {
        (None, Some(content)) => text_spec(content, &props.path_of("text"), props.report())?,
        _ => props.text("text").or_else(|| text_spec(&Value::Null, &props.path_of("text"), props.report()))?,
    };
    Some(NodeKind::Text { text, style })
}

fn heading_node(component: &Component, props: &mut PropReader<'_>) -> Option<NodeKind> {
    let level = props.number("level").unwrap_or(1.0);
    if !(1.0..=6.0).contains(&level) || level.fract() != 0.0 {
        props.problem("level", "level must be 1 to 6");
    }
    let NodeKind::Text { text, style } = text_node(component, props)? else { return None };
    Some(NodeKind::Heading { level: level.clamp(1.0, 6.0) as u8, text, style })
}

fn rich_text_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let style = props.style("style");
    let Some(Value::Array(runs)) = props.raw("runs") else {
        props.problem("runs", "runs must be an array of {text, bold, italic, …}");
        return None;
    };
    let base = props.path_of("runs");
    let mut compiled = Vec::with_capacity(runs.len());
    for (i, run) in runs.iter().enumerate() {
        let path = base.index(i);
        let Some(map) = run.as_object() else {
            props.report().push(path.as_str(), "a run must be an object with text");
            continue;
        };
        let mut style = Style::parse(run, &path, props.report());
        let mut reader = PropReader::new(map, path, props.report());
        if reader.bool("bold") == Some(true) {
            style.font_weight = Some(700);
        }
        if let Some(italic) = reader.bool("italic") {
            style.italic = Some(italic);
        }
        style.underline |= reader.bool("underline").unwrap_or(false);
        style.strike |= reader.bool("strike").or_else(|| reader.bool("strikethrough")).unwrap_or(false);
        let text = reader.required_text("text");
        let link = reader.text("link");
        let superscript = reader.bool("superscript").unwrap_or(false);
        let subscript = reader.bool("subscript").unwrap_or(false);
        if let Some(text) = text {
            compiled.push(RunSpec { text, style: style.into(), superscript, subscript, link });
        }
    }
    Some(NodeKind::RichText { runs: compiled, style })
}

fn image_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let src = props.required_text("src")?;
    let fit = match props.string("fit").unwrap_or("contain") {
        "contain" | "scale-down" | "none" => ImageFit::Contain,
        "cover" => ImageFit::Cover,
        "fill" | "stretch" => ImageFit::Fill,
        other => {
            props.problem("fit", format!("unknown fit {other:?}; expected contain, cover or fill"));
            ImageFit::Contain
        }
    };
    let style = props.style("style");
    let width = props.length("width").or(style.width);
    let height = props.length("height").or(style.height);
    Some(NodeKind::Image { src, width, height, fit, alt: props.text("alt"), style })
}

fn divider_node(props: &mut PropReader<'_>) -> NodeKind {
    let style = props.style("style");
    let color = match props.string("color").map(Color::parse) {
        Some(Ok(color)) => color,
        Some(Err(message)) => {
            props.problem("color", message);
            Color::rgb(0xDD, 0xDD, 0xDD)
        }
        None => style.color.or(style.border.sides.top.map(|line| line.color)).unwrap_or(Color::rgb(0xDD, 0xDD, 0xDD)),
    };
    let thickness =
        props.length("thickness").or_else(|| style_length(props, "thickness")).and_then(Length::as_pt).unwrap_or(0.75);
    let mut margin = style.margin;
    if let Some(all) = props.length("margin").or_else(|| style_length(props, "margin")) {
        margin.top = margin.top.or(Some(all));
        margin.bottom = margin.bottom.or(Some(all));
    }
    NodeKind::Divider { color, thickness, margin }
}

/// A length inside `props.style` that is not a standard CSS property (divider `thickness`).
fn style_length(props: &PropReader<'_>, key: &str) -> Option<Length> {
    props.raw("style")?.get(key).and_then(|value| Length::parse(value).ok())
}

fn columns_node(props: &mut PropReader<'_>, children: Vec<Node>) -> NodeKind {
    let widths = widths_prop(props, "widths").unwrap_or_else(|| {
        let count = props.number("columns").map(|n| n as usize).unwrap_or(children.len().max(1));
        if !(1..=12).contains(&count) {
            props.problem("columns", "columns must be between 1 and 12");
        }
        vec![Length::Percent(100.0 / count.clamp(1, 12) as f64); count.clamp(1, 12)]
    });
    NodeKind::Columns { widths, gap: props.length("gap"), children, style: props.style("style") }
}

fn grid_node(props: &mut PropReader<'_>, children: Vec<Node>) -> NodeKind {
    let columns = match props.raw("columns") {
        Some(Value::Array(_)) => widths_prop(props, "columns").unwrap_or_default(),
        _ => {
            let count = props.number("columns").map(|n| n as usize).unwrap_or(2);
            if !(1..=24).contains(&count) {
                props.problem("columns", "columns must be between 1 and 24");
            }
            vec![Length::Percent(100.0 / count.clamp(1, 24) as f64); count.clamp(1, 24)]
        }
    };
    NodeKind::Grid { columns, gap: props.length("gap"), children, style: props.style("style") }
}

/// An array of lengths (`["50%", "25%", 120]`).
pub(crate) fn widths_prop(props: &mut PropReader<'_>, key: &str) -> Option<Vec<Length>> {
    let Value::Array(items) = props.raw(key)? else {
        props.problem(key, format!("{key} must be an array of lengths"));
        return None;
    };
    let mut widths = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match Length::parse(item) {
            Ok(length) => widths.push(length),
            Err(message) => {
                let path = props.path_of(key).index(i);
                props.report().push(path.as_str(), message);
            }
        }
    }
    Some(widths)
}
