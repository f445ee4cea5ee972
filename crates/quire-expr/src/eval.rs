//! Tree-walking evaluator: paths, operators and calls over borrowed data, charging the step budget.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use crate::ast::{BinaryOp, Node, Special, UnaryOp};
use crate::coercion::{compare, is_truthy, loose_equals, strict_equals, to_number, to_text};
use crate::functions::{self, Args};
use crate::number::number_value;
use crate::{ExprError, Scope};

/// Evaluate `node` in `scope`. Values found in the data are borrowed, computed ones owned.
pub(crate) fn evaluate<'a>(node: &Node, scope: &Scope<'a>) -> Result<Cow<'a, Value>, ExprError> {
    scope.budget().charge_steps(1)?;
    let value = match node {
        Node::Literal(value) => Cow::Owned(value.clone()),
        Node::Name(name) => scope.lookup(name).unwrap_or(Cow::Owned(Value::Null)),
        Node::This => match scope.current_item() {
            Some(frame) => Cow::Borrowed(frame.item),
            None => Cow::Borrowed(scope.root()),
        },
        Node::Special(special) => special_value(*special, scope),
        Node::Member(object, field) => member(evaluate(object, scope)?, field),
        Node::Index(object, index) => {
            let object = evaluate(object, scope)?;
            let index = evaluate(index, scope)?;
            element(object, &index)
        }
        Node::Call { callee, callee_text, args } => {
            let Node::Name(name) = callee.as_ref() else {
                return Err(ExprError::Type(format!("`{callee_text}` is not a function")));
            };
            let values = args.iter().map(|arg| evaluate(arg, scope)).collect::<Result<Vec<_>, _>>()?;
            Cow::Owned(functions::call(name, &Args::new(name, &values, scope))?)
        }
        Node::Array(items) => Cow::Owned(Value::Array(
            items.iter().map(|item| owned(evaluate(item, scope)?, scope)).collect::<Result<_, _>>()?,
        )),
        Node::Unary(op, operand) => {
            let operand = evaluate(operand, scope)?;
            Cow::Owned(match op {
                UnaryOp::Not => Value::Bool(!is_truthy(&operand)),
                UnaryOp::Negate => number_value(-to_number(&operand)),
                UnaryOp::Plus => number_value(to_number(&operand)),
            })
        }
        Node::Binary(op, left, right) => binary(*op, left, right, scope)?,
        Node::Conditional(cond, then, otherwise) => {
            if is_truthy(evaluate(cond, scope)?.as_ref()) {
                evaluate(then, scope)?
            } else {
                evaluate(otherwise, scope)?
            }
        }
    };
    Ok(value)
}

/// Take ownership of an evaluated value, paying for the copy when it is borrowed data.
pub(crate) fn owned(value: Cow<'_, Value>, scope: &Scope<'_>) -> Result<Value, ExprError> {
    match value {
        Cow::Owned(value) => Ok(value),
        Cow::Borrowed(value) => {
            scope.budget().charge_copy(value)?;
            Ok(value.clone())
        }
    }
}

fn special_value<'a>(special: Special, scope: &Scope<'a>) -> Cow<'a, Value> {
    if special == Special::Root {
        return Cow::Borrowed(scope.root());
    }
    let Some(frame) = scope.current_item() else {
        return Cow::Owned(Value::Null);
    };
    Cow::Owned(match special {
        Special::Index => Value::from(frame.index),
        Special::First => Value::Bool(frame.index == 0),
        Special::Last => Value::Bool(frame.index + 1 == frame.count),
        Special::Key => frame.key.map_or(Value::Null, Value::from),
        Special::Root => Value::Null,
    })
}

/// `object.field`: a missing field, or a field of a non-object, is `null`. Arrays and strings
/// also answer `.length`.
pub(crate) fn member<'a>(object: Cow<'a, Value>, field: &str) -> Cow<'a, Value> {
    match object {
        Cow::Borrowed(Value::Object(map)) => map.get(field).map_or(Cow::Owned(Value::Null), Cow::Borrowed),
        Cow::Owned(Value::Object(mut map)) => Cow::Owned(map.remove(field).unwrap_or(Value::Null)),
        other if field == "length" => Cow::Owned(match other.as_ref() {
            Value::Array(items) => Value::from(items.len()),
            Value::String(text) => Value::from(text.chars().count()),
            _ => Value::Null,
        }),
        _ => Cow::Owned(Value::Null),
    }
}

