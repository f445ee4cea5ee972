//! Resolution: compiled template + variables → resolved document (expressions evaluated, loops and
//! conditionals expanded, images loaded), with the document limits enforced on the way.

mod chart;
mod content;
mod doc;
mod einvoice;
mod form_field;
mod metadata;
pub(crate) mod number_format;
mod special;
mod table;
mod track_widths;
mod values;

pub(crate) use chart::{Chart, Series};
pub(crate) use doc::{
    Attachment, Block, Cell, CellValue, CodeBlock, Document, FieldBlock, FormulaBlock, MergedFile, Metadata,
    PAGE_NUMBER_MARK, Page, ResolvedWatermark, Row, Run, SvgBlock, TOTAL_PAGES_MARK, Table, TextBlock,
    strip_page_marks,
};
pub use einvoice::{EINVOICE_RULES, EInvoiceFailure};
pub(crate) use einvoice::{attach as attach_einvoice, einvoice};

use std::collections::HashMap;
use std::time::Instant;

use quire_expr::{EvalBudget, ExprError, Scope, Value, is_truthy};

use crate::assets::{AssetResolver, ImageData};
use crate::compile::{CompiledTemplate, Node, NodeKind, TextSpec, eval_options};
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::style::TextTransform;

/// Resolve a compiled template against the root data (variables merged with their defaults).
pub(crate) fn resolve(
    compiled: &CompiledTemplate,
    data: &Value,
    assets: &dyn AssetResolver,
    limits: &Limits,
    started: Instant,
) -> Result<Document, RenderError> {
    let options = eval_options(limits.loop_iterations);
    let budget = EvalBudget::new(&options);
    let root = Scope::with_budget(data, &options, &budget);
    // `pageNumber` and `totalPages` resolve to marks the PDF backend turns into page counters.
    let page_number = Value::String(PAGE_NUMBER_MARK.to_string());
    let total_pages = Value::String(TOTAL_PAGES_MARK.to_string());
    let with_page = root.with("pageNumber", &page_number);
    let scope = with_page.with("totalPages", &total_pages);
    let mut resolver = Resolver {
        assets,
        limits,
        started,
        images: Vec::new(),
        image_ids: HashMap::new(),
        components: 0,
        content_width: 0.0,
        field_names: HashMap::new(),
        fields: Vec::new(),
        in_page_margin: false,
        draw_codes: !compiled.metadata.standards.contains(&crate::compile::PdfStandard::Ua1),
        codes: Vec::new(),
    };
    let mut pages = Vec::with_capacity(compiled.pages.len());
    for page in &compiled.pages {
        let watermark = match &page.setup.watermark {
            Some(spec) => Some(ResolvedWatermark {
                text: spec
                    .text
                    .template
                    .render(&scope)
                    .map_err(|err| expression_failed("watermark", None, &spec.text, err, limits))?,
                spec: spec.clone(),
            }),
            None => None,
        };
        let root = TextTransform::None;
        let margins = &page.setup.margins;
        resolver.content_width = (page.setup.width - margins.left - margins.right).max(72.0);
        pages.push(Page {
            name: page.name.clone(),
            setup: page.setup.clone(),
            watermark,
            header: resolver.margin_blocks(&page.header, &scope)?,
            body: resolver.blocks(&page.body, &scope, root)?,
            footer: resolver.margin_blocks(&page.footer, &scope)?,
        });
    }
    let metadata = metadata::metadata(&compiled.metadata, &root, assets, limits)?;
    Ok(Document {
        pages,
        images: resolver.images,
        metadata,
        fields: resolver.fields,
        codes: resolver.codes,
        e_invoice: None,
    })
}

/// State of one resolution: loaded images and counters for the limits.
pub(crate) struct Resolver<'a> {
    assets: &'a dyn AssetResolver,
    limits: &'a Limits,
    started: Instant,
    images: Vec<ImageData>,
    image_ids: HashMap<String, usize>,
    components: u64,
    /// Width between the margins of the page being resolved, in points (charts size against it).
    content_width: f64,
    /// Names of the form fields so far, with the path of the component that made each.
    field_names: HashMap<String, String>,
    /// The form fields so far, in document order.
    fields: Vec<FieldBlock>,
    /// Resolving a page header or footer (which repeat on every page).
    in_page_margin: bool,
    /// Codes are drawn into the pages after layout (not under PDF/UA, where they are images with alt texts).
    draw_codes: bool,
    /// The codes drawn after layout.
    codes: Vec<CodeBlock>,
}

