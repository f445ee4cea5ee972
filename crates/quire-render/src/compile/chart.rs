//! Compiling the `chart` component: chart type, data, fields, series, titles, legend, value format and
//! palette, with Rynko's and common charting spellings of each prop accepted.

use serde_json::Value;

use super::node::{NodeKind, TextSpec, ValueExpr};
use super::props::PropReader;
use super::value_format::ValueFormat;
use crate::style::{Color, Length, SharedStyle};

/// What a chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartKind {
    /// Bars (columns when vertical), grouped or stacked.
    Bar,
    /// Lines through the points.
    Line,
    /// Filled areas under lines.
    Area,
    /// A pie of the first series.
    Pie,
    /// A pie with a hole.
    Doughnut,
    /// Points at numeric x and y.
    Scatter,
}

impl ChartKind {
    /// Pie and doughnut: slices instead of axes.
    pub(crate) fn is_round(self) -> bool {
        matches!(self, ChartKind::Pie | ChartKind::Doughnut)
    }
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegendPosition {
    Top,
    Bottom,
    Left,
    Right,
    Hidden,
}

/// A path into a data item (`revenue`, `totals.net`).
pub(crate) type FieldPath = Vec<String>;

/// One series of a chart.
#[derive(Debug, Clone)]
pub(crate) struct SeriesSpec {
    pub field: FieldPath,
    pub label: Option<TextSpec>,
    pub color: Option<Color>,
}

/// A compiled chart component.
#[derive(Debug, Clone)]
pub(crate) struct ChartSpec {
    pub kind: ChartKind,
    pub horizontal: bool,
    pub stacked: bool,
    pub data: ValueExpr,
    pub x_field: Option<FieldPath>,
    pub series: Vec<SeriesSpec>,
    pub title: Option<TextSpec>,
    pub x_label: Option<TextSpec>,
    pub y_label: Option<TextSpec>,
    pub legend: LegendPosition,
    pub format: ValueFormat,
    pub width: Option<Length>,
    pub height: Option<Length>,
    pub palette: Vec<Color>,
    pub data_labels: bool,
    pub grid: bool,
    pub csv: bool,
    pub style: SharedStyle,
}

/// The default palette: distinct, print-safe hues.
pub(crate) const PALETTE: [Color; 10] = [
    Color::rgb(0x25, 0x63, 0xEB),
    Color::rgb(0xF5, 0x9E, 0x0B),
    Color::rgb(0x10, 0xB9, 0x81),
    Color::rgb(0xEF, 0x44, 0x44),
    Color::rgb(0x8B, 0x5C, 0xF6),
    Color::rgb(0x06, 0xB6, 0xD4),
    Color::rgb(0xEC, 0x48, 0x99),
    Color::rgb(0x84, 0xCC, 0x16),
    Color::rgb(0xF9, 0x73, 0x16),
    Color::rgb(0x64, 0x74, 0x8B),
];

/// The first prop present among `keys` (aliases), as its key.
fn first_key<'k>(props: &PropReader<'_>, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter().copied().find(|key| props.raw(key).is_some())
}

pub(crate) fn chart_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let (kind, horizontal_type) = chart_kind(props)?;
    let data = match first_key(props, &["data", "dataSource"]) {
        Some(key) => {
            if let Some(raw) = props.raw(key).filter(|raw| !raw.is_string() && !raw.is_array()) {
                props.problem(key, format!("{key} must be an array of objects or an expression, not {raw}"));
            }
            props.value_expr(key)
        }
        None => {
            props.problem("data", "data is required (an expression yielding an array of objects)");
            None
        }
    };
    let x_field = first_key(props, &["xField", "xAxisKey", "xKey", "labelField", "categoryField", "nameKey"])
        .and_then(|key| props.string(key))
        .map(field_path);
    let series = series(props);
    let horizontal = match first_key(props, &["horizontal", "orientation"]) {
        Some("orientation") => match props.string("orientation") {
            Some("horizontal") => true,
            Some("vertical") | None => false,
            Some(other) => {
                props.problem("orientation", format!("unknown orientation {other:?}; expected vertical or horizontal"));
                false
            }
        },
        Some(key) => props.bool(key).unwrap_or(false),
        None => horizontal_type,
    };
    let stacked = first_key(props, &["stacked", "stack", "isStacked"]).and_then(|key| props.bool(key)).unwrap_or(false);
    let title = props.text("title");
    let x_label = first_key(props, &["xAxisLabel", "xAxisTitle", "xLabel"]).and_then(|key| props.text(key));
    let y_label = first_key(props, &["yAxisLabel", "yAxisTitle", "yLabel"]).and_then(|key| props.text(key));
    let legend = legend(props);
    let format = match first_key(props, &["valueFormat", "numberFormat", "yAxisFormat", "format"]) {
        Some(key) => match props.string(key).map(ValueFormat::parse) {
            Some(Ok(format)) => format,
            Some(Err(message)) => {
                props.problem(key, message);
                ValueFormat::default()
            }
            None => ValueFormat::default(),
        },
        None => ValueFormat::default(),
    };
    let style = props.style("style");
    let width = props.length("width").or(style.width);
    let height = props.length("height").or(style.height);
    let palette = palette(props);
    let data_labels = first_key(props, &["showDataLabels", "dataLabels", "showValues"])
        .and_then(|key| props.bool(key))
        .unwrap_or(false);
    let grid = first_key(props, &["showGrid", "grid"]).and_then(|key| props.bool(key)).unwrap_or(true);
    let csv = props.bool("csv").unwrap_or(false);
    let series = series?;
    Some(NodeKind::Chart(Box::new(ChartSpec {
        kind,
        horizontal: horizontal && kind != ChartKind::Scatter && !kind.is_round(),
        stacked: stacked && matches!(kind, ChartKind::Bar | ChartKind::Line | ChartKind::Area),
        data: data?,
        x_field,
        series,
        title,
        x_label,
        y_label,
        legend,
        format,
        width,
        height,
        palette,
        data_labels,
        grid,
        csv,
        style,
    })))
}

