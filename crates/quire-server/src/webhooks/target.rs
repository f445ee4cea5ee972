//! Where webhooks may go (the SSRF guard): `http`/`https` URLs whose host is public. Loopback, private,
//! link-local, unspecified, CGNAT, multicast and reserved addresses are refused unless the operator sets
//! `QUIRE_WEBHOOKS_ALLOW_PRIVATE=true`. Targets are checked when they are given and again when sent, and
//! the delivery client resolves names through [`PublicOnlyResolver`], so a name that changes its DNS
//! answer after the check still cannot reach an internal address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};

/// Longest accepted target URL.
pub const MAX_URL_LEN: usize = 2048;

/// How long a name lookup may take when a target is checked.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a target is refused, in words meant for the API caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TargetRefusal(pub String);

/// Parses a target URL: absolute, `http` or `https`, with a host, at most [`MAX_URL_LEN`] bytes.
pub fn parse_target(text: &str) -> Result<Url, TargetRefusal> {
    if text.len() > MAX_URL_LEN {
        return Err(TargetRefusal(format!("URL is longer than {MAX_URL_LEN} characters")));
    }
    let url = Url::parse(text.trim()).map_err(|e| TargetRefusal(format!("URL is not valid: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(TargetRefusal("URL must start with http:// or https://".into()));
    }
    if url.host().is_none() {
        return Err(TargetRefusal("URL has no host".into()));
    }
    Ok(url)
}

/// Whether an IPv4 address is public (none of the refused ranges).
fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let cgnat = a == 100 && (b & 0xc0) == 64; // 100.64.0.0/10
    let this_network = a == 0; // 0.0.0.0/8
    let reserved = a >= 240; // 240.0.0.0/4 and broadcast
    let protocol_assignments = a == 192 && b == 0 && ip.octets()[2] == 0; // 192.0.0.0/24
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || cgnat
        || this_network
        || reserved
        || protocol_assignments)
}

/// Whether an IPv6 address is public; addresses that embed an IPv4 address are judged by it.
fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) carry an IPv4 address at the end.
    let embeds_v4 = s[..6] == [0; 6] || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4]);
    if embeds_v4 && !ip.is_loopback() && !ip.is_unspecified() {
        let [.., c, d] = s;
        return is_public_v4(Ipv4Addr::new((c >> 8) as u8, c as u8, (d >> 8) as u8, d as u8));
    }
    let unique_local = (s[0] & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (s[0] & 0xffc0) == 0xfe80; // fe80::/10
    let site_local = (s[0] & 0xffc0) == 0xfec0; // fec0::/10 (deprecated)
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local || site_local)
}

/// Whether webhooks may reach `ip` without `QUIRE_WEBHOOKS_ALLOW_PRIVATE`.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn refuse_ip(ip: IpAddr) -> TargetRefusal {
    TargetRefusal(format!(
        "{ip} is a loopback, private, link-local or reserved address; only public addresses may be reached"
    ))
}

/// Checks a target now: parses it and, unless `allow_private`, resolves its host and refuses it when any
/// address it resolves to is not public (or when it does not resolve).
pub async fn check_target(text: &str, allow_private: bool) -> Result<Url, TargetRefusal> {
    let url = parse_target(text)?;
    if allow_private {
        return Ok(url);
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => check_ip(IpAddr::V4(ip))?,
        Some(Host::Ipv6(ip)) => check_ip(IpAddr::V6(ip))?,
        Some(Host::Domain(name)) => {
            let port = url.port_or_known_default().unwrap_or(443);
            let addrs = resolve(name, port).await?;
            if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
                return Err(TargetRefusal(format!("{name} resolves to {}: {}", bad.ip(), refuse_ip(bad.ip()))));
            }
        }
        None => return Err(TargetRefusal("URL has no host".into())),
    }
    Ok(url)
}

fn check_ip(ip: IpAddr) -> Result<(), TargetRefusal> {
    if is_public(ip) { Ok(()) } else { Err(refuse_ip(ip)) }
}

async fn resolve(name: &str, port: u16) -> Result<Vec<SocketAddr>, TargetRefusal> {
    let lookup = tokio::net::lookup_host((name, port));
    let addrs: Vec<SocketAddr> = match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
        Ok(Ok(found)) => found.collect(),
        Ok(Err(_)) | Err(_) => Vec::new(),
    };
    if addrs.is_empty() {
        return Err(TargetRefusal(format!("host {name} does not resolve")));
    }
    Ok(addrs)
}

/// The delivery client's name resolver: only public addresses come back, so the connection goes where the
/// check said it may, whatever the DNS answers between the check and the connect.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let name = name.as_str().to_string();
        Box::pin(async move {
            let public: Vec<SocketAddr> = resolve(&name, 0).await?.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(TargetRefusal(format!("{name} resolves to no public address")))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn refused_ranges_are_not_public() {
        for ip in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(!public(ip), "{ip} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(public(ip), "{ip} must be allowed");
        }
    }

    #[test]
    fn only_http_urls_with_a_host_parse() {
        assert!(parse_target("https://example.com/hook").is_ok());
        assert!(parse_target("ftp://example.com/hook").is_err());
        assert!(parse_target("file:///etc/passwd").is_err());
        assert!(parse_target("not a url").is_err());
        assert!(parse_target(&format!("https://example.com/{}", "a".repeat(MAX_URL_LEN))).is_err());
    }

    #[tokio::test]
    async fn literal_and_numeric_loopback_hosts_are_refused() {
        for url in
            ["http://127.0.0.1:9/x", "http://[::1]/x", "http://2130706433/x", "http://0x7f.1/x", "http://localhost/x"]
        {
            assert!(check_target(url, false).await.is_err(), "{url} must be refused");
        }
        assert!(check_target("http://127.0.0.1:9/x", true).await.is_ok());
    }
}
