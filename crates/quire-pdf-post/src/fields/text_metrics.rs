//! Helvetica for appearance streams: WinAnsi encoding of text and the standard advance widths.

/// Advance widths of Helvetica (the standard-14 font metrics), in 1/1000 em, for WinAnsi codes 32..=126.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/// Helvetica's ascender and descender, in 1/1000 em.
pub(crate) const ASCENT: f64 = 718.0;
pub(crate) const DESCENT: f64 = -207.0;

/// Width used for WinAnsi characters above ASCII, close to Helvetica's average for accented letters.
const OTHER_WIDTH: u16 = 556;

/// Encodes `text` in WinAnsi (Windows-1252); characters outside it become `?`.
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
    text.chars().filter(|c| *c != '\r' && *c != '\n').map(win_ansi_byte).collect()
}

fn win_ansi_byte(c: char) -> u8 {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).unwrap_or(b'?'),
        _ => match c {
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '™' => 0x99,
            _ => b'?',
        },
    }
}

/// Width of WinAnsi-encoded `bytes` at `font_size` points.
pub(crate) fn width(bytes: &[u8], font_size: f64) -> f64 {
    let units: u32 = bytes
        .iter()
        .map(|&b| match b {
            32..=126 => u32::from(ASCII_WIDTHS[usize::from(b - 32)]),
            _ => u32::from(OTHER_WIDTH),
        })
        .sum();
    f64::from(units) * font_size / 1000.0
}

/// Breaks `text` into lines no wider than `max_width` at `font_size`: at explicit newlines, then between
/// words; a single word wider than the line is cut where it overflows.
pub(crate) fn wrap(text: &str, font_size: f64, max_width: f64) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<u8> = Vec::new();
        for word in paragraph.split(' ') {
            let word = win_ansi(word);
            let candidate = if line.is_empty() { word.clone() } else { [line.as_slice(), b" ", &word].concat() };
            if width(&candidate, font_size) <= max_width || line.is_empty() && word.is_empty() {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for &byte in &word {
                if !line.is_empty() && width(&[line.as_slice(), &[byte]].concat(), font_size) > max_width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(byte);
            }
        }
        lines.push(line);
    }
    lines
}

/// `bytes` as a PDF literal string, with the delimiters and backslash escaped.
pub(crate) fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_helvetica_metrics() {
        assert!((width(b"Hi", 10.0) - (7.22 + 2.22)).abs() < 1e-9);
    }

    #[test]
    fn euro_and_accents_are_win_ansi_and_other_scripts_are_replaced() {
        assert_eq!(win_ansi("€é漢"), vec![0x80, 0xE9, b'?']);
    }

    #[test]
    fn wrapping_breaks_between_words() {
        let lines = wrap("aaa bbb ccc", 10.0, width(b"aaa bbb", 10.0) + 0.1);
        assert_eq!(lines, vec![b"aaa bbb".to_vec(), b"ccc".to_vec()]);
    }

    #[test]
    fn literal_strings_escape_parentheses_and_backslashes() {
        assert_eq!(literal(b"a(b)\\"), b"(a\\(b\\)\\\\)".to_vec());
    }
}
