//! Compiling `qr-code`, `barcode`, `svg` and `formula`. Values written literally in the template are
//! checked here (a wrong check digit or an SVG with a script makes the template invalid, at
//! `….props.value`); values that come from data are checked again when the document is resolved.

use std::sync::Arc;

use super::node::{NodeKind, TextSpec};
use super::props::PropReader;
use crate::style::{Color, Length, SharedStyle};
use crate::svg_check::{MAX_COMPONENT_SVG_BYTES, component_problems};
use crate::symbols::{BARCODE_FORMATS, Paint, QrLevel, Symbol, Symbology, encode};

/// Longest formula Excel accepts, in characters.
pub(crate) const MAX_FORMULA_CHARS: usize = 8192;

/// A `qr-code` or `barcode` component.
#[derive(Debug, Clone)]
pub(crate) struct CodeSpec {
    pub symbology: Symbology,
    pub value: TextSpec,
    /// The symbol of a literal value, encoded once at compile time.
    pub fixed: Option<Arc<Symbol>>,
    /// Outer width (QR: the side) including the quiet zone.
    pub width: Option<Length>,
    /// 1-D: bar height; PDF417: total height.
    pub height: Option<Length>,
    pub module_width: Option<Length>,
    pub quiet_zone: u32,
    pub show_text: bool,
    pub paint: Paint,
    pub alt: Option<TextSpec>,
    pub style: SharedStyle,
}

/// An `svg` component: markup with `{{…}}` placeholders whose values are XML-escaped.
#[derive(Debug, Clone)]
pub(crate) struct SvgSpec {
    pub markup: TextSpec,
    pub width: Option<Length>,
    pub height: Option<Length>,
    pub alt: Option<TextSpec>,
    pub style: SharedStyle,
}

/// A `formula` component: an Excel formula (placeholders may only yield numbers), the value shown
/// in PDF and CSV and cached in the workbook, and an Excel number format.
#[derive(Debug, Clone)]
pub(crate) struct FormulaSpec {
    pub formula: TextSpec,
    pub value: Option<TextSpec>,
    pub format: Option<String>,
    pub style: SharedStyle,
}

fn color_prop(props: &mut PropReader<'_>, key: &str) -> Option<Color> {
    match props.string(key).map(Color::parse) {
        Some(Ok(color)) => Some(color),
        Some(Err(message)) => {
            props.problem(key, message);
            None
        }
        None => None,
    }
}

fn positive_length(props: &mut PropReader<'_>, key: &str) -> Option<Length> {
    let length = props.length(key)?;
    match length.as_pt() {
        Some(pt) if pt > 0.0 && pt <= 14_400.0 => Some(length),
        _ => {
            props.problem(key, format!("{key} must be a positive absolute length (points, mm, px, …)"));
            None
        }
    }
}

fn quiet_zone(props: &mut PropReader<'_>, symbology: Symbology) -> u32 {
    match props.number("quietZone") {
        Some(n) if (0.0..=40.0).contains(&n) && n.fract() == 0.0 => n as u32,
        Some(_) => {
            props.problem("quietZone", "quietZone is a whole number of modules from 0 to 40");
            symbology.default_quiet_zone()
        }
        None => symbology.default_quiet_zone(),
    }
}

/// Encode a literal value now so a bad one makes the template invalid.
fn fixed_symbol(props: &mut PropReader<'_>, symbology: Symbology, value: &TextSpec) -> Option<Arc<Symbol>> {
    if !value.template.is_literal() {
        return None;
    }
    match encode(symbology, &value.source) {
        Ok(symbol) => Some(Arc::new(symbol)),
        Err(message) => {
            props.problem("value", message);
            None
        }
    }
}

