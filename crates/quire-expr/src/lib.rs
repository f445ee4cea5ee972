//! Quire's template expression language: `{{placeholders}}`, `#each`/`#if`/`#unless` blocks and a
//! small, safe, bounded JavaScript-like expression language over `serde_json::Value` data.
//!
//! ```
//! use quire_expr::{EvalOptions, Scope, Template, Value};
//!
//! let data: Value = serde_json::json!({ "item": { "rate": 150, "quantity": 2 } });
//! let options = EvalOptions::default();
//! let scope = Scope::new(&data, &options);
//! let template = Template::parse("${{item.rate * item.quantity}}").unwrap();
//! assert_eq!(template.render(&scope).unwrap(), "$300");
//! ```
//!
//! Syntax:
//! - Text: literal outside `{{ }}`; `\{{` is a literal `{{`; `{{! c }}`/`{{!-- c --}}` are comments.
//! - Expressions: numbers (`1`, `2.5`, `1e3`), `'single'`/`"double"` strings with JavaScript escapes,
//!   `true false null`, `[a, b]`, paths (`a.b`, `a[0]`, `a["k"]`, `a[i]`, `.length`), `this`,
//!   `@index @first @last @key @root`, `+ - * / %`, unary `- + !`, `== != === !== < <= > >=`,
//!   `&& || ??`, `c ? a : b`, parentheses and helper calls `name(args)`.
//! - Blocks: `{{#each list}}…{{else}}…{{/each}}` (`{{#each list as |item i|}}` names the item and
//!   index; objects iterate values with `@key`), `{{#if c}}…{{else if d}}…{{else}}…{{/if}}`,
//!   `{{#unless c}}…{{/unless}}`. Inside `#each`, plain names resolve against the item first.
//!
//! Helpers ([`known_functions`]): `formatNumber(n, decimals?, locale?)`,
//! `formatCurrency(n, code = "USD", locale = "en-US")`, `formatPercent(ratio, decimals?)`,
//! `formatDate(date, pattern = "YYYY-MM-DD")`, `now()`, `today()`, `upper lower capitalize
//! titleCase trim string`, `truncate(s, n, suffix?)`, `replace(s, from, to)`,
//! `substring(s, start, end?)`, `split(s, sep)`, `padStart/padEnd(s, n, fill?)`,
//! `startsWith/endsWith(s, x)`, `concat(...)`, `length(x)`, `count(list)`,
//! `sum/avg/min/max(list, field?)` (min/max also take plain arguments), `join(list, sep?)`,
//! `first/last(list)`, `includes(listOrText, x)`, `default(x, fallback)`, `round(n, decimals?)`,
//! `abs floor ceil number`. Rounding is half away from zero on the decimal form (`1.005` → `1.01`).
//!
//! Semantics worth knowing (deliberate choices):
//! - A missing path (`customer.nmae`, `items[99]`, a field of `null`) is `null` and renders as "".
//! - Arithmetic follows JavaScript coercion (`null` counts as 0); results are rounded to 15
//!   significant digits, so `0.1 + 0.2` is exactly `0.3`. A non-finite result (`1 / 0`, `0 / 0`)
//!   is `null` and renders as "" — serde_json cannot hold NaN or Infinity.
//! - `+` concatenates when either side is a string (`null` joins as "").
//! - `==` compares numbers, numeric strings and booleans numerically; `===` requires the same kind;
//!   arrays and objects compare by content.
//! - Truthiness is JavaScript's, except that an empty array is falsy (Handlebars' `#if` rule).
//! - `&&`, `||` and `??` return an operand, as in JavaScript.
//! - Values are data: rendering never re-reads a value's text as template markup.
//!
//! Limits: [`EvalOptions`] bounds steps, loop iterations and output size; parsing bounds
//! expression nesting ([`MAX_NESTING`], [`MAX_TREE_HEIGHT`]) and block nesting
//! ([`MAX_BLOCK_DEPTH`]) so hostile input cannot exhaust the stack.
//!
//! Differences from the originally sketched API: `Scope::with_budget` and [`EvalBudget`] share one
//! step/loop budget across many calls; `Scope::with_item` binds a loop element (`this`, `@index`);
//! [`ExprError::LoopLimit`] is an extra variant; `Expression::evaluate_borrowed` avoids clones.

mod ast;
mod coercion;
mod error;
mod eval;
mod expression;
mod functions;
mod lexer;
mod number;
mod options;
mod parser;
mod scope;
mod template;
mod template_parser;
mod template_render;

pub use coercion::{display_value, is_truthy};
pub use error::ExprError;
pub use expression::Expression;
pub use functions::known_functions;
pub use options::{EvalBudget, EvalOptions};
pub use parser::{MAX_NESTING, MAX_TREE_HEIGHT};
pub use scope::Scope;
pub use serde_json::Value;
pub use template::Template;
pub use template_parser::MAX_BLOCK_DEPTH;
