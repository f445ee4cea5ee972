//! Writing an incremental update by hand: the appended objects, their cross-reference section and a
//! trailer pointing back at the previous one, leaving every original byte where it was.

use std::io::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Writer};

use crate::PostError;

/// One object of the update: a lopdf object, or bytes already serialised (the signature dictionary,
/// whose placeholders must be found again).
pub(crate) enum Body {
    Object(Object),
    Raw(Vec<u8>),
}

/// Where the signature dictionary's placeholders ended up in the finished file.
pub(crate) struct Placed {
    pub(crate) file: Vec<u8>,
    /// Offset of the `<` opening the `/Contents` hex string.
    pub(crate) contents_start: usize,
    /// Offset just past its `>`.
    pub(crate) contents_end: usize,
    /// Offset of the `[` opening the `/ByteRange` array.
    pub(crate) byte_range_at: usize,
}

/// Placeholder of the `/ByteRange` array, wide enough for four ten-digit numbers.
pub(crate) const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 ********** ********** **********]";

/// The offset in `pdf` of its last cross-reference section, from the final `startxref`.
pub(crate) fn last_xref_offset(pdf: &[u8]) -> Option<usize> {
    let tail_start = pdf.len().saturating_sub(2048);
    let tail = &pdf[tail_start..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// Whether the last cross-reference section is a classic table (which a classic update may follow).
pub(crate) fn ends_with_xref_table(pdf: &[u8]) -> bool {
    last_xref_offset(pdf).and_then(|offset| pdf.get(offset..offset + 4)).is_some_and(|head| head == b"xref")
}

/// Appends `objects` to `base` with a cross-reference section and `trailer` (which gets `/Size` and
/// `/Prev`). The object holding the signature dictionary must be [`Body::Raw`] with the placeholders.
pub(crate) fn append(
    base: &[u8],
    objects: Vec<(ObjectId, Body)>,
    mut trailer: Dictionary,
    signature: ObjectId,
) -> Result<Placed, PostError> {
    let prev = last_xref_offset(base).ok_or_else(|| write_error("the input has no startxref"))?;
    let mut file = base.to_vec();
    if !file.ends_with(b"\n") {
        file.push(b'\n');
    }
    let mut offsets = Vec::new();
    let mut placed = None;
    for (id, body) in objects {
        offsets.push((id, file.len()));
        writeln!(file, "{} {} obj", id.0, id.1).map_err(write_error)?;
        let body_start = file.len();
        match body {
            Body::Object(object) => Writer::write_object(&mut file, &object).map_err(write_error)?,
            Body::Raw(bytes) => file.extend_from_slice(&bytes),
        }
        if id == signature {
            placed = Some(find_placeholders(&file, body_start)?);
        }
        file.extend_from_slice(b"\nendobj\n");
    }
    let (contents_start, contents_end, byte_range_at) =
        placed.ok_or_else(|| write_error("the signature dictionary was not written"))?;
    offsets.sort_by_key(|(id, _)| *id);
    let size = offsets.iter().map(|((number, _), _)| number + 1).max().unwrap_or(1);
    let xref_at = file.len();
    file.extend_from_slice(b"xref\n");
    for run in offsets.chunk_by(|a, b| b.0.0 == a.0.0 + 1) {
        writeln!(file, "{} {}", run[0].0.0, run.len()).map_err(write_error)?;
        for ((_, generation), offset) in run {
            // Each entry is exactly 20 bytes: the two-byte end of line is a space and a line feed.
            writeln!(file, "{offset:010} {generation:05} n ").map_err(write_error)?;
        }
    }
    let old_size = trailer.get(b"Size").and_then(Object::as_i64).unwrap_or(0);
    trailer.set("Size", Object::Integer(old_size.max(i64::from(size))));
    trailer.set("Prev", Object::Integer(i64::try_from(prev).map_err(write_error)?));
    file.extend_from_slice(b"trailer\n");
    Writer::write_object(&mut file, &Object::Dictionary(trailer)).map_err(write_error)?;
    write!(file, "\nstartxref\n{xref_at}\n%%EOF\n").map_err(write_error)?;
    Ok(Placed { file, contents_start, contents_end, byte_range_at })
}

/// Offsets of the `/Contents` hex string and the `/ByteRange` placeholder in the body from `from`.
fn find_placeholders(file: &[u8], from: usize) -> Result<(usize, usize, usize), PostError> {
    let body = &file[from..];
    let find = |needle: &[u8]| body.windows(needle.len()).position(|w| w == needle);
    let contents = find(b"/Contents <").ok_or_else(|| write_error("no /Contents placeholder"))? + 10;
    let length = body[contents..].iter().position(|&b| b == b'>').ok_or_else(|| write_error("unclosed /Contents"))?;
    let byte_range = find(BYTE_RANGE_PLACEHOLDER).ok_or_else(|| write_error("no /ByteRange placeholder"))?;
    Ok((from + contents, from + contents + length + 1, from + byte_range))
}

/// The `/ByteRange` array text for the placeholders' offsets, padded to the placeholder's width.
pub(crate) fn byte_range(placed: &Placed) -> Result<Vec<u8>, PostError> {
    let after = placed.file.len() - placed.contents_end;
    let text = format!("[0 {} {} {}]", placed.contents_start, placed.contents_end, after);
    if text.len() > BYTE_RANGE_PLACEHOLDER.len() {
        return Err(write_error("the file is too large for the /ByteRange placeholder"));
    }
    let mut bytes = text.into_bytes();
    let close = bytes.pop().unwrap_or(b']');
    bytes.resize(BYTE_RANGE_PLACEHOLDER.len() - 1, b' ');
    bytes.push(close);
    Ok(bytes)
}

fn write_error(err: impl std::fmt::Display) -> PostError {
    PostError::Signature(format!("writing the incremental update failed: {err}"))
}
