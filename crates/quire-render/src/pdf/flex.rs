//! Containers: block flow with inherited text styles, and CSS flex rows laid out as Typst grids with
//! `auto` columns for children and `1fr` spacers for `justifyContent`.

use std::borrow::Cow;

use super::literal;
use super::markup::{block_markup, boxed, tracks_literal};
use crate::resolve::{Block, Document};
use crate::style::{FlexAlign, FlexDirection, Length, Style};

pub(crate) fn container_markup(style: &Style, children: &[Block], doc: &Document) -> String {
    let direction = style.flex_direction.unwrap_or(FlexDirection::Row);
    let inner = if style.flex && direction == FlexDirection::Row && !children.is_empty() {
        flex_row(style, children, doc)
    } else {
        let mut body = String::new();
        if style.flex && matches!(style.align_items, Some(FlexAlign::Center)) {
            body.push_str("set align(center)\n");
        } else if style.flex && matches!(style.align_items, Some(FlexAlign::End)) {
            body.push_str("set align(right)\n");
        }
        for (i, child) in children.iter().enumerate() {
            if let (Some(gap), true) = (style.gap, i > 0) {
                body.push_str(&format!("v({}, weak: true)\n", literal::length(gap)));
            }
            body.push_str(&block_markup(child, doc));
            body.push('\n');
        }
        body
    };
    boxed(style, &format!("{{\n{inner}}}"), true)
}

/// A flex row as a grid: `auto` columns for children, `1fr` spacers for `justifyContent`.
fn flex_row(style: &Style, children: &[Block], doc: &Document) -> String {
    let grows = children.iter().any(|child| child_style(child).and_then(|s| s.flex_grow).is_some());
    let justify = if grows { FlexAlign::Start } else { style.justify_content.unwrap_or(FlexAlign::Start) };
    let mut tracks: Vec<String> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let spacer = |tracks: &mut Vec<String>, cells: &mut Vec<String>| {
        tracks.push("1fr".into());
        cells.push("[]".into());
    };
    if matches!(justify, FlexAlign::Center | FlexAlign::End | FlexAlign::SpaceAround | FlexAlign::SpaceEvenly) {
        spacer(&mut tracks, &mut cells);
    }
    for (i, child) in children.iter().enumerate() {
        if i > 0 && matches!(justify, FlexAlign::SpaceBetween | FlexAlign::SpaceAround | FlexAlign::SpaceEvenly) {
            spacer(&mut tracks, &mut cells);
        }
        let child_style = child_style(child);
        let track = match (child_style.and_then(|s| s.flex_grow), child_style.and_then(|s| s.width)) {
            (Some(grow), _) if grow > 0.0 => format!("{}fr", literal::number(grow)),
            (_, Some(width)) if width != Length::Auto => literal::track(width),
            _ => "auto".into(),
        };
        tracks.push(track);
        cells.push(format!("{{\n{}}}", block_markup(&without_width(child), doc)));
    }
    if matches!(justify, FlexAlign::Center | FlexAlign::SpaceAround | FlexAlign::SpaceEvenly) {
        spacer(&mut tracks, &mut cells);
    }
    let align = match style.align_items {
        Some(FlexAlign::Center) => "horizon",
        Some(FlexAlign::End) => "bottom",
        _ => "top",
    };
    let gap = style.gap.map_or_else(|| "12pt".to_owned(), literal::length);
    format!("grid(columns: {}, column-gutter: {gap}, align: {align}, {})\n", tracks_literal(&tracks), cells.join(", "))
}

fn child_style(block: &Block) -> Option<&Style> {
    match block {
        Block::Container { style, .. } | Block::Columns { style, .. } | Block::Grid { style, .. } => Some(style),
        Block::Text(text) => Some(&text.style),
        _ => None,
    }
}

/// The child as placed in a sized grid column: its own width now belongs to the column.
fn without_width(block: &Block) -> Cow<'_, Block> {
    match block {
        Block::Container { style, children } if style.width.is_some() => Cow::Owned(Block::Container {
            style: Style { width: None, ..Style::clone(style) }.into(),
            children: children.clone(),
        }),
        other => Cow::Borrowed(other),
    }
}
