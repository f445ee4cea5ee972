//! Compiling the `table` component: headers, styles, widths, rows from children or from `dataSource`.

use quire_expr::Expression;
use serde_json::Value;

use super::components::{Place, compile_list, widths_prop};
use super::node::{ColumnType, DataColumn, FooterCell, TableBody, TableSpec, TextSpec};
use super::props::{PropReader, text_spec};
use crate::model::Component;
use crate::report::{JsonPath, ValidationReport};
use crate::style::{Color, Style, TextAlign};

/// Stripe colour when `stripedRows` is `true`.
const DEFAULT_STRIPE: Color = Color::rgb(0xF7, 0xF8, 0xFA);

/// Compile a table component; `None` when a required part is broken (problems are in the report).
pub(crate) fn compile_table(
    component: &Component,
    props: &mut PropReader<'_>,
    path: &JsonPath,
    depth: usize,
) -> Option<TableSpec> {
    let mut aligns = Vec::new();
    let mut headers = header_texts(props, &mut aligns);
    let body = match props.raw("dataSource") {
        Some(_) => {
            let source = props.value_expr("dataSource")?;
            let columns = data_columns(props)?;
            if headers.is_empty() {
                headers = columns.iter().map(|column| column.header.clone()).collect();
            }
            aligns = columns.iter().map(|column| column.align).collect();
            TableBody::Data { source, columns }
        }
        None => TableBody::Rows(compile_list(
            &component.children,
            &path.field("children"),
            Place::TableBody,
            depth + 1,
            props.report(),
        )),
    };
    let stripe = match props.raw("stripedRows") {
        Some(Value::String(color)) => match Color::parse(color) {
            Ok(color) => Some(color),
            Err(message) => {
                props.problem("stripedRows", message);
                None
            }
        },
        Some(_) => props.bool("stripedRows").unwrap_or(false).then_some(DEFAULT_STRIPE),
        None => None,
    };
    let stripe = match props.string("stripeColor").map(Color::parse) {
        Some(Ok(color)) if stripe.is_some() => Some(color),
        Some(Err(message)) => {
            props.problem("stripeColor", message);
            stripe
        }
        _ => stripe,
    };
    Some(TableSpec {
        headers,
        header_style: props.style("headerStyle"),
        cell_style: props.style("cellStyle"),
        column_widths: widths_prop(props, "columnWidths").unwrap_or_default(),
        aligns,
        stripe,
        repeat_header: props.bool("repeatHeader").unwrap_or(true),
        body,
        footer_rows: footer_rows(props),
        csv: props.bool("csv").unwrap_or(false),
        style: props.style("style"),
    })
}

/// `headers`: strings, or objects `{text|label|header, align}`.
fn header_texts(props: &mut PropReader<'_>, aligns: &mut Vec<Option<TextAlign>>) -> Vec<TextSpec> {
    let Some(raw) = props.raw("headers") else { return Vec::new() };
    let Value::Array(items) = raw else {
        props.problem("headers", "headers must be an array of texts");
        return Vec::new();
    };
    let base = props.path_of("headers");
    let mut headers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = base.index(i);
        let (text, align) = match item {
            Value::Object(map) => {
                let text = map.get("text").or_else(|| map.get("label")).or_else(|| map.get("header"));
                (text.cloned().unwrap_or(Value::Null), align_of(map.get("align"), &path.field("align"), props.report()))
            }
            other => (other.clone(), None),
        };
        if let Some(spec) = text_spec(&text, &path, props.report()) {
            headers.push(spec);
            aligns.push(align);
        }
    }
    headers
}

fn align_of(value: Option<&Value>, path: &JsonPath, report: &mut ValidationReport) -> Option<TextAlign> {
    match value?.as_str()? {
        "left" | "start" => Some(TextAlign::Left),
        "center" => Some(TextAlign::Center),
        "right" | "end" => Some(TextAlign::Right),
        other => {
            report.push(path.as_str(), format!("unknown align {other:?}; expected left, center or right"));
            None
        }
    }
}

