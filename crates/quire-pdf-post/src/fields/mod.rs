//! Interactive form fields: an AcroForm with one widget annotation per field (per option for radio
//! groups), each with its own appearance streams and `/NeedAppearances false`, so every viewer shows them.

mod acroform;
mod appearance;
mod spec;
pub(crate) mod text_metrics;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

pub(crate) use acroform::existing_names;
pub use spec::{FieldKind, FieldSpec, radio_option_rects};

use crate::PostError;
use crate::document::{load, save};
use spec::{checkbox_state, invalid};

/// Field flags (`/Ff`), ISO 32000-2 tables 227, 229, 231 and 233.
const READ_ONLY: i64 = 1;
const REQUIRED: i64 = 1 << 1;
const MULTILINE: i64 = 1 << 12;
const NO_TOGGLE_TO_OFF: i64 = 1 << 14;
const RADIO: i64 = 1 << 15;
const COMBO: i64 = 1 << 17;
/// Annotation flag Print: widgets print as they show.
const PRINT: i64 = 4;
/// The appearance state of a checked check box.
const ON: &[u8] = b"On";
const OFF: &[u8] = b"Off";

/// Adds `fields` to the PDF's AcroForm (created if absent, existing fields kept). Every field is checked
/// first (unique names without `.`, existing page, sane rectangle, value fitting the kind), so an invalid
/// field means nothing is written.
pub fn add_fields(pdf: &[u8], fields: &[FieldSpec]) -> Result<Vec<u8>, PostError> {
    let mut doc = load(pdf, "input")?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    spec::validate(fields, &acroform::existing_names(&doc), pages.len())?;
    if fields.is_empty() {
        return save(doc);
    }
    let (form_id, font_id) = acroform::prepare(&mut doc, "input")?;
    for spec in fields {
        let page = pages[spec.page];
        let field = match &spec.kind {
            FieldKind::RadioGroup { options } => add_radio_group(&mut doc, spec, options, page)?,
            _ => {
                let dict = single_widget_field(&mut doc, spec, page, font_id)?;
                let id = doc.add_object(Object::Dictionary(dict));
                acroform::annotate_page(&mut doc, page, id)?;
                id
            }
        };
        acroform::register_field(&mut doc, form_id, field)?;
    }
    save(doc)
}

/// A field that is its own widget: every kind but radio groups.
fn single_widget_field(
    doc: &mut Document,
    spec: &FieldSpec,
    page: ObjectId,
    font: ObjectId,
) -> Result<Dictionary, PostError> {
    let [left, bottom, right, top] = spec.rect;
    let (w, h) = (right - left, top - bottom);
    let multiline = spec.kind == FieldKind::Multiline;
    let font_size = spec.font_size.unwrap_or_else(|| appearance::auto_font_size(h, multiline));
    let value = spec.value.as_deref().unwrap_or("");
    let mut dict = widget(spec.rect, page);
    dict.set("T", text_string(&spec.name));
    if let Some(tooltip) = &spec.tooltip {
        dict.set("TU", text_string(tooltip));
    }
    let mut flags = common_flags(spec);
    let normal = match &spec.kind {
        FieldKind::Checkbox => {
            let state = if checkbox_state(spec)? { ON } else { OFF };
            dict.set("FT", name(b"Btn"));
            dict.set("V", name(state));
            dict.set("AS", name(state));
            let on = doc.add_object(form_xobject(w, h, appearance::checkbox(w, h, true), None));
            let off = doc.add_object(form_xobject(w, h, appearance::checkbox(w, h, false), None));
            let mut states = Dictionary::new();
            states.set(ON, Object::Reference(on));
            states.set(OFF, Object::Reference(off));
            Object::Dictionary(states)
        }
        FieldKind::Signature => {
            dict.set("FT", name(b"Sig"));
            Object::Reference(doc.add_object(form_xobject(w, h, appearance::empty_box(w, h), None)))
        }
        FieldKind::Dropdown { options } => {
            dict.set("FT", name(b"Ch"));
            flags |= COMBO;
            dict.set("Opt", Object::Array(options.iter().map(|option| text_string(option)).collect()));
            if let Some(index) = options.iter().position(|option| option == value) {
                dict.set("V", text_string(value));
                dict.set("I", Object::Array(vec![Object::Integer(i64::try_from(index).unwrap_or(0))]));
            }
            dict.set("DA", default_appearance(font_size));
            let content = appearance::text(w, h, value, font_size, false);
            Object::Reference(doc.add_object(form_xobject(w, h, content, Some(font))))
        }
        FieldKind::RadioGroup { .. } => return Err(invalid(spec, "a radio group has one widget per option")),
        FieldKind::Text | FieldKind::Multiline | FieldKind::Number | FieldKind::Date | FieldKind::Email => {
            dict.set("FT", name(b"Tx"));
            if multiline {
                flags |= MULTILINE;
            }
            if spec.value.is_some() {
                dict.set("V", text_string(value));
            }
            if let Some(max) = spec.max_len {
                dict.set("MaxLen", Object::Integer(i64::from(max)));
            }
            dict.set("DA", default_appearance(font_size));
            let content = appearance::text(w, h, value, font_size, multiline);
            Object::Reference(doc.add_object(form_xobject(w, h, content, Some(font))))
        }
    };
    if flags != 0 {
        dict.set("Ff", Object::Integer(flags));
    }
    let mut ap = Dictionary::new();
    ap.set("N", normal);
    dict.set("AP", Object::Dictionary(ap));
    Ok(dict)
}

