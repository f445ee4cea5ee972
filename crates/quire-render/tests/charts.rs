//! Charts in the PDF: vector marks with real text (title, tick labels, legend, data labels) for every
//! chart type, deterministic output, data that stays data, and clear errors for bad data.

mod common;

use common::*;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};
use serde_json::{Value, json};

/// A template with one chart (`id` "sales") whose data is the `rows` variable.
fn chart(props: Value) -> TemplateDoc {
    let mut props = props;
    if props.get("data").is_none() {
        props["data"] = json!("{{rows}}");
    }
    TemplateDoc::from_json(&json!({
        "schema": { "components": [ { "id": "sales", "type": "chart", "props": props } ] },
        "variables": [ { "name": "rows", "type": "array" } ]
    }))
    .expect("valid template")
}

fn months() -> Value {
    json!({ "rows": [
        { "month": "Jan", "revenue": 1200, "cost": 800 },
        { "month": "Feb", "revenue": 1500, "cost": 950 },
        { "month": "Mar", "revenue": 1800, "cost": 1100 }
    ] })
}

fn two_series(kind: &str) -> Value {
    json!({
        "chartType": kind,
        "title": "Quarterly sales",
        "xField": "month",
        "series": [ { "field": "revenue", "label": "Revenue" }, { "field": "cost", "label": "Cost" } ]
    })
}

fn pdf_of(template: &TemplateDoc, data: &Value) -> Vec<u8> {
    render(template, data, OutputFormat::Pdf).bytes
}

fn assert_text(kind: &str, text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{kind}: {w:?} not found in the PDF text:\n{text}");
    }
}

#[test]
fn cartesian_charts_write_title_ticks_categories_and_legend_as_text() {
    for kind in ["bar", "line", "area"] {
        let text = pdf_text(&pdf_of(&chart(two_series(kind)), &months()));
        assert_text(kind, &text, &["Quarterly sales", "Revenue", "Cost", "Jan", "Feb", "Mar", "0", "1,000", "2,000"]);
    }
}

#[test]
fn stacked_and_horizontal_bars_are_drawn_with_their_totals_on_the_axis() {
    let mut props = two_series("bar");
    props["stacked"] = json!(true);
    props["horizontal"] = json!(true);
    let text = pdf_text(&pdf_of(&chart(props), &months()));
    // The largest stack is 1,800 + 1,100 = 2,900, so the value axis reaches 3,000.
    assert_text("stacked", &text, &["Quarterly sales", "Jan", "Mar", "Revenue", "3,000"]);
}

#[test]
fn pie_and_doughnut_charts_label_slices_in_the_legend_and_percentages() {
    for kind in ["pie", "doughnut"] {
        let props = json!({
            "chartType": kind, "title": "Revenue share", "xField": "month", "showDataLabels": true,
            "series": [ { "field": "revenue", "label": "Revenue" } ]
        });
        let text = pdf_text(&pdf_of(&chart(props), &months()));
        // 1200 / 4500 = 26.7 %, 1500 / 4500 = 33.3 %, 1800 / 4500 = 40 %.
        assert_text(kind, &text, &["Revenue share", "Jan", "Feb", "Mar", "26.7%", "33.3%", "40%"]);
    }
}

#[test]
fn scatter_charts_have_numeric_axes_both_ways() {
    let props = json!({
        "chartType": "scatter", "title": "Price against volume", "xField": "price",
        "xAxisLabel": "Unit price", "yAxisTitle": "Units sold",
        "series": [ { "field": "units", "label": "Products" } ], "showDataLabels": true
    });
    let data = json!({ "rows": [ { "price": 4, "units": 310 }, { "price": 9.5, "units": 140 }, { "price": 15, "units": 75 } ] });
    let text = pdf_text(&pdf_of(&chart(props), &data));
    assert_text("scatter", &text, &["Price against volume", "Unit price", "Units sold", "Products", "310", "16", "0"]);
}

#[test]
fn charts_are_vector_graphics_without_images() {
    for kind in ["bar", "line", "area", "pie", "doughnut", "scatter"] {
        let mut props = two_series(kind);
        if kind == "scatter" {
            props["xField"] = json!("cost");
        }
        let pdf = pdf_of(&chart(props), &months());
        assert_eq!(pdf_image_count(&pdf), 0, "{kind}: a chart must not embed a raster image");
    }
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let template = chart(two_series("bar"));
    let engine = Engine::new(Limits::default());
    let first = engine.typst_source(&template, &months()).expect("markup");
    let second = engine.typst_source(&template, &months()).expect("markup");
    assert_eq!(first, second, "the chart markup is deterministic");
    assert_eq!(pdf_of(&template, &months()), pdf_of(&template, &months()), "and so is the PDF");
}

#[test]
fn value_formats_shape_the_tick_labels() {
    let mut props = two_series("bar");
    props["valueFormat"] = json!("USD");
    let text = pdf_text(&pdf_of(&chart(props), &months()));
    assert_text("USD", &text, &["$1,000.00", "$0.00"]);
    let mut props = two_series("line");
    props["valueFormat"] = json!("0.0%");
    let data = json!({ "rows": [ { "month": "Jan", "revenue": 0.25, "cost": 0.1 } ] });
    assert_text("percent", &pdf_text(&pdf_of(&chart(props), &data)), &["25.0%", "0.0%"]);
}

