//! Compiled template text: literal runs, `{{placeholders}}` and `#each`/`#if`/`#unless` blocks.

use serde_json::Value;

use crate::template_render::{OutputHook, render_segments, render_segments_with};
use crate::{ExprError, Expression, Scope, template_parser};

/// One piece of a compiled template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    /// Literal text, kept verbatim.
    Text(String),
    /// `{{expr}}`: the expression's document text.
    Output(Expression),
    /// `{{#each list as |item index|}}body{{else}}otherwise{{/each}}`.
    Each {
        list: Expression,
        item_alias: Option<String>,
        index_alias: Option<String>,
        body: Vec<Segment>,
        otherwise: Vec<Segment>,
    },
    /// `{{#if cond}}` (or `{{#unless cond}}` when `negate`) with its branches.
    If { cond: Expression, negate: bool, then: Vec<Segment>, otherwise: Vec<Segment> },
}

/// Compiled text with placeholders and blocks; parse once, render many times. `Clone + Send + Sync`.
///
/// Literal text is kept verbatim (a `$` or `#` before `{{` is literal); `\{{` writes a literal
/// `{{`; `{{! comment }}` and `{{!-- comment --}}` render nothing; `{{{expr}}}` is the same as
/// `{{expr}}` (nothing is ever escaped or interpreted).
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    segments: Vec<Segment>,
    single: Option<usize>,
}

impl Template {
    /// Parse template text. Errors carry byte offsets into `text` (unterminated `{{`, unclosed or
    /// mismatched blocks, bad expressions).
    pub fn parse(text: &str) -> Result<Template, ExprError> {
        let segments = template_parser::parse_segments(text)?;
        let single = single_output(&segments);
        Ok(Template { segments, single })
    }

    /// If the text is exactly one `{{expr}}` placeholder (surrounding whitespace allowed), its
    /// expression.
    pub fn as_single_expression(&self) -> Option<&Expression> {
        match self.segments.get(self.single?) {
            Some(Segment::Output(expression)) => Some(expression),
            _ => None,
        }
    }

    /// True when the text has no placeholders or blocks at all.
    pub fn is_literal(&self) -> bool {
        self.segments.iter().all(|segment| matches!(segment, Segment::Text(_)))
    }

    /// Render to text: placeholders become their document text ([`crate::display_value`]).
    /// Fails with [`ExprError::OutputLimit`] past `max_output_bytes`.
    pub fn render(&self, scope: &Scope<'_>) -> Result<String, ExprError> {
        let mut out = String::new();
        render_segments(&self.segments, scope, &mut out)?;
        Ok(out)
    }

    /// Like [`Template::render`], but every placeholder's value goes through `output`, which appends
    /// its text (escaped for the target language, say) or refuses it with an error. Literal text and
    /// block bodies are copied verbatim.
    pub fn render_with(
        &self,
        scope: &Scope<'_>,
        output: &mut dyn FnMut(&Value, &mut String) -> Result<(), ExprError>,
    ) -> Result<String, ExprError> {
        let mut out = String::new();
        let mut hook: OutputHook<'_> = output;
        render_segments_with(&self.segments, scope, &mut out, &mut hook)?;
        Ok(out)
    }

    /// Like [`Template::render`], but a single-placeholder template yields the raw value
    /// (arrays, objects and numbers intact); a literal template yields its text.
    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, ExprError> {
        match self.as_single_expression() {
            Some(expression) => expression.evaluate(scope),
            None => self.render(scope).map(Value::String),
        }
    }

    /// The root identifiers referenced (for validation/diagnostics), e.g. `["company", "items"]`.
    /// Inside `#each` bodies a plain name may be a field of the current item, so there only
    /// `@root.name` paths are reported.
    pub fn referenced_roots(&self) -> Vec<String> {
        let mut roots = Vec::new();
        collect_roots(&self.segments, true, &mut roots);
        roots
    }
}

fn collect_roots(segments: &[Segment], plain: bool, out: &mut Vec<String>) {
    for segment in segments {
        match segment {
            Segment::Text(_) => {}
            Segment::Output(expression) => expression.collect_roots(plain, out),
            Segment::Each { list, body, otherwise, .. } => {
                list.collect_roots(plain, out);
                collect_roots(body, false, out);
                collect_roots(otherwise, plain, out);
            }
            Segment::If { cond, then, otherwise, .. } => {
                cond.collect_roots(plain, out);
                collect_roots(then, plain, out);
                collect_roots(otherwise, plain, out);
            }
        }
    }
}

/// Index of the only `Output` segment when every other segment is whitespace text.
fn single_output(segments: &[Segment]) -> Option<usize> {
    let mut found = None;
    for (index, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Text(text) if text.trim().is_empty() => {}
            Segment::Output(_) if found.is_none() => found = Some(index),
            _ => return None,
        }
    }
    found
}
