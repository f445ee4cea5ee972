//! Everything checked before a job is queued: environment, template and version, format, variables,
//! filename, metadata and sizes. Shared by generate, batch and the synchronous render.

use std::str::FromStr;

use quire_core::role::Action;
use quire_core::{ApiError, ErrorCode, FieldError, Scope};
use quire_render::{
    OutputFormat, PdfPasswords, TemplateDoc, check_pdf_passwords, check_variables, validate_pdf_options,
    with_pdf_options,
};
use quire_store::TemplateRecord;
use serde_json::{Value, json};

use crate::auth::access::EnvironmentContext;
use crate::auth::{Caller, authorize_environment};
use crate::http::HttpError;
use crate::state::AppState;

/// Largest `metadata`, serialised.
pub const MAX_METADATA_BYTES: usize = 10 * 1024;
/// Largest `variables` of one document, serialised.
pub const MAX_VARIABLES_BYTES: usize = 1024 * 1024;
/// Largest `variables` of one document in a batch.
pub const MAX_BATCH_VARIABLES_BYTES: usize = 100 * 1024;
/// Longest `filename`.
pub const MAX_FILENAME_CHARS: usize = 200;

/// A template ready to render: the version chosen and its content.
#[derive(Debug, Clone)]
pub struct PreparedTemplate {
    pub environment: EnvironmentContext,
    pub record: TemplateRecord,
    /// `None`: the draft.
    pub version: Option<i64>,
    /// `{schema, variables}` as rendered.
    pub snapshot: Value,
    pub doc: TemplateDoc,
    pub format: OutputFormat,
    /// The request's `pdf.userPassword` / `pdf.ownerPassword`, kept out of the snapshot.
    pub passwords: PdfPasswords,
}

/// The snapshot's mark of a job whose request gave PDF passwords: its file must never be made without them.
pub const PASSWORDS_MARK: &str = "pdfPasswordsGiven";

/// The environment a documents call acts in: the body's `workspaceId`, else the query's, else the key's own.
pub async fn environment_for(
    state: &AppState,
    caller: &Caller,
    from_body: Option<&str>,
    from_query: Option<&str>,
) -> Result<EnvironmentContext, HttpError> {
    let id = from_body
        .or(from_query)
        .map(str::to_string)
        .or_else(|| caller.environment_id().map(str::to_string))
        .ok_or_else(|| {
            HttpError(ApiError::invalid_field("workspaceId", "is required (or use an API key of the environment)"))
        })?;
    authorize_environment(state, caller, &id, Action::GenerateDocuments, Some(Scope::DocumentsGenerate)).await
}

/// `pdf`, `excel`/`xlsx`, `csv` or `xml` (an e-invoice's XML).
pub fn parse_format(text: &str) -> Result<OutputFormat, HttpError> {
    OutputFormat::from_str(&text.to_ascii_lowercase())
        .map_err(|_| HttpError(ApiError::invalid_field("format", "must be pdf, excel, xlsx, csv or xml")))
}

/// Finds the template and the version to render, and checks the format is offered.
pub async fn prepare_template(
    state: &AppState,
    environment: EnvironmentContext,
    template_key: &str,
    format: &str,
    use_draft: bool,
) -> Result<PreparedTemplate, HttpError> {
    let format = parse_format(format)?;
    if template_key.trim().is_empty() {
        return Err(HttpError(ApiError::invalid_field("templateId", "Template ID is required")));
    }
    let record = state.store.template(&environment.environment.id, template_key).await?.ok_or_else(|| {
        HttpError(ApiError::with_message(ErrorCode::TemplateNotFound, format!("Template {template_key} not found")))
    })?;
    // Formats are frozen per published version; the draft offers what the template offers now.
    let (version, snapshot, offered) = if use_draft {
        (
            None,
            json!({ "schema": record.schema, "variables": record.variables }),
            crate::templates::offered_formats(&record),
        )
    } else {
        let n = record.published_version.ok_or_else(|| {
            HttpError(ApiError::with_message(
                ErrorCode::TemplateNotPublished,
                "Template has no published version; publish it or pass useDraft: true",
            ))
        })?;
        let published = state.store.template_version(&record.id, n).await?.ok_or(ErrorCode::TemplateNotPublished)?;
        let offered = crate::templates::offered_version_formats(&published);
        (Some(n), json!({ "schema": published.schema, "variables": published.variables }), offered)
    };
    // The xml format (an e-invoice's XML) is checked once a request's eInvoice is merged in.
    let xml_of_pdf = format == OutputFormat::Xml && offered.contains(&OutputFormat::Pdf);
    if !offered.contains(&format) && !xml_of_pdf {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::TemplateFormatNotOffered,
            format!("Template {} does not offer {}", record.name, format.as_str()),
        )));
    }
    let doc = TemplateDoc::from_json(&snapshot).map_err(|report| {
        let errors: Vec<Value> =
            report.problems.iter().map(|p| json!({ "path": p.path, "message": p.message })).collect();
        HttpError(ApiError::new(ErrorCode::TemplateInvalid).related(json!({ "errors": errors })))
    })?;
    Ok(PreparedTemplate { environment, record, version, snapshot, doc, format, passwords: PdfPasswords::default() })
}

