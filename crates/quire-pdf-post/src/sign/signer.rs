//! The signing identity: a private key and its certificate chain, read from a PKCS#12 file.

use der::{Decode, Encode};
use p12_keystore::{KeyStore, Pkcs12ImportPolicy, error::Error as P12Error};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use time::OffsetDateTime;
use x509_cert::Certificate;

use crate::PostError;

/// The private key, in the algorithms CMS signatures here support.
pub(crate) enum SigningKey {
    /// RSA, signed with PKCS#1 v1.5 and SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    /// ECDSA on P-256 with SHA-256.
    P256(Box<p256::ecdsa::SigningKey>),
}

/// A signing key with its certificate (and the chain the PKCS#12 file carried). `Debug` never shows the key.
pub struct Signer {
    pub(crate) key: SigningKey,
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &self.subject())
            .field("issuer", &self.issuer())
            .field("key", &"***")
            .finish()
    }
}

impl Signer {
    /// Reads a PKCS#12 file: the first private key whose certificate is in the file, that certificate,
    /// and every other certificate as the chain. A wrong password, a file without a private key, or a
    /// key other than RSA or ECDSA P-256 is an error saying so.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, PostError> {
        let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Strict).map_err(|err| match err {
            P12Error::MacError(_) => PostError::WrongPassword,
            other => PostError::Certificate(format!("not a readable PKCS#12 file: {other}")),
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| PostError::Certificate("the PKCS#12 file holds no private key".to_owned()))?;
        let key_der = chain.key().as_der();
        let (key, public_key_der) = parse_key(key_der)?;
        let mut certificates = Vec::new();
        for cert in chain.certs() {
            let parsed = Certificate::from_der(cert.as_der())
                .map_err(|err| PostError::Certificate(format!("a certificate cannot be read: {err}")))?;
            certificates.push(parsed);
        }
        let position = certificates
            .iter()
            .position(|cert| {
                cert.tbs_certificate.subject_public_key_info.to_der().is_ok_and(|der| der == public_key_der)
            })
            .ok_or_else(|| PostError::Certificate("no certificate in the file matches the private key".to_owned()))?;
        let certificate = certificates.remove(position);
        Ok(Self { key, certificate, chain: certificates })
    }

    /// The certificate's subject, as an RFC 4514 string (`CN=…,O=…,C=…`).
    pub fn subject(&self) -> String {
        self.certificate.tbs_certificate.subject.to_string()
    }

    /// The certificate's issuer, as an RFC 4514 string.
    pub fn issuer(&self) -> String {
        self.certificate.tbs_certificate.issuer.to_string()
    }

    /// Start of the certificate's validity.
    pub fn not_before(&self) -> OffsetDateTime {
        OffsetDateTime::from(self.certificate.tbs_certificate.validity.not_before.to_system_time())
    }

    /// End of the certificate's validity.
    pub fn not_after(&self) -> OffsetDateTime {
        OffsetDateTime::from(self.certificate.tbs_certificate.validity.not_after.to_system_time())
    }

    /// The certificate's serial number as lower-case hex (its DER integer bytes, e.g. `5f3a…`).
    pub fn serial(&self) -> String {
        self.certificate.tbs_certificate.serial_number.as_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The certificate's common name, or its whole subject when it has none.
    pub fn common_name(&self) -> String {
        let subject = &self.certificate.tbs_certificate.subject;
        for rdn in subject.0.iter().rev() {
            for attribute in rdn.0.iter() {
                if attribute.oid == COMMON_NAME {
                    if let Ok(text) = der::asn1::Utf8StringRef::try_from(&attribute.value) {
                        return text.as_str().to_owned();
                    }
                    if let Ok(text) = der::asn1::PrintableStringRef::try_from(&attribute.value) {
                        return text.as_str().to_owned();
                    }
                }
            }
        }
        self.subject()
    }

    /// Refuses a certificate that is not valid at `now`.
    pub(crate) fn check_validity(&self, now: OffsetDateTime) -> Result<(), PostError> {
        if now < self.not_before() {
            return Err(PostError::Certificate(format!("the certificate is not valid before {}", self.not_before())));
        }
        if now > self.not_after() {
            return Err(PostError::Certificate(format!("the certificate expired on {}", self.not_after())));
        }
        Ok(())
    }
}

/// The PKCS#8 key and the DER of its public key (to find its certificate).
fn parse_key(der: &[u8]) -> Result<(SigningKey, Vec<u8>), PostError> {
    if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
        let public = key.to_public_key().to_public_key_der().map_err(|err| PostError::Certificate(err.to_string()))?;
        return Ok((SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))), public.as_bytes().to_vec()));
    }
    if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
        let public = key.verifying_key().to_public_key_der().map_err(|err| PostError::Certificate(err.to_string()))?;
        return Ok((SigningKey::P256(Box::new(key)), public.as_bytes().to_vec()));
    }
    Err(PostError::Certificate("the private key is neither RSA nor ECDSA P-256".to_owned()))
}

/// id-at-commonName (2.5.4.3).
const COMMON_NAME: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.3");
