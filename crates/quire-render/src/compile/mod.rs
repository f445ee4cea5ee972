//! Compilation: a template's JSON checked in full (every problem with its path) and turned into typed,
//! parsed nodes that the resolver evaluates against variables.

mod chart;
mod codes;
mod components;
mod data_components;
mod einvoice;
mod form_field;
mod metadata;
mod node;
mod page;
mod pdf_options;
mod pdf_post_options;
mod props;
mod standard_checks;
mod table;
mod value_format;

pub(crate) use chart::{ChartKind, ChartSpec, LegendPosition};
pub(crate) use codes::{CodeSpec, FormulaSpec, SvgSpec, check_formula};
pub(crate) use einvoice::EInvoiceSpec;
pub(crate) use form_field::{FieldOptions, FieldType, FormFieldSpec, field_name_problem, option_text, options_problem};
pub(crate) use metadata::MetadataSpec;
pub(crate) use node::{
    ColumnType, DataColumn, ImageFit, ListItems, Node, NodeKind, PairLayout, PairSource, TableBody, TableSpec,
    TextSpec, ValueExpr, eval_options,
};
pub(crate) use page::{PageSetup, Watermark};
pub use pdf_options::{AttachmentSource, AttachmentSpec, PdfStandard, Relationship};
pub use pdf_post_options::{
    MAX_MERGED_FILES, MAX_PASSWORD_BYTES, MergedAsset, PdfPasswords, PermissionSet, Secret, SignSpec, VisibleSignature,
};
pub(crate) use value_format::ValueFormat;

use serde_json::Value;

use self::components::{Place, compile_list};
use crate::model::{Component, Schema, TemplateDoc, VariableDef, parse_schema, parse_variables};
use crate::report::{JsonPath, ValidationReport};

/// One page definition, compiled.
#[derive(Debug, Clone)]
pub(crate) struct CompiledPage {
    pub name: Option<String>,
    pub setup: PageSetup,
    pub header: Vec<Node>,
    pub body: Vec<Node>,
    pub footer: Vec<Node>,
}

/// A whole template, compiled.
#[derive(Debug, Clone)]
pub(crate) struct CompiledTemplate {
    pub pages: Vec<CompiledPage>,
    pub metadata: MetadataSpec,
    /// `schema.eInvoice`: the e-invoice embedded in the PDF (Factur-X) or answered as `xml`.
    pub e_invoice: Option<EInvoiceSpec>,
}

/// Check the schema and variables JSON of a template and report every problem with its JSON path
/// (e.g. `schema.components[3].props.items`). An empty report means the template is valid.
pub fn validate(schema: &Value, variables: &Value) -> ValidationReport {
    let mut report = ValidationReport::default();
    let defs = parse_variables(variables, &mut report);
    check_variable_defs(&defs, variables, &mut report);
    if let Some(schema) = parse_schema(schema, "schema", &mut report) {
        compile_schema(&schema, &mut report);
    }
    report
}

/// Checks a request's `pdf` options (API.md §12) on their own, with paths under `pdf`. What the options need of
/// the template (a title under PDF/UA) is checked once they are merged into it ([`with_pdf_options`]).
pub fn validate_pdf_options(pdf: &Value) -> ValidationReport {
    let mut report = ValidationReport::default();
    let root = JsonPath::root("pdf");
    let spec = metadata::metadata_spec(Some(pdf), &root, metadata::OptionsOf::Request, &mut report);
    let password = |key: &str| pdf.get(key).and_then(Value::as_str);
    if let (Some(user), Some(owner)) = (password("userPassword"), password("ownerPassword"))
        && !user.is_empty()
        && user == owner
    {
        report.push("pdf.ownerPassword", "the owner password must differ from the user password");
    }
    let encrypted =
        spec.permissions.is_some() || password("userPassword").is_some() || password("ownerPassword").is_some();
    metadata::check_protection(&spec, encrypted, &root, &mut report);
    metadata::check_merging(&spec, &root, &mut report);
    report
}

/// What a request's passwords (taken out of its `pdf` with [`PdfPasswords::take_from`]) need of the template's
/// merged `schema.pdf`: no PDF/A standard and no signature, as encryption excludes both. Paths under `pdf`.
pub fn check_pdf_passwords(schema: &Value, passwords: &PdfPasswords) -> ValidationReport {
    let mut report = ValidationReport::default();
    if passwords.is_empty() {
        return report;
    }
    let mut scratch = ValidationReport::default();
    let spec =
        metadata::metadata_spec(schema.get("pdf"), &JsonPath::root("pdf"), metadata::OptionsOf::Template, &mut scratch);
    let unpermissioned = metadata::MetadataSpec { permissions: None, ..spec };
    metadata::check_protection(&unpermissioned, true, &JsonPath::root("pdf"), &mut report);
    report
}

