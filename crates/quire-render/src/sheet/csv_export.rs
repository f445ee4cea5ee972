//! CSV: the rows of the template's first table (or the one marked `csv: true`), header first, RFC 4180.

use super::plain_text;
use crate::error::{RenderError, codes};
use crate::limits::Limits;
use crate::resolve::Document;

/// Write the document's CSV table.
pub(crate) fn render_csv(doc: &Document, limits: &Limits) -> Result<Vec<u8>, RenderError> {
    let table = doc
        .csv_table()
        .ok_or_else(|| RenderError::generation("CSV output needs a table in the template; this template has none"))?;
    let columns = table.column_count();
    if columns > limits.columns as usize {
        return Err(RenderError::new(
            codes::LIMIT_COLUMNS,
            format!("the table has more than {} columns", limits.columns),
        ));
    }
    if table.rows.len() + 1 > limits.rows_per_sheet as usize {
        return Err(RenderError::new(
            codes::LIMIT_ROWS,
            format!("the table has more than {} rows", limits.rows_per_sheet),
        ));
    }
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let write_failed = |err: csv::Error| RenderError::generation(format!("CSV writing failed: {err}"));
    if !table.headers.is_empty() {
        let mut header: Vec<&str> = table.headers.iter().map(String::as_str).collect();
        header.resize(columns, "");
        writer.write_record(&header).map_err(write_failed)?;
    }
    let mut record: Vec<String> = Vec::with_capacity(columns);
    for row in &table.rows {
        record.clear();
        for cell in &row.cells {
            if record.len() >= columns {
                break;
            }
            record.push(plain_text(&cell.value()));
            for _ in 1..cell.span.min(columns - record.len() + 1) {
                record.push(String::new());
            }
        }
        record.resize(columns, String::new());
        writer.write_record(&record).map_err(write_failed)?;
    }
    let bytes = writer.into_inner().map_err(|err| RenderError::generation(format!("CSV writing failed: {err}")))?;
    if bytes.len() as u64 > limits.output_bytes {
        return Err(RenderError::new(codes::LIMIT_OUTPUT_SIZE, "the CSV file is larger than the output size limit"));
    }
    Ok(bytes)
}
