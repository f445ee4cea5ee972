//! Fuzz template deserialisation and validation: any JSON must yield a template or a report of
//! problems, never a panic; valid templates must then resolve and render to XLSX/CSV (under tight
//! limits) without panicking. The PDF backend is left out of this build to keep it fast.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc, validate};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    let schema = value.get("schema").unwrap_or(&value);
    let variables = value.get("variables").cloned().unwrap_or(Value::Array(Vec::new()));
    let report = validate(schema, &variables);
    let Ok(template) = TemplateDoc::from_json(&value) else { return };
    assert!(report.is_valid(), "from_json accepted a template validate rejects: {report}");
    let limits = Limits {
        loop_iterations: 2_000,
        components: 5_000,
        rows_per_sheet: 5_000,
        render_time: Duration::from_secs(2),
        ..Limits::default()
    };
    let engine = Engine::new(limits);
    let input = value.get("data").cloned().unwrap_or(Value::Object(Default::default()));
    let _ = engine.render(&template, &input, OutputFormat::Xlsx, &NoAssets);
    let _ = engine.render(&template, &input, OutputFormat::Csv, &NoAssets);
});
