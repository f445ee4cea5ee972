//! The resolved document: every expression evaluated, loops and conditionals expanded, images loaded.
//! All three backends read this one tree.

use std::borrow::Cow;
use std::sync::Arc;

use super::chart::Chart;
use crate::assets::ImageData;
use crate::compile::{ImageFit, PageSetup, PairLayout, Watermark};
use crate::style::{Color, Length, SharedStyle, Sides, TextAlign};
use crate::symbols::{Paint, Symbol};

/// Character standing for the current page number inside resolved text.
pub(crate) const PAGE_NUMBER_MARK: char = '\u{F8F0}';
/// Character standing for the total page count inside resolved text.
pub(crate) const TOTAL_PAGES_MARK: char = '\u{F8F1}';

/// A typed value for spreadsheets and CSV.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// ISO 8601 date (`YYYY-MM-DD…`).
    Date(String),
    /// An amount with the currency symbol it was written with (or a code such as `EUR`).
    Currency {
        amount: f64,
        currency: String,
    },
}

/// A paragraph of plain text.
#[derive(Debug, Clone)]
pub(crate) struct TextBlock {
    pub text: String,
    pub style: SharedStyle,
    /// The text may contain page-number marks.
    pub page_numbers: bool,
    /// The typed value behind the text (for spreadsheets).
    pub value: CellValue,
}

/// A run of rich text.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub text: String,
    pub style: SharedStyle,
    pub superscript: bool,
    pub subscript: bool,
    pub link: Option<String>,
}

/// A table cell.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub blocks: Vec<Block>,
    pub span: usize,
    pub style: SharedStyle,
    pub align: Option<TextAlign>,
}

impl Cell {
    /// The typed value of the cell for spreadsheets: that of its first text (rich text joined).
    pub(crate) fn value(&self) -> Cow<'_, CellValue> {
        first_value(&self.blocks).unwrap_or(Cow::Owned(CellValue::Empty))
    }
}

fn first_value(blocks: &[Block]) -> Option<Cow<'_, CellValue>> {
    blocks.iter().find_map(|block| match block {
        Block::Text(text) | Block::Heading { text, .. } => Some(Cow::Borrowed(&text.value)),
        Block::RichText { runs, .. } => {
            Some(Cow::Owned(CellValue::Text(runs.iter().map(|run| run.text.as_str()).collect())))
        }
        Block::Container { children, .. } => first_value(children),
        Block::Formula(formula) => Some(Cow::Borrowed(&formula.text.value)),
        Block::Field(field) => Some(Cow::Borrowed(&field.cell)),
        _ => None,
    })
}

/// A QR code or barcode, encoded and sized.
#[derive(Debug, Clone)]
pub(crate) struct CodeBlock {
    pub symbol: Arc<Symbol>,
    /// Quiet zone in modules (1-D codes: left and right only).
    pub quiet_zone: u32,
    /// Module width in points.
    pub module: f64,
    /// Height of the drawing in points (1-D codes: the bars, without the text under them).
    pub height: f64,
    pub paint: Paint,
    /// Human-readable text under 1-D codes.
    pub text: Option<String>,
    pub alt: Option<String>,
    pub style: SharedStyle,
    /// Drawn into the page after layout, as `Document::codes[i]` (else an SVG image with its alt text).
    pub overlay: Option<usize>,
}

impl CodeBlock {
    /// Opaque colours only, which the after-layout drawing takes (a translucent one needs a graphics state).
    pub(crate) fn is_opaque(&self) -> bool {
        self.paint.dark.a >= 1.0 && self.paint.light.is_none_or(|light| light.is_transparent() || light.a >= 1.0)
    }

    /// Width of the drawing in points, quiet zone included.
    pub(crate) fn width(&self) -> f64 {
        f64::from(self.symbol.width + 2 * self.quiet_zone) * self.module
    }

    /// Height of the drawing in modules.
    pub(crate) fn height_modules(&self) -> f64 {
        self.height / self.module
    }
}

/// A `form-field`: an AcroForm field where the layout puts its box.
#[derive(Debug, Clone)]
pub(crate) struct FieldBlock {
    pub field_type: crate::compile::FieldType,
    /// Unique in the document.
    pub name: String,
    pub label: Option<String>,
    /// The initial value (`None`: empty).
    pub value: Option<String>,
    /// The value typed for spreadsheets and CSV.
    pub cell: CellValue,
    pub options: Vec<String>,
    pub required: bool,
    pub read_only: bool,
    pub max_length: Option<u32>,
    /// Size of the field's box (radio groups: all options).
    pub width: Length,
    pub height: Length,
    pub style: SharedStyle,
    /// The field's number in the document, which ties its laid-out box to it.
    pub index: usize,
}

/// An `svg` component: sanitised markup, expressions filled in and escaped, assets inlined.
#[derive(Debug, Clone)]
pub(crate) struct SvgBlock {
    pub markup: String,
    pub width: Option<Length>,
    pub height: Option<Length>,
    pub alt: Option<String>,
    pub style: SharedStyle,
}

/// A `formula` component: the Excel formula and the value shown elsewhere (`text.value` is the cached
/// result; `text.text` is it formatted with `format`).
#[derive(Debug, Clone)]
pub(crate) struct FormulaBlock {
    pub formula: String,
    pub text: TextBlock,
    pub format: Option<String>,
}

