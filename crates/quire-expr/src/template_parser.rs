//! Splits template text into literal runs and `{{ }}` tags, and builds the block tree.

use std::mem::take;

use crate::template::Segment;
use crate::{ExprError, Expression};

/// Deepest nesting of blocks (each `{{else if}}` counts as one more level).
pub const MAX_BLOCK_DEPTH: usize = 32;

/// A block whose closing tag has not been seen yet.
struct OpenBlock {
    name: &'static str,
    offset: usize,
    /// Finished branches: condition (or list for `#each`) and body.
    done: Vec<(Expression, Vec<Segment>)>,
    /// Head of the branch being filled; `None` once `{{else}}` was seen.
    head: Option<Expression>,
    current: Vec<Segment>,
    aliases: (Option<String>, Option<String>),
}

impl OpenBlock {
    fn into_segments(mut self) -> Vec<Segment> {
        let otherwise = match self.head.take() {
            Some(head) => {
                self.done.push((head, take(&mut self.current)));
                Vec::new()
            }
            None => take(&mut self.current),
        };
        if self.name == "each" {
            let Some((list, body)) = self.done.into_iter().next() else {
                return otherwise;
            };
            return vec![Segment::Each {
                list,
                item_alias: self.aliases.0,
                index_alias: self.aliases.1,
                body,
                otherwise,
            }];
        }
        let mut result = otherwise;
        for (index, (cond, then)) in self.done.into_iter().enumerate().rev() {
            result = vec![Segment::If { cond, negate: index == 0 && self.name == "unless", then, otherwise: result }];
        }
        result
    }
}

/// The raw pieces of one `{{ … }}` tag.
struct Tag<'t> {
    /// Text between the braces, untrimmed.
    content: &'t str,
    /// Byte offset of `content` in the template.
    content_offset: usize,
    /// Byte offset just past the closing braces.
    end: usize,
    comment: bool,
}

/// Parse `text` into a segment tree.
pub(crate) fn parse_segments(text: &str) -> Result<Vec<Segment>, ExprError> {
    let mut top: Vec<Segment> = Vec::new();
    let mut stack: Vec<OpenBlock> = Vec::new();
    let mut literal = String::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("{{") {
        let open = pos + found;
        if open > 0 && text.as_bytes()[open - 1] == b'\\' {
            literal.push_str(&text[pos..open - 1]);
            literal.push_str("{{");
            pos = open + 2;
            continue;
        }
        literal.push_str(&text[pos..open]);
        let tag = scan_tag(text, open)?;
        pos = tag.end;
        if tag.comment {
            continue;
        }
        let target = match stack.last_mut() {
            Some(block) => &mut block.current,
            None => &mut top,
        };
        if !literal.is_empty() {
            target.push(Segment::Text(take(&mut literal)));
        }
        handle_tag(&tag, open, &mut stack, &mut top)?;
    }
    literal.push_str(&text[pos..]);
    if let Some(block) = stack.last() {
        return Err(ExprError::parse(
            format!("`{{{{#{}}}}}` is never closed with `{{{{/{}}}}}`", block.name, block.name),
            block.offset,
        ));
    }
    if !literal.is_empty() {
        top.push(Segment::Text(literal));
    }
    Ok(top)
}

