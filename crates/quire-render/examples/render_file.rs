//! Render a template file from the command line while developing layouts:
//! `cargo run -p quire-render --example render_file -- template.json [data.json] [pdf|xlsx|csv|typ] [out]`.

use std::process::ExitCode;

use quire_render::{Asset, AssetResolver, Engine, Limits, OutputFormat, TemplateDoc};

/// Assets from a folder: `asset_logo` is the first file named `logo.*` (folder from `QUIRE_ASSETS_DIR`).
struct FolderAssets(Option<std::path::PathBuf>);

impl AssetResolver for FolderAssets {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        let stem = reference.strip_prefix("asset_")?;
        let entries = std::fs::read_dir(self.0.as_ref()?).ok()?;
        let path = entries.flatten().map(|e| e.path()).find(|p| p.file_stem().is_some_and(|s| s == stem))?;
        Some(Asset { bytes: std::fs::read(path).ok()?, content_type: String::new() })
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(template_path) = args.first() else {
        eprintln!("usage: render_file <template.json> [data.json|-] [pdf|xlsx|csv|typ] [out]");
        return ExitCode::FAILURE;
    };
    let read_json = |path: &str| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
    };
    let run = || -> Result<(), String> {
        let template = TemplateDoc::from_json(&read_json(template_path)?).map_err(|r| r.to_string())?;
        let data = match args.get(1).map(String::as_str) {
            Some("-") | None => serde_json::json!({}),
            Some(path) => read_json(path)?,
        };
        let kind = args.get(2).map(String::as_str).unwrap_or("pdf");
        let engine = Engine::new(Limits::default());
        let out = args.get(3).cloned().unwrap_or_else(|| format!("out.{kind}"));
        if kind == "typ" {
            let source = engine.typst_source(&template, &data).map_err(|e| e.to_string())?;
            return std::fs::write(&out, source).map_err(|e| e.to_string());
        }
        let format: OutputFormat = kind.parse().map_err(|e: quire_render::UnknownFormat| e.to_string())?;
        let file = engine
            .render(&template, &data, format, &FolderAssets(std::env::var_os("QUIRE_ASSETS_DIR").map(Into::into)))
            .map_err(|e| e.to_string())?;
        std::fs::write(&out, &file.bytes).map_err(|e| e.to_string())?;
        eprintln!("wrote {out} ({} bytes, pages {:?})", file.bytes.len(), file.page_count);
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
