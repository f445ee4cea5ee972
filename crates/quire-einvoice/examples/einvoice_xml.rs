//! Writes the e-invoice XML for a request file: `cargo run -p quire-einvoice --example einvoice_xml -- request.json`.
//! The request is `{ "profile": …, "syntax"?: …, "data": … }`; the XML goes to standard output, broken
//! rules to standard error.

use std::io::Write;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: einvoice_xml REQUEST.json");
        return std::process::ExitCode::from(2);
    };
    let request = std::fs::read_to_string(&path)
        .map_err(|err| err.to_string())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).map_err(|err| err.to_string()))
        .and_then(|json| quire_einvoice::EInvoiceRequest::from_json(&json).map_err(|err| err.to_string()))
        .and_then(|request| quire_einvoice::generate(&request).map_err(|err| err.to_string()));
    match request {
        Ok(xml) => {
            let _ = std::io::stdout().write_all(&xml.xml);
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::ExitCode::FAILURE
        }
    }
}
