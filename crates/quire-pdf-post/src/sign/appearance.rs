//! What a visible signature shows: who signed, when, and the reason and place when given.

use std::fmt::Write as _;

use crate::fields::text_metrics::{ASCENT, literal, wrap};

/// Inner padding, in points.
const PADDING: f64 = 3.0;

/// Content of the signature widget's appearance: a thin frame and the lines of `text`, wrapped to the
/// width, in Helvetica (`/Helv`) at a size that fits them all, at most 10 pt.
pub(crate) fn content(w: f64, h: f64, lines: &[String]) -> Vec<u8> {
    let mut out =
        format!("q\n0.4 G 0.75 w\n0.375 0.375 {:.3} {:.3} re S\nQ\n", (w - 0.75).max(0.0), (h - 0.75).max(0.0));
    let inner = w - 2.0 * PADDING;
    let mut size = 10.0;
    let wrapped = loop {
        let wrapped: Vec<Vec<u8>> = lines.iter().flat_map(|line| wrap(line, size, inner)).collect();
        let needed = wrapped.len() as f64 * size * 1.2;
        if needed <= h - 2.0 * PADDING || size <= 4.0 {
            break wrapped;
        }
        size -= 0.5;
    };
    let top = h - PADDING - ASCENT / 1000.0 * size;
    let _ = write!(out, "BT\n/Helv {size:.1} Tf 0 g\n{:.2} TL\n{PADDING:.1} {top:.3} Td\n", size * 1.2);
    let mut bytes = out.into_bytes();
    for (index, line) in wrapped.iter().enumerate() {
        if index > 0 {
            bytes.extend_from_slice(b"T*\n");
        }
        bytes.extend_from_slice(&literal(line));
        bytes.extend_from_slice(b" Tj\n");
    }
    bytes.extend_from_slice(b"ET\n");
    bytes
}
