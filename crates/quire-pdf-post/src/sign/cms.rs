//! The CMS SignedData of a PAdES B-B signature (ETSI EN 319 142-1): detached, SHA-256, signed attributes
//! content-type, message-digest and signing-certificate-v2, no signing-time (the time is the `/M` entry).

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{Any, OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;

use super::signer::{Signer, SigningKey};
use crate::PostError;

/// id-data: the detached content is plain data.
const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
/// id-sha256.
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// id-aa-signingCertificateV2 (RFC 5035).
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (policies omitted).
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// ESSCertIDv2 with the default hash algorithm (SHA-256), so `hashAlgorithm` is left out as DER requires.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }.
#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// The DER of a CMS ContentInfo holding the SignedData over content whose SHA-256 is `digest`.
pub(crate) fn signed_data(signer: &Signer, digest: &[u8]) -> Result<Vec<u8>, PostError> {
    let content = EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None };
    let sha256 = AlgorithmIdentifierOwned { oid: ID_SHA256, parameters: None };
    let certificate = &signer.certificate;
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: certificate.tbs_certificate.issuer.clone(),
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    });
    let attribute = signing_certificate_attribute(signer)?;

    let mut builder = SignedDataBuilder::new(&content);
    builder.add_digest_algorithm(sha256.clone()).map_err(cms_error)?;
    for cert in std::iter::once(certificate).chain(&signer.chain) {
        builder.add_certificate(CertificateChoices::Certificate(cert.clone())).map_err(cms_error)?;
    }
    match &signer.key {
        SigningKey::Rsa(key) => {
            let mut info =
                SignerInfoBuilder::new(key.as_ref(), sid, sha256, &content, Some(digest)).map_err(cms_error)?;
            info.add_signed_attribute(attribute).map_err(cms_error)?;
            builder.add_signer_info::<_, rsa::pkcs1v15::Signature>(info).map_err(cms_error)?;
        }
        SigningKey::P256(key) => {
            let mut info =
                SignerInfoBuilder::new(key.as_ref(), sid, sha256, &content, Some(digest)).map_err(cms_error)?;
            info.add_signed_attribute(attribute).map_err(cms_error)?;
            builder.add_signer_info::<_, p256::ecdsa::DerSignature>(info).map_err(cms_error)?;
        }
    }
    builder.build().map_err(cms_error)?.to_der().map_err(cms_error)
}

/// The signing-certificate-v2 attribute binding the signature to the signer's certificate.
fn signing_certificate_attribute(signer: &Signer) -> Result<Attribute, PostError> {
    let certificate = &signer.certificate;
    let cert_der = certificate.to_der().map_err(cms_error)?;
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec()).map_err(cms_error)?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(certificate.tbs_certificate.issuer.clone())],
                serial_number: certificate.tbs_certificate.serial_number.clone(),
            },
        }],
    };
    let mut values = SetOfVec::new();
    values.insert(Any::encode_from(&value).map_err(cms_error)?).map_err(cms_error)?;
    Ok(Attribute { oid: ID_SIGNING_CERTIFICATE_V2, values })
}

fn cms_error(err: impl std::fmt::Display) -> PostError {
    PostError::Signature(format!("building the CMS signature failed: {err}"))
}