#[test]
fn negative_values_extend_the_axis_below_zero() {
    let data = json!({ "rows": [
        { "month": "Jan", "revenue": 1200, "cost": -400 },
        { "month": "Feb", "revenue": -300, "cost": 900 }
    ] });
    let text = pdf_text(&pdf_of(&chart(two_series("bar")), &data));
    assert!(text.contains("-500") || text.contains("-1,000"), "a negative tick: {text}");
}

#[test]
fn long_category_labels_are_shortened_with_an_ellipsis() {
    let rows: Vec<Value> = (0..12)
        .map(|i| json!({ "month": format!("Regional distribution centre number {i}"), "revenue": 100 + i, "cost": 50 }))
        .collect();
    let text = pdf_text(&pdf_of(&chart(two_series("bar")), &json!({ "rows": rows })));
    assert!(text.contains('…'), "truncated labels end with an ellipsis: {text}");
    assert!(!text.contains("Regional distribution centre number 11"), "{text}");
}

#[test]
fn empty_data_renders_an_empty_chart_with_its_title() {
    for kind in ["bar", "pie"] {
        let text = pdf_text(&pdf_of(&chart(two_series(kind)), &json!({ "rows": [] })));
        assert_text(kind, &text, &["Quarterly sales", "No data"]);
    }
}

#[test]
fn hostile_labels_and_titles_render_literally() {
    let hostile = ["#panic()", "]\"quoted\"", "back\\slash $x^2$", "<b>{{rows}}</b>", "*bold* _u_ @label"];
    let props = json!({
        "chartType": "bar", "title": "{{rows[0].name}}", "xField": "name", "xAxisLabel": "{{rows[1].name}}",
        "series": [ { "field": "v", "label": "{{rows[2].name}}" } ]
    });
    let rows: Vec<Value> = hostile.iter().map(|name| json!({ "name": name, "v": 3 })).collect();
    let pdf = render(&chart(props), &json!({ "rows": rows }), OutputFormat::Pdf);
    assert_eq!(pdf.page_count, Some(1), "no value changed the page setup");
    let text = pdf_text(&pdf.bytes);
    for value in hostile {
        assert!(text.contains(value), "{value:?} not found literally in:\n{text}");
    }
}

fn render_error(template: &TemplateDoc, data: &Value) -> quire_render::RenderError {
    match Engine::new(Limits::default()).render(template, data, OutputFormat::Pdf, &NoAssets) {
        Ok(_) => panic!("the render should fail"),
        Err(err) => err,
    }
}

#[test]
fn a_non_numeric_value_is_a_validation_error_naming_the_component_and_field() {
    let data = json!({ "rows": [ { "month": "Jan", "revenue": 1200, "cost": 800 }, { "month": "Feb", "revenue": "lots", "cost": 1 } ] });
    let err = render_error(&chart(two_series("line")), &data);
    assert_eq!(err.code, "ERR_VALID_001", "{err}");
    assert_eq!(err.path.as_deref(), Some("schema.components[0].props.series"), "{err}");
    assert!(err.message.contains("\"sales\"") && err.message.contains("data[1].revenue"), "{err}");
}

#[test]
fn a_non_numeric_x_in_a_scatter_chart_names_the_x_field() {
    let mut props = two_series("scatter");
    props["xField"] = json!("month");
    let err = render_error(&chart(props), &months());
    assert_eq!(err.code, "ERR_VALID_001", "{err}");
    assert_eq!(err.path.as_deref(), Some("schema.components[0].props.xField"), "{err}");
    assert!(err.message.contains("data[0].month must be a number"), "{err}");
}

#[test]
fn data_that_is_not_an_array_is_a_validation_error() {
    let mut props = two_series("bar");
    props["data"] = json!("{{sales.months}}");
    let err = render_error(&chart(props), &json!({ "sales": { "months": "Jan, Feb" } }));
    assert_eq!(err.code, "ERR_VALID_001", "{err}");
    assert_eq!(err.path.as_deref(), Some("schema.components[0].props.data"), "{err}");
    assert!(err.message.contains("must be an array"), "{err}");
}

#[test]
fn a_chart_in_a_narrow_column_still_shows_its_text() {
    let template = TemplateDoc::from_json(&json!({
        "schema": { "components": [ { "id": "cols", "type": "columns", "props": { "columns": 3 }, "children": [
            { "id": "a", "type": "chart", "props": { "chartType": "line", "data": "{{rows}}", "xField": "month",
                "title": "Narrow", "series": [ { "field": "revenue", "label": "Revenue" } ] } },
            { "id": "b", "type": "text", "props": { "text": "beside" } },
            { "id": "c", "type": "text", "props": { "text": "more" } }
        ] } ] },
        "variables": []
    }))
    .expect("valid");
    let text = pdf_text(&pdf_of(&template, &months()));
    assert_text("narrow", &text, &["Narrow", "Revenue", "Jan", "beside"]);
}

#[test]
fn a_chart_wider_than_its_container_shrinks_to_fit_the_page() {
    let mut props = two_series("bar");
    props["width"] = json!(900);
    props["legend"] = json!("right");
    let words = pdf_words(&pdf_of(&chart(props), &months()));
    assert!(words.iter().any(|w| w.text == "Revenue"), "the legend is there");
    // A4 is 595 pt wide; the default margins keep text inside it.
    let widest = words.iter().map(|w| w.x_max).fold(0.0, f64::max);
    assert!(widest < 595.0, "every label stays on the page, the rightmost ends at {widest}");
}
