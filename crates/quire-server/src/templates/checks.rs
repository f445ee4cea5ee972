//! Checking template input: field rules (name, slug, type, description) answer `ERR_VALID_001`; the
//! engine's validation of schema and variables answers `422 ERR_TMPL_003` with every problem's path;
//! and the output formats a template offers follow from its type, narrowed by the schema.

use quire_core::{ApiError, ErrorCode, FieldError};
use quire_render::{OutputFormat, Problem};
use serde_json::{Value, json};

use crate::http::HttpError;

/// Longest template name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 100;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// At most this many problems are listed in an `ERR_TMPL_003` answer (the count says how many in all).
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// A template's `type`: which family of outputs it is designed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateType {
    /// PDF only.
    Pdf,
    /// Spreadsheets: xlsx and csv.
    Excel,
    /// PDF, xlsx and csv.
    Both,
}

impl TemplateType {
    /// From the wire name (`pdf`, `excel`, `both`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pdf" => Some(Self::Pdf),
            "excel" => Some(Self::Excel),
            "both" => Some(Self::Both),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Excel => "excel",
            Self::Both => "both",
        }
    }

    /// The formats this type offers before the schema narrows them.
    pub fn formats(self) -> &'static [OutputFormat] {
        match self {
            Self::Pdf => &[OutputFormat::Pdf],
            Self::Excel => &[OutputFormat::Xlsx, OutputFormat::Csv],
            Self::Both => &[OutputFormat::Pdf, OutputFormat::Xlsx, OutputFormat::Csv],
        }
    }
}

/// Stored format names as [`OutputFormat`]s (unknown names skipped, duplicates dropped).
pub fn parse_formats(names: &[String]) -> Vec<OutputFormat> {
    let mut formats: Vec<OutputFormat> = Vec::new();
    for format in names.iter().filter_map(|n| n.parse::<OutputFormat>().ok()) {
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    formats
}

/// Format names for storage and the wire.
pub fn format_names(formats: &[OutputFormat]) -> Vec<String> {
    formats.iter().map(|f| f.as_str().to_string()).collect()
}

/// A trimmed name of 1 to [`MAX_NAME_CHARS`] characters.
pub fn check_name(name: &str, errors: &mut Vec<FieldError>) -> String {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new("name", format!("must have 1 to {MAX_NAME_CHARS} characters")));
    }
    name.to_string()
}

/// A slug: lower-case letters, digits and single hyphens inside, at most [`MAX_SLUG_CHARS`]. Without
/// underscores a slug can never look like an id (`tmpl_…`) or a shortId (`atpl_…`).
pub fn check_slug(slug: &str, errors: &mut Vec<FieldError>) -> String {
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG_CHARS
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !well_formed {
        errors.push(FieldError::new(
            "slug",
            format!(
                "must be 1 to {MAX_SLUG_CHARS} lower-case letters, digits and single hyphens, \
                 starting and ending with a letter or digit (e.g. \"monthly-invoice\")"
            ),
        ));
    }
    slug.to_string()
}

/// A trimmed description of at most [`MAX_DESCRIPTION_CHARS`]; empty means none.
pub fn check_description(text: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.push(FieldError::new("description", format!("must have at most {MAX_DESCRIPTION_CHARS} characters")));
    }
    (!text.is_empty()).then(|| text.to_string())
}

/// The template type, or a field error naming the accepted values.
pub fn check_type(text: &str, errors: &mut Vec<FieldError>) -> TemplateType {
    TemplateType::parse(text).unwrap_or_else(|| {
        errors.push(FieldError::new("type", format!("must be one of pdf, excel, both (got {text:?})")));
        TemplateType::Pdf
    })
}

