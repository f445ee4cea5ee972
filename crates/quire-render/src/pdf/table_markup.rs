//! Typst markup for tables: `table(..)` with a repeating `table.header`, column tracks, cell styles,
//! stripes and footer rows.

use super::literal;
use super::markup::{blocks_markup, tracks_literal};
use super::text_style::{align_name, block_args, pad_args, styled, text_args};
use crate::resolve::{Block, Cell, Document, Row, Table};
use crate::style::{BorderLine, Color, Sides, Style, TextAlign};

/// Cell padding when the template sets none: 5pt vertical, 6pt horizontal.
const DEFAULT_INSET: &str = "(x: 6pt, y: 5pt)";
/// Header background when no header style is given.
const DEFAULT_HEADER_FILL: Color = Color::rgb(0xF3, 0xF4, 0xF6);
/// Rule under each row when no cell style is given.
const DEFAULT_ROW_RULE: BorderLine = BorderLine { width: 0.5, color: Color::rgb(0xE5, 0xE7, 0xEB), dash: None };
/// Rule under the header when no header style is given.
const DEFAULT_HEADER_RULE: BorderLine = BorderLine { width: 0.75, color: Color::rgb(0xC8, 0xCC, 0xD2), dash: None };

/// A table block.
pub(crate) fn table(table: &Table, doc: &Document) -> String {
    let columns = table.column_count();
    let tracks: Vec<String> =
        (0..columns).map(|i| table.widths.get(i).copied().map_or_else(|| "1fr".to_owned(), literal::track)).collect();
    let header_rows = usize::from(!table.headers.is_empty());
    let cell_inset = inset(&table.cell_style).unwrap_or_else(|| DEFAULT_INSET.to_owned());
    let defaults_apply = *table.cell_style == Style::default();
    let row_rule = if !table.cell_style.border.is_empty() {
        literal::sides_stroke(&table.cell_style.border.sides)
    } else if defaults_apply {
        literal::sides_stroke(&Sides { bottom: Some(DEFAULT_ROW_RULE), ..Sides::default() })
    } else {
        "none".to_owned()
    };
    let header_rule = if !table.header_style.border.is_empty() {
        literal::sides_stroke(&table.header_style.border.sides)
    } else if *table.header_style == Style::default() {
        literal::sides_stroke(&Sides { bottom: Some(DEFAULT_HEADER_RULE), ..Sides::default() })
    } else {
        row_rule.clone()
    };
    let body_fill = table.cell_style.background.map_or_else(|| "none".to_owned(), literal::color);
    let fill = match table.stripe {
        Some(stripe) => format!(
            "(x, y) => if y >= {header_rows} and calc.odd(y - {header_rows}) {{ {} }} else {{ {body_fill} }}",
            literal::color(stripe)
        ),
        None => body_fill,
    };
    let column_aligns = column_aligns(table, columns);
    let aligns: Vec<String> = column_aligns
        .iter()
        .map(|align| format!("{} + horizon", align_name(align.unwrap_or(TextAlign::Left))))
        .collect();
    let mut args = vec![
        format!("columns: {}", tracks_literal(&tracks)),
        format!("inset: {cell_inset}"),
        // A static stroke for the body (a closure would run for every cell); header cells set their own.
        format!("stroke: {row_rule}"),
        format!("fill: {fill}"),
        format!("align: ({},)", aligns.join(", ")),
    ];
    if header_rows > 0 {
        args.push(header(table, &column_aligns, &header_rule));
    }
    let mut body = String::with_capacity(table.rows.len() * 48);
    for row in table.rows.iter().chain(&table.footer) {
        row_markup(row, columns, doc, &mut body);
    }
    let sets = match text_args(&table.cell_style) {
        args if args.is_empty() => String::new(),
        args => format!("set text({args})\n"),
    };
    let inner = format!("{{\n{sets}table({},\n{body})\n}}", args.join(", "));
    let outer = Style { padding: Sides::default(), ..Style::clone(&table.style) };
    let block_args = block_args(&outer);
    let block = if block_args.is_empty() { format!("block({inner})") } else { format!("block({block_args}, {inner})") };
    match pad_args(&outer) {
        Some(pad) => format!("pad({pad}, {block})"),
        None => block,
    }
}

