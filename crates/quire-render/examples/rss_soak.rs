//! Memory soak: render the sample invoice many times and print the resident set size as it goes, to
//! show Typst's memo cache is evicted (memory stays flat). `cargo run --release -p quire-render
//! --example rss_soak -- 10000`.

use std::path::Path;

use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let renders: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/rynko-invoice.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    let template = TemplateDoc::from_json(&json).expect("valid");
    let engine = Engine::new(Limits::default());
    let render = |i: usize| {
        let data = serde_json::json!({ "invoiceNumber": format!("INV-{i:06}"), "customer": { "name": format!("Customer {i}") } });
        engine.render(&template, &data, OutputFormat::Pdf, &NoAssets).expect("renders");
    };
    // Warm up so the baseline includes fonts, the library and allocator pools.
    for i in 0..100 {
        render(i);
    }
    let before = rss_kib();
    println!("after 100 warm-up renders: {before} KiB");
    let started = std::time::Instant::now();
    for i in 0..renders {
        render(i);
        if (i + 1) % (renders / 10).max(1) == 0 {
            println!("after {:>6} renders: {} KiB", i + 1, rss_kib());
        }
    }
    let after = rss_kib();
    let change = (after as f64 - before as f64) / before as f64 * 100.0;
    println!(
        "renders: {renders}, RSS before {before} KiB, after {after} KiB, change {change:+.1}%, {:.2} ms/render",
        started.elapsed().as_secs_f64() * 1000.0 / renders as f64
    );
}
