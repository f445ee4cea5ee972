//! Per-endpoint rate limits (Rynko's published per-minute allowances), on top of the per-caller ones.

use serde::Deserialize;

use super::ConfigError;

/// Requests per minute for one class of endpoint, by kind of caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct EndpointAllowance {
    pub api_key: u32,
    pub oauth: u32,
    pub jwt: u32,
}

impl EndpointAllowance {
    const fn new(api_key: u32, oauth: u32, jwt: u32) -> Self {
        Self { api_key, oauth, jwt }
    }

    /// `"100"` (every kind of caller) or `"100,50,100"` (API key, OAuth, JWT).
    fn parse(name: &str, text: &str) -> Result<Self, ConfigError> {
        let numbers: Result<Vec<u32>, _> = text.split(',').map(|p| p.trim().parse::<u32>()).collect();
        match numbers.as_deref() {
            Ok([all]) if *all > 0 => Ok(Self::new(*all, *all, *all)),
            Ok([k, o, j]) if [*k, *o, *j].iter().all(|n| *n > 0) => Ok(Self::new(*k, *o, *j)),
            _ => Err(ConfigError(format!(
                "{name}={text:?} must be a positive number of requests per minute, or three of them for API keys, \
                 OAuth tokens and dashboard users (e.g. \"100,50,100\")"
            ))),
        }
    }
}

/// `QUIRE_ENDPOINT_LIMIT_…`: the allowance of each class of endpoint. A request is charged to its caller's
/// counter and to the counter of the endpoint class it belongs to; the tighter one answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EndpointLimits {
    /// `QUIRE_ENDPOINT_LIMIT_GENERATE`: `POST …/documents/generate` and `…/render`.
    pub generate: EndpointAllowance,
    /// `QUIRE_ENDPOINT_LIMIT_BATCH`: `POST …/documents/generate/batch`.
    pub batch: EndpointAllowance,
    /// `QUIRE_ENDPOINT_LIMIT_READ`: every `GET` of the API.
    pub read: EndpointAllowance,
    /// `QUIRE_ENDPOINT_LIMIT_TEMPLATE_WRITE`: creating, editing, publishing and deleting templates and assets.
    pub template_write: EndpointAllowance,
    /// `QUIRE_ENDPOINT_LIMIT_WEBHOOK_MANAGE`: creating, editing and deleting webhook subscriptions.
    pub webhook_manage: EndpointAllowance,
    /// `QUIRE_ENDPOINT_LIMIT_WEBHOOK_TEST`: `POST …/webhook-subscriptions/{id}/test`.
    pub webhook_test: EndpointAllowance,
}

impl EndpointLimits {
    /// The same allowance for every class of endpoint and every kind of caller (for tests and load runs).
    pub const fn uniform(per_minute: u32) -> Self {
        let all = EndpointAllowance::new(per_minute, per_minute, per_minute);
        Self { generate: all, batch: all, read: all, template_write: all, webhook_manage: all, webhook_test: all }
    }
}

impl Default for EndpointLimits {
    fn default() -> Self {
        Self {
            generate: EndpointAllowance::new(100, 50, 100),
            batch: EndpointAllowance::new(10, 5, 10),
            read: EndpointAllowance::new(300, 150, 300),
            template_write: EndpointAllowance::new(30, 30, 30),
            webhook_manage: EndpointAllowance::new(30, 30, 30),
            webhook_test: EndpointAllowance::new(10, 10, 10),
        }
    }
}

impl EndpointLimits {
    /// Overrides allowances from `QUIRE_ENDPOINT_LIMIT_…` variables.
    pub fn apply_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let fields: [(&str, &mut EndpointAllowance); 6] = [
            ("QUIRE_ENDPOINT_LIMIT_GENERATE", &mut self.generate),
            ("QUIRE_ENDPOINT_LIMIT_BATCH", &mut self.batch),
            ("QUIRE_ENDPOINT_LIMIT_READ", &mut self.read),
            ("QUIRE_ENDPOINT_LIMIT_TEMPLATE_WRITE", &mut self.template_write),
            ("QUIRE_ENDPOINT_LIMIT_WEBHOOK_MANAGE", &mut self.webhook_manage),
            ("QUIRE_ENDPOINT_LIMIT_WEBHOOK_TEST", &mut self.webhook_test),
        ];
        for (name, field) in fields {
            if let Some(text) = var(name) {
                *field = EndpointAllowance::parse(name, &text)?;
            }
        }
        Ok(())
    }

    /// Every allowance is at least one request per minute (a file may set zeros).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let all = [self.generate, self.batch, self.read, self.template_write, self.webhook_manage, self.webhook_test];
        if all.iter().any(|a| a.api_key == 0 || a.oauth == 0 || a.jwt == 0) {
            return Err(ConfigError("endpoint limits must be at least 1 request per minute".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_applies_to_every_caller_and_three_are_key_oauth_jwt() {
        assert_eq!(EndpointAllowance::parse("X", "40").ok(), Some(EndpointAllowance::new(40, 40, 40)));
        assert_eq!(EndpointAllowance::parse("X", "100, 50,100").ok(), Some(EndpointAllowance::new(100, 50, 100)));
        for bad in ["0", "1,2", "a", "1,2,0", ""] {
            let err = EndpointAllowance::parse("QUIRE_ENDPOINT_LIMIT_BATCH", bad).unwrap_err();
            assert!(err.0.contains("QUIRE_ENDPOINT_LIMIT_BATCH"), "{bad}: {}", err.0);
        }
    }
}
