//! `form-field` components: every field read back with pypdf (type, name, value, options, flags, rectangle on the
//! right page, under its label as poppler places the label's text), one filled in with pypdf; the fields of a
//! loop get their own names; Excel gets values and a dropdown's list, CSV the values; bad fields are refused
//! with their path.

mod common;

use std::io::Read;

use common::*;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc, codes, validate};
use serde_json::{Value, json};

fn form() -> Value {
    json!({ "components": [
        { "id": "title", "type": "heading", "props": { "text": "Registration", "level": 1 } },
        { "id": "name", "type": "form-field", "props": { "fieldType": "text", "name": "fullName", "label": "Fullname",
            "value": "{{customer.name}}", "required": true, "maxLength": 60, "width": 240 } },
        { "id": "notes", "type": "form-field", "props": { "fieldType": "multiline", "name": "notes", "label": "Notes" } },
        { "id": "cols", "type": "columns", "props": {}, "children": [
            { "id": "age", "type": "form-field", "props": { "fieldType": "number", "name": "age", "label": "Age", "value": "{{customer.age}}" } },
            { "id": "born", "type": "form-field", "props": { "fieldType": "date", "name": "born", "label": "Born", "value": "1990-04-01" } },
            { "id": "mail", "type": "form-field", "props": { "fieldType": "email", "name": "email", "label": "Email",
                "value": "{{customer.email}}", "readOnly": true } } ] },
        { "id": "terms", "type": "form-field", "props": { "fieldType": "checkbox", "name": "terms", "label": "Accepted", "value": "{{customer.accepted}}" } },
        { "id": "ship", "type": "form-field", "props": { "fieldType": "radio", "name": "shipping", "label": "Shipping",
            "options": ["Standard", "Express"], "value": "Express", "width": 160 } },
        { "id": "plan", "type": "form-field", "props": { "fieldType": "dropdown", "name": "plan", "label": "Plan",
            "options": "{{plans}}", "value": "Pro", "width": 160 } },
        { "id": "sig", "type": "form-field", "props": { "fieldType": "signature", "name": "signature", "label": "Signature" } },
        { "id": "break", "type": "page-break", "props": {} },
        { "id": "lines", "type": "table", "props": { "headers": ["Item", "Quantity"] }, "children": [
            { "id": "each", "type": "loop", "props": { "items": "{{items}}", "itemVariable": "item" }, "children": [
                { "id": "row", "type": "table-row", "props": {}, "children": [
                    { "id": "item", "type": "text", "props": { "text": "{{item.name}}" } },
                    { "id": "qty", "type": "form-field", "props": { "fieldType": "number", "name": "qty_{{index}}",
                        "value": "{{item.qty}}", "width": 60, "height": 16 } } ] } ] } ] }
    ] })
}

fn data() -> Value {
    json!({
        "customer": { "name": "Ada Lovelace", "age": 36, "email": "ada@example.com", "accepted": true },
        "plans": ["Free", "Pro", "Team"],
        "items": [ { "name": "Paper", "qty": 3 }, { "name": "Ink", "qty": 1 } ]
    })
}

fn template(schema: Value) -> TemplateDoc {
    TemplateDoc::from_json(&json!({ "schema": schema })).expect("template parses")
}

/// Every field as pypdf reads it: `name|FT|V|Ff|options|page|rect`, one per line.
const READ_FIELDS: &str = r#"
import sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
for field in reader.trailer['/Root']['/AcroForm']['/Fields']:
    field = field.get_object()
    widgets = [k.get_object() for k in field['/Kids']] if '/Kids' in field else [field]
    w = widgets[0]
    page = pages[w.raw_get('/P').idnum]
    rect = ','.join(str(round(float(v), 1)) for v in w['/Rect'])
    opts = ';'.join(str(o) for o in field.get('/Opt', [])) or ';'.join(str(n) for k in widgets for n in k['/AP']['/N'].keys() if n != '/Off')
    print(f"{field['/T']}|{field['/FT']}|{field.get('/V', '')}|{int(field.get('/Ff', 0))}|{opts}|{page}|{rect}|{len(widgets)}")
"#;

/// Fills `fullName` and reads it back after saving.
const FILL: &str = r#"
import sys, io
from pypdf import PdfReader, PdfWriter
writer = PdfWriter(clone_from=sys.argv[1])
writer.update_page_form_field_values(writer.pages[0], {'fullName': 'Grace Hopper'}, auto_regenerate=False)
out = io.BytesIO(); writer.write(out); out.seek(0)
print(PdfReader(out).get_fields()['fullName'].value)
"#;

