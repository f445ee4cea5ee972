//! `schema.eInvoice`: the profile and syntax of the e-invoice a template makes, and its `data` bound to the
//! variables — an expression giving the whole EN 16931 object, or an object whose texts may hold `{{…}}`
//! (a text that is one placeholder yields the raw value: a number, a list of lines).

use quire_einvoice::{Profile, Syntax};
use serde_json::{Map, Value};

use super::node::ValueExpr;
use super::props::value_expr;
use crate::report::{JsonPath, ValidationReport};

/// A compiled `schema.eInvoice`.
#[derive(Debug, Clone)]
pub(crate) struct EInvoiceSpec {
    pub profile: Profile,
    pub syntax: Option<Syntax>,
    pub data: DataNode,
}

/// The `data` of an e-invoice, evaluated at render time.
#[derive(Debug, Clone)]
pub(crate) enum DataNode {
    /// A JSON value without placeholders.
    Literal(Value),
    /// A text with placeholders, or the expression `data` is given as.
    Expr(ValueExpr),
    Object(Vec<(String, DataNode)>),
    Array(Vec<DataNode>),
}

/// Compiles `schema.eInvoice` (at `path`), reporting every problem.
pub(crate) fn einvoice_spec(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<EInvoiceSpec> {
    let Some(fields) = value.as_object() else {
        report.push(path.as_str(), "expected an object such as {\"profile\": \"en16931\", \"data\": \"{{invoice}}\"}");
        return None;
    };
    for key in fields.keys().filter(|k| !matches!(k.as_str(), "profile" | "syntax" | "data")) {
        report.push(path.field(key).as_str(), "unknown field; expected profile, syntax or data");
    }
    let profile = match fields.get("profile") {
        Some(value) => serde_json::from_value::<Profile>(value.clone())
            .map_err(|_| {
                report.push(
                    path.field("profile").as_str(),
                    format!(
                        "unknown profile {value}; expected minimum, basic-wl, basic, en16931, extended or xrechnung"
                    ),
                );
            })
            .ok(),
        None => {
            report.push(path.field("profile").as_str(), "is required");
            None
        }
    };
    let syntax = match fields.get("syntax") {
        None | Some(Value::Null) => None,
        Some(value) => match serde_json::from_value::<Syntax>(value.clone()) {
            Ok(syntax) => Some(syntax),
            Err(_) => {
                report.push(path.field("syntax").as_str(), format!("unknown syntax {value}; expected cii or ubl"));
                None
            }
        },
    };
    if let (Some(profile), Some(syntax)) = (profile, syntax)
        && !profile.supports(syntax)
    {
        report.push(path.field("syntax").as_str(), "UBL is written for the xrechnung profile only; Factur-X is CII");
    }
    let data = match fields.get("data") {
        Some(Value::String(text)) => {
            value_expr(&Value::String(text.clone()), &path.field("data"), report).map(DataNode::Expr)
        }
        Some(data @ Value::Object(_)) => Some(data_node(data, &path.field("data"), report)),
        Some(other) => {
            report.push(path.field("data").as_str(), format!("expected an object or an expression, not {other}"));
            None
        }
        None => {
            report.push(path.field("data").as_str(), "is required: the invoice's terms, or an expression giving them");
            None
        }
    };
    Some(EInvoiceSpec { profile: profile?, syntax, data: data? })
}

fn data_node(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> DataNode {
    match value {
        Value::String(text) if text.contains("{{") => {
            value_expr(value, path, report).map_or(DataNode::Literal(Value::Null), DataNode::Expr)
        }
        Value::Object(map) => DataNode::Object(
            map.iter().map(|(key, item)| (key.clone(), data_node(item, &path.field(key), report))).collect(),
        ),
        Value::Array(items) => {
            DataNode::Array(items.iter().enumerate().map(|(i, item)| data_node(item, &path.index(i), report)).collect())
        }
        literal => DataNode::Literal(literal.clone()),
    }
}

impl DataNode {
    /// The JSON the node stands for, placeholders evaluated by `eval`.
    pub(crate) fn evaluate<E>(&self, eval: &mut impl FnMut(&ValueExpr) -> Result<Value, E>) -> Result<Value, E> {
        Ok(match self {
            DataNode::Literal(value) => value.clone(),
            DataNode::Expr(expr) => eval(expr)?,
            DataNode::Object(fields) => {
                let mut map = Map::with_capacity(fields.len());
                for (key, node) in fields {
                    map.insert(key.clone(), node.evaluate(eval)?);
                }
                Value::Object(map)
            }
            DataNode::Array(items) => {
                Value::Array(items.iter().map(|item| item.evaluate(eval)).collect::<Result<_, _>>()?)
            }
        })
    }
}
