//! QUIRE-TEXT-01: text XML 1.0 cannot carry (control characters) is refused with its JSON path.

use serde_json::Value;

use crate::error::RuleViolation;

/// Walks the raw `data` and reports every string holding a character XML 1.0 forbids even escaped
/// (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF). `<`, `&` and quotes are fine: the writer escapes them.
pub fn check_text(data: &Value, out: &mut Vec<RuleViolation>) {
    walk(data, String::new(), out);
}

fn walk(value: &Value, path: String, out: &mut Vec<RuleViolation>) {
    match value {
        Value::String(text) => {
            if let Some(bad) = text.chars().find(|c| forbidden(*c)) {
                let message =
                    format!("contains the control character U+{:04X}, which XML cannot carry", u32::from(bad));
                out.push(RuleViolation::new("QUIRE-TEXT-01", path, message));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                walk(item, child, out);
            }
        }
        _ => {}
    }
}

fn forbidden(c: char) -> bool {
    (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
