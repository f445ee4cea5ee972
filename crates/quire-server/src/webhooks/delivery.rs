//! One delivery attempt over HTTP — signed headers, a timeout, no redirects — and the retry schedule
//! (exponential backoff with ±20 % jitter, capped).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use quire_core::Timestamp;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};

use super::signing::signature_header;
use super::target::PublicOnlyResolver;

/// Longest error text kept for an attempt.
const MAX_ERROR_LEN: usize = 500;

/// How long connecting may take, within the delivery timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What to send, where.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub url: &'a str,
    pub secret: &'a str,
    pub delivery_id: &'a str,
    pub event_id: &'a str,
    pub event_type: &'a str,
    /// The event JSON exactly as stored.
    pub body: &'a str,
    pub timeout: Duration,
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    pub started_at: Timestamp,
    pub duration_ms: i64,
    /// The status the target answered, if it answered.
    pub status_code: Option<i64>,
    /// Why it did not count; `None` when the target answered 2xx.
    pub error: Option<String>,
}

impl AttemptResult {
    /// A 2xx answer within the timeout.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }

    /// An attempt that was never sent (e.g. a refused target).
    pub fn not_sent(error: String) -> Self {
        AttemptResult { started_at: Timestamp::now(), duration_ms: 0, status_code: None, error: Some(error) }
    }
}

static PUBLIC_ONLY_CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
static ANY_TARGET_CLIENT: OnceLock<reqwest::Client> = OnceLock::new();

/// The shared delivery client: no redirects, no proxy, and (unless `allow_private`) names resolved to
/// public addresses only.
pub fn http_client(allow_private: bool) -> Result<&'static reqwest::Client, String> {
    let cell = if allow_private { &ANY_TARGET_CLIENT } else { &PUBLIC_ONLY_CLIENT };
    if let Some(client) = cell.get() {
        return Ok(client);
    }
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_idle_timeout(Duration::from_secs(30));
    if !allow_private {
        builder = builder.dns_resolver(std::sync::Arc::new(PublicOnlyResolver));
    }
    let client = builder.build().map_err(|e| format!("cannot build the webhook HTTP client: {e}"))?;
    Ok(cell.get_or_init(|| client))
}

fn headers(out: &Outgoing<'_>, unix_seconds: i64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(USER_AGENT, HeaderValue::from_static(concat!("Quire-Webhooks/", env!("CARGO_PKG_VERSION"))));
    let signature = signature_header(out.secret, unix_seconds, out.body.as_bytes());
    for (name, value) in [
        ("x-rynko-signature", signature.as_str()),
        ("x-rynko-timestamp", &unix_seconds.to_string()),
        ("x-rynko-event-id", out.event_id),
        ("x-rynko-event-type", out.event_type),
        ("x-rynko-delivery-id", out.delivery_id),
    ] {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    }
    headers
}

/// The error and its causes on one line, shortened.
fn describe(err: &reqwest::Error, timeout: Duration) -> String {
    if err.is_timeout() {
        return format!("timed out after {} ms", timeout.as_millis());
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    shorten(text)
}

fn shorten(mut text: String) -> String {
    if text.len() > MAX_ERROR_LEN {
        let mut end = MAX_ERROR_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Sends one attempt. Only a 2xx answer within the timeout counts; redirects are not followed.
pub async fn send(client: &reqwest::Client, out: Outgoing<'_>) -> AttemptResult {
    let started_at = Timestamp::now();
    let clock = Instant::now();
    let request = client
        .post(out.url)
        .headers(headers(&out, started_at.as_unix_seconds()))
        .timeout(out.timeout)
        .body(out.body.to_string());
    let answer = request.send().await;
    let duration_ms = clock.elapsed().as_millis() as i64;
    match answer {
        Ok(response) => {
            let status = response.status();
            let error = if status.is_success() {
                None
            } else if status.is_redirection() {
                Some(format!("target answered HTTP {} (redirects are not followed)", status.as_u16()))
            } else {
                Some(format!("target answered HTTP {}", status.as_u16()))
            };
            AttemptResult { started_at, duration_ms, status_code: Some(i64::from(status.as_u16())), error }
        }
        Err(e) => AttemptResult { started_at, duration_ms, status_code: None, error: Some(describe(&e, out.timeout)) },
    }
}

/// The wait before the next attempt after `attempts_made` failures: `base · 2^(n−1)`, at most `max`,
/// then ±20 % jitter so many failed deliveries do not come back at the same instant.
pub fn retry_delay(base_ms: u64, max_ms: u64, attempts_made: i64) -> Duration {
    let exponent = attempts_made.saturating_sub(1).clamp(0, 32) as u32;
    let nominal = base_ms.saturating_mul(1u64 << exponent).min(max_ms);
    let jitter: f64 = rand::random_range(0.8..=1.2);
    Duration::from_millis(((nominal as f64) * jitter).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_within_the_jitter_band_and_stop_at_the_cap() {
        for (attempts, nominal) in [(1, 5_000.0), (2, 10_000.0), (3, 20_000.0), (4, 40_000.0)] {
            for _ in 0..50 {
                let d = retry_delay(5_000, 3_600_000, attempts).as_millis() as f64;
                assert!(d >= nominal * 0.8 && d <= nominal * 1.2, "attempt {attempts}: {d}");
            }
        }
        let capped = retry_delay(5_000, 60_000, 30).as_millis() as f64;
        assert!((48_000.0..=72_000.0).contains(&capped));
        let huge = retry_delay(u64::MAX / 2, u64::MAX, 1000);
        assert!(huge.as_millis() > 0);
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let delays: std::collections::HashSet<u128> =
            (0..50).map(|_| retry_delay(10_000, 3_600_000, 1).as_millis()).collect();
        assert!(delays.len() > 5);
    }

    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        let text = shorten("é".repeat(400));
        assert!(text.len() <= MAX_ERROR_LEN && text.chars().all(|c| c == 'é'));
    }
}
