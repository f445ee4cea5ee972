//! Workbooks that look right when opened or printed, read back from the package: wrapped multi-line cells with
//! rows tall enough, a width on every used column, print set-up from the page settings (paper, orientation,
//! margins, one page wide, repeated header row, print area, no gridlines) and the workbook's properties.
// Tests: a failed call is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::decode::xlsx_part;
use common::*;
use quire_render::{OutputFormat, TemplateDoc};
use serde_json::Value;

fn example(name: &str) -> (TemplateDoc, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let template = read_json(&dir.join(format!("{name}.json")));
    (TemplateDoc::from_json(&template).expect("valid example"), read_json(&dir.join(format!("{name}.data.json"))))
}

/// The value of `attribute` on the first `<element …>` of `xml`.
fn attribute<'a>(xml: &'a str, element: &str, attribute: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let at = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// Column indexes (1-based) covered by the sheet's `<col min max width>` elements.
fn columns_with_width(xml: &str) -> Vec<u32> {
    let mut covered = Vec::new();
    for col in xml.split("<col ").skip(1) {
        let tag = &col[..col.find('>').unwrap()];
        let number = |name: &str| -> u32 {
            let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
        };
        if tag.contains("width=\"") {
            covered.extend(number("min")..=number("max"));
        }
    }
    covered
}

/// Every column up to the last one with a cell has a `<col … width>`.
fn assert_every_used_column_has_a_width(name: &str, sheet: &str) {
    let Some(last_used) = sheet
        .split("<c r=\"")
        .skip(1)
        .map(|c| c.chars().take_while(char::is_ascii_uppercase).fold(0, |n, ch| n * 26 + (ch as u32 - 64)))
        .max()
    else {
        return;
    };
    let widths = columns_with_width(sheet);
    for column in 1..=last_used {
        assert!(widths.contains(&column), "{name}: column {column} has no width: {widths:?}");
    }
}

#[test]
fn every_example_workbook_sizes_its_columns_and_prints_one_page_wide() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(name) = name.strip_suffix(".json").filter(|n| !n.ends_with(".data")) else { continue };
        let (template, data) = example(name);
        let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
        let workbook = xlsx_part(&xlsx, "xl/workbook.xml");
        let sheets = workbook.matches("<sheet ").count();
        assert!(sheets >= 1, "{name}");
        for index in 1..=sheets {
            let sheet = xlsx_part(&xlsx, &format!("xl/worksheets/sheet{index}.xml"));
            assert_every_used_column_has_a_width(name, &sheet);
            assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name} sheet {index} prints one page wide");
            assert!(attribute(&sheet, "pageSetup", "paperSize").is_some(), "{name} sheet {index} has a paper size");
        }
        assert!(xlsx_part(&xlsx, "docProps/core.xml").contains("<dc:title>"), "{name} has a title");
        checked += 1;
    }
    assert!(checked >= 8, "every example was checked ({checked})");
}

#[test]
fn the_rynko_invoice_workbook_wraps_sizes_and_prints_on_one_page_wide() {
    let (template, data) = example("rynko-invoice");
    let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");

    // The two-line address wraps, and its row is two lines tall.
    let strings = xlsx_part(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("500 Market Street\nSan Francisco, CA 94105"), "{strings}");
    assert!(xlsx_part(&xlsx, "xl/styles.xml").contains("wrapText=\"1\""), "a wrapping cell format exists");
    assert!(sheet.contains("ht=\"30\"") && sheet.contains("customHeight=\"1\""), "a two-line row is 30 pt tall");

    assert_every_used_column_has_a_width("rynko-invoice", &sheet);

    // Print set-up: A4 portrait, fit to one page wide, margins from the template, no gridlines.
    assert_eq!(attribute(&sheet, "pageSetup", "paperSize"), Some("9"), "A4");
    assert_eq!(attribute(&sheet, "pageSetup", "orientation"), Some("portrait"));
    assert_eq!(attribute(&sheet, "pageSetup", "fitToWidth"), None, "one page wide is Excel's default for fitToWidth");
    assert_eq!(attribute(&sheet, "pageSetup", "fitToHeight"), Some("0"), "as many pages tall as needed");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "fit to page is on");
    assert!(sheet.contains("<pageMargins "), "margins are set");
    assert!(!sheet.contains("gridLines=\"1\""), "no gridlines on paper");

    // The table's header row repeats on every printed page, within a print area.
    let workbook = xlsx_part(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains("_xlnm.Print_Area"), "{workbook}");

    // Properties from the template.
    let core = xlsx_part(&xlsx, "docProps/core.xml");
    assert!(core.contains("<dc:title>Invoice</dc:title>"), "{core}");
    assert!(core.contains("<dc:subject>Professional invoice template for PDF generation</dc:subject>"), "{core}");
}

#[test]
fn a_landscape_letter_page_prints_landscape_on_letter() {
    let template = serde_json::json!({ "name": "Wide", "schema": { "pageSize": "Letter", "orientation": "landscape",
        "components": [ { "id": "t", "type": "text", "props": { "text": "Wide report" } } ] } });
    let template = TemplateDoc::from_json(&template).expect("valid");
    let xlsx = render(&template, &serde_json::json!({}), OutputFormat::Xlsx).bytes;
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert_eq!(attribute(&sheet, "pageSetup", "paperSize"), Some("1"), "Letter: {sheet}");
    assert_eq!(attribute(&sheet, "pageSetup", "orientation"), Some("landscape"));
}

