//! The certificate as the API shows it: what the certificate says and whether it can sign, never key material.

use quire_core::Timestamp;
use quire_store::SigningCertificate;
use serde::Serialize;

/// `{id, name, subject, issuer, serialNumber, notBefore, notAfter, createdAt, status}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateOut {
    id: String,
    name: String,
    subject: String,
    issuer: String,
    serial_number: String,
    not_before: Timestamp,
    not_after: Timestamp,
    created_at: Timestamp,
    /// `active`, or `expired` once `notAfter` has passed.
    status: &'static str,
}

impl CertificateOut {
    /// The certificate as seen at `now`.
    pub fn at(certificate: SigningCertificate, now: Timestamp) -> Self {
        CertificateOut {
            status: if now > certificate.not_after { "expired" } else { "active" },
            id: certificate.id,
            name: certificate.name,
            subject: certificate.subject,
            issuer: certificate.issuer,
            serial_number: certificate.serial,
            not_before: certificate.not_before,
            not_after: certificate.not_after,
            created_at: certificate.created_at,
        }
    }
}
