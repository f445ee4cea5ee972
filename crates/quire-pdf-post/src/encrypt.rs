//! Password protection: the PDF 2.0 standard security handler (`/V 5 /R 6`, AES-256 for every string
//! and stream, metadata included), written by lopdf's encryption module with a fresh random file key.

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::{Dictionary, EncryptionState, EncryptionVersion, Object, StringFormat};

use crate::PostError;
use crate::document::{load, save};

/// What a reader opening with the user password may do (ISO 32000-2, table 22). The owner password
/// always grants everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permissions {
    /// Print, in high quality (bits 3 and 12).
    pub print: bool,
    /// Copy or extract text and graphics (bit 5). Extraction for accessibility (bit 10) is always
    /// allowed, as PDF 2.0 requires.
    pub copy: bool,
    /// Change the document other than by annotating, filling forms or assembling (bit 4).
    pub modify: bool,
    /// Add or change annotations, and fill forms (bit 6).
    pub annotate: bool,
    /// Fill in form fields, including signing, even without `annotate` (bit 9).
    pub fill_forms: bool,
    /// Insert, rotate or delete pages and change outlines (bit 11).
    pub assemble: bool,
}

impl Permissions {
    /// Everything allowed.
    pub fn all() -> Self {
        Self { print: true, copy: true, modify: true, annotate: true, fill_forms: true, assemble: true }
    }

    fn to_lopdf(self) -> lopdf::Permissions {
        use lopdf::Permissions as P;
        let mut bits = P::COPYABLE_FOR_ACCESSIBILITY;
        for (allowed, bit) in [
            (self.print, P::PRINTABLE | P::PRINTABLE_IN_HIGH_QUALITY),
            (self.copy, P::COPYABLE),
            (self.modify, P::MODIFIABLE),
            (self.annotate, P::ANNOTABLE),
            (self.fill_forms, P::FILLABLE),
            (self.assemble, P::ASSEMBLABLE),
        ] {
            if allowed {
                bits |= bit;
            }
        }
        bits
    }
}

/// Passwords and permissions for [`encrypt`]. `Debug` does not print the passwords.
#[derive(Clone, Default)]
pub struct EncryptOptions {
    /// Needed to open the file; empty means it opens without one, restricted to `permissions`.
    pub user_password: String,
    /// Grants every permission; empty means a random one nobody knows, so the restrictions hold.
    pub owner_password: String,
    /// What the user password allows.
    pub permissions: Permissions,
}

impl std::fmt::Debug for EncryptOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptOptions")
            .field("user_password", &"***")
            .field("owner_password", &"***")
            .field("permissions", &self.permissions)
            .finish()
    }
}

/// Encrypts the PDF with AES-256 (`/V 5 /R 6`). Passwords are prepared with SASLprep and cut to 127
/// bytes, as the handler specifies; a user password equal to a non-empty owner password is refused,
/// since it would grant the owner's rights to every reader.
pub fn encrypt(pdf: &[u8], options: &EncryptOptions) -> Result<Vec<u8>, PostError> {
    if !options.owner_password.is_empty() && options.owner_password == options.user_password {
        return Err(PostError::Encryption("the user and owner passwords must differ".to_owned()));
    }
    let mut doc = load(pdf, "input")?;
    let owner_password =
        if options.owner_password.is_empty() { hex(&random::<24>()?) } else { options.owner_password.clone() };
    let file_key = random::<32>()?;
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: &file_key,
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: &owner_password,
        user_password: &options.user_password,
        permissions: options.permissions.to_lopdf(),
    };
    let state = EncryptionState::try_from(version).map_err(|err| PostError::Encryption(err.to_string()))?;
    ensure_file_id(&mut doc)?;
    declare_extension_level(&mut doc)?;
    doc.encrypt(&state).map_err(|err| PostError::Encryption(err.to_string()))?;
    save(doc)
}

/// The trailer's `/ID`, which readers and later incremental updates expect in an encrypted file.
fn ensure_file_id(doc: &mut lopdf::Document) -> Result<(), PostError> {
    if doc.trailer.get(b"ID").and_then(Object::as_array).is_ok_and(|id| id.len() == 2) {
        return Ok(());
    }
    let id = random::<16>()?.to_vec();
    let string = || Object::String(id.clone(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![string(), string()]));
    Ok(())
}

/// A PDF 1.7 file using the PDF 2.0 handler announces Adobe's extension level 8 (as Acrobat writes it),
/// so readers of 1.7 know to expect AES-256; a PDF 2.0 file needs nothing.
fn declare_extension_level(doc: &mut lopdf::Document) -> Result<(), PostError> {
    if doc.version.as_str() >= "2.0" {
        return Ok(());
    }
    if doc.version.as_str() < "1.7" {
        doc.version = "1.7".to_owned();
    }
    let catalog = doc.catalog_mut().map_err(|err| PostError::Encryption(err.to_string()))?;
    let mut extensions = match catalog.get(b"Extensions") {
        Ok(Object::Dictionary(dict)) => dict.clone(),
        _ => Dictionary::new(),
    };
    let mut adbe = Dictionary::new();
    adbe.set("BaseVersion", Object::Name(b"1.7".to_vec()));
    adbe.set("ExtensionLevel", Object::Integer(8));
    extensions.set("ADBE", Object::Dictionary(adbe));
    catalog.set("Extensions", Object::Dictionary(extensions));
    Ok(())
}

fn random<const N: usize>() -> Result<[u8; N], PostError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| PostError::Encryption(format!("no random numbers: {err}")))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
