//! Quick end-to-end checks of the public API on the Rynko fixture's placeholders.

use quire_expr::{EvalOptions, Scope, Template, Value};
use serde_json::json;

fn render(text: &str, data: &Value) -> String {
    let options = EvalOptions::default();
    let scope = Scope::new(data, &options);
    match Template::parse(text).and_then(|t| t.render(&scope)) {
        Ok(s) => s,
        Err(e) => format!("ERR: {e}"),
    }
}

#[test]
fn fixture_placeholders_render() {
    let data =
        json!({"company": {"address": {"line1": "1 Main St"}}, "item": {"rate": 150.0}, "invoiceNumber": "INV-7"});
    assert_eq!(render("{{company.address.line1}}", &data), "1 Main St");
    assert_eq!(render("${{item.rate}}", &data), "$150");
    assert_eq!(render("#{{invoiceNumber}}", &data), "#INV-7");
    assert_eq!(render("{{0.1 + 0.2}}", &data), "0.3");
    assert_eq!(render("{{formatCurrency(1234.5, 'USD')}}", &data), "$1,234.50");
    assert_eq!(render("{{#each [1,2,3]}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}", &data), "1, 2, 3");
}