impl Resolver<'_> {
    /// Resolve a list of nodes.
    pub(crate) fn blocks(
        &mut self,
        nodes: &[Node],
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<Vec<Block>, RenderError> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            self.node(node, scope, transform, &mut out)?;
        }
        Ok(out)
    }

    /// Resolve a page header or footer.
    fn margin_blocks(&mut self, nodes: &[Node], scope: &Scope<'_>) -> Result<Vec<Block>, RenderError> {
        self.in_page_margin = true;
        let blocks = self.blocks(nodes, scope, TextTransform::None);
        self.in_page_margin = false;
        blocks
    }

    /// Count one produced component against `ERR_LIMIT_009`, and look at the clock now and then.
    fn count_component(&mut self, node: &Node) -> Result<(), RenderError> {
        self.components += 1;
        if self.components > self.limits.components {
            return Err(RenderError::at(
                codes::LIMIT_COMPONENTS,
                &node.path,
                format!("the document expands to more than {} components", self.limits.components),
            ));
        }
        if self.components.is_multiple_of(1024) {
            self.check_time()?;
        }
        Ok(())
    }

    /// `ERR_LIMIT_010` once the render has run longer than allowed.
    pub(crate) fn check_time(&self) -> Result<(), RenderError> {
        check_deadline(self.started, self.limits)
    }

    fn node(
        &mut self,
        node: &Node,
        scope: &Scope<'_>,
        transform: TextTransform,
        out: &mut Vec<Block>,
    ) -> Result<(), RenderError> {
        self.count_component(node)?;
        let block = match &node.kind {
            NodeKind::Text { text, style } => Block::Text(self.text(node, text, style, scope, transform)?),
            NodeKind::Heading { level, text, style } => {
                Block::Heading { level: *level, text: self.text(node, text, style, scope, transform)? }
            }
            NodeKind::RichText { runs, style } => {
                let transform = style.text_transform.unwrap_or(transform);
                let mut resolved = Vec::with_capacity(runs.len());
                for run in runs {
                    let text = self.render(node, &run.text, scope)?;
                    let link = match &run.link {
                        Some(link) => Some(self.render(node, link, scope)?),
                        None => None,
                    };
                    let transform = run.style.text_transform.unwrap_or(transform);
                    resolved.push(Run {
                        text: transform.apply(&text),
                        style: run.style.clone(),
                        superscript: run.superscript,
                        subscript: run.subscript,
                        link,
                    });
                }
                Block::RichText { runs: resolved, style: style.clone() }
            }
            NodeKind::Image { src, width, height, fit, alt, style } => {
                let src = self.render(node, src, scope)?;
                if src.trim().is_empty() {
                    return Ok(());
                }
                let index = self.image(node, &src)?;
                let alt = match alt {
                    Some(alt) => Some(self.render(node, alt, scope)?),
                    None => None,
                };
                Block::Image { index, width: *width, height: *height, fit: *fit, alt, style: style.clone() }
            }
            NodeKind::Divider { color, thickness, margin } => {
                Block::Divider { color: *color, thickness: *thickness, margin: *margin }
            }
            NodeKind::Spacer { height } => Block::Spacer { height: *height },
            NodeKind::Container { style, children } => {
                let transform = style.text_transform.unwrap_or(transform);
                Block::Container { style: style.clone(), children: self.blocks(children, scope, transform)? }
            }
            NodeKind::Columns { widths, gap, children, style } => {
                let transform = style.text_transform.unwrap_or(transform);
                let count = children.len().max(widths.len());
                let gap_or_default = gap.unwrap_or(crate::style::Length::Pt(16.0));
                let columns = self.each_child_in_tracks(children, widths, count, gap_or_default, scope, transform)?;
                Block::Columns { widths: widths.clone(), gap: *gap, style: style.clone(), columns }
            }
            NodeKind::Grid { columns, gap, children, style } => {
                let transform = style.text_transform.unwrap_or(transform);
                let gap_or_default = gap.unwrap_or(crate::style::Length::Pt(8.0));
                let cells =
                    self.each_child_in_tracks(children, columns, columns.len(), gap_or_default, scope, transform)?;
                Block::Grid { columns: columns.clone(), gap: *gap, style: style.clone(), cells }
            }
            NodeKind::PageBreak { new_sheet } => Block::PageBreak { new_sheet: *new_sheet },
            NodeKind::Table(spec) => Block::Table(Box::new(self.table(node, spec, scope, transform)?)),
            NodeKind::TableRow { cells, .. } => {
                // Outside a table (rejected by validation) a row degrades to its cells in sequence.
                out.extend(self.blocks(cells, scope, transform)?);
                return Ok(());
            }
            NodeKind::List { items, ordered, item_template, style } => {
                let transform = style.text_transform.unwrap_or(transform);
                let items = self.list_items(node, items, item_template.as_ref(), scope)?;
                Block::List {
                    ordered: *ordered,
                    items: items.iter().map(|i| transform.apply(i)).collect(),
                    style: style.clone(),
                }
            }
            NodeKind::KeyValue { pairs, layout, style, key_style, value_style } => {
                let pairs = self.pairs(node, pairs, scope, style.text_transform.unwrap_or(transform))?;
                Block::KeyValue {
                    pairs,
                    layout: *layout,
                    style: style.clone(),
                    key_style: key_style.clone(),
                    value_style: value_style.clone(),
                }
            }
            NodeKind::Chart(spec) => Block::Chart(Box::new(self.chart(node, spec, scope)?)),
            NodeKind::Conditional { condition, children, else_children } => {
                let holds = is_truthy(&*self.evaluate(node, condition, scope)?);
                let chosen = if holds { children } else { else_children };
                out.extend(self.blocks(chosen, scope, transform)?);
                return Ok(());
            }
            NodeKind::Loop { items, item_variable, index_variable, children } => {
                let list = self.evaluate(node, items, scope)?;
                for (index, item) in values::iterable(node, &list)?.iter().enumerate() {
                    self.charge_iteration(node, scope)?;
                    let index_value = Value::from(index);
                    let with_item = scope.with(item_variable, item);
                    let with_index = with_item.with(index_variable, &index_value);
                    out.extend(self.blocks(children, &with_index, transform)?);
                }
                return Ok(());
            }
            NodeKind::Code(spec) => {
                let mut code = self.code(node, spec, scope)?;
                if self.draw_codes && code.is_opaque() {
                    code.overlay = Some(self.codes.len());
                    self.codes.push(code.clone());
                }
                Block::Code(Box::new(code))
            }
            NodeKind::Svg(spec) => Block::Svg(Box::new(self.svg(node, spec, scope)?)),
            NodeKind::Formula(spec) => Block::Formula(Box::new(self.formula(node, spec, scope, transform)?)),
            NodeKind::FormField(spec) => Block::Field(Box::new(self.form_field(node, spec, scope)?)),
        };
        out.push(block);
        Ok(())
    }
}