pub(crate) fn qr_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let level = match props.string("errorCorrection").or_else(|| props.string("errorCorrectionLevel")) {
        Some(text) => QrLevel::parse(text).unwrap_or_else(|| {
            props.problem("errorCorrection", format!("unknown errorCorrection {text:?}; expected L, M, Q or H"));
            QrLevel::M
        }),
        None => QrLevel::M,
    };
    let symbology = Symbology::Qr(level);
    let value = props.required_text("value")?;
    let fixed = fixed_symbol(props, symbology, &value);
    let width = positive_length(props, "size").or_else(|| positive_length(props, "width"));
    code_node(props, symbology, value, fixed, width, false)
}

pub(crate) fn barcode_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let symbology = match props.string("format") {
        Some(name) => match Symbology::barcode_format(name) {
            Some(symbology) => symbology,
            None => {
                props.problem(
                    "format",
                    format!("unknown barcode format {name:?}; expected one of {}", BARCODE_FORMATS.join(", ")),
                );
                return None;
            }
        },
        None => Symbology::Code128,
    };
    let value = props.required_text("value")?;
    let fixed = fixed_symbol(props, symbology, &value);
    let width = positive_length(props, "width").or_else(|| positive_length(props, "size"));
    let show_text = props.bool("showText").unwrap_or(symbology.is_linear());
    code_node(props, symbology, value, fixed, width, show_text && symbology.is_linear())
}

fn code_node(
    props: &mut PropReader<'_>,
    symbology: Symbology,
    value: TextSpec,
    fixed: Option<Arc<Symbol>>,
    width: Option<Length>,
    show_text: bool,
) -> Option<NodeKind> {
    let style = props.style("style");
    let dark = color_prop(props, "color").or(style.color).unwrap_or(Color::rgb(0, 0, 0));
    let light = color_prop(props, "backgroundColor").or(style.background).or(Some(Color::rgb(255, 255, 255)));
    if let Some(light) = light.filter(|l| !l.is_transparent())
        && contrast(dark, light) < 0.4
    {
        props.problem("color", "the code's colour is too close to its background for scanners to read");
    }
    Some(NodeKind::Code(Box::new(CodeSpec {
        symbology,
        value,
        fixed,
        width,
        height: positive_length(props, "height"),
        module_width: positive_length(props, "moduleWidth"),
        quiet_zone: quiet_zone(props, symbology),
        show_text,
        paint: Paint { dark, light },
        alt: props.text("alt"),
        style,
    })))
}

/// Difference of relative luminance, 0 (same) to 1 (black on white).
fn contrast(a: Color, b: Color) -> f64 {
    let luminance = |c: Color| (0.2126 * f64::from(c.r) + 0.7152 * f64::from(c.g) + 0.0722 * f64::from(c.b)) / 255.0;
    (luminance(a) - luminance(b)).abs()
}

pub(crate) fn svg_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let markup = props.required_text("svg")?;
    if markup.source.len() > MAX_COMPONENT_SVG_BYTES {
        props.problem(
            "svg",
            format!(
                "the SVG is {} bytes; at most {} KiB are allowed",
                markup.source.len(),
                MAX_COMPONENT_SVG_BYTES / 1024
            ),
        );
        return None;
    }
    // The markup as written, placeholders standing in as plain text, must already be safe; the filled-in
    // markup is checked again at render time (values could land in attributes).
    let skeleton = placeholder_free(&markup.source);
    for message in component_problems(&skeleton) {
        props.problem("svg", message);
    }
    let style = props.style("style");
    Some(NodeKind::Svg(Box::new(SvgSpec {
        markup,
        width: positive_length(props, "width").or(style.width),
        height: positive_length(props, "height").or(style.height),
        alt: props.text("alt"),
        style,
    })))
}

