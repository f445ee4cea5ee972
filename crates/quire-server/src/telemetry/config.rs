//! The `QUIRE_OTLP_…` settings: where traces go (nowhere unless an endpoint is set), over which protocol,
//! under which service name, and what share of new traces is kept.

use serde::Deserialize;

use crate::config::ConfigError;

/// How spans travel to the receiver.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum OtlpProtocol {
    /// Protobuf over HTTP `POST <endpoint>/v1/traces` (port 4318 by convention).
    #[default]
    #[serde(rename = "http/protobuf")]
    HttpProtobuf,
    /// OTLP gRPC (port 4317 by convention).
    #[serde(rename = "grpc")]
    Grpc,
}

impl OtlpProtocol {
    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "http/protobuf" | "http" => Some(Self::HttpProtobuf),
            "grpc" => Some(Self::Grpc),
            _ => None,
        }
    }
}

/// Trace export (the `[otlp]` table of the file).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtlpConfig {
    /// `QUIRE_OTLP_ENDPOINT`: base URL of an OTLP receiver (a collector, Jaeger, Tempo…), e.g.
    /// `http://collector:4318`; `/v1/traces` is added for http/protobuf. Unset: no export, no cost.
    pub endpoint: Option<String>,
    /// `QUIRE_OTLP_PROTOCOL`: `http/protobuf` (default) or `grpc`.
    pub protocol: OtlpProtocol,
    /// `QUIRE_SERVICE_NAME`: the `service.name` of every span.
    pub service_name: String,
    /// `QUIRE_OTLP_SAMPLE_RATIO`: share of new traces kept, 0 to 1. A request that comes with a W3C
    /// `traceparent` follows the caller's sampling decision instead.
    pub sample_ratio: f64,
}

impl Default for OtlpConfig {
    fn default() -> Self {
        Self { endpoint: None, protocol: OtlpProtocol::default(), service_name: "quire".into(), sample_ratio: 1.0 }
    }
}

impl OtlpConfig {
    /// Overrides fields from `QUIRE_OTLP_ENDPOINT`, `QUIRE_OTLP_PROTOCOL`, `QUIRE_SERVICE_NAME` and
    /// `QUIRE_OTLP_SAMPLE_RATIO` read through `var` (which already drops blank values).
    pub fn apply_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = var("QUIRE_OTLP_ENDPOINT") {
            self.endpoint = Some(v.trim().to_string());
        }
        if let Some(v) = var("QUIRE_OTLP_PROTOCOL") {
            self.protocol = OtlpProtocol::parse(&v)
                .ok_or_else(|| ConfigError(format!("QUIRE_OTLP_PROTOCOL={v:?} must be http/protobuf or grpc")))?;
        }
        if let Some(v) = var("QUIRE_SERVICE_NAME") {
            self.service_name = v.trim().to_string();
        }
        if let Some(v) = var("QUIRE_OTLP_SAMPLE_RATIO") {
            self.sample_ratio = v
                .trim()
                .parse()
                .map_err(|_| ConfigError(format!("QUIRE_OTLP_SAMPLE_RATIO={v:?} must be a number from 0 to 1")))?;
        }
        Ok(())
    }

    /// Checks the values; every message names the variable.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(endpoint) = &self.endpoint {
            // The value is not echoed: a URL written with credentials in it would land in the start-up error.
            let url = url::Url::parse(endpoint).map_err(|e| {
                ConfigError(format!("QUIRE_OTLP_ENDPOINT is not a URL like http://collector:4318: {e}"))
            })?;
            if !url.username().is_empty() || url.password().is_some() {
                return Err(ConfigError(
                    "QUIRE_OTLP_ENDPOINT must not hold credentials; pass them in OTEL_EXPORTER_OTLP_HEADERS".into(),
                ));
            }
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(ConfigError("QUIRE_OTLP_ENDPOINT must be an http:// or https:// URL with a host".into()));
            }
        }
        if !(0.0..=1.0).contains(&self.sample_ratio) {
            return Err(ConfigError("QUIRE_OTLP_SAMPLE_RATIO must be a number from 0 to 1".into()));
        }
        if self.service_name.trim().is_empty() {
            return Err(ConfigError("QUIRE_SERVICE_NAME must not be empty".into()));
        }
        Ok(())
    }

    /// The URL the exporter posts to: for http/protobuf the base URL plus `/v1/traces` (as the standard
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` is read), for gRPC the base URL as given. `None` when export is off.
    pub fn export_url(&self) -> Option<String> {
        let endpoint = self.endpoint.as_deref()?.trim_end_matches('/');
        Some(match self.protocol {
            OtlpProtocol::HttpProtobuf if !endpoint.ends_with("/v1/traces") => format!("{endpoint}/v1/traces"),
            _ => endpoint.to_string(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with_env(pairs: &[(&str, &str)]) -> Result<OtlpConfig, ConfigError> {
        let mut config = OtlpConfig::default();
        config.apply_env(&|name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    #[test]
    fn export_is_off_by_default() {
        let config = with_env(&[]).unwrap();
        assert_eq!(config.export_url(), None);
        assert_eq!(config.service_name, "quire");
        assert_eq!(config.protocol, OtlpProtocol::HttpProtobuf);
    }

    #[test]
    fn http_endpoints_get_the_traces_path_and_grpc_endpoints_stay_as_given() {
        let http = with_env(&[("QUIRE_OTLP_ENDPOINT", "http://collector:4318/")]).unwrap();
        assert_eq!(http.export_url().unwrap(), "http://collector:4318/v1/traces");
        let full = with_env(&[("QUIRE_OTLP_ENDPOINT", "https://otel.example/v1/traces")]).unwrap();
        assert_eq!(full.export_url().unwrap(), "https://otel.example/v1/traces");
        let grpc =
            with_env(&[("QUIRE_OTLP_ENDPOINT", "http://collector:4317"), ("QUIRE_OTLP_PROTOCOL", "grpc")]).unwrap();
        assert_eq!(grpc.export_url().unwrap(), "http://collector:4317");
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_name() {
        for (name, value) in [
            ("QUIRE_OTLP_ENDPOINT", "collector:4318"),
            ("QUIRE_OTLP_ENDPOINT", "ftp://collector"),
            ("QUIRE_OTLP_ENDPOINT", "https://user:secret@collector"),
            ("QUIRE_OTLP_PROTOCOL", "http/json"),
            ("QUIRE_OTLP_SAMPLE_RATIO", "1.5"),
            ("QUIRE_OTLP_SAMPLE_RATIO", "half"),
        ] {
            let err = with_env(&[(name, value)]).unwrap_err();
            assert!(err.0.contains(name), "{name}={value}: {}", err.0);
        }
    }

    #[test]
    fn credentials_in_the_endpoint_are_not_echoed() {
        let err = with_env(&[("QUIRE_OTLP_ENDPOINT", "https://user:hunter2@collector")]).unwrap_err();
        assert!(!err.0.contains("hunter2"));
    }
}
