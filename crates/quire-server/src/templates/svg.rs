//! SVG uploads are parsed as XML and refused (never silently rewritten) when they could run code or
//! reach outside the file: scripts and other active elements, `on…` event handlers, `javascript:` URLs,
//! links or `url(…)` references that are not internal (`#id`) or embedded raster images, CSS `@import`,
//! stylesheet processing instructions, and any DTD (entity tricks).

use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// Most XML nodes an uploaded SVG may have.
pub const MAX_SVG_NODES: u32 = 200_000;

/// Elements that run code or embed other documents.
const ACTIVE_ELEMENTS: &[&str] = &["script", "foreignobject", "iframe", "embed", "object", "handler", "listener"];

/// Every reason `text` is not a safe SVG, in document order; empty when it is safe.
pub fn svg_problems(text: &str) -> Vec<String> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_SVG_NODES, ..ParsingOptions::default() };
    let document = match Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(roxmltree::Error::DtdDetected) => {
            return vec!["SVG must not contain a DOCTYPE or entity declarations".into()];
        }
        Err(e) => return vec![format!("SVG is not well-formed XML: {e}")],
    };
    let mut problems = Vec::new();
    if !document.root_element().tag_name().name().eq_ignore_ascii_case("svg") {
        problems.push("the root element must be <svg>".into());
    }
    for node in document.descendants() {
        match node.node_type() {
            NodeType::PI => problems.push("processing instructions (such as xml-stylesheet) are not allowed".into()),
            NodeType::Element => check_element(node, &mut problems),
            NodeType::Text if node.parent().is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style")) => {
                check_css(node.text().unwrap_or_default(), "<style>", &mut problems);
            }
            _ => {}
        }
    }
    problems.dedup();
    problems
}

fn check_element(node: Node<'_, '_>, problems: &mut Vec<String>) {
    let name = node.tag_name().name().to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        problems.push(format!("<{name}> elements are not allowed"));
    }
    // Animations could turn a harmless link into a script or handler at display time.
    if matches!(name.as_str(), "set" | "animate")
        && let Some(target) = node.attribute("attributeName")
    {
        let target = target.to_ascii_lowercase();
        if target.ends_with("href") || target.starts_with("on") {
            problems.push(format!("<{name}> must not animate the {target} attribute"));
        }
    }
    for attribute in node.attributes() {
        let local = attribute.name().to_ascii_lowercase();
        let value = attribute.value();
        let where_ = format!("attribute {} of <{name}>", attribute.name());
        if local.starts_with("on") {
            problems.push(format!("event handler {} on <{name}> is not allowed", attribute.name()));
            continue;
        }
        if has_script_scheme(value) {
            problems.push(format!("{where_} contains a script URL"));
        }
        if local == "href" || local == "src" {
            if !is_internal_or_embedded(value) {
                problems.push(format!(
                    "{where_} points outside the file ({}); only #id references and embedded images are allowed",
                    shorten(value)
                ));
            }
        } else {
            check_css(value, &where_, problems);
        }
    }
}

/// `url(…)` must point inside the file; `@import` is refused.
fn check_css(css: &str, where_: &str, problems: &mut Vec<String>) {
    let compact = squeeze(css);
    if compact.contains("@import") {
        problems.push(format!("{where_} uses CSS @import"));
    }
    if has_script_scheme(css) || compact.contains("expression(") {
        problems.push(format!("{where_} contains script"));
    }
    let mut rest = compact.as_str();
    while let Some(start) = rest.find("url(") {
        let target = rest[start + 4..].trim_start_matches(['"', '\'']);
        if !target.starts_with('#') && !is_embedded_image(target) {
            problems.push(format!("{where_} references an external resource with url(…)"));
            break;
        }
        rest = &rest[start + 4..];
    }
}

/// Lower case without whitespace, control characters or CSS escapes' backslashes, so `java\nscript:`
/// and `URL ( http…` are seen for what they are.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\\').flat_map(char::to_lowercase).collect()
}

fn has_script_scheme(value: &str) -> bool {
    let compact = squeeze(value);
    compact.contains("javascript:") || compact.contains("vbscript:") || compact.contains("data:text/html")
}

fn is_embedded_image(target: &str) -> bool {
    ["data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp"]
        .iter()
        .any(|prefix| target.starts_with(prefix))
}

fn is_internal_or_embedded(value: &str) -> bool {
    let compact = squeeze(value);
    compact.is_empty() || compact.starts_with('#') || is_embedded_image(&compact)
}

fn shorten(value: &str) -> String {
    let mut short: String = value.chars().take(60).collect();
    if value.chars().count() > 60 {
        short.push('…');
    }
    format!("{short:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

    fn problems(body: &str) -> Vec<String> {
        svg_problems(&format!("<svg {NS}>{body}</svg>"))
    }

    #[test]
    fn plain_shapes_gradients_and_internal_references_pass() {
        let ok = "<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs>\
                  <rect width=\"10\" height=\"10\" fill=\"url(#g)\" style=\"stroke: url('#g')\"/>\
                  <use href=\"#g\"/><image xlink:href=\"data:image/png;base64,AAAA\"/>";
        assert_eq!(problems(ok), Vec::<String>::new());
    }

    #[test]
    fn scripts_handlers_and_script_urls_are_refused() {
        assert!(!problems("<script>alert(1)</script>").is_empty());
        assert!(!problems("<SCRIPT>alert(1)</SCRIPT>").is_empty());
        assert!(!svg_problems(&format!("<svg {NS} onload=\"alert(1)\"/>")).is_empty());
        assert!(!problems("<a href=\"&#106;avascript:alert(1)\"><text>x</text></a>").is_empty());
        assert!(!problems("<foreignObject><div/></foreignObject>").is_empty());
        assert!(!problems("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>").is_empty());
    }

    #[test]
    fn external_references_are_refused() {
        assert!(!problems("<image href=\"https://evil.example/x.png\"/>").is_empty());
        assert!(!problems("<use xlink:href=\"other.svg#a\"/>").is_empty());
        assert!(!problems("<rect style=\"fill: URL( http://evil.example/a )\"/>").is_empty());
        assert!(!problems("<style>@import 'http://evil.example/a.css';</style>").is_empty());
        assert!(!problems("<style>rect { fill: url(https://evil.example/p) }</style>").is_empty());
        assert!(!svg_problems(&format!("<?xml-stylesheet href=\"http://e/a.css\"?><svg {NS}/>")).is_empty());
    }

    #[test]
    fn dtds_and_non_svg_roots_are_refused() {
        let billion = "<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg>&a;</svg>";
        assert!(svg_problems(billion)[0].contains("DOCTYPE"));
        assert!(!svg_problems("<html/>").is_empty());
        assert!(!svg_problems("<svg><unclosed></svg>").is_empty());
    }
}
