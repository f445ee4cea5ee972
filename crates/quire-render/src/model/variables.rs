//! Variable definitions: the `variables` array of a template.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The declared type of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VariableType {
    /// Any JSON string.
    String,
    /// Any JSON number.
    Number,
    /// A JSON number without fractional part.
    Integer,
    /// `true` / `false`.
    Boolean,
    /// An ISO 8601 date or date-time string.
    Date,
    /// A JSON object.
    Object,
    /// A JSON array (items checked against `itemType` when given).
    Array,
    /// A data URI or `assets://…` reference.
    Image,
}

impl VariableType {
    /// The name used in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Number => "number",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Object => "object",
            Self::Array => "array",
            Self::Image => "image",
        }
    }
}

/// One entry of the `variables` array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariableDef {
    /// Optional stable id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name expressions use (`{{name}}`).
    pub name: String,
    /// Declared type.
    #[serde(rename = "type")]
    pub kind: VariableType,
    /// Missing and without default → `ERR_MISSING_VARIABLE`.
    #[serde(default)]
    pub required: bool,
    /// Free text for editors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value used when the input lacks this variable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// Type of array items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<VariableType>,
    /// Optional item/object schema, kept for editors (not enforced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
}
