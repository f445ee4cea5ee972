//! Resolving tables: rows from `table-row` children (through loops and conditionals) or from a
//! `dataSource` with typed columns, plus footer rows.

use quire_expr::{Scope, Value, display_value, is_truthy};

use super::doc::{Block, Cell, CellValue, Row, Table, TextBlock};
use super::values::{cell_value, iterable, looks_like_iso_date};
use super::{Resolver, label};
use crate::compile::{ColumnType, DataColumn, ImageFit, Node, NodeKind, TableBody, TableSpec};
use crate::error::{RenderError, codes};
use crate::style::{Length, TextTransform, plain_style};

impl Resolver<'_> {
    /// Resolve a table component.
    pub(crate) fn table(
        &mut self,
        node: &Node,
        spec: &TableSpec,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<Table, RenderError> {
        let header_transform = spec.header_style.text_transform.unwrap_or(transform);
        let mut headers = Vec::with_capacity(spec.headers.len());
        for header in &spec.headers {
            headers.push(header_transform.apply(&self.render(node, header, scope)?));
        }
        let cell_transform = spec.cell_style.text_transform.unwrap_or(transform);
        let mut rows = Vec::new();
        match &spec.body {
            TableBody::Rows(children) => self.rows(children, scope, cell_transform, &mut rows)?,
            TableBody::Data { source, columns } => {
                let data = self.evaluate(node, source, scope)?;
                for item in iterable(node, &data)?.iter() {
                    self.charge_iteration(node, scope)?;
                    let with_item = scope.with("item", item);
                    let with_row = with_item.with("row", item);
                    let mut cells = Vec::with_capacity(columns.len());
                    for column in columns {
                        cells.push(self.data_cell(node, column, item, &with_row, cell_transform)?);
                    }
                    rows.push(Row { cells, style: plain_style() });
                }
            }
        }
        let mut footer = Vec::with_capacity(spec.footer_rows.len());
        for footer_row in &spec.footer_rows {
            let mut cells = Vec::with_capacity(footer_row.len());
            for cell in footer_row {
                let text = self.text(node, &cell.text, &cell.style, scope, cell_transform)?;
                cells.push(Cell {
                    blocks: vec![Block::Text(text)],
                    span: cell.span,
                    style: cell.style.clone(),
                    align: cell.style.text_align,
                });
            }
            footer.push(Row { cells, style: plain_style() });
        }
        Ok(Table {
            headers,
            header_style: spec.header_style.clone(),
            cell_style: spec.cell_style.clone(),
            widths: spec.column_widths.clone(),
            aligns: spec.aligns.clone(),
            stripe: spec.stripe,
            repeat_header: spec.repeat_header,
            rows,
            footer,
            csv: spec.csv,
            style: spec.style.clone(),
        })
    }

    /// Rows from `table-row`, `loop` and `conditional` children.
    fn rows(
        &mut self,
        nodes: &[Node],
        scope: &Scope<'_>,
        transform: TextTransform,
        out: &mut Vec<Row>,
    ) -> Result<(), RenderError> {
        for node in nodes {
            match &node.kind {
                NodeKind::TableRow { cells, spans, style } => {
                    let mut row = Vec::with_capacity(cells.len());
                    for (cell, span) in cells.iter().zip(spans) {
                        let blocks = self.blocks(std::slice::from_ref(cell), scope, transform)?;
                        let mut resolved = cell_of(blocks, cell);
                        resolved.span = *span;
                        row.push(resolved);
                    }
                    out.push(Row { cells: row, style: style.clone() });
                }
                NodeKind::Loop { items, item_variable, index_variable, children } => {
                    let list = self.evaluate(node, items, scope)?;
                    for (index, item) in iterable(node, &list)?.iter().enumerate() {
                        self.charge_iteration(node, scope)?;
                        let index_value = Value::from(index);
                        let with_item = scope.with(item_variable, item);
                        let with_index = with_item.with(index_variable, &index_value);
                        self.rows(children, &with_index, transform, out)?;
                    }
                }
                NodeKind::Conditional { condition, children, else_children } => {
                    let holds = is_truthy(&*self.evaluate(node, condition, scope)?);
                    self.rows(if holds { children } else { else_children }, scope, transform, out)?;
                }
                _ => {
                    // Any other component directly in a table becomes a row with one full-width cell.
                    let blocks = self.blocks(std::slice::from_ref(node), scope, transform)?;
                    let mut cell = cell_of(blocks, node);
                    cell.span = usize::MAX;
                    out.push(Row { cells: vec![cell], style: plain_style() });
                }
            }
        }
        Ok(())
    }

    /// One cell of a data-driven table.
    fn data_cell(
        &mut self,
        node: &Node,
        column: &DataColumn,
        item: &Value,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<Cell, RenderError> {
        let raw = match (&column.field, &column.value) {
            (Some(path), _) => path.iter().try_fold(item, |value, key| value.get(key)).cloned().unwrap_or(Value::Null),
            (None, Some(spec)) => spec
                .template
                .evaluate(scope)
                .map_err(|err| super::expression_failed(&label(node), Some(&node.path), spec, err, self.limits))?,
            (None, None) => Value::Null,
        };
        let number = raw.as_f64().or_else(|| raw.as_str().and_then(|s| s.trim().parse::<f64>().ok()));
        let value = match (column.kind, number) {
            (ColumnType::Number, Some(n)) => CellValue::Number(n),
            (ColumnType::Currency, Some(amount)) => {
                CellValue::Currency { amount, currency: column.format.clone().unwrap_or_else(|| "USD".into()) }
            }
            (ColumnType::Date, _) if raw.as_str().is_some_and(looks_like_iso_date) => {
                CellValue::Date(display_value(&raw))
            }
            (ColumnType::Image, _) => CellValue::Empty,
            _ => cell_value(&raw),
        };
        let text = match (&column.formatter, raw.is_null()) {
            (Some(formatter), false) => {
                let format_value = Value::String(column.format.clone().unwrap_or_else(|| "USD".into()));
                let with_value = scope.with("value", &raw);
                let with_format = with_value.with("format", &format_value);
                let formatted = formatter.evaluate(&with_format).map_err(|err| {
                    RenderError::at(
                        codes::GENERATION_FAILED,
                        &node.path,
                        format!("{}: formatting {raw} failed: {err}", label(node)),
                    )
                })?;
                display_value(&formatted)
            }
            _ => display_value(&raw),
        };
        let blocks = if column.kind == ColumnType::Image && !text.trim().is_empty() {
            let index = self.image(node, &text)?;
            vec![Block::Image {
                index,
                width: None,
                height: Some(Length::Pt(24.0)),
                fit: ImageFit::Contain,
                alt: None,
                style: plain_style(),
            }]
        } else {
            let value = match value {
                CellValue::Text(text) => CellValue::Text(transform.apply_owned(text)),
                other => other,
            };
            let text = transform.apply_owned(text);
            vec![Block::Text(TextBlock { text, style: plain_style(), page_numbers: false, value })]
        };
        Ok(Cell { blocks, span: 1, style: plain_style(), align: column.align })
    }
}

/// A cell from the blocks of one row child.
fn cell_of(blocks: Vec<Block>, node: &Node) -> Cell {
    let (style, span) = match &node.kind {
        NodeKind::Text { style, .. } | NodeKind::Container { style, .. } => (style.clone(), 1),
        _ => (plain_style(), 1),
    };
    let align = style.text_align;
    Cell { blocks, span, style, align }
}