/// `columns: [{header, field|value, type, format, align, width}]` of a data-driven table.
fn data_columns(props: &mut PropReader<'_>) -> Option<Vec<DataColumn>> {
    let Some(Value::Array(items)) = props.raw("columns") else {
        props.problem("columns", "a table with dataSource needs columns: [{header, field, …}]");
        return None;
    };
    let base = props.path_of("columns");
    let mut columns = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = base.index(i);
        let Some(map) = item.as_object() else {
            props.report().push(path.as_str(), "a column must be an object with header and field");
            continue;
        };
        let mut reader = PropReader::new(map, path.clone(), props.report());
        let header = reader.text("header").or_else(|| reader.text("label"));
        let field = reader.string("field").map(|f| f.split('.').map(str::to_owned).collect::<Vec<_>>());
        let value = reader.text("value");
        if field.is_none() && value.is_none() {
            reader.problem("field", "a column needs a field or a value");
        }
        let kind = match reader.string("type").unwrap_or("text") {
            "text" | "string" => ColumnType::Text,
            "number" | "integer" => ColumnType::Number,
            "currency" | "money" => ColumnType::Currency,
            "date" | "datetime" => ColumnType::Date,
            "image" => ColumnType::Image,
            other => {
                reader.problem(
                    "type",
                    format!("unknown column type {other:?}; expected text, number, currency, date or image"),
                );
                ColumnType::Text
            }
        };
        let format = reader.raw("format").map(|f| f.as_str().map(str::to_owned).unwrap_or_else(|| f.to_string()));
        let align = align_of(map.get("align"), &path.field("align"), props.report());
        let header = header.or_else(|| {
            let name = field.as_ref().and_then(|f| f.last()).cloned().unwrap_or_default();
            text_spec(&Value::String(name), &path.field("header"), props.report())
        });
        let Some(header) = header else { continue };
        columns.push(DataColumn {
            header,
            formatter: formatter_for(kind, format.as_deref()),
            field,
            value,
            kind,
            format,
            align,
        });
    }
    Some(columns)
}

/// The helper call that formats one value of a typed column (`value` and `format` are bound).
fn formatter_for(kind: ColumnType, format: Option<&str>) -> Option<Expression> {
    let source = match (kind, format) {
        (ColumnType::Currency, _) => "formatCurrency(value, format)",
        (ColumnType::Number, Some(_)) => "formatNumber(value, format)",
        (ColumnType::Date, Some(_)) => "formatDate(value, format)",
        _ => return None,
    };
    Expression::parse(source).ok()
}

/// `footerRows`: rows of cells; a row is an array or `{cells}`; a cell is text or `{text|value, colSpan, style}`.
fn footer_rows(props: &mut PropReader<'_>) -> Vec<Vec<FooterCell>> {
    let Some(raw) = props.raw("footerRows") else { return Vec::new() };
    let Value::Array(rows) = raw else {
        props.problem("footerRows", "footerRows must be an array of rows");
        return Vec::new();
    };
    let base = props.path_of("footerRows");
    let mut compiled = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let row_path = base.index(r);
        let cells = match row {
            Value::Array(cells) => cells,
            Value::Object(map) => match map.get("cells") {
                Some(Value::Array(cells)) => cells,
                _ => {
                    props.report().push(row_path.as_str(), "a footer row needs cells");
                    continue;
                }
            },
            _ => {
                props.report().push(row_path.as_str(), "a footer row must be an array of cells");
                continue;
            }
        };
        let mut out = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            let path = row_path.index(c);
            let (text, span, style) = match cell {
                Value::Object(map) => {
                    let text = map.get("text").or_else(|| map.get("value")).or_else(|| map.get("content"));
                    let span = map.get("colSpan").or_else(|| map.get("span")).and_then(Value::as_u64).unwrap_or(1);
                    let style = map.get("style").map(|s| Style::parse(s, &path.field("style"), props.report()));
                    (text.cloned().unwrap_or(Value::Null), span, style.unwrap_or_default())
                }
                other => (other.clone(), 1, Style::default()),
            };
            if let Some(text) = text_spec(&text, &path, props.report()) {
                out.push(FooterCell { text, span: span.clamp(1, 64) as usize, style: style.into() });
            }
        }
        compiled.push(out);
    }
    compiled
}
