//! Which class of endpoint a request belongs to, for the per-endpoint allowances on top of the per-caller ones.

use axum::http::Method;

use super::{RateDecision, RateLimitKey};
use crate::auth::{Caller, Principal};
use crate::config::{EndpointAllowance, EndpointLimits};

/// A class of endpoint with an allowance of its own (API.md §2, Rynko's published per-endpoint limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointClass {
    Generate,
    Batch,
    Read,
    TemplateWrite,
    WebhookManage,
    WebhookTest,
}

impl EndpointClass {
    /// The class of `method` on the matched route template `route` (e.g. `/api/v1/templates/{templateId}`);
    /// `None` for endpoints with only the per-caller limit (sign-in, key management, probes, the dashboard).
    pub fn of(method: &Method, route: &str) -> Option<Self> {
        let reading = method == Method::GET || method == Method::HEAD;
        if matches!(route, "/api/v1/documents/generate" | "/api/documents/generate" | "/v1/documents/generate")
            || route == "/api/v1/documents/render"
            || route == "/api/v1/templates/{templateId}/preview"
        {
            return (!reading).then_some(Self::Generate);
        }
        if matches!(route, "/api/v1/documents/generate/batch" | "/api/documents/generate/batch") {
            return (!reading).then_some(Self::Batch);
        }
        if reading {
            let api = route.starts_with("/api/") || route.starts_with("/v1/");
            return (api && !route.starts_with("/api/dashboard") && !route.starts_with("/api/auth"))
                .then_some(Self::Read);
        }
        if route == "/api/v1/webhook-subscriptions/{id}/test" {
            return Some(Self::WebhookTest);
        }
        if route.starts_with("/api/v1/webhook-subscriptions") {
            return Some(Self::WebhookManage);
        }
        if (route.starts_with("/api/v1/templates") && route != "/api/v1/templates/validate")
            || route.starts_with("/api/v1/assets")
        {
            return Some(Self::TemplateWrite);
        }
        None
    }

    /// The label used in counters and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generate => "generate",
            Self::Batch => "batch",
            Self::Read => "read",
            Self::TemplateWrite => "template_write",
            Self::WebhookManage => "webhook_manage",
            Self::WebhookTest => "webhook_test",
        }
    }

    fn allowance(self, limits: &EndpointLimits) -> EndpointAllowance {
        match self {
            Self::Generate => limits.generate,
            Self::Batch => limits.batch,
            Self::Read => limits.read,
            Self::TemplateWrite => limits.template_write,
            Self::WebhookManage => limits.webhook_manage,
            Self::WebhookTest => limits.webhook_test,
        }
    }

    /// The counter of this class for `caller` (whose own counter is `caller_key`) and its allowance.
    pub fn limit_key(self, caller: &Caller, caller_key: &RateLimitKey, limits: &EndpointLimits) -> RateLimitKey {
        let allowance = self.allowance(limits);
        let per_minute = match caller.principal {
            Principal::ApiKey(_) => allowance.api_key,
            Principal::OAuth(_) => allowance.oauth,
            Principal::User(_) => allowance.jwt,
        };
        RateLimitKey { key: format!("ep:{}:{}", self.as_str(), caller_key.key), per_minute }
    }
}

/// The decision to answer with when a request was charged to two counters: a refusal wins (the one that
/// lasts longer); else the counter with fewer requests left.
pub fn tighter(a: RateDecision, b: RateDecision) -> RateDecision {
    match (a.allowed, b.allowed) {
        (false, false) => {
            if a.retry_after_seconds >= b.retry_after_seconds {
                a
            } else {
                b
            }
        }
        (false, true) => a,
        (true, false) => b,
        (true, true) => {
            if a.remaining <= b.remaining {
                a
            } else {
                b
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fall_into_their_documented_classes() {
        let post = Method::POST;
        assert_eq!(EndpointClass::of(&post, "/api/v1/documents/generate"), Some(EndpointClass::Generate));
        assert_eq!(EndpointClass::of(&post, "/v1/documents/generate"), Some(EndpointClass::Generate));
        assert_eq!(EndpointClass::of(&post, "/api/documents/generate/batch"), Some(EndpointClass::Batch));
        assert_eq!(EndpointClass::of(&Method::GET, "/api/v1/documents/jobs/{jobId}"), Some(EndpointClass::Read));
        assert_eq!(
            EndpointClass::of(&Method::PATCH, "/api/v1/templates/{templateId}"),
            Some(EndpointClass::TemplateWrite)
        );
        assert_eq!(EndpointClass::of(&post, "/api/v1/assets"), Some(EndpointClass::TemplateWrite));
        assert_eq!(EndpointClass::of(&post, "/api/v1/templates/validate"), None);
        assert_eq!(
            EndpointClass::of(&Method::DELETE, "/api/v1/webhook-subscriptions/{id}"),
            Some(EndpointClass::WebhookManage)
        );
        assert_eq!(
            EndpointClass::of(&post, "/api/v1/webhook-subscriptions/{id}/test"),
            Some(EndpointClass::WebhookTest)
        );
        assert_eq!(EndpointClass::of(&post, "/api/v1/api-keys"), None);
        assert_eq!(EndpointClass::of(&Method::GET, "/health"), None);
        assert_eq!(EndpointClass::of(&Method::GET, "/api/dashboard/session"), None);
    }

    fn decision(allowed: bool, remaining: u32, retry: u64) -> RateDecision {
        RateDecision { allowed, limit: 10, remaining, reset_unix: 0, retry_after_seconds: retry }
    }

    #[test]
    fn the_tighter_decision_is_a_refusal_else_the_one_with_less_left() {
        assert_eq!(tighter(decision(true, 5, 0), decision(true, 2, 0)).remaining, 2);
        assert!(!tighter(decision(true, 5, 0), decision(false, 0, 3)).allowed);
        assert_eq!(tighter(decision(false, 0, 9), decision(false, 0, 3)).retry_after_seconds, 9);
    }
}
