//! Specification of block forms: #each (with else, @ variables, aliases), #if/else if/else, #unless.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{render, text};
use quire_expr::ExprError;
use serde_json::json;

fn items() -> serde_json::Value {
    json!({"items": [{"name": "Design", "qty": 2}, {"name": "Build", "qty": 5}], "empty": []})
}

#[test]
fn each_repeats_body_per_item_with_this() {
    assert_eq!(text("{{#each items}}[{{this.name}}]{{/each}}", &items()), "[Design][Build]");
}

#[test]
fn each_exposes_index_first_and_last() {
    let out = text("{{#each items}}{{@index}}{{@first}}{{@last}};{{/each}}", &items());
    assert_eq!(out, "0truefalse;1falsetrue;");
}

#[test]
fn each_resolves_plain_names_against_the_item_first() {
    let data = json!({"name": "outer", "items": [{"name": "inner"}, {"other": 1}]});
    assert_eq!(text("{{#each items}}{{name}},{{/each}}", &data), "inner,outer,");
}

#[test]
fn each_reads_outer_variables() {
    let data = json!({"currency": "EUR", "items": [1, 2]});
    assert_eq!(text("{{#each items}}{{this}} {{currency}};{{/each}}", &data), "1 EUR;2 EUR;");
}

#[test]
fn each_over_empty_list_renders_else() {
    assert_eq!(text("{{#each empty}}x{{else}}none{{/each}}", &items()), "none");
}

#[test]
fn each_over_missing_list_renders_else() {
    assert_eq!(text("{{#each nothing}}x{{else}}none{{/each}}", &items()), "none");
}

#[test]
fn each_over_object_exposes_key() {
    let data = json!({"totals": {"net": 100, "tax": 20}});
    assert_eq!(text("{{#each totals}}{{@key}}={{this}} {{/each}}", &data), "net=100 tax=20 ");
}

#[test]
fn each_with_block_params_names_item_and_index() {
    let out = text("{{#each items as |line i|}}{{i}}:{{line.name}} {{/each}}", &items());
    assert_eq!(out, "0:Design 1:Build ");
}

#[test]
fn each_over_a_number_is_a_type_error() {
    let error = render("{{#each n}}x{{/each}}", &json!({"n": 3})).unwrap_err();
    assert!(matches!(error, ExprError::Type(message) if message.contains("#each n")));
}

#[test]
fn nested_each_blocks_see_their_own_items() {
    let data = json!({"groups": [{"name": "A", "items": [1, 2]}, {"name": "B", "items": [3]}]});
    let out = text("{{#each groups}}{{name}}:{{#each items}}{{this}}{{/each}};{{/each}}", &data);
    assert_eq!(out, "A:12;B:3;");
}

#[test]
fn if_renders_body_when_truthy() {
    assert_eq!(text("{{#if paid}}PAID{{/if}}", &json!({"paid": true})), "PAID");
    assert_eq!(text("{{#if paid}}PAID{{/if}}", &json!({"paid": false})), "");
}

#[test]
fn if_else_renders_else_when_falsy() {
    let template = "{{#if total > 100}}big{{else}}small{{/if}}";
    assert_eq!(text(template, &json!({"total": 5})), "small");
}

#[test]
fn if_over_empty_array_is_false() {
    assert_eq!(text("{{#if empty}}has{{else}}none{{/if}}", &items()), "none");
}

#[test]
fn else_if_chains_pick_the_first_true_branch() {
    let template = "{{#if n > 10}}big{{else if n > 5}}medium{{else}}small{{/if}}";
    assert_eq!(text(template, &json!({"n": 7})), "medium");
    assert_eq!(text(template, &json!({"n": 1})), "small");
    assert_eq!(text(template, &json!({"n": 11})), "big");
}

#[test]
fn unless_renders_body_when_falsy() {
    let template = "{{#unless paid}}DUE{{else}}PAID{{/unless}}";
    assert_eq!(text(template, &json!({"paid": false})), "DUE");
    assert_eq!(text(template, &json!({"paid": true})), "PAID");
}

#[test]
fn blocks_nest_inside_each() {
    let template = "{{#each items}}{{name}}{{#unless @last}}, {{/unless}}{{/each}}";
    assert_eq!(text(template, &items()), "Design, Build");
}

#[test]
fn literal_text_around_blocks_is_kept() {
    let out = text("Items:\n{{#each items}}- {{name}}\n{{/each}}End", &items());
    assert_eq!(out, "Items:\n- Design\n- Build\nEnd");
}

#[test]
fn comments_render_nothing() {
    assert_eq!(text("a{{! note }}b{{!-- {{x}} --}}c", &json!({})), "abc");
}

#[test]
fn triple_braces_render_like_double() {
    assert_eq!(text("{{{name}}}", &json!({"name": "<b>"})), "<b>");
}

#[test]
fn backslash_escapes_a_literal_placeholder() {
    assert_eq!(text(r"\{{name}}", &json!({"name": "x"})), "{{name}}");
}

#[test]
fn render_with_passes_every_placeholder_value_through_the_hook_and_keeps_literal_text() {
    use quire_expr::{EvalOptions, Scope, Template};
    let data = json!({"items": [{"name": "<a>"}, {"name": "b&c"}], "x": 5});
    let options = EvalOptions::default();
    let scope = Scope::new(&data, &options);
    let template = Template::parse("<g>{{#each items}}<t>{{name}}</t>{{/each}}{{x}}</g>").unwrap();
    let mut escape = |value: &serde_json::Value, out: &mut String| {
        out.push_str(&quire_expr::display_value(value).replace('&', "&amp;").replace('<', "&lt;"));
        Ok(())
    };
    let out = template.render_with(&scope, &mut escape).unwrap();
    assert_eq!(out, "<g><t>&lt;a></t><t>b&amp;c</t>5</g>");
    let mut refuse = |_: &serde_json::Value, _: &mut String| Err(ExprError::Type("no".into()));
    assert!(template.render_with(&scope, &mut refuse).is_err());
}
