//! Typst markup for a resolved document: pages, header/footer, and one expression per block. Text only
//! ever enters as escaped string literals (see `literal::string`).

use super::literal::{self, string};
use super::text_style::{align_name, block_args, content, inherited_sets, pad_args, styled, text_args};
use super::world::image_path;
use crate::compile::{ImageFit, PairLayout};
use crate::resolve::{Block, Document, Metadata, Page, Run, TextBlock};
use crate::style::{Color, Length, Style, TextAlign};

/// Default body text size in points when the template sets none.
const DEFAULT_FONT_SIZE: f64 = 10.5;
/// Default text colour.
const DEFAULT_TEXT_COLOR: Color = Color::rgb(0x1A, 0x1A, 0x1A);

/// Heading sizes (em of the body size) and default weights, as browsers draw h1–h6.
const HEADING_SIZES: [f64; 6] = [2.0, 1.5, 1.17, 1.0, 0.83, 0.67];

/// The whole `main.typ` of a document.
pub(crate) fn document(doc: &Document) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "#set text(font: (\"Inter\",), size: {}, fill: {}, lang: \"en\", hyphenate: false)\n",
        literal::pt(DEFAULT_FONT_SIZE),
        literal::color(DEFAULT_TEXT_COLOR)
    ));
    out.push_str(&document_info(&doc.metadata));
    out.push_str(&super::attachments::markup(&doc.metadata, doc.images.len()));
    out.push_str("#set par(leading: 0.5em, spacing: 0.5em)\n#set block(spacing: 0.5em)\n");
    out.push_str(
        "#show heading: it => it.body\n#set table(stroke: none)\n#set list(tight: true)\n#set enum(tight: true)\n",
    );
    for page in &doc.pages {
        out.push_str(&page_markup(page, doc));
    }
    out
}

/// `#set document(…)` with the metadata the template gives (title, author, subject as the description, keywords);
/// nothing when it gives none.
fn document_info(metadata: &Metadata) -> String {
    let mut args = Vec::new();
    if let Some(title) = &metadata.title {
        args.push(format!("title: {}", literal::string(title)));
    }
    if let Some(author) = &metadata.author {
        args.push(format!("author: {}", literal::string(author)));
    }
    if let Some(subject) = &metadata.subject {
        args.push(format!("description: {}", literal::string(subject)));
    }
    if !metadata.keywords.is_empty() {
        let words: Vec<String> = metadata.keywords.iter().map(|k| literal::string(k)).collect();
        args.push(format!("keywords: ({},)", words.join(", ")));
    }
    let mut out = if args.is_empty() { String::new() } else { format!("#set document({})\n", args.join(", ")) };
    if let Some(language) = &metadata.language {
        let (lang, region) = language.split_once('-').map_or((language.as_str(), None), |(l, r)| (l, Some(r)));
        let region = region.map_or("none".to_owned(), literal::string);
        out.push_str(&format!("#set text(lang: {}, region: {region})\n", literal::string(lang)));
    }
    out
}

fn page_markup(page: &Page, doc: &Document) -> String {
    let setup = &page.setup;
    let mut defaults = Style { color: setup.color, font_family: setup.font_family.clone(), ..Style::default() };
    defaults.font_size = setup.font_size.map(Length::Pt);
    let sets = inherited_sets(&defaults);
    let section = |blocks: &[Block]| format!("{{\n{sets}{}}}", blocks_markup(blocks, doc));
    let margins = &setup.margins;
    let mut args = vec![
        format!("width: {}", literal::pt(setup.width)),
        format!("height: {}", literal::pt(setup.height)),
        format!(
            "margin: (top: {}, right: {}, bottom: {}, left: {})",
            literal::pt(margins.top),
            literal::pt(margins.right),
            literal::pt(margins.bottom),
            literal::pt(margins.left)
        ),
    ];
    if let Some(background) = setup.background {
        args.push(format!("fill: {}", literal::color(background)));
    }
    if !page.header.is_empty() {
        args.push(format!("header: {}", section(&page.header)));
    }
    if !page.footer.is_empty() {
        args.push(format!("footer: {}", section(&page.footer)));
    }
    if let Some(mark) = &page.watermark {
        let fill = Color { a: mark.spec.opacity, ..mark.spec.color };
        args.push(format!(
            "background: rotate({}deg, text(size: {}, weight: 700, fill: {}, {}))",
            literal::number(mark.spec.rotation),
            literal::pt(mark.spec.font_size),
            literal::color(fill),
            string(&mark.text)
        ));
    }
    format!("#page({}, {})\n", args.join(", "), section(&page.body))
}

