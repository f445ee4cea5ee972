//! Login throttling: failed attempts counted per client IP and per email over a sliding window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per email within the window.
pub const MAX_FAILURES_PER_EMAIL: usize = 5;
/// Failures allowed per IP within the window.
pub const MAX_FAILURES_PER_IP: usize = 20;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Recent failed logins.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginThrottle {
    /// Seconds to wait when either the IP or the email is over its allowance; `None` when a try is allowed.
    pub fn check(&self, ip: &str, email: &str) -> Option<u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = None;
        for (key, max) in [
            (format!("ip:{ip}"), MAX_FAILURES_PER_IP),
            (format!("email:{}", email.to_lowercase()), MAX_FAILURES_PER_EMAIL),
        ] {
            if let Some(times) = failures.get_mut(&key) {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                if times.len() >= max {
                    let oldest = times[times.len() - max];
                    let secs = WINDOW.saturating_sub(now.duration_since(oldest)).as_secs().max(1);
                    wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
                }
            }
        }
        wait
    }

    /// Counts a failed attempt.
    pub fn record_failure(&self, ip: &str, email: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.last().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        failures.entry(format!("ip:{ip}")).or_default().push(now);
        failures.entry(format!("email:{}", email.to_lowercase())).or_default().push(now);
    }

    /// Clears an email's failures after a successful login.
    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&format!("email:{}", email.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_blocked_after_repeated_failures() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            assert!(t.check("1.2.3.4", "a@b.co").is_none());
            t.record_failure("1.2.3.4", "A@b.co");
        }
        assert!(t.check("5.6.7.8", "a@b.co").is_some());
        assert!(t.check("1.2.3.4", "other@b.co").is_none());
        t.record_success("a@b.co");
        assert!(t.check("5.6.7.8", "a@b.co").is_none());
    }
}
