//! Sheet set-up for Excel: safe unique sheet names, print headers/footers with page fields, and how
//! many columns a block spans when placed side by side.

use crate::compile::PairLayout;
use crate::resolve::{Block, PAGE_NUMBER_MARK, TOTAL_PAGES_MARK};
use crate::style::FlexDirection;

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique.
pub(crate) fn unique_sheet_name(base: &str, taken: &[String]) -> String {
    let clean: String = base.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    let clean = if clean.trim().is_empty() { "Sheet".to_owned() } else { clean.trim_matches('\'').to_owned() };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        candidate = format!("{}{suffix}", clean.chars().take(31 - suffix.len()).collect::<String>());
        n += 1;
    }
    candidate
}

/// A print header/footer (`&C…`, `&P` page, `&N` pages) from the texts of header/footer blocks.
pub(crate) fn print_text(blocks: &[Block]) -> Option<String> {
    let mut texts = Vec::new();
    collect_texts(blocks, &mut texts);
    let joined = texts.join("  ");
    if joined.trim().is_empty() {
        return None;
    }
    let escaped = joined.replace('&', "&&").replace(PAGE_NUMBER_MARK, "&P").replace(TOTAL_PAGES_MARK, "&N");
    Some(format!("&C{}", escaped.chars().take(200).collect::<String>()))
}

fn collect_texts(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Text(text) | Block::Heading { text, .. } => out.push(text.text.replace('\n', " ")),
            Block::Container { children, .. } => collect_texts(children, out),
            Block::Columns { columns: parts, .. } | Block::Grid { cells: parts, .. } => {
                parts.iter().for_each(|p| collect_texts(p, out))
            }
            _ => {}
        }
    }
}

/// Columns a block occupies when placed side by side.
pub(crate) fn width(block: &Block) -> u16 {
    let columns = match block {
        Block::Table(table) => table.column_count(),
        // The data columns, a gap, and about eight columns of chart.
        Block::Chart(chart) => chart.series.len() + 10,
        Block::KeyValue { layout: PairLayout::Rows, .. } => 2,
        // A labelled form field is its label and its value.
        Block::Field(field) if field.label.is_some() => 2,
        Block::KeyValue { pairs, .. } => pairs.len().max(1),
        Block::Container { style, children } if style.flex && style.flex_direction != Some(FlexDirection::Column) => {
            children.iter().map(|c| usize::from(width(c))).sum::<usize>().max(1)
        }
        Block::Container { children, .. } => children.iter().map(|c| usize::from(width(c))).max().unwrap_or(1),
        Block::Columns { columns: parts, .. } => {
            parts.iter().map(|part| part.iter().map(|c| usize::from(width(c))).max().unwrap_or(1)).sum::<usize>().max(1)
        }
        // As many cells across as the grid has columns, each grid column as wide as its widest cell.
        Block::Grid { columns, cells, .. } => {
            grid_column_widths(cells, columns.len()).iter().map(|w| usize::from(*w)).sum::<usize>()
        }
        _ => 1,
    };
    u16::try_from(columns).unwrap_or(u16::MAX)
}

/// The widths in Excel columns of a grid's `per_row` columns (at least one): each its widest cell's.
pub(crate) fn grid_column_widths(cells: &[Vec<Block>], per_row: usize) -> Vec<u16> {
    let per_row = per_row.max(1);
    let mut widths = vec![1u16; per_row];
    for (i, cell) in cells.iter().enumerate() {
        let cell_width = cell.iter().map(width).max().unwrap_or(1);
        widths[i % per_row] = widths[i % per_row].max(cell_width);
    }
    widths
}