/// `object[index]`: array positions, object keys and string characters; anything else is `null`.
fn element<'a>(object: Cow<'a, Value>, index: &Value) -> Cow<'a, Value> {
    let position = match index {
        Value::Number(number) => number.as_u64().and_then(|n| usize::try_from(n).ok()),
        Value::String(text) => text.parse::<usize>().ok(),
        _ => None,
    };
    match (object, index) {
        (object @ Cow::Borrowed(Value::Object(_)) | object @ Cow::Owned(Value::Object(_)), _) => {
            member(object, &to_text(index))
        }
        (Cow::Borrowed(Value::Array(items)), _) => {
            position.and_then(|p| items.get(p)).map_or(Cow::Owned(Value::Null), Cow::Borrowed)
        }
        (Cow::Owned(Value::Array(mut items)), _) => Cow::Owned(match position {
            Some(p) if p < items.len() => items.swap_remove(p),
            _ => Value::Null,
        }),
        (object, Value::String(field)) if field == "length" => member(object, field),
        (object, _) => Cow::Owned(match (object.as_ref(), position) {
            (Value::String(text), Some(p)) => text.chars().nth(p).map_or(Value::Null, |ch| Value::from(ch.to_string())),
            _ => Value::Null,
        }),
    }
}

fn binary<'a>(op: BinaryOp, left: &Node, right: &Node, scope: &Scope<'a>) -> Result<Cow<'a, Value>, ExprError> {
    let left = evaluate(left, scope)?;
    match op {
        BinaryOp::And if !is_truthy(&left) => return Ok(left),
        BinaryOp::Or if is_truthy(&left) => return Ok(left),
        BinaryOp::Nullish if !left.is_null() => return Ok(left),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Nullish => return evaluate(right, scope),
        _ => {}
    }
    let right = evaluate(right, scope)?;
    let (l, r) = (left.as_ref(), right.as_ref());
    let arithmetic = |f: fn(f64, f64) -> f64| number_value(f(to_number(l), to_number(r)));
    let ordered = |accept: fn(Ordering) -> bool| Value::Bool(compare(l, r).is_some_and(accept));
    let value = match op {
        BinaryOp::Add if is_textual(l) || is_textual(r) => {
            let mut text = to_text(l);
            text.push_str(&to_text(r));
            if text.len() > scope.options().max_output_bytes {
                return Err(ExprError::OutputLimit);
            }
            Value::String(text)
        }
        BinaryOp::Add => arithmetic(|a, b| a + b),
        BinaryOp::Subtract => arithmetic(|a, b| a - b),
        BinaryOp::Multiply => arithmetic(|a, b| a * b),
        BinaryOp::Divide => arithmetic(|a, b| a / b),
        BinaryOp::Remainder => arithmetic(|a, b| a % b),
        BinaryOp::LooseEqual => Value::Bool(loose_equals(l, r)),
        BinaryOp::LooseNotEqual => Value::Bool(!loose_equals(l, r)),
        BinaryOp::StrictEqual => Value::Bool(strict_equals(l, r)),
        BinaryOp::StrictNotEqual => Value::Bool(!strict_equals(l, r)),
        BinaryOp::Less => ordered(Ordering::is_lt),
        BinaryOp::LessEqual => ordered(Ordering::is_le),
        BinaryOp::Greater => ordered(Ordering::is_gt),
        BinaryOp::GreaterEqual => ordered(Ordering::is_ge),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Nullish => Value::Null,
    };
    Ok(Cow::Owned(value))
}

/// Whether `+` concatenates with this operand (strings, arrays and objects, as in JavaScript).
fn is_textual(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Array(_) | Value::Object(_))
}