/// The markup with every `{{…}}` output replaced by `#v` (block tags dropped), for the compile-time check:
/// an internal reference, so `href="{{logo}}"` (an `assets://` image from data) passes here and is
/// checked with its value at render time, while `href="https://x/{{id}}"` or `<{{tag}}>` are refused.
fn placeholder_free(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => {
                let inner = &rest[start + 2..start + end];
                if !inner.trim_start().starts_with(['#', '/', '!']) && inner.trim() != "else" {
                    out.push_str("#v");
                }
                rest = &rest[start + end + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub(crate) fn formula_node(props: &mut PropReader<'_>) -> Option<NodeKind> {
    let formula = props.required_text("formula")?;
    if let Err(message) = check_formula(&formula.source) {
        props.problem("formula", message);
    }
    let format = props.string("format").map(str::to_owned);
    if let Some(format) = &format
        && (format.len() > 255 || format.chars().any(char::is_control))
    {
        props
            .problem("format", "format must be an Excel number format of at most 255 characters, such as \"#,##0.00\"");
    }
    Some(NodeKind::Formula(Box::new(FormulaSpec {
        formula,
        value: props.text("value"),
        format,
        style: props.style("style"),
    })))
}

/// Functions that reach outside the workbook (web requests, DLL calls, DDE servers, images by URL).
const REFUSED_FUNCTIONS: &[&str] = &["WEBSERVICE", "CALL", "REGISTER", "REGISTER.ID", "EXEC", "RTD", "IMAGE", "DDE"];

/// A formula must start with `=`, be at most [`MAX_FORMULA_CHARS`] long, and not reach outside the
/// workbook: no DDE (`|`), no external workbook references (`[Book.xlsx]`), none of
/// [`REFUSED_FUNCTIONS`]. String literals (`"…"`) are not inspected.
pub(crate) fn check_formula(formula: &str) -> Result<(), String> {
    let trimmed = formula.trim();
    if !trimmed.starts_with('=') {
        return Err("a formula starts with = (for example \"=SUM(D2:D41)\")".into());
    }
    let length = trimmed.chars().count();
    if length > MAX_FORMULA_CHARS {
        return Err(format!("the formula is {length} characters long; Excel allows at most {MAX_FORMULA_CHARS}"));
    }
    if trimmed.len() == 1 {
        return Err("the formula is empty after =".into());
    }
    let mut in_string = false;
    let mut word = String::new();
    for c in trimmed.chars().chain(std::iter::once(' ')) {
        if in_string {
            in_string = c != '"';
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            word.push(c.to_ascii_uppercase());
            continue;
        }
        if c == '(' && REFUSED_FUNCTIONS.contains(&word.trim_start_matches("_XLFN.")) {
            return Err(format!("the formula calls {word}, which reaches outside the workbook; it is not allowed"));
        }
        word.clear();
        match c {
            '"' => in_string = true,
            '|' => return Err("the formula uses | (a DDE link to another program); it is not allowed".into()),
            '[' => {
                return Err(
                    "the formula refers to another workbook ([…]); only cells of this workbook are allowed".into()
                );
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_that_reach_outside_the_workbook_are_refused() {
        assert!(check_formula("=SUM(D2:D41)").is_ok());
        assert!(check_formula("=IF(A1>0,\"a|b [c]\",\"\")").is_ok(), "string literals are data");
        assert!(check_formula("SUM(A1)").is_err());
        assert!(check_formula("=cmd|' /C calc'!A0").expect_err("dde").contains("DDE"));
        assert!(check_formula("=[Book1.xlsx]Sheet1!A1").is_err());
        assert!(check_formula("=WEBSERVICE(\"http://x\")").expect_err("web").contains("WEBSERVICE"));
        assert!(check_formula("=_xlfn.IMAGE(\"http://x\")").is_err());
        assert!(check_formula(&format!("={}", "1+".repeat(5000))).expect_err("long").contains("8192"));
    }

    #[test]
    fn placeholders_become_plain_text_for_the_compile_time_check() {
        assert_eq!(placeholder_free("<t x=\"{{a}}\">{{#each i}}{{this}}{{/each}}</t>"), "<t x=\"#v\">#v</t>");
    }
}
