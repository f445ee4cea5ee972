//! The client's IP address: the TCP peer, or — when the peer is a trusted reverse proxy
//! (`QUIRE_TRUSTED_PROXIES`) — the address that proxy reports in `X-Forwarded-For`. Rate limits for
//! unauthenticated callers and the sign-in throttle count per client address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// Networks whose connections are reverse proxies allowed to name the client.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From addresses (`10.0.0.5`) and networks (`10.0.0.0/8`, `fd00::/8`); the error names the bad entry.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        entries
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{e:?} is not an IP address or network such as 10.0.0.0/8"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from the right, the first address that is not a
    /// trusted proxy (a client cannot forge entries to the right of what the proxies appended).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut client = peer;
        for entry in forwarded.iter().rev() {
            let Ok(ip) = entry.parse::<IpAddr>() else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// The client address of a request, as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The client address from request parts (the peer when the connection info is missing, as in some tests).
pub fn client_ip(parts_headers: &HeaderMap, connect: Option<&ConnectInfo<SocketAddr>>, state: &AppState) -> IpAddr {
    let peer = connect.map(|c| c.0.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    state.trusted_proxies.client(peer, parts_headers)
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.headers, parts.extensions.get::<ConnectInfo<SocketAddr>>(), state)))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn only_trusted_peers_may_name_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "127.0.0.1".into()]).unwrap();
        let headers = forwarded("203.0.113.7");
        assert_eq!(proxies.client(ip("198.51.100.1"), &headers), ip("198.51.100.1"), "an untrusted peer is the client");
        assert_eq!(proxies.client(ip("127.0.0.1"), &headers), ip("203.0.113.7"));
        assert_eq!(proxies.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
        assert_eq!(TrustedProxies::default().client(ip("127.0.0.1"), &headers), ip("127.0.0.1"), "none by default");
    }

    #[test]
    fn forged_entries_left_of_the_proxies_are_ignored() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
        // The client sent "1.2.3.4" itself; its real address was appended by the first proxy, then a second.
        let headers = forwarded("1.2.3.4, 203.0.113.7, 10.0.0.2");
        assert_eq!(proxies.client(ip("10.0.0.1"), &headers), ip("203.0.113.7"));
        let garbage = forwarded("not-an-ip, 10.0.0.2");
        assert_eq!(proxies.client(ip("10.0.0.1"), &garbage), ip("10.0.0.2"));
    }

    #[test]
    fn bad_entries_are_named() {
        let err = TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err();
        assert!(err.contains("10.0.0.0/33"));
        assert!(TrustedProxies::parse(&["::1".into(), "fd00::/8".into(), " ".into()]).is_ok());
    }
}
