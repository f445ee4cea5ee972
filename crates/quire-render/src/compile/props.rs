//! Typed reading of a component's raw props; every bad value becomes a problem at its JSON path.

use quire_expr::{Expression, Template};
use serde_json::{Map, Value};

use super::node::{TextSpec, ValueExpr};
use crate::report::{JsonPath, ValidationReport};
use crate::style::{Length, SharedStyle, Style};

/// Reads props of one component, recording problems under `<component path>.props.<key>`.
pub(crate) struct PropReader<'a> {
    map: &'a Map<String, Value>,
    path: JsonPath,
    report: &'a mut ValidationReport,
}

impl<'a> PropReader<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>, path: JsonPath, report: &'a mut ValidationReport) -> Self {
        Self { map, path, report }
    }

    /// The raw value of a prop.
    pub(crate) fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// The path of a prop.
    pub(crate) fn path_of(&self, key: &str) -> JsonPath {
        self.path.field(key)
    }

    /// Record a problem about a prop.
    pub(crate) fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.report.push(self.path.field(key).as_str(), message);
    }

    /// The report, for nested readers.
    pub(crate) fn report(&mut self) -> &mut ValidationReport {
        self.report
    }

    /// A text prop with placeholders; numbers and booleans are taken as their text.
    pub(crate) fn text(&mut self, key: &str) -> Option<TextSpec> {
        let value = self.raw(key)?;
        let path = self.path.field(key);
        text_spec(value, &path, self.report)
    }

    /// A text prop that must be present.
    pub(crate) fn required_text(&mut self, key: &str) -> Option<TextSpec> {
        if self.raw(key).is_none() {
            self.problem(key, format!("{key} is required"));
            return None;
        }
        self.text(key)
    }

    /// A style prop (`style`, `headerStyle`, …).
    pub(crate) fn style(&mut self, key: &str) -> SharedStyle {
        match self.raw(key) {
            Some(value) => SharedStyle::new(Style::parse(value, &self.path.field(key), self.report)),
            None => SharedStyle::default(),
        }
    }

    /// A length prop.
    pub(crate) fn length(&mut self, key: &str) -> Option<Length> {
        let value = self.raw(key)?;
        match Length::parse(value) {
            Ok(length) => Some(length),
            Err(message) => {
                self.problem(key, message);
                None
            }
        }
    }

    /// A boolean prop (also accepts the strings `"true"`/`"false"`).
    pub(crate) fn bool(&mut self, key: &str) -> Option<bool> {
        match self.raw(key)? {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) if text == "true" || text == "false" => Some(text == "true"),
            _ => {
                self.problem(key, format!("{key} must be true or false"));
                None
            }
        }
    }

    /// A number prop (also accepts numeric strings).
    pub(crate) fn number(&mut self, key: &str) -> Option<f64> {
        let value = self.raw(key)?;
        let number = value.as_f64().or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()));
        match number.filter(|n: &f64| n.is_finite()) {
            Some(number) => Some(number),
            None => {
                self.problem(key, format!("{key} must be a number"));
                None
            }
        }
    }

    /// A plain string prop (no placeholders).
    pub(crate) fn string(&mut self, key: &str) -> Option<&'a str> {
        match self.raw(key)? {
            Value::String(text) => Some(text.as_str()),
            _ => {
                self.problem(key, format!("{key} must be a string"));
                None
            }
        }
    }

    /// A value-producing prop: `"{{items}}"`, `"items"`, or a literal JSON value.
    pub(crate) fn value_expr(&mut self, key: &str) -> Option<ValueExpr> {
        let value = self.raw(key)?;
        let path = self.path.field(key);
        value_expr(value, &path, self.report)
    }
}

/// Compile a text value (string, number or boolean) into a [`TextSpec`].
pub(crate) fn text_spec(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<TextSpec> {
    let source = match value {
        Value::String(text) => text.clone(),
        Value::Number(_) | Value::Bool(_) => value.to_string(),
        Value::Null => String::new(),
        _ => {
            report.push(path.as_str(), "expected text");
            return None;
        }
    };
    match Template::parse(&source) {
        Ok(template) => {
            let roots = template.referenced_roots();
            let uses_page_numbers = roots.iter().any(|root| root == "pageNumber" || root == "totalPages");
            let currency = currency_form(&source);
            Some(TextSpec { template, source, uses_page_numbers, currency })
        }
        Err(err) => {
            report.push(path.as_str(), format!("invalid expression in {source:?}: {err}"));
            None
        }
    }
}

/// `$`, `€`, `£` or `¥` right before one placeholder and nothing else.
fn currency_form(source: &str) -> Option<(char, Template)> {
    let trimmed = source.trim();
    let symbol = trimmed.chars().next().filter(|c| matches!(c, '$' | '€' | '£' | '¥'))?;
    let rest = &trimmed[symbol.len_utf8()..];
    let template = Template::parse(rest).ok()?;
    template.as_single_expression()?;
    Some((symbol, template))
}

/// Compile a value-producing prop.
pub(crate) fn value_expr(value: &Value, path: &JsonPath, report: &mut ValidationReport) -> Option<ValueExpr> {
    let Value::String(text) = value else {
        return Some(ValueExpr::Literal(value.clone()));
    };
    let parsed = if text.contains("{{") {
        Template::parse(text).map(ValueExpr::Template)
    } else {
        Expression::parse(text.trim()).map(ValueExpr::Expression)
    };
    match parsed {
        Ok(expr) => Some(expr),
        Err(err) => {
            report.push(path.as_str(), format!("invalid expression {text:?}: {err}"));
            None
        }
    }
}
