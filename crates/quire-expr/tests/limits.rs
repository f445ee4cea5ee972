//! Specification of the bounds: steps, loop iterations, output size, nesting depth, shared budgets.
// Tests state their expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{eval, render, render_with};
use quire_expr::{EvalBudget, EvalOptions, ExprError, Expression, MAX_BLOCK_DEPTH, MAX_NESTING, Scope, Template};
use serde_json::json;

fn options(max_steps: u64, max_output_bytes: usize, max_loop_iterations: u64) -> EvalOptions {
    EvalOptions { max_steps, max_output_bytes, max_loop_iterations, now: None }
}

#[test]
fn defaults_match_the_documented_values() {
    let defaults = EvalOptions::default();
    assert_eq!(defaults.max_steps, 100_000);
    assert_eq!(defaults.max_output_bytes, 1024 * 1024);
    assert_eq!(defaults.now, None);
}

#[test]
fn step_budget_stops_long_evaluation() {
    let limited = options(50, 1 << 20, 1_000);
    let result = render_with("{{#each items}}{{this + 1}}{{/each}}", &json!({"items": vec![1; 100]}), &limited);
    assert_eq!(result, Err(ExprError::StepLimit));
}

#[test]
fn step_budget_counts_aggregate_work() {
    let limited = options(100, 1 << 20, 1_000);
    let result = render_with("{{sum(items)}}", &json!({"items": vec![1; 500]}), &limited);
    assert_eq!(result, Err(ExprError::StepLimit));
}

#[test]
fn nested_loops_hit_the_loop_limit() {
    let data = json!({"rows": vec![json!(vec![0; 100]); 100]});
    let limited = options(u64::MAX, usize::MAX, 1_000);
    let result = render_with("{{#each rows}}{{#each this}}x{{/each}}{{/each}}", &data, &limited);
    assert_eq!(result, Err(ExprError::LoopLimit));
}

#[test]
fn output_limit_stops_large_renders() {
    let limited = options(1_000_000, 100, 1_000);
    let result = render_with("{{#each items}}0123456789{{/each}}", &json!({"items": vec![0; 20]}), &limited);
    assert_eq!(result, Err(ExprError::OutputLimit));
}

#[test]
fn output_limit_stops_string_growth_inside_expressions() {
    let limited = options(1_000_000, 1_000, 1_000);
    let template = "{{padStart('x', 1000000, 'ab')}}";
    assert_eq!(render_with(template, &json!({}), &limited), Err(ExprError::OutputLimit));
}

#[test]
fn output_limit_applies_to_concatenation() {
    let limited = options(1_000_000, 10, 1_000);
    let result = render_with("{{s + s}}", &json!({"s": "123456"}), &limited);
    assert_eq!(result, Err(ExprError::OutputLimit));
}

#[test]
fn budget_is_shared_across_renders() {
    let data = json!({"items": [1, 2, 3]});
    let limits = options(1_000_000, 1 << 20, 5);
    let budget = EvalBudget::new(&limits);
    let template = Template::parse("{{#each items}}{{this}}{{/each}}").unwrap();
    let first = Scope::with_budget(&data, &limits, &budget);
    assert_eq!(template.render(&first).unwrap(), "123");
    let second = Scope::with_budget(&data, &limits, &budget);
    assert_eq!(template.render(&second), Err(ExprError::LoopLimit));
    assert_eq!(budget.loop_iterations_used(), 6);
}

#[test]
fn render_engine_loops_can_charge_the_shared_budget() {
    let limits = options(1_000, 1 << 20, 2);
    let budget = EvalBudget::new(&limits);
    assert!(budget.charge_loop_iteration().is_ok());
    assert!(budget.charge_loop_iteration().is_ok());
    assert_eq!(budget.charge_loop_iteration(), Err(ExprError::LoopLimit));
}

#[test]
fn steps_are_counted_per_expression_node() {
    let data = json!({"a": 1});
    let limits = EvalOptions::default();
    let budget = EvalBudget::new(&limits);
    let scope = Scope::with_budget(&data, &limits, &budget);
    Expression::parse("a + 1").unwrap().evaluate(&scope).unwrap();
    assert_eq!(budget.steps_used(), 3);
}

#[test]
fn deep_parentheses_are_a_depth_error_not_a_stack_overflow() {
    let src = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(eval(&src, &json!({})), Err(ExprError::DepthLimit));
}

#[test]
fn long_operator_chains_are_bounded() {
    let src = vec!["1"; 100_000].join(" + ");
    assert_eq!(eval(&src, &json!({})), Err(ExprError::DepthLimit));
}

#[test]
fn deep_unary_chains_are_bounded() {
    let src = format!("{}1", "!".repeat(100_000));
    assert_eq!(eval(&src, &json!({})), Err(ExprError::DepthLimit));
}

#[test]
fn moderate_nesting_is_accepted() {
    let depth = MAX_NESTING / 2;
    let src = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(eval(&src, &json!({})), Ok(json!(1)));
}

#[test]
fn reasonable_operator_chains_are_accepted() {
    let src = vec!["1"; 100].join(" + ");
    assert_eq!(eval(&src, &json!({})), Ok(json!(100)));
}

#[test]
fn deep_block_nesting_is_a_depth_error() {
    let text = format!("{}x{}", "{{#if 1}}".repeat(10_000), "{{/if}}".repeat(10_000));
    assert_eq!(render(&text, &json!({})), Err(ExprError::DepthLimit));
}

#[test]
fn long_else_if_chains_are_bounded() {
    let text = format!("{{{{#if 0}}}}{}{{{{/if}}}}", "{{else if 0}}".repeat(10_000));
    assert_eq!(render(&text, &json!({})), Err(ExprError::DepthLimit));
}

#[test]
fn block_nesting_below_the_limit_renders() {
    let depth = MAX_BLOCK_DEPTH - 1;
    let text = format!("{}x{}", "{{#if 1}}".repeat(depth), "{{/if}}".repeat(depth));
    assert_eq!(render(&text, &json!({})), Ok("x".to_string()));
}

#[test]
fn copying_large_data_costs_steps() {
    let data = json!({"items": vec![json!({"a": 1, "b": [1, 2, 3]}); 1_000]});
    let references = vec!["items"; 50].join(", ");
    let limited = options(20_000, usize::MAX, 1_000);
    let result = render_with(&format!("{{{{length([{references}])}}}}"), &data, &limited);
    assert_eq!(result, Err(ExprError::StepLimit));
}

#[test]
fn copying_small_data_is_cheap() {
    let data = json!({"items": [1, 2, 3]});
    assert_eq!(render("{{length([items, items])}}", &data), Ok("2".to_string()));
}
