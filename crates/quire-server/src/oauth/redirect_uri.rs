//! Redirect URIs: what may be registered, and the exact match at authorization time, with any port on a loopback
//! address for native apps (RFC 8252 §7.3).

use url::Url;

/// Why a redirect URI cannot be registered.
pub fn check_registrable(uri: &str) -> Result<(), String> {
    let url = Url::parse(uri).map_err(|_| format!("{uri:?} is not an absolute URI"))?;
    if url.fragment().is_some() {
        return Err(format!("{uri:?} has a fragment"));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(format!("{uri:?} must use https (plain http only for loopback addresses)")),
        // Private-use schemes of native apps (RFC 8252 §7.1), e.g. `com.example.app:/callback`.
        scheme if scheme.contains('.') => Ok(()),
        _ => Err(format!("{uri:?} must use https, a loopback http address or a reverse-domain private scheme")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        // RFC 8252 §8.3: `localhost` is not recommended, but clients use it; it is matched like the literals.
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Whether `presented` matches one of `registered`: character for character, except that on a loopback `http`
/// address the port may differ (RFC 8252 §7.3).
pub fn matches(registered: &[String], presented: &str) -> bool {
    if registered.iter().any(|r| r == presented) {
        return true;
    }
    let Ok(asked) = Url::parse(presented) else { return false };
    if asked.scheme() != "http" || !is_loopback(&asked) {
        return false;
    }
    registered.iter().filter_map(|r| Url::parse(r).ok()).any(|mut known| {
        if known.scheme() != "http" || !is_loopback(&known) || known.host() != asked.host() {
            return false;
        }
        let mut asked = asked.clone();
        known.set_port(None).is_ok() && asked.set_port(None).is_ok() && known == asked
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_loopback_and_private_schemes_register_but_plain_http_does_not() {
        assert!(check_registrable("https://app.example/cb").is_ok());
        assert!(check_registrable("http://127.0.0.1/cb").is_ok());
        assert!(check_registrable("http://[::1]:8080/cb").is_ok());
        assert!(check_registrable("com.example.app:/cb").is_ok());
        assert!(check_registrable("http://app.example/cb").is_err());
        assert!(check_registrable("https://app.example/cb#x").is_err());
        assert!(check_registrable("/relative").is_err());
    }

    #[test]
    fn only_an_exact_match_passes_except_for_the_loopback_port() {
        let registered = vec!["https://app.example/cb".to_string(), "http://127.0.0.1/native".to_string()];
        assert!(matches(&registered, "https://app.example/cb"));
        assert!(!matches(&registered, "https://app.example/cb/"));
        assert!(!matches(&registered, "https://app.example/cb?x=1"));
        assert!(!matches(&registered, "https://app.example:8443/cb"));
        assert!(matches(&registered, "http://127.0.0.1:51234/native"));
        assert!(!matches(&registered, "http://127.0.0.1:51234/other"));
        assert!(!matches(&registered, "http://localhost:51234/native"), "another host");
    }
}
