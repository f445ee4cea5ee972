//! CSS colours: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, `transparent` and the named colours.

use super::color_names::NAMED_COLORS;

/// An sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Alpha, 0.0–1.0.
    pub a: f64,
}

impl Color {
    /// Opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 1.0 }
    }

    /// True when fully transparent.
    pub fn is_transparent(&self) -> bool {
        self.a <= 0.0
    }

    /// As `0xRRGGBB`.
    pub fn to_u32(self) -> u32 {
        (u32::from(self.r) << 16) | (u32::from(self.g) << 8) | u32::from(self.b)
    }

    /// Parse a CSS colour.
    pub fn parse(text: &str) -> Result<Color, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        if let Some(hex) = lower.strip_prefix('#') {
            return parse_hex(hex).ok_or_else(|| format!("{text:?} is not a hex colour"));
        }
        if let Some(args) =
            lower.strip_prefix("rgba(").or_else(|| lower.strip_prefix("rgb(")).and_then(|rest| rest.strip_suffix(')'))
        {
            return parse_rgb_function(args).ok_or_else(|| format!("{text:?} is not a valid rgb() colour"));
        }
        if lower == "transparent" {
            return Ok(Color { r: 0, g: 0, b: 0, a: 0.0 });
        }
        NAMED_COLORS
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, value)| Color::rgb((value >> 16) as u8, (value >> 8) as u8, *value as u8))
            .ok_or_else(|| format!("{text:?} is not a colour"))
    }
}

fn parse_hex(hex: &str) -> Option<Color> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
    let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    match hex.len() {
        3 | 4 => {
            let alpha = if hex.len() == 4 { digit(3)? * 17 } else { 255 };
            Some(Color { r: digit(0)? * 17, g: digit(1)? * 17, b: digit(2)? * 17, a: f64::from(alpha) / 255.0 })
        }
        6 | 8 => {
            let alpha = if hex.len() == 8 { pair(6)? } else { 255 };
            Some(Color { r: pair(0)?, g: pair(2)?, b: pair(4)?, a: f64::from(alpha) / 255.0 })
        }
        _ => None,
    }
}

fn parse_rgb_function(args: &str) -> Option<Color> {
    let parts: Vec<&str> = args.split([',', ' ', '/']).map(str::trim).filter(|part| !part.is_empty()).collect();
    if parts.len() != 3 && parts.len() != 4 {
        return None;
    }
    let channel = |part: &str| -> Option<u8> {
        let value = match part.strip_suffix('%') {
            Some(percent) => percent.parse::<f64>().ok()? * 2.55,
            None => part.parse::<f64>().ok()?,
        };
        value.is_finite().then(|| value.round().clamp(0.0, 255.0) as u8)
    };
    let alpha = match parts.get(3) {
        Some(part) => match part.strip_suffix('%') {
            Some(percent) => percent.parse::<f64>().ok()? / 100.0,
            None => part.parse::<f64>().ok()?,
        },
        None => 1.0,
    };
    if !alpha.is_finite() {
        return None;
    }
    Some(Color { r: channel(parts[0])?, g: channel(parts[1])?, b: channel(parts[2])?, a: alpha.clamp(0.0, 1.0) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_hex_agree() {
        assert_eq!(Color::parse("#abc"), Color::parse("#aabbcc"));
    }

    #[test]
    fn rgba_keeps_alpha() {
        let color = Color::parse("rgba(255, 0, 0, 0.5)").expect("valid");
        assert_eq!((color.r, color.g, color.b), (255, 0, 0));
        assert!((color.a - 0.5).abs() < 1e-9);
    }

    #[test]
    fn named_colours_are_known() {
        assert_eq!(Color::parse("RebeccaPurple"), Ok(Color::rgb(0x66, 0x33, 0x99)));
    }

    #[test]
    fn garbage_is_rejected() {
        assert!(Color::parse("#12").is_err());
        assert!(Color::parse("rgb(1,2)").is_err());
        assert!(Color::parse("blurple").is_err());
    }
}