fn field_path(field: &str) -> FieldPath {
    field.split('.').map(str::to_owned).collect()
}

/// `chartType` (or `type`-like aliases), and whether the name itself says horizontal.
fn chart_kind(props: &mut PropReader<'_>) -> Option<(ChartKind, bool)> {
    let key = first_key(props, &["chartType", "kind", "variant"]).unwrap_or("chartType");
    let Some(name) = props.string(key) else {
        if props.raw(key).is_none() {
            props.problem(key, "chartType is required: bar, line, area, pie, doughnut or scatter");
        }
        return None;
    };
    let kind = match name.trim().to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "bar" | "column" | "verticalbar" => (ChartKind::Bar, false),
        "horizontalbar" | "barh" | "hbar" => (ChartKind::Bar, true),
        "line" => (ChartKind::Line, false),
        "area" => (ChartKind::Area, false),
        "pie" => (ChartKind::Pie, false),
        "doughnut" | "donut" => (ChartKind::Doughnut, false),
        "scatter" | "point" => (ChartKind::Scatter, false),
        _ => {
            props.problem(
                key,
                format!("unknown chartType {name:?}; expected bar, line, area, pie, doughnut or scatter"),
            );
            return None;
        }
    };
    Some(kind)
}

/// `series: [{field, label, color}]`, or a single `yField`/`valueField` when there is no series list.
fn series(props: &mut PropReader<'_>) -> Option<Vec<SeriesSpec>> {
    let Some(raw) = props.raw("series") else {
        let key = first_key(props, &["yField", "valueField", "dataKey", "yAxisKey"]);
        let Some(field) = key.and_then(|key| props.string(key)) else {
            props.problem("series", "series is required: [{\"field\": …, \"label\": …}] (or a yField)");
            return None;
        };
        return Some(vec![SeriesSpec { field: field_path(field), label: None, color: None }]);
    };
    let Value::Array(items) = raw else {
        props.problem("series", "series must be an array of {field, label, color}");
        return None;
    };
    let base = props.path_of("series");
    let mut out = Vec::with_capacity(items.len());
    let mut complete = true;
    for (i, item) in items.iter().enumerate() {
        let path = base.index(i);
        let Some(map) = item.as_object() else {
            props.report().push(path.as_str(), "a series must be an object with a field");
            complete = false;
            continue;
        };
        let mut reader = PropReader::new(map, path, props.report());
        let field = match first_key(&reader, &["field", "dataKey", "key", "yField", "valueField"]) {
            Some(key) => reader.string(key).filter(|f| !f.trim().is_empty()),
            None => None,
        };
        let Some(field) = field else {
            reader.problem("field", "a series needs a field: the data item property it plots");
            complete = false;
            continue;
        };
        let label = first_key(&reader, &["label", "name", "title"]).and_then(|key| reader.text(key));
        let color = reader.string("color").and_then(|text| match Color::parse(text) {
            Ok(color) => Some(color),
            Err(message) => {
                reader.problem("color", message);
                None
            }
        });
        out.push(SeriesSpec { field: field_path(field), label, color });
    }
    if out.is_empty() && complete {
        props.problem("series", "series must list at least one {field}");
    }
    complete.then_some(out)
}

/// `legend` (true/false or a position), `showLegend`, `legendPosition`.
fn legend(props: &mut PropReader<'_>) -> LegendPosition {
    let shown = props.bool("showLegend").unwrap_or(true);
    let position_key = if props.raw("legend").is_some_and(Value::is_string) { "legend" } else { "legendPosition" };
    let mut position = match props.string(position_key).map(str::to_ascii_lowercase).as_deref() {
        None | Some("bottom") => LegendPosition::Bottom,
        Some("top") => LegendPosition::Top,
        Some("right") => LegendPosition::Right,
        Some("left") => LegendPosition::Left,
        Some("none") | Some("hidden") | Some("false") => LegendPosition::Hidden,
        Some(other) => {
            props.problem(
                position_key,
                format!("unknown legend position {other:?}; expected top, bottom, left, right or none"),
            );
            LegendPosition::Bottom
        }
    };
    if props.raw("legend").is_some_and(|raw| !raw.is_string()) && props.bool("legend") == Some(false) {
        position = LegendPosition::Hidden;
    }
    if shown { position } else { LegendPosition::Hidden }
}

fn palette(props: &mut PropReader<'_>) -> Vec<Color> {
    let Some(raw) = props.raw("colors") else { return PALETTE.to_vec() };
    let Value::Array(items) = raw else {
        props.problem("colors", "colors must be an array of CSS colours");
        return PALETTE.to_vec();
    };
    let base = props.path_of("colors");
    let mut colors = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_str().map(Color::parse) {
            Some(Ok(color)) => colors.push(color),
            Some(Err(message)) => props.report().push(base.index(i).as_str(), message),
            None => props.report().push(base.index(i).as_str(), "a colour must be a string such as \"#2563eb\""),
        }
    }
    if colors.is_empty() { PALETTE.to_vec() } else { colors }
}
