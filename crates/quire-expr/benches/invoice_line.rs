//! Criterion benchmarks: parse and render of invoice-like lines and a 1,000-item `#each`.

use criterion::{Criterion, criterion_group, criterion_main};
use quire_expr::{EvalOptions, Scope, Template, Value};
use serde_json::json;
use std::hint::black_box;

const LINE: &str = "{{item.description}} × {{item.quantity}} @ {{formatCurrency(item.rate, 'USD')}} \
                    = {{formatCurrency(item.quantity * item.rate, 'USD')}}";

fn invoice(items: usize) -> Value {
    let lines: Vec<Value> = (0..items)
        .map(|i| json!({"description": format!("Service {i}"), "quantity": i % 7 + 1, "rate": 99.95}))
        .collect();
    json!({"items": lines, "currency": "USD"})
}

fn parse_line(c: &mut Criterion) {
    c.bench_function("parse invoice line", |b| b.iter(|| Template::parse(black_box(LINE))));
}

fn render_line(c: &mut Criterion) {
    let template = Template::parse(LINE).unwrap_or_else(|e| panic!("{e}"));
    let data = invoice(1);
    let item = data["items"][0].clone();
    let options = EvalOptions::default();
    c.bench_function("render invoice line", |b| {
        b.iter(|| {
            let root = Scope::new(&data, &options);
            let scope = root.with("item", &item);
            template.render(black_box(&scope))
        })
    });
}

fn parse_and_render_line(c: &mut Criterion) {
    let data = invoice(1);
    let item = data["items"][0].clone();
    let options = EvalOptions::default();
    c.bench_function("parse+render invoice line", |b| {
        b.iter(|| {
            let root = Scope::new(&data, &options);
            let scope = root.with("item", &item);
            Template::parse(black_box(LINE)).and_then(|t| t.render(&scope))
        })
    });
}

fn render_each_1000(c: &mut Criterion) {
    let template = Template::parse(
        "{{#each items}}{{@index}}. {{description}}: {{formatCurrency(quantity * rate, @root.currency)}}\n{{/each}}\
         Total: {{formatCurrency(sum(items, 'rate'), currency)}}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let data = invoice(1_000);
    let options = EvalOptions::default();
    c.bench_function("render #each over 1000 items", |b| {
        b.iter(|| template.render(black_box(&Scope::new(&data, &options))))
    });
}

criterion_group!(benches, parse_line, render_line, parse_and_render_line, render_each_1000);
criterion_main!(benches);
