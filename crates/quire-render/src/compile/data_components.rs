//! Compiling the data-driven components: lists, key-value pairs, conditionals and loops.

use serde_json::Value;

use super::components::{Place, compile_list};
use super::node::{ListItems, Node, NodeKind, PairLayout, PairSource};
use super::props::{PropReader, text_spec};
use crate::model::Component;
use crate::report::JsonPath;

pub(crate) fn list_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let items = match props.raw("items") {
        Some(Value::Array(items)) => {
            let base = props.path_of("items");
            let specs = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| text_spec(item, &base.index(i), props.report()))
                .collect();
            ListItems::Fixed(specs)
        }
        Some(_) => ListItems::Dynamic(props.value_expr("items")?),
        None => {
            props.problem("items", "items is required (an array or an expression)");
            return None;
        }
    };
    Some(NodeKind::List {
        items,
        ordered: props.bool("ordered").unwrap_or(false),
        item_template: props.text("itemTemplate"),
        style: props.style("style"),
    })
}

pub(crate) fn key_value_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let pairs = match (props.raw("items"), props.raw("dataSource")) {
        (Some(Value::Array(items)), _) => {
            let base = props.path_of("items");
            let mut pairs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let path = base.index(i);
                let key = item.get("key").or_else(|| item.get("label"));
                match (key, item.get("value")) {
                    (Some(key), value) => {
                        let key = text_spec(key, &path.field("key"), props.report());
                        let value = text_spec(value.unwrap_or(&Value::Null), &path.field("value"), props.report());
                        if let (Some(key), Some(value)) = (key, value) {
                            pairs.push((key, value));
                        }
                    }
                    (None, _) => props.report().push(path.as_str(), "each item needs a key and a value"),
                }
            }
            PairSource::Fixed(pairs)
        }
        (Some(_), _) => PairSource::Dynamic(props.value_expr("items")?),
        (None, Some(_)) => PairSource::Dynamic(props.value_expr("dataSource")?),
        (None, None) => {
            props.problem("items", "items or dataSource is required");
            return None;
        }
    };
    let layout = match props.string("layout").unwrap_or("rows") {
        "rows" | "vertical" | "row" => PairLayout::Rows,
        "columns" | "horizontal" | "column" | "inline" => PairLayout::Columns,
        other => {
            props.problem("layout", format!("unknown layout {other:?}; expected rows or columns"));
            PairLayout::Rows
        }
    };
    Some(NodeKind::KeyValue {
        pairs,
        layout,
        style: props.style("style"),
        key_style: props.style("keyStyle"),
        value_style: props.style("valueStyle"),
    })
}

pub(crate) fn conditional_node(
    component: &Component,
    props: &mut PropReader<'_>,
    path: &JsonPath,
    place: Place,
    depth: usize,
    children: Vec<Node>,
) -> Option<NodeKind> {
    let condition = match props.raw("condition") {
        Some(_) => props.value_expr("condition")?,
        None => {
            props.problem("condition", "condition is required");
            return None;
        }
    };
    let mut else_children =
        compile_list(&component.else_children, &path.field("elseChildren"), place, depth + 1, props.report());
    if let Some(raw) = props.raw("elseChildren") {
        let else_path = props.path_of("elseChildren");
        match serde_json::from_value::<Vec<Component>>(raw.clone()) {
            Ok(list) => else_children.extend(compile_list(&list, &else_path, place, depth + 1, props.report())),
            Err(err) => props.report().push(else_path.as_str(), format!("elseChildren must be components: {err}")),
        }
    }
    Some(NodeKind::Conditional { condition, children, else_children })
}

pub(crate) fn loop_node(props: &mut PropReader<'_>, children: Vec<Node>) -> Option<NodeKind> {
    let items = match props.raw("items").or_else(|| props.raw("dataSource")) {
        Some(_) if props.raw("items").is_some() => props.value_expr("items")?,
        Some(_) => props.value_expr("dataSource")?,
        None => {
            props.problem("items", "items is required (an expression yielding an array)");
            return None;
        }
    };
    let item_variable = props.string("itemVariable").unwrap_or("item").to_owned();
    let index_variable = props.string("indexVariable").unwrap_or("index").to_owned();
    Some(NodeKind::Loop { items, item_variable, index_variable, children })
}
