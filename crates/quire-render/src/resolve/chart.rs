//! Resolving a chart: its data evaluated and read field by field into categories and numeric series,
//! with a clear error naming the component, row and field for data that is not an array or not a number.

use quire_expr::{Scope, Value, display_value};

use super::doc::{Block, Cell, CellValue, Row, Table, TextBlock};
use super::values::cell_value;
use super::{Resolver, label};
use crate::compile::{ChartKind, ChartSpec, LegendPosition, Node, ValueFormat};
use crate::error::{RenderError, codes};
use crate::style::{Color, Length, SharedStyle, plain_style};
use crate::variables::describe;

/// Height of a chart whose template sets none, in points.
const DEFAULT_HEIGHT: f64 = 260.0;

/// One resolved series.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub label: String,
    pub color: Color,
    /// One value per data row; `None` where the row has no value.
    pub values: Vec<Option<f64>>,
}

/// A resolved chart: everything the backends draw or write.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub kind: ChartKind,
    pub horizontal: bool,
    pub stacked: bool,
    pub title: Option<String>,
    /// Header of the category (x) column in sheets.
    pub x_header: String,
    /// Text of each row's x value (category labels, pie slice names).
    pub categories: Vec<String>,
    /// Typed x value of each row, for sheets.
    pub x_cells: Vec<CellValue>,
    /// Numeric x of each row (scatter charts).
    pub x_values: Vec<Option<f64>>,
    pub series: Vec<Series>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub legend: LegendPosition,
    pub format: ValueFormat,
    /// Width in points the PDF lays the chart out at (the chart shrinks to fit a narrower container).
    pub width: f64,
    pub height: f64,
    pub palette: Vec<Color>,
    pub data_labels: bool,
    pub grid: bool,
    /// The data rows as a table, when the chart is the one marked `csv: true`.
    pub csv_table: Option<Table>,
    pub style: SharedStyle,
}

impl Resolver<'_> {
    /// Resolve a chart component.
    pub(crate) fn chart(&mut self, node: &Node, spec: &ChartSpec, scope: &Scope<'_>) -> Result<Chart, RenderError> {
        let data = self.evaluate(node, &spec.data, scope)?;
        let rows: &[Value] = match &*data {
            Value::Array(items) => items,
            Value::Null => &[],
            other => {
                return Err(data_error(
                    node,
                    "data",
                    format!("{}: chart data must be an array of objects, got {}", label(node), describe(other)),
                ));
            }
        };
        let mut categories = Vec::with_capacity(rows.len());
        let mut x_cells = Vec::with_capacity(rows.len());
        let mut x_values = Vec::with_capacity(rows.len());
        let mut columns: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows.len()); spec.series.len()];
        for (index, row) in rows.iter().enumerate() {
            self.charge_iteration(node, scope)?;
            if !row.is_object() {
                let message = format!("{}: data[{index}] must be an object, got {}", label(node), describe(row));
                return Err(data_error(node, "data", message));
            }
            let x_raw = match &spec.x_field {
                Some(field) => lookup(row, field).cloned().unwrap_or(Value::Null),
                None => Value::from(index + 1),
            };
            categories.push(display_value(&x_raw));
            x_cells.push(cell_value(&x_raw));
            x_values.push(if spec.kind == ChartKind::Scatter {
                number_at(node, "xField", &x_raw, index, spec.x_field.as_deref().unwrap_or_default())?
            } else {
                None
            });
            for (series, column) in spec.series.iter().zip(&mut columns) {
                let value = lookup(row, &series.field).unwrap_or(&Value::Null);
                column.push(number_at(node, "series", value, index, &series.field)?);
            }
        }
        let mut series = Vec::with_capacity(spec.series.len());
        for (i, (series_spec, values)) in spec.series.iter().zip(columns).enumerate() {
            let label = match &series_spec.label {
                Some(text) => self.render(node, text, scope)?,
                None => series_spec.field.join("."),
            };
            let color = series_spec.color.unwrap_or(spec.palette[i % spec.palette.len()]);
            series.push(Series { label, color, values });
        }
        let optional = |text: &Option<crate::compile::TextSpec>| -> Result<Option<String>, RenderError> {
            match text {
                Some(text) => Ok(Some(self.render(node, text, scope)?).filter(|t| !t.trim().is_empty())),
                None => Ok(None),
            }
        };
        let title = optional(&spec.title)?;
        let x_label = optional(&spec.x_label)?;
        let y_label = optional(&spec.y_label)?;
        let x_header = x_label
            .clone()
            .or_else(|| spec.x_field.as_ref().map(|field| field.join(".")))
            .unwrap_or_else(|| "#".to_owned());
        let width = match spec.width {
            Some(Length::Pt(pt)) if pt > 0.0 => pt,
            Some(Length::Percent(percent)) => self.content_width * percent.clamp(1.0, 100.0) / 100.0,
            _ => self.content_width,
        }
        .clamp(120.0, 2000.0);
        let height = match spec.height {
            Some(Length::Pt(pt)) if pt > 0.0 => pt,
            Some(Length::Percent(percent)) => width * percent.clamp(1.0, 200.0) / 100.0,
            _ => DEFAULT_HEIGHT.min(width * 0.75),
        }
        .clamp(80.0, 2000.0);
        let mut chart = Chart {
            kind: spec.kind,
            horizontal: spec.horizontal,
            stacked: spec.stacked,
            title,
            x_header,
            categories,
            x_cells,
            x_values,
            series,
            x_label,
            y_label,
            legend: spec.legend,
            format: spec.format.clone(),
            width,
            height,
            palette: spec.palette.clone(),
            data_labels: spec.data_labels,
            grid: spec.grid,
            csv_table: None,
            style: spec.style.clone(),
        };
        if spec.csv {
            chart.csv_table = Some(data_table(&chart));
        }
        Ok(chart)
    }
}

