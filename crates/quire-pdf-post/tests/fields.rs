//! Form fields: read back by pikepdf and pypdf (type, name, value, options, flags, rectangle, page), filled
//! by pypdf, and the refusals of invalid fields.

mod common;

use common::{pdf_with_pages, python, run_python, temp_pdf};
use lopdf::{Document, Object};
use quire_pdf_post::{FieldKind, FieldSpec, PostError, add_fields};

fn field(name: &str, kind: FieldKind, page: usize, rect: [f64; 4]) -> FieldSpec {
    FieldSpec::new(name, kind, page, rect)
}

/// One field of each of the nine kinds over two pages, with values, flags and a maximum length.
fn every_kind() -> Vec<FieldSpec> {
    let options = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        FieldSpec {
            value: Some("Ada Lovelace".into()),
            required: true,
            max_len: Some(40),
            tooltip: Some("Customer name".into()),
            ..field("customer", FieldKind::Text, 0, [72.0, 700.0, 300.0, 720.0])
        },
        FieldSpec {
            value: Some("line one\nline two".into()),
            ..field("notes", FieldKind::Multiline, 0, [72.0, 600.0, 300.0, 660.0])
        },
        FieldSpec {
            value: Some("42.5".into()),
            read_only: true,
            ..field("amount", FieldKind::Number, 0, [72.0, 560.0, 200.0, 580.0])
        },
        FieldSpec { value: Some("2026-12-01".into()), ..field("due", FieldKind::Date, 0, [72.0, 520.0, 200.0, 540.0]) },
        FieldSpec {
            value: Some("ada@example.com".into()),
            ..field("email", FieldKind::Email, 1, [72.0, 700.0, 300.0, 720.0])
        },
        FieldSpec { value: Some("true".into()), ..field("agree", FieldKind::Checkbox, 1, [72.0, 650.0, 86.0, 664.0]) },
        FieldSpec {
            value: Some("Express".into()),
            ..field(
                "shipping",
                FieldKind::RadioGroup { options: options(&["Standard", "Express", "Pickup"]) },
                1,
                [72.0, 560.0, 86.0, 602.0],
            )
        },
        FieldSpec {
            value: Some("CHF".into()),
            ..field(
                "currency",
                FieldKind::Dropdown { options: options(&["EUR", "CHF", "USD"]) },
                1,
                [72.0, 520.0, 160.0, 540.0],
            )
        },
        field("signature", FieldKind::Signature, 1, [72.0, 400.0, 272.0, 450.0]),
    ]
}

const READ_BACK: &str = r#"
import sys, json, pikepdf
pdf = pikepdf.open(sys.argv[1])
form = pdf.Root.AcroForm
pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
annots = {i: [a.objgen for a in p.get('/Annots', [])] for i, p in enumerate(pdf.pages)}
out = {'NeedAppearances': bool(form.NeedAppearances), 'Helv': str(form.DR.Font.Helv.BaseFont), 'fields': {}}
for f in form.Fields:
    d = {'FT': str(f.FT), 'Ff': int(f.get('/Ff', 0))}
    v = f.get('/V')
    d['V'] = None if v is None else str(v)
    if '/Opt' in f: d['Opt'] = [str(o) for o in f.Opt]
    if '/MaxLen' in f: d['MaxLen'] = int(f.MaxLen)
    if '/TU' in f: d['TU'] = str(f.TU)
    d['widgets'] = []
    for w in (f.Kids if '/Kids' in f else [f]):
        page = pages[w.P.objgen]
        n = w.AP.N
        d['widgets'].append({
            'page': page,
            'in_annots': w.objgen in annots[page],
            'rect': [round(float(x), 2) for x in w.Rect],
            'ap': 'stream' if isinstance(n, pikepdf.Stream) else sorted(str(k) for k in n.keys()),
            'AS': str(w['/AS']) if '/AS' in w else None,
        })
    out['fields'][str(f.T)] = d
print(json.dumps(out))
"#;

