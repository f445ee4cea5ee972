//! SVG is parsed as XML (roxmltree) and refused, never silently rewritten, when it could run code or
//! reach outside the file: scripts and other active elements, `on…` event handlers, `javascript:` URLs,
//! links or `url(…)` references that are not internal (`#id`) or embedded raster images, CSS `@import`,
//! stylesheet processing instructions, and any DTD (entity tricks such as the billion laughs).
//!
//! Two policies share the checks: uploaded SVG assets ([`svg_problems`], used by the server) and the
//! `svg` component, which may also point `href` at `assets://…` raster images; those are inlined as
//! `data:` URIs before rendering ([`inline_assets`]).

use base64::Engine as _;
use roxmltree::{Document, Node, NodeType, ParsingOptions};

use crate::assets::{AssetResolver, ImageFormat, load_image};

/// Most XML nodes an SVG may have.
pub const MAX_SVG_NODES: u32 = 200_000;

/// Largest `svg` component, in bytes, before and after its expressions are filled in.
pub(crate) const MAX_COMPONENT_SVG_BYTES: usize = 512 * 1024;

/// Elements that run code or embed other documents.
const ACTIVE_ELEMENTS: &[&str] = &["script", "foreignobject", "iframe", "embed", "object", "handler", "listener"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Policy {
    /// `href="assets://…"` is allowed (the `svg` component inlines it).
    assets: bool,
}

/// Every reason `text` is not a safe SVG upload, in document order; empty when it is safe.
pub fn svg_problems(text: &str) -> Vec<String> {
    problems(text, Policy { assets: false })
}

/// Every reason `text` cannot be an `svg` component's markup; empty when it is fine.
pub(crate) fn component_problems(text: &str) -> Vec<String> {
    if text.len() > MAX_COMPONENT_SVG_BYTES {
        return vec![format!(
            "the SVG is {} bytes; at most {} KiB are allowed (upload large drawings as an asset and use an image)",
            text.len(),
            MAX_COMPONENT_SVG_BYTES / 1024
        )];
    }
    problems(text, Policy { assets: true })
}

fn parse(text: &str) -> Result<Document<'_>, String> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_SVG_NODES, ..ParsingOptions::default() };
    Document::parse_with_options(text, options).map_err(|err| match err {
        roxmltree::Error::DtdDetected => "SVG must not contain a DOCTYPE or entity declarations".to_owned(),
        err => format!("SVG is not well-formed XML: {err}"),
    })
}

fn problems(text: &str, policy: Policy) -> Vec<String> {
    let document = match parse(text) {
        Ok(document) => document,
        Err(message) => return vec![message],
    };
    let mut problems = Vec::new();
    if !document.root_element().tag_name().name().eq_ignore_ascii_case("svg") {
        problems.push("the root element must be <svg>".into());
    }
    for node in document.descendants() {
        match node.node_type() {
            NodeType::PI => problems.push("processing instructions (such as xml-stylesheet) are not allowed".into()),
            NodeType::Element => check_element(node, policy, &mut problems),
            NodeType::Text if node.parent().is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style")) => {
                check_css(node.text().unwrap_or_default(), "<style>", &mut problems);
            }
            _ => {}
        }
    }
    problems.dedup();
    problems
}

fn check_element(node: Node<'_, '_>, policy: Policy, problems: &mut Vec<String>) {
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
            let asset = policy.assets && is_asset_reference(value);
            if !asset && !is_internal_or_embedded(value) {
                let allowed = if policy.assets {
                    "#id references, assets:// images and embedded images"
                } else {
                    "#id references and embedded images"
                };
                problems
                    .push(format!("{where_} points outside the file ({}); only {allowed} are allowed", shorten(value)));
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

/// `assets://asset_…` with nothing but id characters after the scheme.
fn is_asset_reference(value: &str) -> bool {
    value
        .trim()
        .strip_prefix("assets://")
        .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
}

fn shorten(value: &str) -> String {
    let mut short: String = value.chars().take(60).collect();
    if value.chars().count() > 60 {
        short.push('…');
    }
    format!("{short:?}")
}

/// Replace every `href`/`src` of the form `assets://id` with a `data:` URI of that asset, which must be
/// a PNG, JPEG, GIF or WebP image. Call on markup that passed [`component_problems`].
pub(crate) fn inline_assets(text: &str, assets: &dyn AssetResolver) -> Result<String, String> {
    let document = parse(text)?;
    let mut replacements = Vec::new();
    for node in document.descendants().filter(Node::is_element) {
        for attribute in node.attributes() {
            let local = attribute.name().to_ascii_lowercase();
            if (local == "href" || local == "src") && is_asset_reference(attribute.value()) {
                let image = load_image(attribute.value(), assets)?;
                let mime = match image.format {
                    ImageFormat::Png => "image/png",
                    ImageFormat::Jpeg => "image/jpeg",
                    ImageFormat::Gif => "image/gif",
                    ImageFormat::Webp => "image/webp",
                    ImageFormat::Svg => {
                        return Err(format!(
                            "{} is an SVG; an svg component may only embed PNG, JPEG, GIF or WebP assets",
                            attribute.value().trim()
                        ));
                    }
                };
                let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
                replacements.push((attribute.range_value(), format!("data:{mime};base64,{data}")));
            }
        }
    }
    if replacements.is_empty() {
        return Ok(text.to_owned());
    }
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, uri) in replacements {
        out.replace_range(range, &uri);
    }
    Ok(out)
}

/// Escape text for XML content and attribute values.
pub(crate) fn xml_escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
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

    #[test]
    fn components_may_reference_assets_but_uploads_may_not() {
        let svg = format!("<svg {NS}><image href=\"assets://asset_logo\"/></svg>");
        assert!(component_problems(&svg).is_empty(), "{:?}", component_problems(&svg));
        assert!(!svg_problems(&svg).is_empty());
        let sneaky = format!("<svg {NS}><image href=\"assets://../etc/passwd\"/></svg>");
        assert!(!component_problems(&sneaky).is_empty());
    }

    #[test]
    fn oversized_component_markup_is_refused_before_parsing() {
        let big = format!("<svg {NS}>{}</svg>", "<g/>".repeat(MAX_COMPONENT_SVG_BYTES / 4));
        assert!(component_problems(&big)[0].contains("KiB"));
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        let mut out = String::new();
        xml_escape("<b a=\"1\">&'", &mut out);
        assert_eq!(out, "&lt;b a=&quot;1&quot;&gt;&amp;&apos;");
    }
}
