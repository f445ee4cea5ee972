//! The template model as stored: serde types for the schema (both forms), components and variables.

mod component;
mod schema;
mod variables;

pub use component::Component;
pub use schema::{PageDef, PageSettings, Schema, Section};
pub use variables::{VariableDef, VariableType};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::report::ValidationReport;

/// A template as stored: `{schema, variables}` plus the optional `name`, `description` and `type`
/// Rynko's samples carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateDoc {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rynko's `type` (`pdf`, `excel`, …), informative only.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The design.
    pub schema: Schema,
    /// Variable definitions.
    #[serde(default)]
    pub variables: Vec<VariableDef>,
}

impl TemplateDoc {
    /// Read a template file: either `{name?, schema, variables}` or a bare schema. The whole template is
    /// validated; the error lists every problem with its JSON path.
    pub fn from_json(value: &Value) -> Result<TemplateDoc, ValidationReport> {
        // A bare schema may still carry a `variables` array next to its components.
        let (schema_value, variables_value, root) = match value.get("schema") {
            Some(schema) => (schema, value.get("variables"), "schema"),
            None => (value, value.get("variables"), "schema"),
        };
        let empty = Value::Array(Vec::new());
        let variables_value = variables_value.unwrap_or(&empty);
        let report = crate::validate(schema_value, variables_value);
        if !report.is_valid() {
            return Err(report);
        }
        let mut report = ValidationReport::default();
        let schema = parse_schema(schema_value, root, &mut report);
        let variables = parse_variables(variables_value, &mut report);
        match schema {
            Some(schema) if report.is_valid() => Ok(TemplateDoc {
                name: string_field(value, "name"),
                description: string_field(value, "description"),
                kind: string_field(value, "type").filter(|_| value.get("schema").is_some()),
                schema,
                variables,
            }),
            _ => Err(report),
        }
    }
}

fn string_field(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Deserialize the schema structure, recording the first structural problem with its path.
pub(crate) fn parse_schema(value: &Value, root: &str, report: &mut ValidationReport) -> Option<Schema> {
    if !value.is_object() {
        report.push(root, "the schema must be a JSON object");
        return None;
    }
    match serde_path_to_error::deserialize::<_, Schema>(value) {
        Ok(schema) => Some(schema),
        Err(err) => {
            let inner = err.path().to_string();
            let path = if inner == "." { root.to_owned() } else { format!("{root}.{inner}") };
            report.push(path, err.inner().to_string());
            None
        }
    }
}

/// Deserialize the variables array element by element so every bad definition is reported.
pub(crate) fn parse_variables(value: &Value, report: &mut ValidationReport) -> Vec<VariableDef> {
    let Some(items) = value.as_array() else {
        if !value.is_null() {
            report.push("variables", "variables must be an array of definitions");
        }
        return Vec::new();
    };
    let mut defs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match serde_path_to_error::deserialize::<_, VariableDef>(item) {
            Ok(def) => defs.push(def),
            Err(err) => {
                let inner = err.path().to_string();
                let path = if inner == "." { format!("variables[{i}]") } else { format!("variables[{i}].{inner}") };
                report.push(path, err.inner().to_string());
            }
        }
    }
    defs
}