#[test]
fn text_styles_reach_excel_as_fonts_and_fills() {
    let template = serde_json::json!({ "name": "Styled", "schema": { "components": [
        { "id": "h", "type": "heading", "props": { "level": 1, "text": "Quarterly figures" } },
        { "id": "t", "type": "text", "props": { "text": "Overdue", "style": { "color": "#b91c1c", "backgroundColor": "#fef2f2", "fontWeight": "bold", "fontStyle": "italic", "fontSize": 13 } } },
        { "id": "p", "type": "text", "props": { "text": "Plain" } }
    ] } });
    let template = TemplateDoc::from_json(&template).expect("valid");
    let xlsx = render(&template, &serde_json::json!({}), OutputFormat::Xlsx).bytes;
    let styles = xlsx_part(&xlsx, "xl/styles.xml");
    assert!(styles.contains("<sz val=\"20\"/>"), "a level-1 heading is 20 pt: {styles}");
    assert!(styles.contains("<color rgb=\"FFB91C1C\"/>"), "the text colour: {styles}");
    assert!(styles.contains("<fgColor rgb=\"FFFEF2F2\"/>"), "the fill: {styles}");
    assert!(styles.contains("<sz val=\"13\"/>") && styles.contains("<i/>"), "size and italics: {styles}");
}

#[test]
fn a_grid_wraps_into_rows_of_its_column_count_in_excel() {
    let (template, data) = example("label-sheet");
    let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
    let drawing = xlsx_part(&xlsx, "xl/drawings/drawing1.xml");
    let anchors: Vec<&str> = drawing.split("<xdr:from>").skip(1).collect();
    assert_eq!(anchors.len(), 80, "40 barcodes and 40 QR codes as pictures");
    let column = |anchor: &str| -> u32 {
        let at = anchor.find("<xdr:col>").unwrap() + "<xdr:col>".len();
        anchor[at..at + anchor[at..].find('<').unwrap()].parse().unwrap()
    };
    let mut columns: Vec<u32> = anchors.iter().map(|a| column(a)).collect();
    columns.sort_unstable();
    columns.dedup();
    assert_eq!(columns.len(), 4, "the 4-column table-layout stays 4 columns wide: {columns:?}");
}

#[test]
fn table_rows_keep_their_rules_and_stripes_in_excel() {
    let (template, data) = example("statement");
    let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
    let styles = xlsx_part(&xlsx, "xl/styles.xml");
    assert!(styles.contains("<color rgb=\"FFE5E7EB\"/>"), "the cells' bottom rule colour: {styles}");
    assert!(styles.contains("<bottom style=\"thin\">"), "rows are ruled: {styles}");
    let fills = styles.matches("<patternFill patternType=\"solid\">").count();
    assert!(fills >= 2, "the header fill and the stripe fill: {styles}");
    // The amount column stays a currency-formatted number in striped and plain rows alike.
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>-7.86</v>"), "amounts are numbers");
    // The account holder's name is wider than the Date column it sits in: it wraps onto two lines instead of
    // hiding under the next cell, and the "Transactions" heading runs on whole.
    assert!(sheet.contains("<row r=\"1\" spans=\"1:5\" ht=\"30\" customHeight=\"1\">"), "{sheet}");
}

#[test]
fn print_headers_footers_and_sheet_names_follow_the_template() {
    let (template, data) = example("statement");
    let xlsx = render(&template, &data, OutputFormat::Xlsx).bytes;
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    let footer = sheet.split("<oddFooter>").nth(1).and_then(|f| f.split("</oddFooter>").next()).unwrap_or_default();
    assert!(footer.contains("&amp;P") && footer.contains("&amp;N"), "page fields in the printed footer: {sheet}");
    assert!(sheet.contains("<oddHeader>&amp;C"), "the page header text, centred: {sheet}");

    let page = |name: &str| {
        serde_json::json!({ "pageId": name, "name": name, "sections": [
            { "id": "b", "type": "body", "components": [ { "id": "t", "type": "text", "props": { "text": "x" } } ] } ] })
    };
    let long = "A page name that is far longer than thirty-one characters";
    let template = serde_json::json!({ "name": "Pages", "schema": {
        "pages": [ page("Q1/Q2: [draft]"), page("Summary"), page("summary"), page(long) ] } });
    let template = TemplateDoc::from_json(&template).expect("valid");
    let xlsx = render(&template, &serde_json::json!({}), OutputFormat::Xlsx).bytes;
    let workbook = xlsx_part(&xlsx, "xl/workbook.xml");
    let names: Vec<&str> = workbook.split("<sheet name=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(names.len(), 4, "{workbook}");
    assert_eq!(names[0], "Q1Q2 draft", "forbidden characters dropped");
    assert_eq!(names[1], "Summary");
    assert_eq!(names[2], "summary (2)", "names are unique, ignoring case");
    assert_eq!(names[3], &long[..31], "at most 31 characters");
}
