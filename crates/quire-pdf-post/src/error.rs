//! The one error type of the crate: every failure names the input or the field it is about.

/// Why a post-processing step refused its input. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// An input could not be read as a PDF (`prepend[1]: not a PDF: …`).
    #[error("{input}: not a PDF: {reason}")]
    NotPdf {
        /// Which input: `main`, `prepend[0]`, `append[2]`, `input`.
        input: String,
        /// What the reader found wrong.
        reason: String,
    },
    /// An input is encrypted; post-processing needs plain PDFs.
    #[error("{input}: the PDF is encrypted; only unencrypted PDFs can be post-processed")]
    Encrypted {
        /// Which input.
        input: String,
    },
    /// An input has no pages, or a page tree that cannot be followed.
    #[error("{input}: {reason}")]
    BadStructure {
        /// Which input.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A form field specification is invalid (bad name, duplicate, page out of range, bad value).
    #[error("form field {name:?}: {reason}")]
    Field {
        /// The field's name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Encryption options are invalid or the security handler failed.
    #[error("encryption: {0}")]
    Encryption(String),
    /// The PKCS#12 file's integrity check failed: the password is wrong (kept apart so callers can point at the
    /// password rather than the file).
    #[error("signing certificate: wrong password for the PKCS#12 file")]
    WrongPassword,
    /// The signing certificate or key could not be used.
    #[error("signing certificate: {0}")]
    Certificate(String),
    /// Signing failed.
    #[error("signature: {0}")]
    Signature(String),
    /// Writing the resulting PDF failed.
    #[error("could not write the PDF: {0}")]
    Write(String),
}