struct Field {
    kind: String,
    value: String,
    flags: u32,
    options: String,
    page: usize,
    rect: [f64; 4],
    widgets: usize,
}

fn fields(pdf: &[u8]) -> Option<std::collections::HashMap<String, Field>> {
    let python = python::python("form fields read back")?;
    let file = temp_pdf(pdf);
    let out = run_python(&python, READ_FIELDS, &[file.path().as_os_str()]);
    Some(
        out.lines()
            .map(|line| {
                let parts: Vec<&str> = line.split('|').collect();
                let rect: Vec<f64> = parts[6].split(',').map(|v| v.parse().expect("number")).collect();
                let field = Field {
                    kind: parts[1].to_owned(),
                    value: parts[2].to_owned(),
                    flags: parts[3].parse().expect("flags"),
                    options: parts[4].to_owned(),
                    page: parts[5].parse().expect("page"),
                    rect: [rect[0], rect[1], rect[2], rect[3]],
                    widgets: parts[7].parse().expect("widgets"),
                };
                (parts[0].to_owned(), field)
            })
            .collect(),
    )
}

#[test]
fn every_field_type_is_read_back_with_its_value_flags_options_and_place() {
    let pdf = render(&template(form()), &data(), OutputFormat::Pdf).bytes;
    maybe_write_png("form-fields", &pdf);
    let Some(found) = fields(&pdf) else { return };
    let get = |name: &str| found.get(name).unwrap_or_else(|| panic!("field {name} missing: {:?}", found.keys()));
    assert_eq!(found.len(), 11, "{:?}", found.keys());
    let name = get("fullName");
    assert_eq!((name.kind.as_str(), name.value.as_str(), name.flags & 2), ("/Tx", "Ada Lovelace", 2), "required");
    assert!(((name.rect[2] - name.rect[0]) - 240.0).abs() < 0.6, "width 240: {:?}", name.rect);
    assert_eq!(get("notes").flags & (1 << 12), 1 << 12, "multiline");
    assert_eq!(get("age").value, "36");
    assert_eq!(get("born").value, "1990-04-01");
    assert_eq!(get("email").flags & 1, 1, "read-only");
    assert_eq!((get("terms").kind.as_str(), get("terms").value.as_str()), ("/Btn", "/On"));
    let ship = get("shipping");
    assert_eq!((ship.kind.as_str(), ship.value.as_str(), ship.widgets), ("/Btn", "/Express", 2));
    let plan = get("plan");
    assert_eq!((plan.kind.as_str(), plan.value.as_str(), plan.options.as_str()), ("/Ch", "Pro", "Free;Pro;Team"));
    assert_eq!(get("signature").kind, "/Sig");
    for qty in ["qty_0", "qty_1"] {
        assert_eq!(get(qty).page, 1, "{qty} is in the table on page 2");
    }
    assert_eq!((get("qty_0").value.as_str(), get("qty_1").value.as_str()), ("3", "1"));
    assert!(get("qty_0").rect[1] > get("qty_1").rect[1], "the second row is lower");

    // Each field sits right under its label, as poppler finds the label's text on the page.
    let words = pdf_words(&pdf);
    let page_height = 841.89;
    for (field, label) in [("fullName", "Fullname"), ("notes", "Notes"), ("age", "Age"), ("email", "Email")] {
        let (field, label) = (get(field), word(&words, label));
        let top_from_above = page_height - field.rect[3];
        assert_eq!(field.page + 1, label.page);
        assert!(
            (field.rect[0] - label.x_min).abs() < 1.5,
            "{}: field left {} vs label {}",
            label.text,
            field.rect[0],
            label.x_min
        );
        let gap = top_from_above - label.y_max;
        assert!((0.0..8.0).contains(&gap), "{}: the field starts {gap} pt under its label", label.text);
    }
    let (age, email) = (get("age"), get("email"));
    assert!(email.rect[0] > age.rect[0] + 100.0, "columns put fields side by side");
}

#[test]
fn a_field_can_be_filled_in_with_pypdf() {
    let pdf = render(&template(form()), &data(), OutputFormat::Pdf).bytes;
    let Some(python) = python::python("a_field_can_be_filled_in_with_pypdf") else { return };
    let file = temp_pdf(&pdf);
    assert_eq!(run_python(&python, FILL, &[file.path().as_os_str()]).trim(), "Grace Hopper");
}