/// A radio group: the parent field holds the name, flags and value, each option is a kid widget whose
/// on-state is named after the option. Returns the parent's id.
fn add_radio_group(
    doc: &mut Document,
    spec: &FieldSpec,
    options: &[String],
    page: ObjectId,
) -> Result<ObjectId, PostError> {
    let selected = spec.value.as_deref().filter(|value| !value.is_empty());
    let parent_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (option, rect) in options.iter().zip(radio_option_rects(spec.rect, options.len())) {
        let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
        let on = doc.add_object(form_xobject(w, h, appearance::radio(w, h, true), None));
        let off = doc.add_object(form_xobject(w, h, appearance::radio(w, h, false), None));
        let mut states = Dictionary::new();
        states.set(option.as_bytes(), Object::Reference(on));
        states.set(OFF, Object::Reference(off));
        let mut ap = Dictionary::new();
        ap.set("N", Object::Dictionary(states));
        let mut kid = widget(rect, page);
        kid.set("Parent", Object::Reference(parent_id));
        let state = if selected == Some(option.as_str()) { option.as_bytes() } else { OFF };
        kid.set("AS", name(state));
        kid.set("AP", Object::Dictionary(ap));
        let kid_id = doc.add_object(Object::Dictionary(kid));
        acroform::annotate_page(doc, page, kid_id)?;
        kids.push(Object::Reference(kid_id));
    }
    let mut parent = Dictionary::new();
    parent.set("FT", name(b"Btn"));
    parent.set("T", text_string(&spec.name));
    if let Some(tooltip) = &spec.tooltip {
        parent.set("TU", text_string(tooltip));
    }
    parent.set("Ff", Object::Integer(common_flags(spec) | RADIO | NO_TOGGLE_TO_OFF));
    parent.set("V", name(selected.map_or(OFF, str::as_bytes)));
    parent.set("Kids", Object::Array(kids));
    doc.objects.insert(parent_id, Object::Dictionary(parent));
    Ok(parent_id)
}

/// The annotation half of a widget: printable, on `page`, at `rect`, white with a grey border.
fn widget(rect: [f64; 4], page: ObjectId) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", name(b"Annot"));
    dict.set("Subtype", name(b"Widget"));
    dict.set("Rect", Object::Array(rect.iter().map(|&v| Object::Real(v as f32)).collect()));
    dict.set("P", Object::Reference(page));
    dict.set("F", Object::Integer(PRINT));
    let mut mk = Dictionary::new();
    mk.set("BG", Object::Array(vec![Object::Integer(1); 3]));
    mk.set("BC", Object::Array(vec![Object::Real(0.6); 3]));
    dict.set("MK", Object::Dictionary(mk));
    dict
}

fn common_flags(spec: &FieldSpec) -> i64 {
    (if spec.read_only { READ_ONLY } else { 0 }) | (if spec.required { REQUIRED } else { 0 })
}

/// An appearance stream: a form XObject of the widget's size, with Helvetica when it shows text.
fn form_xobject(w: f64, h: f64, content: Vec<u8>, font: Option<ObjectId>) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", name(b"XObject"));
    dict.set("Subtype", name(b"Form"));
    dict.set(
        "BBox",
        Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Real(w as f32), Object::Real(h as f32)]),
    );
    let mut resources = Dictionary::new();
    if let Some(font) = font {
        let mut fonts = Dictionary::new();
        fonts.set(acroform::FONT_NAME, Object::Reference(font));
        resources.set("Font", Object::Dictionary(fonts));
    }
    dict.set("Resources", Object::Dictionary(resources));
    Stream::new(dict, content)
}

fn default_appearance(font_size: f64) -> Object {
    Object::string_literal(format!("/Helv {} Tf 0 g", (font_size * 100.0).round() / 100.0))
}

fn name(bytes: &[u8]) -> Object {
    Object::Name(bytes.to_vec())
}

/// A PDF text string: literal for printable ASCII, UTF-16BE with a byte-order mark otherwise.
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