/// A table row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    pub style: SharedStyle,
}

/// A resolved table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub headers: Vec<String>,
    pub header_style: SharedStyle,
    pub cell_style: SharedStyle,
    pub widths: Vec<Length>,
    pub aligns: Vec<Option<TextAlign>>,
    pub stripe: Option<Color>,
    pub repeat_header: bool,
    pub rows: Vec<Row>,
    pub footer: Vec<Row>,
    pub csv: bool,
    pub style: SharedStyle,
}

impl Table {
    /// Number of columns: the widest of headers, widths and rows.
    pub(crate) fn column_count(&self) -> usize {
        let widest_row = self
            .rows
            .iter()
            .chain(&self.footer)
            .map(|row| row.cells.iter().map(|cell| cell.span).sum::<usize>())
            .max()
            .unwrap_or(0);
        self.headers.len().max(self.widths.len()).max(widest_row).max(1)
    }
}

/// A resolved block.
#[derive(Debug, Clone)]
// Most variants carry a `Style`; boxing the rare small ones would only add indirections.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Block {
    Text(TextBlock),
    Heading {
        level: u8,
        text: TextBlock,
    },
    RichText {
        runs: Vec<Run>,
        style: SharedStyle,
    },
    Image {
        index: usize,
        width: Option<Length>,
        height: Option<Length>,
        fit: ImageFit,
        alt: Option<String>,
        style: SharedStyle,
    },
    Divider {
        color: Color,
        thickness: f64,
        margin: Sides<Option<Length>>,
    },
    Spacer {
        height: Length,
    },
    Container {
        style: SharedStyle,
        children: Vec<Block>,
    },
    Columns {
        widths: Vec<Length>,
        gap: Option<Length>,
        style: SharedStyle,
        columns: Vec<Vec<Block>>,
    },
    Grid {
        columns: Vec<Length>,
        gap: Option<Length>,
        style: SharedStyle,
        cells: Vec<Vec<Block>>,
    },
    PageBreak {
        new_sheet: bool,
    },
    Table(Box<Table>),
    List {
        ordered: bool,
        items: Vec<String>,
        style: SharedStyle,
    },
    KeyValue {
        pairs: Vec<(String, TextBlock)>,
        layout: PairLayout,
        style: SharedStyle,
        key_style: SharedStyle,
        value_style: SharedStyle,
    },
    Chart(Box<Chart>),
    Code(Box<CodeBlock>),
    Svg(Box<SvgBlock>),
    Formula(Box<FormulaBlock>),
    Field(Box<FieldBlock>),
}

/// A resolved watermark.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedWatermark {
    pub text: String,
    pub spec: Watermark,
}

/// One page definition (PDF: one or more printed pages; Excel: one sheet).
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub name: Option<String>,
    pub setup: PageSetup,
    pub watermark: Option<ResolvedWatermark>,
    pub header: Vec<Block>,
    pub body: Vec<Block>,
    pub footer: Vec<Block>,
}

/// What the document says about itself (`schema.pdf`), evaluated.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
    pub standards: Vec<crate::compile::PdfStandard>,
    /// BCP 47 language (`de`, `de-DE`).
    pub language: Option<String>,
    pub attachments: Vec<Attachment>,
    /// PDF files put before and after the rendered pages.
    pub prepend: Vec<MergedFile>,
    pub append: Vec<MergedFile>,
    /// Encryption restricted to these rights.
    pub permissions: Option<crate::compile::PermissionSet>,
    pub sign: Option<crate::compile::SignSpec>,
}

/// A PDF asset merged around the document, and the path that named it (`schema.pdf.append[0]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MergedFile {
    pub bytes: Vec<u8>,
    pub path: String,
}

/// A file attached to the PDF, with its bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attachment {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub mime_type: String,
    pub description: Option<String>,
    pub relationship: Option<crate::compile::Relationship>,
}

/// The resolved document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub pages: Vec<Page>,
    pub images: Vec<ImageData>,
    pub metadata: Metadata,
    /// The form fields, by their `index`.
    pub fields: Vec<FieldBlock>,
    /// The codes drawn after layout, by their `overlay` index.
    pub codes: Vec<CodeBlock>,
    /// The e-invoice's XML, when the template makes one and the format carries it (PDF, XML).
    pub e_invoice: Option<quire_einvoice::EInvoiceXml>,
}

impl Document {
    /// The first table marked `csv: true`, else the first table, searched in document order.
    pub(crate) fn csv_table(&self) -> Option<&Table> {
        let mut tables = Vec::new();
        for page in &self.pages {
            collect_tables(&page.body, &mut tables);
        }
        tables.iter().find(|table| table.csv).or_else(|| tables.first()).copied()
    }
}

fn collect_tables<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
    for block in blocks {
        match block {
            Block::Table(table) => out.push(table),
            Block::Chart(chart) => out.extend(chart.csv_table.as_ref()),
            Block::Container { children, .. } => collect_tables(children, out),
            Block::Columns { columns: parts, .. } | Block::Grid { cells: parts, .. } => {
                for part in parts {
                    collect_tables(part, out);
                }
            }
            _ => {}
        }
    }
}

/// Replace page-number marks for outputs without pages (spreadsheets, CSV).
pub(crate) fn strip_page_marks(text: &str) -> String {
    text.replace([PAGE_NUMBER_MARK, TOTAL_PAGES_MARK], "1")
}
