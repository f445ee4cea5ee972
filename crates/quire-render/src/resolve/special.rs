//! Resolving `qr-code`, `barcode`, `svg` and `formula`. A value from data that a code cannot carry
//! (wrong check digit, too long for the QR level), an SVG that becomes unsafe once its values are
//! filled in, or a formula placeholder that is not a number fails the render with `ERR_VALID_001`
//! at `<component path>.props.<prop>`, the component named in the message.

use std::sync::Arc;

use quire_expr::{ExprError, Scope, Value, display_value};

use super::doc::{CellValue, CodeBlock, FormulaBlock, SvgBlock, TextBlock};
use super::number_format::format_number;
use super::{Resolver, expression_failed, label};
use crate::compile::{CodeSpec, FormulaSpec, Node, SvgSpec, check_formula};
use crate::error::{RenderError, codes};
use crate::style::{Length, TextTransform};
use crate::svg_check::{component_problems, inline_assets, xml_escape};
use crate::symbols::{Symbology, encode};

/// QR side when the template gives none (points, quiet zone included).
const DEFAULT_QR_SIZE: f64 = 96.0;
/// 1-D bar height when the template gives none (points).
const DEFAULT_BAR_HEIGHT: f64 = 48.0;

fn default_module(symbology: Symbology, modules_wide: u32) -> f64 {
    match symbology {
        Symbology::Qr(_) => DEFAULT_QR_SIZE / f64::from(modules_wide.max(1)),
        Symbology::DataMatrix => 3.0,
        Symbology::Pdf417 => 1.2,
        _ => 1.0,
    }
}

fn invalid(node: &Node, prop: &str, message: impl std::fmt::Display) -> RenderError {
    RenderError::at(codes::VALIDATION, format!("{}.props.{prop}", node.path), format!("{}: {message}", label(node)))
}

impl Resolver<'_> {
    pub(crate) fn code(&self, node: &Node, spec: &CodeSpec, scope: &Scope<'_>) -> Result<CodeBlock, RenderError> {
        let payload = self.render(node, &spec.value, scope)?;
        let symbol = match &spec.fixed {
            Some(symbol) => symbol.clone(),
            None => Arc::new(encode(spec.symbology, &payload).map_err(|message| invalid(node, "value", message))?),
        };
        let quiet = spec.quiet_zone;
        let modules_wide = symbol.width + 2 * quiet;
        let module = match (spec.module_width.and_then(Length::as_pt), spec.width.and_then(Length::as_pt)) {
            (Some(module), _) => module,
            (None, Some(width)) => width / f64::from(modules_wide.max(1)),
            (None, None) => default_module(spec.symbology, modules_wide),
        };
        let given_height = spec.height.and_then(Length::as_pt);
        let height = if spec.symbology.is_linear() {
            given_height.unwrap_or(DEFAULT_BAR_HEIGHT)
        } else {
            let natural = f64::from(symbol.height + 2 * quiet) * module;
            match (spec.symbology, given_height) {
                (Symbology::Pdf417, Some(height)) => height,
                _ => natural,
            }
        };
        // Readers of tagged PDFs (and PDF/UA) need a text for every figure: the payload, unless the template says.
        let alt = match &spec.alt {
            Some(alt) => self.render(node, alt, scope)?,
            None => format!("{}: {payload}", spec.symbology.name()),
        };
        let alt = Some(alt);
        let text = spec.show_text.then(|| symbol.text.clone());
        Ok(CodeBlock {
            symbol,
            quiet_zone: quiet,
            module,
            height,
            paint: spec.paint,
            text,
            alt,
            style: spec.style.clone(),
            overlay: None,
        })
    }

    pub(crate) fn svg(&self, node: &Node, spec: &SvgSpec, scope: &Scope<'_>) -> Result<SvgBlock, RenderError> {
        let mut escape = |value: &Value, out: &mut String| {
            match value {
                Value::String(text) => xml_escape(text, out),
                other => xml_escape(&display_value(other), out),
            }
            Ok(())
        };
        let markup = spec
            .markup
            .template
            .render_with(scope, &mut escape)
            .map_err(|err| expression_failed(&label(node), Some(&node.path), &spec.markup, err, self.limits))?;
        let problems = component_problems(&markup);
        if !problems.is_empty() {
            return Err(invalid(node, "svg", format!("the SVG is refused: {}", problems.join("; "))));
        }
        let markup = inline_assets(&markup, self.assets).map_err(|message| {
            RenderError::at(
                codes::GENERATION_FAILED,
                format!("{}.props.svg", node.path),
                format!("{}: {message}", label(node)),
            )
        })?;
        let alt = match &spec.alt {
            Some(alt) => Some(self.render(node, alt, scope)?),
            None => None,
        };
        Ok(SvgBlock { markup, width: spec.width, height: spec.height, alt, style: spec.style.clone() })
    }

    pub(crate) fn formula(
        &self,
        node: &Node,
        spec: &FormulaSpec,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<FormulaBlock, RenderError> {
        let mut numbers_only = |value: &Value, out: &mut String| match value {
            Value::Number(number) if number.as_f64().is_some_and(f64::is_finite) => {
                out.push_str(&display_value(value));
                Ok(())
            }
            other => Err(ExprError::Type(format!(
                "a placeholder in a formula must give a number (a row or a count); it gave {}",
                display_value(other)
            ))),
        };
        let formula = spec.formula.template.render_with(scope, &mut numbers_only).map_err(|err| match err {
            ExprError::Type(message) => invalid(node, "formula", message),
            err => expression_failed(&label(node), Some(&node.path), &spec.formula, err, self.limits),
        })?;
        check_formula(&formula).map_err(|message| invalid(node, "formula", message))?;
        let mut text = match &spec.value {
            Some(value) => self.text(node, value, &spec.style, scope, transform)?,
            None => TextBlock {
                text: String::new(),
                style: spec.style.clone(),
                page_numbers: false,
                value: CellValue::Empty,
            },
        };
        if let (Some(format), Some(number)) = (&spec.format, number_of(&text.value))
            && let Some(formatted) = format_number(number, format)
        {
            text.text = formatted;
        }
        Ok(FormulaBlock { formula: formula.trim().to_owned(), text, format: spec.format.clone() })
    }
}

fn number_of(value: &CellValue) -> Option<f64> {
    match value {
        CellValue::Number(number) | CellValue::Currency { amount: number, .. } => Some(*number),
        CellValue::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}
