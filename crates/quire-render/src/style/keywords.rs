//! Keyword-valued style properties: text alignment and transform, flex direction and alignment.

/// Horizontal text alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAlign {
    /// Left (start).
    Left,
    /// Centre.
    Center,
    /// Right (end).
    Right,
    /// Justified.
    Justify,
}

/// `textTransform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextTransform {
    /// No change.
    None,
    /// UPPER CASE.
    Uppercase,
    /// lower case.
    Lowercase,
    /// First Letter Of Each Word.
    Capitalize,
}

impl TextTransform {
    /// Apply the transform to an owned text (no copy when there is nothing to do).
    pub fn apply_owned(self, text: String) -> String {
        if self == Self::None { text } else { self.apply(&text) }
    }

    /// Apply the transform to a text.
    pub fn apply(self, text: &str) -> String {
        match self {
            Self::None => text.to_owned(),
            Self::Uppercase => text.to_uppercase(),
            Self::Lowercase => text.to_lowercase(),
            Self::Capitalize => capitalize_words(text),
        }
    }
}

fn capitalize_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c.is_whitespace() || c == '-';
    }
    out
}

/// Main axis of a flex container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlexDirection {
    /// Side by side.
    Row,
    /// Stacked.
    Column,
}

/// `justifyContent` / `alignItems` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlexAlign {
    /// `flex-start` / `start`.
    Start,
    /// `center`.
    Center,
    /// `flex-end` / `end`.
    End,
    /// `space-between`.
    SpaceBetween,
    /// `space-around`.
    SpaceAround,
    /// `space-evenly`.
    SpaceEvenly,
    /// `stretch` / `baseline` (treated as start for cross-axis alignment).
    Stretch,
}

impl FlexAlign {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        Some(match text.trim() {
            "flex-start" | "start" | "left" | "top" | "normal" => Self::Start,
            "center" => Self::Center,
            "flex-end" | "end" | "right" | "bottom" => Self::End,
            "space-between" => Self::SpaceBetween,
            "space-around" => Self::SpaceAround,
            "space-evenly" => Self::SpaceEvenly,
            "stretch" | "baseline" => Self::Stretch,
            _ => return None,
        })
    }
}