/// The type a template without `type` has: what its `schema.outputFormats` lists (`pdf` alone → `pdf`, only
/// spreadsheet formats → `excel`, both kinds → `both`), or `pdf` when the schema lists no known format.
pub fn infer_type(schema: &Value) -> TemplateType {
    let listed: Vec<OutputFormat> = schema
        .get("outputFormats")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(|n| n.as_str()?.parse().ok()).collect())
        .unwrap_or_default();
    let pdf = listed.contains(&OutputFormat::Pdf);
    let sheets = listed.iter().any(|f| matches!(f, OutputFormat::Xlsx | OutputFormat::Csv));
    match (pdf, sheets) {
        (true, true) => TemplateType::Both,
        (false, true) => TemplateType::Excel,
        _ => TemplateType::Pdf,
    }
}

/// `ERR_VALID_001` naming every collected field error, if any.
pub fn fail_if_any(errors: Vec<FieldError>) -> Result<(), HttpError> {
    if errors.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(errors))) }
}

/// Every problem of a design: the engine's validation of `schema` and `variables` plus formats the
/// schema asks for that the type does not offer. Also returns the formats the template offers: the
/// type's formats, narrowed to those the schema's own `outputFormats` lists when it lists any.
pub fn design_problems(kind: TemplateType, schema: &Value, variables: &Value) -> (Vec<Problem>, Vec<OutputFormat>) {
    let mut problems = quire_render::validate(schema, variables).problems;
    let listed: Vec<(usize, OutputFormat)> = schema
        .get("outputFormats")
        .and_then(Value::as_array)
        .map(|names| {
            names.iter().enumerate().filter_map(|(i, n)| Some((i, n.as_str()?.parse::<OutputFormat>().ok()?))).collect()
        })
        .unwrap_or_default();
    let e_invoice = schema.get("eInvoice").is_some();
    for (i, format) in &listed {
        let xml_of_einvoice = *format == OutputFormat::Xml && e_invoice && kind.formats().contains(&OutputFormat::Pdf);
        if !kind.formats().contains(format) && !xml_of_einvoice {
            problems.push(Problem {
                path: format!("schema.outputFormats[{i}]"),
                message: format!(
                    "format {format} is not offered by a template of type {}; use type \"both\" or remove it",
                    kind.as_str()
                ),
            });
        }
    }
    let mut offered: Vec<OutputFormat> = if listed.is_empty() {
        kind.formats().to_vec()
    } else {
        kind.formats().iter().copied().filter(|f| listed.iter().any(|(_, l)| l == f)).collect()
    };
    // A template that makes an e-invoice also answers its XML alone.
    let xml_listed = listed.is_empty() || listed.iter().any(|(_, f)| *f == OutputFormat::Xml);
    if e_invoice && xml_listed && kind.formats().contains(&OutputFormat::Pdf) && !offered.contains(&OutputFormat::Xml) {
        offered.push(OutputFormat::Xml);
    }
    (problems, offered)
}

/// Validates a design for storage: the offered formats, or `422 ERR_TMPL_003` listing every problem.
pub fn check_design(kind: TemplateType, schema: &Value, variables: &Value) -> Result<Vec<OutputFormat>, HttpError> {
    let (problems, offered) = design_problems(kind, schema, variables);
    if problems.is_empty() { Ok(offered) } else { Err(invalid_template(&problems)) }
}

/// `422 ERR_TMPL_003` with `relatedInfo.errors: [{path, field, message}]` (`field` repeats `path`, the
/// name other validation errors use).
pub fn invalid_template(problems: &[Problem]) -> HttpError {
    let message = match problems {
        [one] => format!("Template is invalid: {}: {}", one.path, one.message),
        [first, ..] => {
            format!("Template is invalid: {} problems, first {}: {}", problems.len(), first.path, first.message)
        }
        [] => ErrorCode::TemplateInvalid.default_message().to_string(),
    };
    HttpError(
        ApiError::with_message(ErrorCode::TemplateInvalid, message)
            .related(json!({ "errors": problem_list(problems), "totalErrors": problems.len() })),
    )
}

/// Problems as `[{path, field, message}]`, at most [`MAX_LISTED_PROBLEMS`].
pub fn problem_list(problems: &[Problem]) -> Vec<Value> {
    problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| json!({ "path": p.path, "field": p.path, "message": p.message }))
        .collect()
}
