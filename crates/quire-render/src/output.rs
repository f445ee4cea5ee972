//! Output formats and the rendered file.

use std::fmt;
use std::str::FromStr;

/// The three output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// PDF through Typst.
    Pdf,
    /// Excel workbook.
    Xlsx,
    /// CSV of the first table.
    Csv,
    /// The e-invoice's XML alone (XRechnung, or the Factur-X XML), for templates with `schema.eInvoice`.
    Xml,
}

impl OutputFormat {
    /// MIME type of files in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xml => "application/xml",
        }
    }

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Xml => "xml",
        }
    }

    /// The name used in templates' `outputFormats` and in the API (`pdf`, `xlsx`, `csv`).
    pub fn as_str(self) -> &'static str {
        self.extension()
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name was not one of `pdf`, `xlsx`, `excel`, `csv`, `xml`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown output format {0:?}; expected pdf, xlsx, csv or xml")]
pub struct UnknownFormat(pub String);

impl FromStr for OutputFormat {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Self::Pdf),
            "xlsx" | "excel" => Ok(Self::Xlsx),
            "csv" => Ok(Self::Csv),
            "xml" => Ok(Self::Xml),
            _ => Err(UnknownFormat(name.to_owned())),
        }
    }
}

/// A finished document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub content_type: &'static str,
    /// Number of pages (PDF only).
    pub page_count: Option<u32>,
}
