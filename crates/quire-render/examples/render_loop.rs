//! Render one golden template repeatedly (for profiling and instruction counts):
//! `cargo run --release -p quire-render --example render_loop -- rynko-invoice.json 1000 20 [pdf|xlsx|csv]`
//! renders the template with 1,000 generated items 20 times.

use std::path::Path;

use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};
use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("rynko-invoice.json", String::as_str);
    let items: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10);
    let format: OutputFormat = args.get(3).and_then(|f| f.parse().ok()).unwrap_or(OutputFormat::Pdf);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("template")).expect("JSON");
    let template = TemplateDoc::from_json(&json).expect("valid");
    let data = if items == 0 {
        json!({})
    } else {
        let rows: Vec<Value> = (0..items)
            .map(|i| json!({ "description": format!("Consulting services, block {i}"), "quantity": i % 9 + 1, "rate": 150, "amount": (i % 9 + 1) * 150 }))
            .collect();
        json!({ "items": rows })
    };
    let engine = Engine::new(Limits::default());
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes = engine.render(&template, &data, format, &NoAssets).expect("renders").bytes.len();
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / rounds as f64;
    println!("{name} items={items} format={format}: {per:.2} ms/render, {bytes} bytes");
}
