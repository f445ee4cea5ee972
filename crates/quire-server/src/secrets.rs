//! Secrets the service generates for itself once and keeps in the data folder.

use std::io::Write;
use std::path::Path;

use crate::config::EncryptionKey;

/// The JWT signing secret: from config, else the file `jwt-secret` in the data folder (created on first start,
/// readable by the owner only).
pub fn jwt_secret(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join("jwt-secret");
    match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= 32 => return Ok(text.trim().as_bytes().to_vec()),
        Ok(_) => anyhow::bail!("{} is shorter than 32 characters; delete it to generate a new one", path.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    }
    let secret = quire_core::base62::random_string(64);
    write_owner_only(&path, &secret)?;
    Ok(secret.into_bytes())
}

/// The key sealing signing certificates: from config (`QUIRE_ENCRYPTION_KEY`), else the file `encryption-key` in
/// the data folder (64 hex characters, created on first start, readable by the owner only). Unlike the JWT secret
/// it is never put in a shared database: the key must not sit beside what it protects.
pub fn encryption_key(configured: Option<&EncryptionKey>, data_dir: &Path) -> anyhow::Result<EncryptionKey> {
    if let Some(key) = configured {
        return Ok(key.clone());
    }
    let path = data_dir.join("encryption-key");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            return EncryptionKey::parse(&text).map_err(|e| {
                anyhow::anyhow!("{} {e}; it must hold the key that sealed the stored certificates", path.display())
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    }
    let key = EncryptionKey::generate()?;
    write_owner_only(&path, &key.to_hex())?;
    Ok(key)
}

/// Creates `path` (never overwriting one) with `text`, readable and writable by the owner only.
fn write_owner_only(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_encryption_key_is_kept_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = encryption_key(None, dir.path()).unwrap();
        let path = dir.path().join("encryption-key");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), first.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(encryption_key(None, dir.path()).unwrap(), first, "the same key on the next start");
        let configured = EncryptionKey::parse(&"cd".repeat(32)).unwrap();
        assert_eq!(encryption_key(Some(&configured), dir.path()).unwrap(), configured, "config wins");
    }

    #[test]
    fn a_damaged_key_file_stops_the_start_instead_of_being_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("encryption-key"), "damaged").unwrap();
        let err = encryption_key(None, dir.path()).unwrap_err().to_string();
        assert!(err.contains("encryption-key must be 32 bytes"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("encryption-key")).unwrap(), "damaged");
    }
}