#[test]
fn pikepdf_reads_every_field_back() {
    let Some(python) = python("pikepdf_reads_every_field_back") else { return };
    let pdf = add_fields(&pdf_with_pages(&["one", "two"]), &every_kind()).expect("fields added");
    let file = temp_pdf(&pdf);
    let out = run_python(&python, READ_BACK, &[file.path().as_os_str()]);
    let expect = |needle: &str| assert!(out.contains(needle), "{needle} missing from\n{out}");
    expect(r#""NeedAppearances": false, "Helv": "/Helvetica""#);
    expect(
        r#""customer": {"FT": "/Tx", "Ff": 2, "V": "Ada Lovelace", "MaxLen": 40, "TU": "Customer name", "widgets": [{"page": 0, "in_annots": true, "rect": [72.0, 700.0, 300.0, 720.0], "ap": "stream", "AS": null}]}"#,
    );
    expect(r#""notes": {"FT": "/Tx", "Ff": 4096, "V": "line one\nline two""#);
    expect(r#""amount": {"FT": "/Tx", "Ff": 1, "V": "42.5""#);
    expect(r#""due": {"FT": "/Tx", "Ff": 0, "V": "2026-12-01""#);
    expect(r#""email": {"FT": "/Tx", "Ff": 0, "V": "ada@example.com", "widgets": [{"page": 1, "in_annots": true"#);
    expect(
        r#""agree": {"FT": "/Btn", "Ff": 0, "V": "/On", "widgets": [{"page": 1, "in_annots": true, "rect": [72.0, 650.0, 86.0, 664.0], "ap": ["/Off", "/On"], "AS": "/On"}]}"#,
    );
    expect(
        r#""shipping": {"FT": "/Btn", "Ff": 49152, "V": "/Express", "widgets": [{"page": 1, "in_annots": true, "rect": [72.0, 588.0, 86.0, 602.0], "ap": ["/Off", "/Standard"], "AS": "/Off"}, {"page": 1, "in_annots": true, "rect": [72.0, 574.0, 86.0, 588.0], "ap": ["/Express", "/Off"], "AS": "/Express"}, {"page": 1, "in_annots": true, "rect": [72.0, 560.0, 86.0, 574.0], "ap": ["/Off", "/Pickup"], "AS": "/Off"}]}"#,
    );
    expect(r#""currency": {"FT": "/Ch", "Ff": 131072, "V": "CHF", "Opt": ["EUR", "CHF", "USD"]"#);
    expect(
        r#""signature": {"FT": "/Sig", "Ff": 0, "V": null, "widgets": [{"page": 1, "in_annots": true, "rect": [72.0, 400.0, 272.0, 450.0], "ap": "stream""#,
    );
}

const FILL: &str = r#"
import sys
from pypdf import PdfReader, PdfWriter
fields = PdfReader(sys.argv[1]).get_fields()
print(sorted(fields))
print(fields['currency'].get('/V'), fields['agree'].get('/V'), fields['shipping'].get('/V'))
writer = PdfWriter(clone_from=sys.argv[1])
writer.update_page_form_field_values(writer.pages[0], {'customer': 'Grace Hopper'}, auto_regenerate=False)
writer.write(sys.argv[2])
print(PdfReader(sys.argv[2]).get_fields()['customer'].get('/V'))
"#;

#[test]
fn pypdf_reads_the_values_and_fills_a_text_field() {
    let Some(python) = python("pypdf_reads_the_values_and_fills_a_text_field") else { return };
    let pdf = add_fields(&pdf_with_pages(&["one", "two"]), &every_kind()).expect("fields added");
    let input = temp_pdf(&pdf);
    let output = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    let out = run_python(&python, FILL, &[input.path().as_os_str(), output.path().as_os_str()]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "['agree', 'amount', 'currency', 'customer', 'due', 'email', 'notes', 'shipping', 'signature']",
            "CHF /On /Express",
            "Grace Hopper",
        ],
        "{out}"
    );
}

#[test]
fn every_widget_has_its_own_appearance() {
    let pdf = add_fields(&pdf_with_pages(&["one", "two"]), &every_kind()).expect("fields added");
    let doc = Document::load_mem(&pdf).expect("loads");
    let mut widgets = 0;
    for page in doc.get_pages().into_values() {
        for annot in doc.get_page_annotations(page).expect("annotations") {
            let ap = annot.get(b"AP").and_then(Object::as_dict).expect("every widget has /AP");
            assert!(ap.has(b"N"), "{annot:?}");
            widgets += 1;
        }
    }
    assert_eq!(widgets, 11, "nine fields, the radio group with three widgets");
}

#[test]
fn text_appearance_shows_the_value() {
    let spec = FieldSpec { value: Some("Ada".into()), ..field("name", FieldKind::Text, 0, [10.0, 10.0, 110.0, 30.0]) };
    let pdf = add_fields(&pdf_with_pages(&["one"]), &[spec]).expect("fields added");
    let doc = Document::load_mem(&pdf).expect("loads");
    let page = *doc.get_pages().values().next().expect("a page");
    let annot = doc.get_page_annotations(page).expect("annotations")[0].clone();
    let normal = annot.get(b"AP").and_then(Object::as_dict).and_then(|ap| ap.get(b"N")).expect("/N");
    let stream = doc.get_object(normal.as_reference().expect("ref")).and_then(Object::as_stream).expect("stream");
    let content = String::from_utf8_lossy(&stream.content).into_owned();
    assert!(content.contains("(Ada) Tj") && content.contains("/Helv"), "{content}");
}

fn refusal(fields: &[FieldSpec]) -> String {
    match add_fields(&pdf_with_pages(&["one", "two"]), fields) {
        Err(err @ PostError::Field { .. }) => err.to_string(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn duplicate_field_names_are_refused() {
    let a = field("total", FieldKind::Text, 0, [10.0, 10.0, 50.0, 30.0]);
    let b = field("total", FieldKind::Number, 1, [10.0, 10.0, 50.0, 30.0]);
    assert_eq!(refusal(&[a, b]), "form field \"total\": duplicate field name; names must be unique in the document");
}

#[test]
fn a_name_already_in_the_document_is_refused() {
    let a = field("total", FieldKind::Text, 0, [10.0, 10.0, 50.0, 30.0]);
    let once = add_fields(&pdf_with_pages(&["one"]), std::slice::from_ref(&a)).expect("first time");
    let err = add_fields(&once, &[a]).expect_err("second time refused");
    assert!(err.to_string().contains("duplicate field name"), "{err}");
}

#[test]
fn dotted_names_are_refused() {
    let spec = field("address.city", FieldKind::Text, 0, [10.0, 10.0, 50.0, 30.0]);
    assert!(refusal(&[spec]).contains("contains '.'"));
}

#[test]
fn a_page_past_the_end_is_refused() {
    let spec = field("late", FieldKind::Text, 2, [10.0, 10.0, 50.0, 30.0]);
    assert_eq!(refusal(&[spec]), "form field \"late\": page 2 does not exist (the document has 2)");
}

#[test]
fn an_inverted_rectangle_is_refused() {
    let spec = field("flat", FieldKind::Text, 0, [50.0, 10.0, 10.0, 30.0]);
    assert!(refusal(&[spec]).contains("rectangle"));
}

#[test]
fn a_value_outside_the_options_is_refused() {
    let kind = FieldKind::Dropdown { options: vec!["EUR".into(), "CHF".into()] };
    let spec = FieldSpec { value: Some("GBP".into()), ..field("currency", kind, 0, [10.0, 10.0, 50.0, 30.0]) };
    assert!(refusal(&[spec]).contains("not one of the options"));
}

#[test]
fn a_check_box_value_must_be_true_or_false() {
    let spec =
        FieldSpec { value: Some("maybe".into()), ..field("ok", FieldKind::Checkbox, 0, [10.0, 10.0, 24.0, 24.0]) };
    assert!(refusal(&[spec]).contains("true or false"));
}

#[test]
fn a_value_longer_than_max_len_is_refused() {
    let spec = FieldSpec {
        value: Some("toolong".into()),
        max_len: Some(3),
        ..field("code", FieldKind::Text, 0, [10.0, 10.0, 50.0, 30.0])
    };
    assert!(refusal(&[spec]).contains("maximum length 3"));
}

#[test]
fn a_number_field_with_text_is_refused() {
    let spec =
        FieldSpec { value: Some("twelve".into()), ..field("qty", FieldKind::Number, 0, [10.0, 10.0, 50.0, 30.0]) };
    assert!(refusal(&[spec]).contains("not a number"));
}

#[test]
fn non_ascii_values_read_back_as_text() {
    let Some(python) = python("non_ascii_values_read_back_as_text") else { return };
    let spec = FieldSpec {
        value: Some("Zürich – 5 €".into()),
        tooltip: Some("Ort / 場所".into()),
        ..field("city", FieldKind::Text, 0, [10.0, 10.0, 210.0, 30.0])
    };
    let pdf = add_fields(&pdf_with_pages(&["one"]), &[spec]).expect("fields added");
    let file = temp_pdf(&pdf);
    let script =
        "import sys, pypdf; f = pypdf.PdfReader(sys.argv[1]).get_fields()['city']; print(f['/V']); print(f['/TU'])";
    assert_eq!(run_python(&python, script, &[file.path().as_os_str()]), "Zürich – 5 €\nOrt / 場所\n");
}