/// `item.a.b`, if present.
fn lookup<'v>(item: &'v Value, field: &[String]) -> Option<&'v Value> {
    field.iter().try_fold(item, |value, key| value.get(key)).filter(|value| !value.is_null())
}

/// A data value as a number: numbers, numeric strings; nothing for null. Anything else is an error
/// naming the row and field, at the prop (`series`, `xField`) that asked for it.
fn number_at(
    node: &Node,
    prop: &str,
    value: &Value,
    index: usize,
    field: &[String],
) -> Result<Option<f64>, RenderError> {
    let number = match value {
        Value::Null => return Ok(None),
        Value::Number(number) => number.as_f64(),
        Value::String(text) if text.trim().is_empty() => return Ok(None),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    number.filter(|n| n.is_finite()).map(Some).ok_or_else(|| {
        let field = field.join(".");
        data_error(
            node,
            prop,
            format!(
                "{}: data[{index}].{field} must be a number, got {} {:?}",
                label(node),
                describe(value),
                display_value(value).chars().take(40).collect::<String>()
            ),
        )
    })
}

/// Bad chart data is a validation error of the input, at the prop that reads it.
fn data_error(node: &Node, prop: &str, message: String) -> RenderError {
    RenderError::at(codes::VALIDATION, format!("{}.props.{prop}", node.path), message)
}

/// The chart's data as a table (x column, then one column per series) for CSV.
fn data_table(chart: &Chart) -> Table {
    let cell = |value: CellValue| Cell {
        blocks: vec![Block::Text(TextBlock { text: String::new(), style: plain_style(), page_numbers: false, value })],
        span: 1,
        style: plain_style(),
        align: None,
    };
    let rows = (0..chart.categories.len())
        .map(|i| {
            let mut cells = vec![cell(chart.x_cells[i].clone())];
            for series in &chart.series {
                cells.push(cell(series.values[i].map_or(CellValue::Empty, CellValue::Number)));
            }
            Row { cells, style: plain_style() }
        })
        .collect();
    let mut headers = vec![chart.x_header.clone()];
    headers.extend(chart.series.iter().map(|s| s.label.clone()));
    Table {
        headers,
        header_style: plain_style(),
        cell_style: plain_style(),
        widths: Vec::new(),
        aligns: Vec::new(),
        stripe: None,
        repeat_header: true,
        rows,
        footer: Vec::new(),
        csv: true,
        style: plain_style(),
    }
}