/// Code lines for a list of blocks.
pub(crate) fn blocks_markup(blocks: &[Block], doc: &Document) -> String {
    let mut out = String::new();
    for block in blocks {
        out.push_str(&block_markup(block, doc));
        out.push('\n');
    }
    out
}

/// One block as a Typst code expression.
pub(crate) fn block_markup(block: &Block, doc: &Document) -> String {
    match block {
        Block::Text(text) => text_markup(text),
        Block::Heading { level, text } => heading_markup(*level, text),
        Block::RichText { runs, style } => boxed(style, &format!("{{ {} }}", runs_markup(runs)), true),
        Block::Image { index, width, height, fit, alt, style } => {
            let mut args = vec![string(&image_path(*index))];
            if let Some(image) = doc.images.get(*index) {
                args.push(format!("format: {}", string(image.format.typst_name())));
            }
            if let Some(width) = width {
                args.push(format!("width: {}", literal::length(*width)));
            }
            if let Some(height) = height {
                args.push(format!("height: {}", literal::length(*height)));
            }
            let fit = match fit {
                ImageFit::Contain => "contain",
                ImageFit::Cover => "cover",
                ImageFit::Fill => "stretch",
            };
            args.push(format!("fit: {}", string(fit)));
            if let Some(alt) = alt {
                args.push(format!("alt: {}", string(alt)));
            }
            let image = format!("image({})", args.join(", "));
            let plain = Style { width: None, height: None, ..Style::clone(style) };
            boxed(&plain, &image, false)
        }
        Block::Divider { color, thickness, margin } => {
            let above = margin.top.unwrap_or(Length::Pt(8.0));
            let below = margin.bottom.unwrap_or(Length::Pt(8.0));
            format!(
                "block(above: {}, below: {}, line(length: 100%, stroke: {} + {}))",
                literal::length(above),
                literal::length(below),
                literal::pt(*thickness),
                literal::color(*color)
            )
        }
        Block::Spacer { height } => format!("v({})", literal::length(*height)),
        Block::Container { style, children } => super::flex::container_markup(style, children, doc),
        Block::Columns { widths, gap, style, columns } => {
            let tracks: Vec<String> = (0..columns.len().max(widths.len()))
                .map(|i| widths.get(i).copied().map_or_else(|| "1fr".to_owned(), literal::track))
                .collect();
            let cells: Vec<String> =
                columns.iter().map(|column| format!("{{\n{}}}", blocks_markup(column, doc))).collect();
            let gap = literal::length(gap.unwrap_or(Length::Pt(16.0)));
            let grid =
                format!("grid(columns: {}, column-gutter: {gap}, {})", tracks_literal(&tracks), cells.join(", "));
            boxed(style, &grid, true)
        }
        Block::Grid { columns, gap, style, cells } => {
            let tracks: Vec<String> = columns.iter().map(|w| literal::track(*w)).collect();
            let cells: Vec<String> = cells.iter().map(|cell| format!("{{\n{}}}", blocks_markup(cell, doc))).collect();
            let gap = literal::length(gap.unwrap_or(Length::Pt(8.0)));
            let grid = format!("grid(columns: {}, gutter: {gap}, {})", tracks_literal(&tracks), cells.join(", "));
            boxed(style, &grid, true)
        }
        Block::PageBreak { .. } => "pagebreak(weak: true)".to_owned(),
        Block::Table(table) => super::table_markup::table(table, doc),
        Block::List { ordered, items, style } => {
            let items: Vec<String> = items.iter().map(|item| string(item)).collect();
            let function = if *ordered { "enum" } else { "list" };
            boxed(style, &format!("{function}({})", items.join(", ")), true)
        }
        Block::KeyValue { pairs, layout, style, key_style, value_style } => {
            key_value_markup(pairs, *layout, style, key_style, value_style)
        }
        Block::Chart(chart) => super::chart::chart_markup(chart),
        Block::Code(code) => super::codes_markup::code(code),
        Block::Svg(svg) => super::codes_markup::svg(svg),
        Block::Formula(formula) => text_markup(&formula.text),
        Block::Field(field) => super::field_markup::field(field),
    }
}