/// A request's `pdf` options and `eInvoice` over the template's `schema.pdf` and `schema.eInvoice`: each `pdf`
/// option checked on its own (`pdf.<field>`), then what the merged design needs (a title and alternative texts
/// under PDF/UA, no attached files under PDF/A-2, a valid e-invoice profile), every problem listed as
/// `ERR_VALID_001` before anything is queued. The `xml` format needs an e-invoice.
pub fn apply_request_options(
    template: &mut PreparedTemplate,
    pdf: Option<&Value>,
    e_invoice: Option<&Value>,
) -> Result<(), HttpError> {
    let pdf = pdf.filter(|pdf| !pdf.is_null());
    let e_invoice = e_invoice.filter(|e| !e.is_null());
    let problems = |report: quire_render::ValidationReport, from: &str, to: &str| -> Vec<FieldError> {
        let rename = |path: String| path.strip_prefix(from).map_or(path.clone(), |rest| format!("{to}{rest}"));
        report.problems.into_iter().map(|p| FieldError::new(rename(p.path), p.message)).collect()
    };
    if pdf.is_some() || e_invoice.is_some() {
        if let Some(pdf) = pdf {
            let own = problems(validate_pdf_options(pdf), "", "");
            if !own.is_empty() {
                return Err(HttpError(ApiError::validation(own)));
            }
        }
        let mut snapshot = template.snapshot.clone();
        let mut passwords = PdfPasswords::default();
        if let Some(pdf) = pdf {
            // Passwords never join the template snapshot (it is stored with the job and shown by the API).
            let mut pdf = pdf.clone();
            passwords = PdfPasswords::take_from(&mut pdf);
            with_pdf_options(&mut snapshot, &pdf);
        }
        if let (Some(e_invoice), Some(schema)) = (e_invoice, snapshot.get_mut("schema").and_then(Value::as_object_mut))
        {
            schema.insert("eInvoice".to_owned(), e_invoice.clone());
        }
        let merged = quire_render::validate(&snapshot["schema"], &snapshot["variables"]);
        let merged =
            problems(merged, "schema.eInvoice", if e_invoice.is_some() { "eInvoice" } else { "schema.eInvoice" });
        let mut merged = merged;
        merged.extend(problems(check_pdf_passwords(&snapshot["schema"], &passwords), "", ""));
        if !passwords.is_empty() && template.format != OutputFormat::Pdf {
            // Silently unprotected output would be worse than a refusal.
            merged.push(FieldError::new(
                "pdf.userPassword",
                format!("passwords protect PDF files; this request's format is {}", template.format.as_str()),
            ));
        }
        if !merged.is_empty() {
            return Err(HttpError(ApiError::validation(merged)));
        }
        if !passwords.is_empty() {
            snapshot[PASSWORDS_MARK] = Value::Bool(true);
        }
        template.passwords = passwords;
        template.doc = TemplateDoc::from_json(&snapshot)
            .map_err(|report| HttpError(ApiError::invalid_field("pdf", report.to_string())))?;
        template.snapshot = snapshot;
    }
    if template.format == OutputFormat::Xml && template.snapshot["schema"].get("eInvoice").is_none() {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::TemplateFormatNotOffered,
            format!(
                "Template {} makes no e-invoice, so it has no xml format; give eInvoice in the request or schema.eInvoice in the template",
                template.record.name
            ),
        )));
    }
    Ok(())
}

/// The signing certificate `pdf.sign` names, checked before the job is queued: unknown, revoked or expired is
/// `422 ERR_VALID_001` at `pdf.sign.certificateId` now rather than a failed job later.
pub async fn check_signing(state: &AppState, template: &PreparedTemplate) -> Result<(), HttpError> {
    let certificate = template.snapshot["schema"].pointer("/pdf/sign/certificateId").and_then(Value::as_str);
    if let (Some(id), OutputFormat::Pdf) = (certificate, template.format) {
        crate::signing::signer_for(state, &template.environment.environment.project_id, id).await?;
    }
    Ok(())
}

