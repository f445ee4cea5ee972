//! Remote images (`QUIRE_REMOTE_IMAGES…`): whether an image `src` may be an `http(s)` URL, and the limits of
//! fetching one during a render.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, parse_bool, parse_into};

/// How remote images are fetched.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemoteImageConfig {
    /// `QUIRE_REMOTE_IMAGES`: allow `http(s)` image sources (default off: upload images as assets).
    pub enabled: bool,
    /// `QUIRE_REMOTE_IMAGES_ALLOW_HOSTS`: host names or IP addresses fetched even when they are private (an
    /// intranet CDN); compared with the URL's host exactly, case-insensitively. Every other host must resolve
    /// to public addresses only.
    pub allow_hosts: Vec<String>,
    /// `QUIRE_REMOTE_IMAGES_MAX_BYTES`: largest image accepted (default 5 MB, as uploads).
    pub max_bytes: usize,
    /// `QUIRE_REMOTE_IMAGES_TIMEOUT_MS`: longest time one fetch may take, redirects included (default 5 s).
    pub timeout_ms: u64,
    /// `QUIRE_REMOTE_IMAGES_CACHE_SECONDS`: how long a fetched image is reused (default 600; 0: no cache).
    pub cache_seconds: u64,
    /// `QUIRE_REMOTE_IMAGES_CACHE_BYTES`: memory the cache may hold (default 64 MB).
    pub cache_bytes: u64,
}

impl Default for RemoteImageConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            allow_hosts: Vec::new(),
            max_bytes: 5 * 1024 * 1024,
            timeout_ms: 5_000,
            cache_seconds: 600,
            cache_bytes: 64 * 1024 * 1024,
        }
    }
}

impl RemoteImageConfig {
    /// The time limit of one fetch.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// Reads the `QUIRE_REMOTE_IMAGES…` variables.
    pub(super) fn apply_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = var("QUIRE_REMOTE_IMAGES") {
            self.enabled = parse_bool("QUIRE_REMOTE_IMAGES", &v)?;
        }
        if let Some(v) = var("QUIRE_REMOTE_IMAGES_ALLOW_HOSTS") {
            self.allow_hosts = v.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        }
        parse_into(&mut self.max_bytes, "QUIRE_REMOTE_IMAGES_MAX_BYTES", var("QUIRE_REMOTE_IMAGES_MAX_BYTES"))?;
        parse_into(&mut self.timeout_ms, "QUIRE_REMOTE_IMAGES_TIMEOUT_MS", var("QUIRE_REMOTE_IMAGES_TIMEOUT_MS"))?;
        let seconds = var("QUIRE_REMOTE_IMAGES_CACHE_SECONDS");
        parse_into(&mut self.cache_seconds, "QUIRE_REMOTE_IMAGES_CACHE_SECONDS", seconds)?;
        parse_into(&mut self.cache_bytes, "QUIRE_REMOTE_IMAGES_CACHE_BYTES", var("QUIRE_REMOTE_IMAGES_CACHE_BYTES"))
    }

    /// Checks the limits.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=64 * 1024 * 1024).contains(&self.max_bytes) {
            return Err(ConfigError("QUIRE_REMOTE_IMAGES_MAX_BYTES must be between 1 and 67108864".into()));
        }
        if !(100..=60_000).contains(&self.timeout_ms) {
            return Err(ConfigError("QUIRE_REMOTE_IMAGES_TIMEOUT_MS must be between 100 and 60000".into()));
        }
        Ok(())
    }

    /// Whether `host` is on the operator's list of private hosts that may be fetched.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allow_hosts.iter().any(|allowed| allowed.trim_start_matches('[').trim_end_matches(']') == host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variables_are_read_and_checked() {
        let vars = |name: &str| match name {
            "QUIRE_REMOTE_IMAGES" => Some("on".to_string()),
            "QUIRE_REMOTE_IMAGES_ALLOW_HOSTS" => Some(" CDN.intranet , 10.0.0.5,[fd00::1] ".to_string()),
            "QUIRE_REMOTE_IMAGES_TIMEOUT_MS" => Some("2500".to_string()),
            _ => None,
        };
        let mut config = RemoteImageConfig::default();
        config.apply_env(&vars).unwrap();
        assert!(config.enabled);
        assert_eq!(config.timeout(), Duration::from_millis(2500));
        assert!(config.host_allowed("cdn.intranet") && config.host_allowed("10.0.0.5"));
        assert!(config.host_allowed("[fd00::1]") && !config.host_allowed("intranet"));
        config.validate().unwrap();
        config.timeout_ms = 10;
        assert!(config.validate().is_err());
    }
}
