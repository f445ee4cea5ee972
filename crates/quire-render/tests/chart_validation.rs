//! Chart props are validated like every component's: each problem at its JSON path.

use quire_render::{Problem, validate};
use serde_json::{Value, json};

fn problems(props: Value) -> Vec<Problem> {
    let schema = json!({ "components": [ { "id": "c", "type": "container", "children": [
        { "id": "sales", "type": "chart", "props": props }
    ] } ] });
    validate(&schema, &json!([])).problems
}

fn has(problems: &[Problem], prop: &str, fragment: &str) -> bool {
    let path = format!("schema.components[0].children[0].props.{prop}");
    problems.iter().any(|p| p.path == path && p.message.contains(fragment))
}

fn valid() -> Value {
    json!({ "chartType": "bar", "data": "{{rows}}", "xField": "month", "series": [ { "field": "revenue" } ] })
}

#[test]
fn a_complete_chart_is_valid() {
    assert_eq!(problems(valid()), vec![]);
}

#[test]
fn rynko_and_common_spellings_are_accepted() {
    let props = json!({
        "chartType": "donut", "dataSource": "rows", "xAxisKey": "month", "showLegend": true,
        "legendPosition": "right", "xAxisTitle": "Month", "yAxisTitle": "USD", "orientation": "vertical",
        "series": [ { "dataKey": "revenue", "name": "Revenue", "color": "rebeccapurple" } ], "numberFormat": "#,##0"
    });
    assert_eq!(problems(props), vec![]);
}

#[test]
fn an_unknown_chart_type_names_the_prop() {
    let mut props = valid();
    props["chartType"] = json!("radar-3d");
    let found = problems(props);
    assert!(has(&found, "chartType", "unknown chartType \"radar-3d\""), "{found:?}");
}

#[test]
fn a_missing_chart_type_is_reported() {
    let mut props = valid();
    props.as_object_mut().map(|p| p.remove("chartType"));
    assert!(has(&problems(props), "chartType", "required"));
}

#[test]
fn a_series_without_a_field_names_its_index() {
    let mut props = valid();
    props["series"] = json!([ { "field": "revenue" }, { "label": "Cost" } ]);
    let found = problems(props);
    assert!(has(&found, "series[1].field", "needs a field"), "{found:?}");
}

#[test]
fn data_that_is_not_an_array_is_refused() {
    let mut props = valid();
    props["data"] = json!({ "month": "Jan" });
    let found = problems(props);
    assert!(has(&found, "data", "must be an array"), "{found:?}");
    let mut props = valid();
    props.as_object_mut().map(|p| p.remove("data"));
    assert!(has(&problems(props), "data", "required"));
}

#[test]
fn bad_colours_formats_and_legends_are_reported() {
    let mut props = valid();
    props["colors"] = json!(["#12", "blue"]);
    props["valueFormat"] = json!("lots");
    props["legend"] = json!("diagonal");
    props["series"] = json!([ { "field": "revenue", "color": "nope" } ]);
    let found = problems(props);
    assert!(has(&found, "colors[0]", "hex colour"), "{found:?}");
    assert!(has(&found, "valueFormat", "number pattern"), "{found:?}");
    assert!(has(&found, "legend", "unknown legend position"), "{found:?}");
    assert!(has(&found, "series[0].color", "not a colour"), "{found:?}");
}
