//! Renders a segment tree to text within the scope's step, loop and output limits.

use serde_json::Value;

use crate::coercion::{display_value, is_truthy, type_name};
use crate::scope::ItemFrame;
use crate::template::Segment;
use crate::{ExprError, Expression, Scope};

/// Turns a placeholder's value into output text (see [`crate::Template::render_with`]).
pub(crate) type OutputHook<'h> = &'h mut dyn FnMut(&Value, &mut String) -> Result<(), ExprError>;

/// Append the text of `segments` to `out`.
pub(crate) fn render_segments(segments: &[Segment], scope: &Scope<'_>, out: &mut String) -> Result<(), ExprError> {
    let mut plain = |value: &Value, out: &mut String| {
        match value {
            Value::String(text) => out.push_str(text),
            other => out.push_str(&display_value(other)),
        }
        Ok(())
    };
    let mut hook: OutputHook<'_> = &mut plain;
    render_segments_with(segments, scope, out, &mut hook)
}

/// Append the text of `segments` to `out`, each placeholder's value written by `hook`.
pub(crate) fn render_segments_with(
    segments: &[Segment],
    scope: &Scope<'_>,
    out: &mut String,
    hook: &mut OutputHook<'_>,
) -> Result<(), ExprError> {
    let limit = scope.options().max_output_bytes;
    for segment in segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Output(expression) => {
                let value = expression.evaluate_borrowed(scope)?;
                hook(value.as_ref(), out)?;
            }
            Segment::If { cond, negate, then, otherwise } => {
                let holds = is_truthy(cond.evaluate_borrowed(scope)?.as_ref()) != *negate;
                render_segments_with(if holds { then } else { otherwise }, scope, out, hook)?;
            }
            Segment::Each { list, item_alias, index_alias, body, otherwise } => {
                let aliases = (item_alias.as_deref(), index_alias.as_deref());
                render_each(list, aliases, body, otherwise, scope, out, hook)?;
            }
        }
        if out.len() > limit {
            return Err(ExprError::OutputLimit);
        }
    }
    Ok(())
}

fn render_each(
    list: &Expression,
    aliases: (Option<&str>, Option<&str>),
    body: &[Segment],
    otherwise: &[Segment],
    scope: &Scope<'_>,
    out: &mut String,
    hook: &mut OutputHook<'_>,
) -> Result<(), ExprError> {
    let value = list.evaluate_borrowed(scope)?;
    let entries: Vec<(Option<&str>, &Value)> = match value.as_ref() {
        Value::Null | Value::Bool(false) => Vec::new(),
        Value::Array(items) => items.iter().map(|item| (None, item)).collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
        other => {
            return Err(ExprError::Type(format!(
                "`#each {}` needs an array or object, got {}",
                list.source(),
                type_name(other)
            )));
        }
    };
    if entries.is_empty() {
        return render_segments_with(otherwise, scope, out, hook);
    }
    let count = entries.len();
    for (index, (key, item)) in entries.into_iter().enumerate() {
        scope.budget().charge_loop_iteration()?;
        let child =
            scope.with_item_frame(ItemFrame { item, index, count, key, item_alias: aliases.0, index_alias: aliases.1 });
        render_segments_with(body, &child, out, hook)?;
        if out.len() > scope.options().max_output_bytes {
            return Err(ExprError::OutputLimit);
        }
    }
    Ok(())
}
