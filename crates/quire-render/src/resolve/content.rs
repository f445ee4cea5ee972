//! Resolving leaf content: texts with typed values, images, list items and key-value pairs, and the
//! loop-iteration accounting shared by every loop.

use std::borrow::Cow;

use quire_expr::{Scope, Value, display_value};

use super::doc::{CellValue, TextBlock};
use super::{Resolver, expression_failed, label, limit_error, values};
use crate::assets::load_image;
use crate::compile::{ListItems, Node, PairSource, TextSpec, ValueExpr};
use crate::error::{RenderError, codes};
use crate::style::{SharedStyle, TextTransform, plain_style};

impl Resolver<'_> {
    /// Count one loop iteration against `ERR_LIMIT_007` (shared with `#each` blocks inside text).
    pub(crate) fn charge_iteration(&self, node: &Node, scope: &Scope<'_>) -> Result<(), RenderError> {
        scope.budget().charge_loop_iteration().map_err(|_| {
            RenderError::at(
                codes::LIMIT_LOOP_ITERATIONS,
                &node.path,
                format!(
                    "the document runs more than {} loop iterations (at {})",
                    self.limits.loop_iterations,
                    label(node)
                ),
            )
        })
    }

    /// Resolve a text with its typed value, applying the inherited text transform.
    pub(crate) fn text(
        &self,
        node: &Node,
        spec: &TextSpec,
        style: &SharedStyle,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<TextBlock, RenderError> {
        let transform = style.text_transform.unwrap_or(transform);
        let fail = |err| expression_failed(&label(node), Some(&node.path), spec, err, self.limits);
        let (text, value) = values::typed_text(spec, scope).map_err(fail)?;
        let value = match value {
            CellValue::Text(text) => CellValue::Text(transform.apply_owned(text)),
            other => other,
        };
        Ok(TextBlock {
            text: transform.apply_owned(text),
            style: style.clone(),
            page_numbers: spec.uses_page_numbers,
            value,
        })
    }

    /// Render a text spec to a string.
    pub(crate) fn render(&self, node: &Node, spec: &TextSpec, scope: &Scope<'_>) -> Result<String, RenderError> {
        spec.template
            .render(scope)
            .map_err(|err| expression_failed(&label(node), Some(&node.path), spec, err, self.limits))
    }

    /// Evaluate a value expression.
    pub(crate) fn evaluate<'a>(
        &self,
        node: &Node,
        expr: &ValueExpr,
        scope: &Scope<'a>,
    ) -> Result<Cow<'a, Value>, RenderError> {
        expr.evaluate(scope).map_err(|err| {
            let limit = limit_error(&err, self.limits, Some(&node.path));
            limit.unwrap_or_else(|| {
                RenderError::at(codes::GENERATION_FAILED, &node.path, format!("{}: {err}", label(node)))
            })
        })
    }

    /// Load (once per distinct source) an image and return its index, counting `ERR_LIMIT_002`.
    pub(crate) fn image(&mut self, node: &Node, src: &str) -> Result<usize, RenderError> {
        if let Some(&index) = self.image_ids.get(src) {
            return Ok(index);
        }
        if self.images.len() as u64 >= u64::from(self.limits.images) {
            return Err(RenderError::at(
                codes::LIMIT_IMAGES,
                &node.path,
                format!("the document uses more than {} images", self.limits.images),
            ));
        }
        let image = load_image(src, self.assets).map_err(|message| {
            RenderError::at(codes::GENERATION_FAILED, &node.path, format!("{}: {message}", label(node)))
        })?;
        self.images.push(image);
        self.image_ids.insert(src.to_owned(), self.images.len() - 1);
        Ok(self.images.len() - 1)
    }

    pub(crate) fn list_items(
        &self,
        node: &Node,
        items: &ListItems,
        template: Option<&TextSpec>,
        scope: &Scope<'_>,
    ) -> Result<Vec<String>, RenderError> {
        match items {
            ListItems::Fixed(specs) => specs.iter().map(|spec| self.render(node, spec, scope)).collect(),
            ListItems::Dynamic(expr) => {
                let value = self.evaluate(node, expr, scope)?;
                let mut out = Vec::new();
                for (index, item) in values::iterable(node, &value)?.iter().enumerate() {
                    self.charge_iteration(node, scope)?;
                    out.push(match template {
                        Some(spec) => {
                            let index_value = Value::from(index);
                            let with_item = scope.with("item", item);
                            let with_index = with_item.with("index", &index_value);
                            self.render(node, spec, &with_index)?
                        }
                        None => display_value(item),
                    });
                }
                Ok(out)
            }
        }
    }

    pub(crate) fn pairs(
        &self,
        node: &Node,
        pairs: &PairSource,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<Vec<(String, TextBlock)>, RenderError> {
        let plain = plain_style();
        match pairs {
            PairSource::Fixed(specs) => specs
                .iter()
                .map(|(key, value)| {
                    Ok((
                        transform.apply(&self.render(node, key, scope)?),
                        self.text(node, value, &plain, scope, transform)?,
                    ))
                })
                .collect(),
            PairSource::Dynamic(expr) => {
                let value = self.evaluate(node, expr, scope)?;
                values::pairs_of(node, &value, transform)
            }
        }
    }
}
