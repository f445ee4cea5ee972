//! A component as written in template JSON: `{id, type, props, children, content}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One node of the design tree. Props stay raw JSON here; `compile` turns them into typed props and
/// reports every problem with its path, so a template with several mistakes gets all of them at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// The component's id, used in error messages (optional in practice; Rynko's samples set it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The component type, e.g. `text`, `table`, `loop`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Type-specific properties.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub props: Map<String, Value>,
    /// Child components (containers, loops, conditionals, tables, rows, columns).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Component>,
    /// Components shown by a `conditional` when its condition is false (also accepted in `props`).
    #[serde(default, rename = "elseChildren", skip_serializing_if = "Vec::is_empty")]
    pub else_children: Vec<Component>,
    /// Inline content some editors write instead of `props.text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Value>,
}

impl Component {
    /// A label for messages: `text "total-text"` or just the type when the id is empty.
    pub fn label(&self) -> String {
        if self.id.is_empty() { self.kind.clone() } else { format!("{} {:?}", self.kind, self.id) }
    }
}
