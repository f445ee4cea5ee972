//! Post-processing of the PDFs Typst makes: merging, AcroForm fields, AES-256 encryption, PAdES signatures.
//!
//! Each step takes PDF bytes and returns new PDF bytes, and keeps the file valid for the next. The
//! documented order (API.md §12) is: [`merge`] → [`add_fields`] → attachments (written by Typst) →
//! [`encrypt`] or [`sign`]. A signature is an incremental update, so it must come last; an encrypted
//! file is refused by every step.

#![forbid(unsafe_code)]

mod document;
mod encrypt;
mod error;
mod fields;
mod merge;
mod sign;

pub use encrypt::{EncryptOptions, Permissions, encrypt};
pub use error::PostError;
pub use fields::{FieldKind, FieldSpec, add_fields, radio_option_rects};
pub use merge::merge;
pub use sign::{SignOptions, Signer, sign};