/// A template snapshot (`{schema, variables}`) with a request's `pdf` options over the template's own
/// `schema.pdf`, field by field.
pub fn with_pdf_options(snapshot: &mut Value, pdf: &Value) {
    let (Some(schema), Some(options)) = (snapshot.get_mut("schema").and_then(Value::as_object_mut), pdf.as_object())
    else {
        return;
    };
    let merged = schema.entry("pdf").or_insert_with(|| Value::Object(Default::default()));
    if !merged.is_object() {
        *merged = Value::Object(Default::default());
    }
    if let Some(merged) = merged.as_object_mut() {
        for (key, value) in options {
            merged.insert(key.clone(), value.clone());
        }
    }
}

/// Compile a template (already structurally parsed).
pub(crate) fn compile(doc: &TemplateDoc) -> Result<CompiledTemplate, ValidationReport> {
    let mut report = ValidationReport::default();
    let compiled = compile_schema(&doc.schema, &mut report);
    if report.is_valid() { Ok(compiled) } else { Err(report) }
}

fn compile_schema(schema: &Schema, report: &mut ValidationReport) -> CompiledTemplate {
    let root = JsonPath::root("schema");
    for (i, format) in schema.output_formats.iter().enumerate() {
        if format.parse::<crate::OutputFormat>().is_err() {
            report.push(root.field("outputFormats").index(i).as_str(), format!("unknown output format {format:?}"));
        }
    }
    let pages = match &schema.pages {
        Some(pages) => {
            let base = schema.page.as_ref();
            pages
                .iter()
                .enumerate()
                .map(|(i, page)| {
                    let path = root.field("pages").index(i);
                    let settings = page::merge(base, page.settings.as_ref());
                    let setup = page::page_setup(&settings, &path.field("settings"), report);
                    let mut compiled =
                        CompiledPage { name: page.name.clone(), setup, header: vec![], body: vec![], footer: vec![] };
                    for (s, section) in page.sections.iter().enumerate() {
                        let section_path = path.field("sections").index(s);
                        let nodes = compile_flow(&section.components, &section_path.field("components"), report);
                        match section.kind.as_str() {
                            "header" => compiled.header.extend(nodes),
                            "body" | "content" => compiled.body.extend(nodes),
                            "footer" => compiled.footer.extend(nodes),
                            other => report.push(
                                section_path.field("type").as_str(),
                                format!("unknown section type {other:?}; expected header, body or footer"),
                            ),
                        }
                    }
                    compiled
                })
                .collect()
        }
        None => {
            let settings = page::merge(None, Some(&schema.settings));
            let setup = page::page_setup(&settings, &root, report);
            vec![CompiledPage {
                name: None,
                setup,
                header: compile_flow(&schema.header, &root.field("header"), report),
                body: compile_flow(&schema.components, &root.field("components"), report),
                footer: compile_flow(&schema.footer, &root.field("footer"), report),
            }]
        }
    };
    let metadata =
        metadata::metadata_spec(schema.pdf.as_ref(), &root.field("pdf"), metadata::OptionsOf::Template, report);
    metadata::check_standards(&metadata, &root.field("pdf"), report);
    standard_checks::check_accessible(&metadata.standards, &pages, report);
    let e_invoice =
        schema.e_invoice.as_ref().and_then(|value| einvoice::einvoice_spec(value, &root.field("eInvoice"), report));
    if e_invoice.is_some() {
        metadata::check_einvoice_standards(&metadata, &root.field("pdf"), report);
    }
    CompiledTemplate { pages, metadata, e_invoice }
}

fn compile_flow(components: &[Component], path: &JsonPath, report: &mut ValidationReport) -> Vec<Node> {
    compile_list(components, path, Place::Flow, 1, report)
}

/// Duplicate names and defaults that do not match their declared type.
fn check_variable_defs(defs: &[VariableDef], raw: &Value, report: &mut ValidationReport) {
    let raw_items = raw.as_array();
    for (i, def) in defs.iter().enumerate() {
        // Index into the raw array: definitions that failed to parse were skipped.
        let index = raw_items
            .and_then(|items| items.iter().position(|item| item.get("name").and_then(Value::as_str) == Some(&def.name)))
            .unwrap_or(i);
        let path = JsonPath::root("variables").index(index);
        if def.name.trim().is_empty() {
            report.push(path.field("name").as_str(), "variable name must not be empty");
        }
        if defs[..i].iter().any(|other| other.name == def.name) {
            report.push(path.field("name").as_str(), format!("variable {:?} is defined twice", def.name));
        }
        if let Some(Err(message)) = def.default_value.as_ref().map(|default| crate::variables::check_type(def, default))
        {
            report.push(path.field("defaultValue").as_str(), message);
        }
    }
}

/// Deepest nesting of components in a schema (for `ERR_LIMIT_008`).
pub(crate) fn nesting_depth(schema: &Schema) -> usize {
    fn depth(components: &[Component]) -> usize {
        components.iter().map(|c| 1 + depth(&c.children).max(depth(&c.else_children))).max().unwrap_or(0)
    }
    let mut deepest = depth(&schema.components).max(depth(&schema.header)).max(depth(&schema.footer));
    for page in schema.pages.iter().flatten() {
        for section in &page.sections {
            deepest = deepest.max(depth(&section.components));
        }
    }
    deepest
}
