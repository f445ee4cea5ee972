//! The schema root in both forms (pages form and Rynko's flat form) and page settings.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::component::Component;

/// Page settings; every field optional. Lengths and colours stay raw JSON and are checked by `compile`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSettings {
    /// `A3`, `A4`, `A5`, `Letter`, `Legal`, `Tabloid` or `{width, height}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<Value>,
    /// `portrait` or `landscape`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<String>,
    /// `{top, right, bottom, left}` (or one length for all four).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margins: Option<Value>,
    /// Default font family of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
    /// Default font size of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_size: Option<Value>,
    /// Default text colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Page background colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
    /// Watermark: a text or `{text, color, opacity, fontSize, rotation}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark: Option<Value>,
}

/// A section of a page in the pages form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Section id.
    #[serde(default)]
    pub id: String,
    /// `header`, `body` or `footer`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The section's components.
    #[serde(default)]
    pub components: Vec<Component>,
}

/// A page of the pages form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageDef {
    /// Page id.
    #[serde(default)]
    pub page_id: String,
    /// Sheet name in Excel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Settings overriding `schema.page`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<PageSettings>,
    /// Header, body and footer sections.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// The design. Holds the fields of both forms: the pages form sets `pages` (and maybe `page`), the
/// flat form sets the page settings at the root plus `header`, `footer` and `components`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// Formats the template offers (`pdf`, `xlsx`, `csv`); empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_formats: Vec<String>,
    /// Pages form: default settings of every page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageSettings>,
    /// Pages form: the pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<PageDef>>,
    /// Flat form: page settings at the root.
    #[serde(flatten)]
    pub settings: PageSettings,
    /// Flat form: header repeated on every page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Component>,
    /// Flat form: footer repeated on every page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footer: Vec<Component>,
    /// Flat form: the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Document options (`title`, `author`, `subject`, `keywords`), checked when compiled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf: Option<Value>,
    /// The e-invoice the template makes (`profile`, `syntax`, `data` bound to the variables), checked when compiled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_invoice: Option<Value>,
}

impl Schema {
    /// True for the pages form.
    pub fn is_pages_form(&self) -> bool {
        self.pages.is_some()
    }
}
