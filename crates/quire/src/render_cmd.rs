//! `quire render <template.json> [--data <variables.json>] [--format pdf|xlsx|csv|xml] [-o <out>]`:
//! renders a template file locally, with no server, and prints every template problem with its path.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use quire_render::{Engine, Limits, NoAssets, OutputFormat, TemplateDoc};

/// Arguments of `quire render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Template file: `{name?, schema, variables}` (like Rynko's samples) or a bare schema.
    pub template: PathBuf,
    /// JSON object with the variables; defaults of the template apply to missing ones.
    #[arg(long, short = 'd')]
    pub data: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', default_value = "pdf", value_parser = parse_format)]
    pub format: OutputFormat,
    /// Output file; defaults to the template's file stem with the format's extension, in the current folder.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

fn parse_format(text: &str) -> Result<OutputFormat, String> {
    text.parse().map_err(|err: quire_render::UnknownFormat| err.to_string())
}

/// Run `quire render`. Template problems and render errors are printed (one line per problem with its
/// JSON path) and give a non-zero exit code.
pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let template_json = read_json(&args.template)?;
    let template = match TemplateDoc::from_json(&template_json) {
        Ok(template) => template,
        Err(report) => {
            eprintln!("{}: the template is invalid ({} problems):", args.template.display(), report.problems.len());
            for problem in &report.problems {
                eprintln!("  {}: {}", problem.path, problem.message);
            }
            return Ok(ExitCode::from(2));
        }
    };
    let variables = match &args.data {
        Some(path) => read_json(path)?,
        None => serde_json::json!({}),
    };
    let output = args.output.clone().unwrap_or_else(|| default_output(&args.template, args.format));
    let engine = Engine::new(Limits::default());
    match engine.render(&template, &variables, args.format, &NoAssets) {
        Ok(file) => {
            std::fs::write(&output, &file.bytes).with_context(|| format!("cannot write {}", output.display()))?;
            let pages = file.page_count.map(|n| format!(", {n} page(s)")).unwrap_or_default();
            println!("wrote {} ({} bytes{pages})", output.display(), file.bytes.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{}: {}", err.code, err.message);
            if let Some(path) = &err.path {
                eprintln!("  at {path}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn read_json(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))
}

/// `<template stem>.<extension>` in the current folder.
fn default_output(template: &Path, format: OutputFormat) -> PathBuf {
    let stem = template.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into());
    PathBuf::from(format!("{stem}.{}", format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_output_uses_the_template_stem_and_format_extension() {
        assert_eq!(
            default_output(Path::new("/x/rynko-invoice.json"), OutputFormat::Xlsx),
            PathBuf::from("rynko-invoice.xlsx")
        );
    }
}
