//! Tokenizer for expressions: numbers, quoted strings with escapes, names, `@` variables, operators.

use crate::ExprError;

/// One token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub offset: usize,
}

/// The kinds of token the expression grammar knows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    Number(f64),
    Str(String),
    Name(String),
    /// `@index`, `@first`, ... (without the `@`).
    AtName(String),
    Dot,
    Comma,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Question,
    Colon,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    AndAnd,
    OrOr,
    Nullish,
    End,
}

/// Split `src` into tokens, ending with [`TokenKind::End`].
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let byte = bytes[pos];
        if byte.is_ascii_whitespace() {
            pos += 1;
            continue;
        }
        let start = pos;
        let kind = match byte {
            b'0'..=b'9' => {
                let (value, end) = lex_number(src, pos)?;
                pos = end;
                TokenKind::Number(value)
            }
            b'.' if bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) => {
                let (value, end) = lex_number(src, pos)?;
                pos = end;
                TokenKind::Number(value)
            }
            b'"' | b'\'' => {
                let (text, end) = lex_string(src, pos)?;
                pos = end;
                TokenKind::Str(text)
            }
            b'@' => {
                let end = name_end(bytes, pos + 1);
                if end == pos + 1 {
                    return Err(ExprError::parse("expected a name after `@`", pos));
                }
                let name = src[pos + 1..end].to_string();
                pos = end;
                TokenKind::AtName(name)
            }
            _ if is_name_start(byte) => {
                let end = name_end(bytes, pos);
                let name = src[pos..end].to_string();
                pos = end;
                TokenKind::Name(name)
            }
            _ => {
                let (kind, len) = lex_operator(bytes, pos)?;
                pos += len;
                kind
            }
        };
        tokens.push(Token { kind, offset: start });
    }
    tokens.push(Token { kind: TokenKind::End, offset: src.len() });
    Ok(tokens)
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte == b'$'
}

fn name_end(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && (is_name_start(bytes[pos]) || bytes[pos].is_ascii_digit()) {
        pos += 1;
    }
    pos
}

fn lex_operator(bytes: &[u8], pos: usize) -> Result<(TokenKind, usize), ExprError> {
    let at = |i: usize| bytes.get(pos + i).copied().unwrap_or(0);
    let found = match (at(0), at(1), at(2)) {
        (b'=', b'=', b'=') => (TokenKind::EqEqEq, 3),
        (b'!', b'=', b'=') => (TokenKind::NotEqEq, 3),
        (b'=', b'=', _) => (TokenKind::EqEq, 2),
        (b'!', b'=', _) => (TokenKind::NotEq, 2),
        (b'<', b'=', _) => (TokenKind::LessEq, 2),
        (b'>', b'=', _) => (TokenKind::GreaterEq, 2),
        (b'&', b'&', _) => (TokenKind::AndAnd, 2),
        (b'|', b'|', _) => (TokenKind::OrOr, 2),
        (b'?', b'?', _) => (TokenKind::Nullish, 2),
        (b'<', ..) => (TokenKind::Less, 1),
        (b'>', ..) => (TokenKind::Greater, 1),
        (b'!', ..) => (TokenKind::Bang, 1),
        (b'.', ..) => (TokenKind::Dot, 1),
        (b',', ..) => (TokenKind::Comma, 1),
        (b'(', ..) => (TokenKind::LParen, 1),
        (b')', ..) => (TokenKind::RParen, 1),
        (b'[', ..) => (TokenKind::LBracket, 1),
        (b']', ..) => (TokenKind::RBracket, 1),
        (b'?', ..) => (TokenKind::Question, 1),
        (b':', ..) => (TokenKind::Colon, 1),
        (b'+', ..) => (TokenKind::Plus, 1),
        (b'-', ..) => (TokenKind::Minus, 1),
        (b'*', ..) => (TokenKind::Star, 1),
        (b'/', ..) => (TokenKind::Slash, 1),
        (b'%', ..) => (TokenKind::Percent, 1),
        (b'=', ..) => {
            return Err(ExprError::parse("assignment is not allowed; use `==` or `===` to compare", pos));
        }
        _ => {
            return Err(ExprError::parse("unexpected character in expression", pos));
        }
    };
    Ok(found)
}

fn lex_number(src: &str, start: usize) -> Result<(f64, usize), ExprError> {
    let bytes = src.as_bytes();
    let mut pos = start;
    let digits = |mut p: usize| {
        while p < bytes.len() && bytes[p].is_ascii_digit() {
            p += 1;
        }
        p
    };
    pos = digits(pos);
    if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        pos = digits(pos + 1);
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        let mut exp = pos + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
            pos = digits(exp);
        }
    }
    if bytes.get(pos).is_some_and(|b| is_name_start(*b)) {
        return Err(ExprError::parse("malformed number", start));
    }
    let value: f64 = src[start..pos].parse().map_err(|_| ExprError::parse("malformed number", start))?;
    if !value.is_finite() {
        return Err(ExprError::parse("number is too large", start));
    }
    Ok((value, pos))
}

fn lex_string(src: &str, start: usize) -> Result<(String, usize), ExprError> {
    let quote = src.as_bytes()[start] as char;
    let mut text = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((rel, ch)) = chars.next() {
        let at = start + 1 + rel;
        match ch {
            c if c == quote => return Ok((text, at + 1)),
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    break;
                };
                match escaped {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    'b' => text.push('\u{8}'),
                    'f' => text.push('\u{c}'),
                    '0' => text.push('\0'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == 4)
                            .and_then(char::from_u32)
                            .ok_or_else(|| ExprError::parse("invalid `\\u` escape", at))?;
                        text.push(code);
                    }
                    // JavaScript keeps the character itself for any other escape (`\"`, `\\`, `\'`).
                    other => text.push(other),
                }
            }
            other => text.push(other),
        }
    }
    Err(ExprError::parse("unterminated string literal", start))
}