/// A Typst array of column tracks; never empty.
pub(crate) fn tracks_literal(tracks: &[String]) -> String {
    if tracks.is_empty() { "(1fr,)".to_owned() } else { format!("({},)", tracks.join(", ")) }
}

/// Wrap `inner` in a block carrying the style's box, margins and (if `inherit`) text sets. Typst
/// blocks are as wide as their content, so a CSS box that paints (background, border) is made full
/// width, and `textAlign` also places the block itself — equivalent to a full-width CSS box whose
/// content is aligned.
pub(crate) fn boxed(style: &Style, inner: &str, inherit: bool) -> String {
    let sets = if inherit { inherited_sets(style) } else { String::new() };
    let mut args = block_args(style);
    let paints = style.background.is_some() || !style.border.is_empty();
    if style.width.is_none() && (paints || style.text_align == Some(TextAlign::Justify)) {
        args = if args.is_empty() { "width: 100%".to_owned() } else { format!("width: 100%, {args}") };
    }
    let body = if sets.is_empty() { inner.to_owned() } else { format!("{{\n{sets}{inner}\n}}") };
    let mut block = if args.is_empty() { format!("block({body})") } else { format!("block({args}, {body})") };
    if let Some(pad) = pad_args(style) {
        block = format!("pad({pad}, {block})");
    }
    match style.text_align {
        Some(align) if align != TextAlign::Justify => format!("align({}, {block})", align_name(align)),
        _ => block,
    }
}

fn text_markup(text: &TextBlock) -> String {
    let mut inner = styled(&text.text, text.page_numbers, &text.style);
    if text.style.text_align == Some(TextAlign::Justify) {
        inner = format!("{{ set par(justify: true); {inner} }}");
    }
    if let Some(line_height) = text.style.line_height {
        inner = format!("{{ set par(leading: {}); {inner} }}", super::text_style::leading(line_height));
    }
    boxed(&text.style, &inner, false)
}

fn heading_markup(level: u8, text: &TextBlock) -> String {
    let mut style = Style::clone(&text.style);
    let index = usize::from(level.clamp(1, 6)) - 1;
    style.font_size = style.font_size.or(Some(Length::Em(HEADING_SIZES[index])));
    style.font_weight = style.font_weight.or(Some(700));
    // Browsers give headings margins; without them a heading sticks to the paragraph above.
    style.margin.top = style.margin.top.or(Some(Length::Em(0.7)));
    style.margin.bottom = style.margin.bottom.or(Some(Length::Em(0.1)));
    let inner = format!("heading(level: {level}, {})", styled(&text.text, text.page_numbers, &style));
    boxed(&style, &inner, false)
}

fn runs_markup(runs: &[Run]) -> String {
    let parts: Vec<String> = runs
        .iter()
        .map(|run| {
            let mut expr = styled(&run.text, false, &run.style);
            if run.superscript {
                expr = format!("super({expr})");
            } else if run.subscript {
                expr = format!("sub({expr})");
            }
            match run.link.as_deref().filter(|url| is_safe_link(url)) {
                Some(url) => format!("link({}, {expr})", string(url)),
                None => expr,
            }
        })
        .collect();
    parts.join("; ")
}

/// Only web and mail links become PDF links.
fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn key_value_markup(
    pairs: &[(String, TextBlock)],
    layout: PairLayout,
    style: &Style,
    key_style: &Style,
    value_style: &Style,
) -> String {
    let mut key_style = key_style.clone();
    key_style.font_weight = key_style.font_weight.or(Some(600));
    let key_args = text_args(&key_style);
    let value_args = text_args(value_style);
    let cell = |args: &str, expr: String| if args.is_empty() { expr } else { format!("text({args}, {expr})") };
    let keys: Vec<String> = pairs.iter().map(|(key, _)| cell(&key_args, string(key))).collect();
    let values: Vec<String> =
        pairs.iter().map(|(_, value)| cell(&value_args, content(&value.text, value.page_numbers))).collect();
    let grid = match layout {
        PairLayout::Rows => {
            let cells: Vec<String> = keys.into_iter().zip(values).flat_map(|(k, v)| [k, v]).collect();
            format!("grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 0.6em, {})", cells.join(", "))
        }
        PairLayout::Columns => {
            let count = keys.len().max(1);
            let cells: Vec<String> = keys.into_iter().chain(values).collect();
            format!("grid(columns: {count}, column-gutter: 16pt, row-gutter: 0.4em, {})", cells.join(", "))
        }
    };
    boxed(style, &grid, true)
}
