//! What PDF/UA-1 asks of the components: an alternative text on every image and SVG (QR codes and barcodes get
//! their payload as one when the template gives none), and no form fields (their widgets are untagged), reported by `validate` before anything renders.

use super::node::{Node, NodeKind};
use super::{CompiledPage, PdfStandard};
use crate::report::ValidationReport;

/// Reports every image and SVG without `alt` when `standards` include PDF/UA-1.
pub(crate) fn check_accessible(standards: &[PdfStandard], pages: &[CompiledPage], report: &mut ValidationReport) {
    if !standards.contains(&PdfStandard::Ua1) {
        return;
    }
    for page in pages {
        for nodes in [&page.header, &page.body, &page.footer] {
            walk(nodes, report);
        }
    }
}

fn walk(nodes: &[Node], report: &mut ValidationReport) {
    for node in nodes {
        match &node.kind {
            NodeKind::Image { alt: None, .. } => missing_alt(node, "image", report),
            NodeKind::Svg(svg) if svg.alt.is_none() => missing_alt(node, "SVG", report),
            NodeKind::FormField(_) => report.push(
                format!("{}.type", node.path),
                "form fields cannot be made pdf/ua-1 here: their widgets are not tagged; drop pdf/ua-1 or the field",
            ),
            NodeKind::Container { children, .. }
            | NodeKind::Columns { children, .. }
            | NodeKind::Grid { children, .. }
            | NodeKind::Loop { children, .. } => walk(children, report),
            NodeKind::Conditional { children, else_children, .. } => {
                walk(children, report);
                walk(else_children, report);
            }
            NodeKind::TableRow { cells, .. } => walk(cells, report),
            _ => {}
        }
    }
}

fn missing_alt(node: &Node, what: &str, report: &mut ValidationReport) {
    report.push(
        format!("{}.props.alt", node.path),
        format!("pdf/ua-1 requires an alternative text on every {what}: set alt to what it shows"),
    );
}