/// A short label for messages: `text "total"`.
pub(crate) fn label(node: &Node) -> String {
    if node.id.is_empty() { format!("component at {}", node.path) } else { format!("component {:?}", node.id) }
}

/// `ERR_LIMIT_010` once `started` is longer ago than the limit allows.
pub(crate) fn check_deadline(started: Instant, limits: &Limits) -> Result<(), RenderError> {
    if started.elapsed() > limits.render_time {
        return Err(RenderError::new(
            codes::LIMIT_RENDER_TIME,
            format!("rendering took longer than {} s", limits.render_time.as_secs_f64()),
        ));
    }
    Ok(())
}

pub(crate) fn limit_error(err: &ExprError, limits: &Limits, path: Option<&str>) -> Option<RenderError> {
    match err {
        ExprError::LoopLimit => Some(RenderError {
            code: codes::LIMIT_LOOP_ITERATIONS,
            message: format!("the document runs more than {} loop iterations", limits.loop_iterations),
            path: path.map(str::to_owned),
        }),
        _ => None,
    }
}

/// An evaluation failure naming the component and the expression.
pub(crate) fn expression_failed(
    what: &str,
    path: Option<&str>,
    spec: &TextSpec,
    err: ExprError,
    limits: &Limits,
) -> RenderError {
    limit_error(&err, limits, path).unwrap_or_else(|| RenderError {
        code: codes::GENERATION_FAILED,
        message: format!("{what}: expression {:?} failed: {err}", spec.source),
        path: path.map(str::to_owned),
    })
}
