//! Who is on the other end of a request: the TCP peer, or — when the peer is one of our own
//! proxies — the address that proxy saw. Rate limits per client address depend on it, so it is
//! worked out in one place, by [`crate::server::serve`], and handed to handlers as [`ClientAddress`].

use std::net::IpAddr;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use ipnet::IpNet;

/// Loopback and the private ranges (RFC 1918, IPv6 unique local). The platform's own hops sit
/// there: the web calls the api over a private Docker network and an edge proxy runs beside them.
/// Not trusting them would make every browser behind the web look like one client to the api,
/// and its per-address login limit would lock everybody out together. The price: a client that
/// reaches a server directly from a private network can choose its address for the per-address
/// limit (the per-account limit still holds). Narrow this when a server faces such clients.
pub const DEFAULT_TRUSTED_PROXIES: &str =
    "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";

/// Networks whose `X-Forwarded-For` we believe.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// Comma-separated networks (`10.0.0.0/8`) or single addresses (`192.0.2.7`); `none` for none
    /// (an empty variable counts as unset, see `unset_empty_env_vars`).
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        if list.trim() == "none" {
            return Ok(Self::default());
        }
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{entry:?} is neither an address nor a network like 10.0.0.0/8"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self(networks))
    }
}

impl TrustedProxies {
    fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from the right, the first address not
    /// added by a trusted proxy. Entries left of it were written by the client and may be forged.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer.to_canonical();
        for hop in forwarded.iter().rev() {
            if !self.contains(client) {
                break;
            }
            match hop.parse::<IpAddr>() {
                Ok(address) => client = address.to_canonical(),
                Err(_) => break,
            }
        }
        client
    }
}

/// The address a request came from, as [`TrustedProxies::client_address`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Self>()
            .copied()
            .ok_or((StatusCode::INTERNAL_SERVER_ERROR, "the server did not record the client address"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(trusted: &str, peer: &str, forwarded: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let trusted: TrustedProxies = trusted.parse().unwrap();
        trusted.client_address(peer.parse().unwrap(), &headers).to_string()
    }

    #[test]
    fn believes_forwarded_addresses_only_from_trusted_peers() {
        // An untrusted peer is the client, whatever it claims.
        assert_eq!(client("127.0.0.1", "203.0.113.9", &["198.51.100.1"]), "203.0.113.9");
        // A trusted peer forwards the client it saw.
        assert_eq!(client("127.0.0.1", "127.0.0.1", &["198.51.100.1"]), "198.51.100.1");
        // What the client wrote itself (left of the first untrusted hop) is ignored.
        assert_eq!(
            client(DEFAULT_TRUSTED_PROXIES, "10.0.0.2", &["6.6.6.6, 198.51.100.1", "172.18.0.3"]),
            "198.51.100.1"
        );
        // Nothing forwarded, or garbage: the last address we can vouch for.
        assert_eq!(client("127.0.0.1", "127.0.0.1", &[]), "127.0.0.1");
        assert_eq!(client("127.0.0.1", "127.0.0.1", &["not-an-address"]), "127.0.0.1");
        // IPv4 seen over an IPv6 socket is the same client.
        assert_eq!(client("", "::ffff:192.0.2.1", &[]), "192.0.2.1");
    }

    #[test]
    fn parses_networks_and_addresses_and_names_the_bad_entry() {
        let trusted: TrustedProxies = "10.0.0.0/8, 192.0.2.7,::1".parse().unwrap();
        assert!(trusted.contains("10.1.2.3".parse().unwrap()));
        assert!(trusted.contains("192.0.2.7".parse().unwrap()));
        assert!(!trusted.contains("192.0.2.8".parse().unwrap()));
        assert!("none".parse::<TrustedProxies>().unwrap().0.is_empty());
        assert!("10.0.0.0/8,nope".parse::<TrustedProxies>().unwrap_err().contains("\"nope\""));
    }
}