fn inset(style: &Style) -> Option<String> {
    literal::sides_lengths(&style.padding)
}

/// Each column's alignment: the table's own, else that of the first row's cell in the column, so a
/// header sits over right-aligned amounts the same way they do.
fn column_aligns(table: &Table, columns: usize) -> Vec<Option<TextAlign>> {
    let first_row = table.rows.first();
    (0..columns)
        .map(|i| {
            let explicit = table.aligns.get(i).copied().flatten();
            explicit.or_else(|| {
                first_row.and_then(|row| row.cells.get(i)).filter(|cell| cell.span == 1).and_then(|cell| cell.align)
            })
        })
        .collect()
}

fn header(table: &Table, column_aligns: &[Option<TextAlign>], rule: &str) -> String {
    let mut style = Style::clone(&table.header_style);
    style.font_weight = style.font_weight.or(Some(700));
    let fill = match (table.header_style.background, *table.header_style == Style::default()) {
        (Some(color), _) => Some(color),
        (None, true) => Some(DEFAULT_HEADER_FILL),
        (None, false) => None,
    };
    let mut cell_args = vec![format!("stroke: {rule}")];
    if let Some(fill) = fill {
        cell_args.push(format!("fill: {}", literal::color(fill)));
    }
    if let Some(inset) = inset(&table.header_style) {
        cell_args.push(format!("inset: {inset}"));
    }
    let text_style = Style { background: None, padding: Sides::default(), ..Style::clone(&style) };
    let cells: Vec<String> = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut args = cell_args.clone();
            if let Some(align) = text_style.text_align.or(column_aligns.get(i).copied().flatten()) {
                args.push(format!("align: {} + horizon", align_name(align)));
            }
            args.push(styled(text, false, &Style { text_align: None, ..text_style.clone() }));
            format!("table.cell({})", args.join(", "))
        })
        .collect();
    format!("table.header(repeat: {}, {})", table.repeat_header, cells.join(", "))
}

fn row_markup(row: &Row, columns: usize, doc: &Document, out: &mut String) {
    let mut used = 0;
    for cell in &row.cells {
        if used >= columns {
            break;
        }
        let span = cell.span.min(columns - used).max(1);
        used += span;
        out.push_str(&cell_markup(cell, span, row.style.background, doc));
        out.push_str(",\n");
    }
    if used < columns && used > 0 {
        // Short rows are padded so the next row starts in the first column.
        for _ in used..columns {
            out.push_str("[],\n");
        }
    }
}

fn cell_markup(cell: &Cell, span: usize, row_fill: Option<Color>, doc: &Document) -> String {
    let body = match cell.blocks.as_slice() {
        [Block::Text(text)] if !super::text_style::has_box(&text.style) && text.style.margin == Sides::default() => {
            styled(&text.text, text.page_numbers, &Style { text_align: None, ..Style::clone(&text.style) })
        }
        [] => "[]".to_owned(),
        blocks => format!("{{\n{}}}", blocks_markup(blocks, doc)),
    };
    let mut args = Vec::new();
    if span > 1 {
        args.push(format!("colspan: {span}"));
    }
    if let Some(align) = cell.align {
        args.push(format!("align: {} + horizon", align_name(align)));
    }
    if let Some(fill) = cell.style.background.or(row_fill) {
        args.push(format!("fill: {}", literal::color(fill)));
    }
    if let Some(inset) = inset(&cell.style) {
        args.push(format!("inset: {inset}"));
    }
    if args.is_empty() { body } else { format!("table.cell({}, {body})", args.join(", ")) }
}
