//! Render template text against JSON data from the command line:
//! `cargo run -p quire-expr --example render_template -- '{{formatCurrency(total, "EUR")}}' '{"total": 5}'`

use std::process::ExitCode;

use quire_expr::{EvalOptions, Scope, Template, Value};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(text) = args.next() else {
        eprintln!("usage: render_template <template text> [<JSON data>]");
        return ExitCode::FAILURE;
    };
    let data: Value = match args.next().map(|json| serde_json::from_str(&json)) {
        None => Value::Null,
        Some(Ok(data)) => data,
        Some(Err(error)) => {
            eprintln!("data is not JSON: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = EvalOptions::default();
    let scope = Scope::new(&data, &options);
    match Template::parse(&text).and_then(|template| template.render(&scope)) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
