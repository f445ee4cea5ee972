//! Post-processing of the PDFs Typst makes: merging, AcroForm fields, AES-256 encryption, PAdES signatures.
//!
//! Each step takes PDF bytes and returns new PDF bytes, and keeps the file valid for the next. The
//! documented order (API.md §12) is: [`merge`] → [`add_fields`] → attachments (written by Typst) →
//! [`encrypt`] or [`sign`]. A signature is an incremental update over the finished file, so it comes last;
//! every step refuses an encrypted input, and an input that is not a PDF is an error naming it.
//!
//! - [`merge`] keeps the main document's catalog (metadata, outlines, names, `/AF`, structure tree, form)
//!   and takes only the pages, with what they reference, from the prepended and appended files.
//! - [`add_fields`] writes real appearance streams and `/NeedAppearances false`; number, date and email
//!   fields are text fields without JavaScript format actions.
//! - [`encrypt`] is the PDF 2.0 security handler (`/V 5 /R 6`, AES-256), written by lopdf.
//! - [`sign`] makes a PAdES B-B signature (`/ETSI.CAdES.detached`, SHA-256, RSA or ECDSA P-256) from a
//!   [`Signer`] read from PKCS#12.
//!
//! ```no_run
//! # fn main() -> Result<(), quire_pdf_post::PostError> {
//! use quire_pdf_post::{FieldKind, FieldSpec, SignOptions, Signer, add_fields, merge, sign};
//! # let (rendered, terms, p12) = (Vec::new(), Vec::new(), Vec::new());
//! let merged = merge(&rendered, &[], &[&terms])?;
//! let name = FieldSpec::new("customer", FieldKind::Text, 0, [72.0, 700.0, 300.0, 720.0]);
//! let form = add_fields(&merged, &[name])?;
//! let signer = Signer::from_pkcs12(&p12, "password")?;
//! let signed = sign(&form, &signer, &SignOptions::default())?;
//! # let _ = signed; Ok(()) }
//! ```

#![forbid(unsafe_code)]

mod document;
mod encrypt;
mod error;
mod fields;
mod merge;
mod sign;

pub use document::page_count;
pub use encrypt::{EncryptOptions, Permissions, encrypt};
pub use error::PostError;
pub use fields::{FieldKind, FieldSpec, add_fields, radio_option_rects};
pub use merge::merge;
pub use sign::{SignOptions, Signer, sign};