fn render_error(schema: Value, data: Value) -> quire_render::RenderError {
    Engine::new(Limits::default()).render(&template(schema), &data, OutputFormat::Pdf, &NoAssets).expect_err("refused")
}

#[test]
fn a_duplicate_name_a_field_in_a_header_and_a_value_the_field_cannot_take_are_refused_with_their_path() {
    let field = |name: &str, extra: Value| {
        let mut props = json!({ "fieldType": "text", "name": name });
        props.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({ "type": "form-field", "props": props })
    };
    let twice = json!({ "components": [ field("a", json!({})), field("a", json!({})) ] });
    let err = render_error(twice, json!({}));
    assert_eq!((err.code, err.path.as_deref()), (codes::VALIDATION, Some("schema.components[1].props.name")));
    assert!(err.message.contains("already used"), "{}", err.message);

    let loop_without_index = json!({ "components": [ { "type": "loop", "props": { "items": "{{rows}}" },
        "children": [ field("qty", json!({})) ] } ] });
    let err = render_error(loop_without_index, json!({ "rows": [1, 2] }));
    assert!(err.message.contains("index"), "the message says how to name fields in a loop: {}", err.message);

    let in_header = json!({ "header": [ field("h", json!({})) ], "components": [] });
    let err = render_error(in_header, json!({}));
    assert!(err.message.contains("header or footer"), "{}", err.message);

    let long = json!({ "components": [ field("a", json!({ "maxLength": 3, "value": "{{v}}" })) ] });
    let err = render_error(long, json!({ "v": "four" }));
    assert_eq!(err.path.as_deref(), Some("schema.components[0].props.value"));

    let choice = json!({ "components": [ { "type": "form-field",
        "props": { "fieldType": "dropdown", "name": "d", "options": ["A", "B"], "value": "{{v}}" } } ] });
    let err = render_error(choice, json!({ "v": "C" }));
    assert!(err.message.contains("not one of the options"), "{}", err.message);

    let email = json!({ "components": [ field("e", json!({ "fieldType": "email", "value": "not-an-address" })) ] });
    assert!(render_error(email, json!({})).message.contains("not an email address"));
}

#[test]
fn validation_reports_bad_field_props_at_their_paths() {
    let schema = json!({ "components": [
        { "type": "form-field", "props": { "fieldType": "slider", "name": "a" } },
        { "type": "form-field", "props": { "fieldType": "text", "name": "a.b" } },
        { "type": "form-field", "props": { "fieldType": "radio", "name": "r" } },
        { "type": "form-field", "props": { "fieldType": "dropdown", "name": "d", "options": ["A", "A"] } },
        { "type": "form-field", "props": { "fieldType": "checkbox", "name": "c", "maxLength": 4 } },
        { "type": "form-field", "props": { "fieldType": "signature", "name": "s", "value": "x" } }
    ] });
    let report = validate(&schema, &json!([]));
    let has = |path: &str| report.problems.iter().any(|p| p.path == path);
    for path in [
        "schema.components[0].props.fieldType",
        "schema.components[1].props.name",
        "schema.components[2].props.options",
        "schema.components[3].props.options",
        "schema.components[4].props.maxLength",
        "schema.components[5].props.value",
    ] {
        assert!(has(path), "{path} not reported: {report}");
    }
}

#[test]
fn excel_gets_the_values_and_a_dropdown_list_and_csv_the_values() {
    let xlsx = render(&template(form()), &data(), OutputFormat::Xlsx).bytes;
    let sheets = xlsx_sheets(&xlsx);
    let cells: Vec<String> = sheets.iter().flat_map(|(_, rows)| rows.iter().flatten()).map(|c| c.to_string()).collect();
    for expected in ["Fullname", "Ada Lovelace", "36", "ada@example.com", "true", "Express", "Pro"] {
        assert!(cells.iter().any(|c| c == expected), "{expected} not in the workbook: {cells:?}");
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").expect("sheet1").read_to_string(&mut sheet).expect("xml");
    assert!(sheet.contains("<dataValidation type=\"list\""), "a dropdown becomes a validation list: {sheet}");
    assert!(sheet.contains("\"Free,Pro,Team\""), "with the dropdown's options");

    let csv = csv_records(&render(&template(form()), &data(), OutputFormat::Csv).bytes);
    assert_eq!(csv, vec![vec!["Item", "Quantity"], vec!["Paper", "3"], vec!["Ink", "1"]]);
}
