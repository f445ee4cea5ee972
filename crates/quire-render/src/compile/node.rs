//! The compiled template: components with typed props and parsed expressions, ready to resolve.

use std::borrow::Cow;

use quire_expr::{EvalOptions, ExprError, Expression, Scope, Template, Value};

use super::chart::ChartSpec;
use crate::style::{Color, Length, SharedStyle, Sides, TextAlign};

/// A value-producing prop: a literal JSON value, a `{{…}}` template, or a bare expression
/// (`items`, `total > 100`), as Rynko accepts both spellings for `condition` and `items`.
#[derive(Debug, Clone)]
pub(crate) enum ValueExpr {
    /// A JSON value written directly in the template.
    Literal(Value),
    /// Text with placeholders; a single placeholder yields its raw value.
    Template(Template),
    /// An expression without braces.
    Expression(Expression),
}

impl ValueExpr {
    /// Evaluate to a JSON value, borrowing from the data where possible (a loop over `{{items}}` must
    /// not copy the whole array).
    pub(crate) fn evaluate<'a>(&self, scope: &Scope<'a>) -> Result<Cow<'a, Value>, ExprError> {
        match self {
            ValueExpr::Literal(value) => Ok(Cow::Owned(value.clone())),
            ValueExpr::Template(template) => match template.as_single_expression() {
                Some(expression) => expression.evaluate_borrowed(scope),
                None => template.evaluate(scope).map(Cow::Owned),
            },
            ValueExpr::Expression(expression) => expression.evaluate_borrowed(scope),
        }
    }
}

/// Text with placeholders plus what the backends need to know about it.
#[derive(Debug, Clone)]
pub(crate) struct TextSpec {
    /// The parsed text.
    pub template: Template,
    /// The source text, for error messages.
    pub source: String,
    /// The text references `pageNumber` or `totalPages`.
    pub uses_page_numbers: bool,
    /// `$`/`€`/`£`/`¥` followed by exactly one placeholder: spreadsheets get a currency number.
    pub currency: Option<(char, Template)>,
}

/// One run of rich text.
#[derive(Debug, Clone)]
pub(crate) struct RunSpec {
    pub text: TextSpec,
    pub style: SharedStyle,
    pub superscript: bool,
    pub subscript: bool,
    pub link: Option<TextSpec>,
}

/// How an image fills its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFit {
    /// Keep proportions, fit inside.
    Contain,
    /// Keep proportions, fill and crop.
    Cover,
    /// Stretch.
    Fill,
}

/// The items of a list.
#[derive(Debug, Clone)]
pub(crate) enum ListItems {
    /// Each item written in the template.
    Fixed(Vec<TextSpec>),
    /// An expression yielding an array.
    Dynamic(ValueExpr),
}

/// The pairs of a key-value component.
#[derive(Debug, Clone)]
pub(crate) enum PairSource {
    /// Pairs written in the template.
    Fixed(Vec<(TextSpec, TextSpec)>),
    /// An expression yielding an array of `{key|label, value}` objects or an object.
    Dynamic(ValueExpr),
}

/// Key-value layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairLayout {
    /// One pair per row: key, value.
    Rows,
    /// Keys side by side with their values under them.
    Columns,
}

/// Column type of a data-driven table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text.
    Text,
    /// Number.
    Number,
    /// Money in `format` (a currency code).
    Currency,
    /// Date.
    Date,
    /// Image from a data URI or asset reference.
    Image,
}

/// A column of a data-driven table.
#[derive(Debug, Clone)]
pub(crate) struct DataColumn {
    pub header: TextSpec,
    pub field: Option<Vec<String>>,
    pub value: Option<TextSpec>,
    pub kind: ColumnType,
    /// Prebuilt formatting call (`formatCurrency(value, format)` …) for this column's type.
    pub formatter: Option<Expression>,
    pub format: Option<String>,
    pub align: Option<TextAlign>,
}

/// Where table rows come from.
#[derive(Debug, Clone)]
pub(crate) enum TableBody {
    /// Child components: `table-row`, `loop` and `conditional`.
    Rows(Vec<Node>),
    /// `dataSource` + `columns`.
    Data { source: ValueExpr, columns: Vec<DataColumn> },
}

/// A cell of a footer row.
#[derive(Debug, Clone)]
pub(crate) struct FooterCell {
    pub text: TextSpec,
    pub span: usize,
    pub style: SharedStyle,
}

/// A table component.
#[derive(Debug, Clone)]
pub(crate) struct TableSpec {
    pub headers: Vec<TextSpec>,
    pub header_style: SharedStyle,
    pub cell_style: SharedStyle,
    pub column_widths: Vec<Length>,
    pub aligns: Vec<Option<TextAlign>>,
    pub stripe: Option<Color>,
    pub repeat_header: bool,
    pub body: TableBody,
    pub footer_rows: Vec<Vec<FooterCell>>,
    pub csv: bool,
    pub style: SharedStyle,
}

/// A compiled component.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The component id (may be empty).
    pub id: String,
    /// JSON path of the component, e.g. `schema.components[2]`.
    pub path: String,
    /// What it is.
    pub kind: NodeKind,
}

/// The compiled forms of the component types.
#[derive(Debug, Clone)]
// Most variants carry a `Style`; the few small ones (page break, spacer) are rare, so boxing would
// only add indirections.
#[allow(clippy::large_enum_variant)]
pub(crate) enum NodeKind {
    Text {
        text: TextSpec,
        style: SharedStyle,
    },
    Heading {
        level: u8,
        text: TextSpec,
        style: SharedStyle,
    },
    RichText {
        runs: Vec<RunSpec>,
        style: SharedStyle,
    },
    Image {
        src: TextSpec,
        width: Option<Length>,
        height: Option<Length>,
        fit: ImageFit,
        alt: Option<TextSpec>,
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
        children: Vec<Node>,
    },
    Columns {
        widths: Vec<Length>,
        gap: Option<Length>,
        children: Vec<Node>,
        style: SharedStyle,
    },
    Grid {
        columns: Vec<Length>,
        gap: Option<Length>,
        children: Vec<Node>,
        style: SharedStyle,
    },
    PageBreak {
        new_sheet: bool,
    },
    Table(Box<TableSpec>),
    TableRow {
        cells: Vec<Node>,
        /// Columns each cell spans (`props.colSpan` of the cell component, default 1).
        spans: Vec<usize>,
        style: SharedStyle,
    },
    List {
        items: ListItems,
        ordered: bool,
        item_template: Option<TextSpec>,
        style: SharedStyle,
    },
    KeyValue {
        pairs: PairSource,
        layout: PairLayout,
        style: SharedStyle,
        key_style: SharedStyle,
        value_style: SharedStyle,
    },
    Conditional {
        condition: ValueExpr,
        children: Vec<Node>,
        else_children: Vec<Node>,
    },
    Loop {
        items: ValueExpr,
        item_variable: String,
        index_variable: String,
        children: Vec<Node>,
    },
    Chart(Box<ChartSpec>),
    /// `qr-code` and `barcode`.
    Code(Box<super::codes::CodeSpec>),
    Svg(Box<super::codes::SvgSpec>),
    Formula(Box<super::codes::FormulaSpec>),
    FormField(Box<super::form_field::FormFieldSpec>),
}

/// Options used to evaluate expressions in one render.
pub(crate) fn eval_options(max_loop_iterations: u64) -> EvalOptions {
    EvalOptions { max_steps: 50_000_000, max_loop_iterations, ..EvalOptions::default() }
}
