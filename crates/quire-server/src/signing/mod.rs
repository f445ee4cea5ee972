//! Signing certificates per project (API.md §12): PKCS#12 uploads sealed at rest with the server's encryption key,
//! their routes, and [`signer_for`], which the render path calls to sign a PDF.

mod render;
mod routes;
pub mod sealing;
mod upload;
pub mod vault;
mod wire;

pub use render::{CERTIFICATE_FIELD, signer_for};
pub use routes::router;
pub use upload::MAX_PKCS12_BYTES;
pub use vault::{CertificateVault, SIGNER_CACHE_TTL};