fn handle_tag(tag: &Tag<'_>, open: usize, stack: &mut Vec<OpenBlock>, top: &mut Vec<Segment>) -> Result<(), ExprError> {
    let trimmed = tag.content.trim_start();
    let offset = tag.content_offset + (tag.content.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if let Some(rest) = trimmed.strip_prefix('#') {
        let block = open_block(rest, offset + 1, open)?;
        let depth: usize = stack.iter().map(|b| b.done.len() + 1).sum();
        if depth >= MAX_BLOCK_DEPTH {
            return Err(ExprError::DepthLimit);
        }
        stack.push(block);
        return Ok(());
    }
    if let Some(rest) = trimmed.strip_prefix('/') {
        let name = rest.trim();
        let Some(block) = stack.pop() else {
            return Err(ExprError::parse(format!("`{{{{/{name}}}}}` closes a block that was never opened"), open));
        };
        if name != block.name {
            return Err(ExprError::parse(
                format!("`{{{{/{name}}}}}` does not match `{{{{#{}}}}}` opened at offset {}", block.name, block.offset),
                open,
            ));
        }
        let segments = block.into_segments();
        match stack.last_mut() {
            Some(parent) => parent.current.extend(segments),
            None => top.extend(segments),
        }
        return Ok(());
    }
    if trimmed == "else" || trimmed.starts_with("else ") {
        let depth: usize = stack.iter().map(|b| b.done.len() + 1).sum();
        let Some(block) = stack.last_mut() else {
            return Err(ExprError::parse("`{{else}}` outside of a block", open));
        };
        let Some(head) = block.head.take() else {
            return Err(ExprError::parse("a block can have only one `{{else}}`", open));
        };
        block.done.push((head, take(&mut block.current)));
        let rest = trimmed["else".len()..].trim_start();
        if let Some(cond) = rest.strip_prefix("if ").filter(|_| block.name != "each") {
            if depth >= MAX_BLOCK_DEPTH {
                return Err(ExprError::DepthLimit);
            }
            let cond_offset = offset + (trimmed.len() - cond.len());
            block.head = Some(parse_at(cond, cond_offset)?);
        } else if !rest.is_empty() {
            return Err(ExprError::parse("expected `{{else}}` or `{{else if …}}`", open));
        }
        return Ok(());
    }
    let expression = parse_at(trimmed, offset)?;
    let target = match stack.last_mut() {
        Some(block) => &mut block.current,
        None => top,
    };
    target.push(Segment::Output(expression));
    Ok(())
}

/// Start a block from the text after `#` (`each items as |item i|`, `if cond`, `unless cond`).
fn open_block(rest: &str, offset: usize, open: usize) -> Result<OpenBlock, ExprError> {
    let name_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
    let name = match &rest[..name_len] {
        "each" => "each",
        "if" => "if",
        "unless" => "unless",
        other => {
            return Err(ExprError::parse(format!("unknown block `#{other}` (known: #each, #if, #unless)"), open));
        }
    };
    let args = &rest[name_len..];
    let args_offset = offset + name_len + (args.len() - args.trim_start().len());
    let args = args.trim();
    if args.is_empty() {
        return Err(ExprError::parse(format!("`#{name}` needs an expression"), open));
    }
    let (head_src, aliases) = if name == "each" { split_aliases(args, args_offset)? } else { (args, (None, None)) };
    Ok(OpenBlock {
        name,
        offset: open,
        done: Vec::new(),
        head: Some(parse_at(head_src, args_offset)?),
        current: Vec::new(),
        aliases,
    })
}

type Aliases = (Option<String>, Option<String>);

/// Split `list as |item index|` into the list expression and the alias names.
fn split_aliases(args: &str, offset: usize) -> Result<(&str, Aliases), ExprError> {
    let Some(inner) = args.strip_suffix('|') else {
        return Ok((args, (None, None)));
    };
    let Some(bar) = inner.rfind('|') else {
        return Ok((args, (None, None)));
    };
    let before = inner[..bar].trim_end();
    let Some(list) = before.strip_suffix("as").filter(|l| l.ends_with(char::is_whitespace)) else {
        return Ok((args, (None, None)));
    };
    let names: Vec<&str> = inner[bar + 1..].split_whitespace().collect();
    let valid = |name: &&str| {
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if names.is_empty() || names.len() > 2 || !names.iter().all(valid) {
        return Err(ExprError::parse("expected `as |item|` or `as |item index|`", offset + bar));
    }
    let aliases = (names.first().map(|n| n.to_string()), names.get(1).map(|n| n.to_string()));
    Ok((list.trim_end(), aliases))
}

fn parse_at(src: &str, offset: usize) -> Result<Expression, ExprError> {
    Expression::parse(src).map_err(|error| error.shifted(offset))
}

/// Find the end of the tag opening at `open`, skipping quoted strings inside it.
fn scan_tag(text: &str, open: usize) -> Result<Tag<'_>, ExprError> {
    let unterminated = || ExprError::parse("unterminated `{{` (no matching `}}`)", open);
    let triple = text[open..].starts_with("{{{");
    let start = open + if triple { 3 } else { 2 };
    if text[start..].starts_with("!--") {
        let close = text[start..].find("--}}").ok_or_else(unterminated)?;
        return Ok(comment(text, start, start + close + 4));
    }
    if text[start..].starts_with('!') {
        let close = text[start..].find("}}").ok_or_else(unterminated)?;
        return Ok(comment(text, start, start + close + 2));
    }
    let bytes = text.as_bytes();
    let mut pos = start;
    while pos < bytes.len() {
        match bytes[pos] {
            quote @ (b'"' | b'\'') => {
                pos += 1;
                while pos < bytes.len() && bytes[pos] != quote {
                    pos += if bytes[pos] == b'\\' { 2 } else { 1 };
                }
                pos += 1;
            }
            b'}' if bytes.get(pos + 1) == Some(&b'}') => {
                let mut end = pos + 2;
                if triple && bytes.get(end) == Some(&b'}') {
                    end += 1;
                }
                return Ok(Tag { content: &text[start..pos], content_offset: start, end, comment: false });
            }
            _ => pos += 1,
        }
    }
    Err(unterminated())
}

fn comment(text: &str, start: usize, end: usize) -> Tag<'_> {
    Tag { content: &text[start..start], content_offset: start, end, comment: true }
}
