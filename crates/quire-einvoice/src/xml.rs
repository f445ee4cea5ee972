//! A thin layer over quick-xml's `Writer`: elements, attributes and text, escaped by quick-xml.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written into memory, indented by two spaces.
pub(crate) struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl XmlOut {
    /// A document with the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    pub fn new() -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { writer })
    }

    /// Opens `<name attr="…">`.
    pub fn open_with(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let mut start = BytesStart::new(name);
        for attr in attrs {
            start.push_attribute(*attr);
        }
        self.writer.write_event(Event::Start(start))
    }

    /// Opens `<name>`.
    pub fn open(&mut self, name: &str) -> io::Result<()> {
        self.open_with(name, &[])
    }

    /// Writes an empty `<name/>`.
    pub fn empty(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::Empty(BytesStart::new(name)))
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes `<name attr="…">text</name>`; quick-xml escapes the text and attribute values.
    pub fn text_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open_with(name, attrs)?;
        self.writer.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// Writes `<name>text</name>`.
    pub fn text(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.text_with(name, &[], text)
    }

    /// Writes `<name>text</name>` when the text is given and not blank.
    pub fn opt(&mut self, name: &str, text: Option<&str>) -> io::Result<()> {
        match text.map(str::trim) {
            Some(text) if !text.is_empty() => self.text(name, text),
            _ => Ok(()),
        }
    }

    /// Writes `<outer><inner>text</inner></outer>`, a shape CII uses everywhere.
    pub fn wrapped(&mut self, outer: &str, inner: &str, text: &str) -> io::Result<()> {
        self.open(outer)?;
        self.text(inner, text)?;
        self.close(outer)
    }

    /// The finished document.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}