/// The e-invoice a document would carry, checked against its variables before it is queued: `422
/// ERR_EINV_001` listing every broken rule (`{rule, path, message}`), or the request error at its path.
pub fn check_einvoice(
    state: &AppState,
    template: &PreparedTemplate,
    variables: &Value,
    prefix: &str,
) -> Result<(), HttpError> {
    if template.snapshot["schema"].get("eInvoice").is_none()
        || !matches!(template.format, OutputFormat::Pdf | OutputFormat::Xml)
    {
        return Ok(());
    }
    let failure = match state.renderer.engine().check_einvoice(&template.doc, variables) {
        Ok(_) => return Ok(()),
        Err(failure) => failure,
    };
    if failure.rules.is_empty() {
        let code = ErrorCode::from_code(failure.error.code).unwrap_or(ErrorCode::Validation);
        let path = failure.error.path.clone().unwrap_or_default();
        let path = path.strip_prefix("schema.eInvoice").map_or(path.clone(), |rest| format!("{prefix}eInvoice{rest}"));
        let message = failure.error.message;
        let api = ApiError::with_message(code, message.clone())
            .related(json!({ "errors": [{ "path": path, "field": path, "message": message }] }));
        return Err(HttpError(api));
    }
    let rules: Vec<Value> = failure
        .rules
        .iter()
        .map(|r| {
            let path = if r.path.is_empty() {
                format!("{prefix}eInvoice.data")
            } else {
                format!("{prefix}eInvoice.data.{}", r.path)
            };
            json!({ "rule": r.rule, "path": path, "message": r.message })
        })
        .collect();
    let message = format!("The e-invoice breaks {} business rule(s); relatedInfo.errors lists each", rules.len());
    Err(HttpError(
        ApiError::with_message(ErrorCode::EInvoiceRules, message)
            .related(json!({ "errors": rules, "totalErrors": rules.len() })),
    ))
}

/// Checks input variables against the template (`ERR_MISSING_VARIABLE` 422 or `ERR_VALID_001`), naming each.
pub fn check_input_variables(
    doc: &TemplateDoc,
    variables: &Value,
    path_prefix: &str,
    max_bytes: usize,
) -> Result<(), HttpError> {
    if !(variables.is_object() || variables.is_null()) {
        return Err(HttpError(ApiError::invalid_field(format!("{path_prefix}variables"), "must be an object")));
    }
    if variables.to_string().len() > max_bytes {
        return Err(HttpError(ApiError::invalid_field(
            format!("{path_prefix}variables"),
            format!("must be at most {max_bytes} bytes"),
        )));
    }
    let Err(problems) = check_variables(&doc.variables, variables) else { return Ok(()) };
    let missing = problems.iter().any(|p| p.code == quire_render::codes::MISSING_VARIABLE);
    let errors: Vec<FieldError> =
        problems.iter().map(|p| FieldError::new(format!("{path_prefix}{}", p.path), p.message.clone())).collect();
    let mut error = ApiError::validation(errors);
    if missing {
        error.code = ErrorCode::MissingVariable;
    }
    Err(HttpError(error))
}

/// A flat object of strings, numbers, booleans and nulls, at most 10 KB.
pub fn check_metadata(metadata: &Option<Value>, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = metadata.as_ref().filter(|v| !v.is_null())?;
    let Some(map) = value.as_object() else {
        errors.push(FieldError::new(field, "must be an object"));
        return None;
    };
    for (key, v) in map {
        if v.is_object() || v.is_array() {
            errors.push(FieldError::new(
                format!("{field}.{key}"),
                "must be a string, number, boolean or null (metadata is flat)",
            ));
        }
    }
    let text = value.to_string();
    if text.len() > MAX_METADATA_BYTES {
        errors.push(FieldError::new(field, format!("must be at most {MAX_METADATA_BYTES} bytes")));
    }
    Some(text)
}

/// A safe file name without extension; the format's extension is stripped when the caller added it.
pub fn check_filename(
    filename: &Option<String>,
    format: OutputFormat,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let name = filename.as_deref()?.trim();
    if name.is_empty() {
        return None;
    }
    if name.chars().count() > MAX_FILENAME_CHARS {
        errors.push(FieldError::new(field, format!("must be at most {MAX_FILENAME_CHARS} characters")));
    }
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) || name == "." || name == ".." {
        errors.push(FieldError::new(field, "must not contain path separators or control characters"));
    }
    let suffix = format!(".{}", format.extension());
    let bare = name.strip_suffix(suffix.as_str()).unwrap_or(name);
    Some(bare.replace('"', "'"))
}

/// The default file name: the template's name as a slug.
pub fn default_filename(template_name: &str) -> String {
    crate::routes::auth::slugify(template_name)
}
