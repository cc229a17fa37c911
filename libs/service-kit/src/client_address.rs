//! Who is on the other end of a request: the TCP peer, or — when the peer is one of our own
//! proxies — the address that proxy saw. Rate limits and connection shares per client depend on
//! it, so it is worked out in one place, by [`crate::server::serve`], and handed to handlers as
//! [`ClientAddress`]; [`ClientKey`] is the unit those limits count.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use ipnet::IpNet;

/// Loopback only: the hop every way of running the platform on one machine has (the web calls the
/// api on localhost natively). Containers trust their own network instead ([`LOCAL_SUBNETS`], set
/// in compose.yaml); Kubernetes its pod network (the chart's `trustedProxies`). A proxy that is not
/// trusted makes every browser behind it one client to the limits per address.
pub const DEFAULT_TRUSTED_PROXIES: &str = "127.0.0.0/8,::1/128";

/// The word that stands for the subnets of this server's own network interfaces: in a container,
/// the stack's private network, where the edge and the web live and nobody else does.
pub const LOCAL_SUBNETS: &str = "local-subnets";

/// Networks whose `X-Forwarded-For` we believe.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// Comma-separated networks (`10.0.0.0/8`), single addresses (`192.0.2.7`) and
    /// [`LOCAL_SUBNETS`]; `none` for none (an empty variable counts as unset, see `unset_empty_env_vars`).
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        if list.trim() == "none" {
            return Ok(Self::default());
        }
        let mut networks = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|entry| !entry.is_empty()) {
            if entry == LOCAL_SUBNETS {
                networks.extend(local_subnets()?);
                continue;
            }
            let network = entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("{entry:?} is neither an address, a network like 10.0.0.0/8 nor {LOCAL_SUBNETS}")
                })?;
            networks.push(network);
        }
        Ok(Self(networks))
    }
}

/// The networks this machine's interfaces are on (loopback included), read once at start.
fn local_subnets() -> Result<Vec<IpNet>, String> {
    let interfaces =
        if_addrs::get_if_addrs().map_err(|error| format!("cannot list the network interfaces: {error}"))?;
    Ok(interfaces
        .iter()
        .filter_map(|interface| {
            let (address, mask) = match &interface.addr {
                if_addrs::IfAddr::V4(v4) => (IpAddr::V4(v4.ip), IpAddr::V4(v4.netmask)),
                if_addrs::IfAddr::V6(v6) => (IpAddr::V6(v6.ip), IpAddr::V6(v6.netmask)),
            };
            IpNet::with_netmask(address, mask).ok().map(|network| network.trunc())
        })
        .collect())
}

impl TrustedProxies {
    pub fn contains(&self, address: IpAddr) -> bool {
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

impl ClientAddress {
    pub fn key(self) -> ClientKey {
        ClientKey::of(self.0)
    }
}

/// One client, as limits per client count it: an IPv4 address, or an IPv6 /64. A single IPv6
/// host is usually handed a whole /64 and can use any address in it, so counting addresses
/// would let it rotate past every limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn of(address: IpAddr) -> Self {
        match address.to_canonical() {
            IpAddr::V6(v6) => {
                let [a, b, c, d, ..] = v6.segments();
                Self(IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0)))
            }
            v4 => Self(v4),
        }
    }
}

/// `192.0.2.7`, or `2001:db8:1:2::/64`: the form limits are stored under.
impl fmt::Display for ClientKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(formatter, "{v4}"),
            IpAddr::V6(v6) => write!(formatter, "{v6}/64"),
        }
    }
}

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
            client("10.0.0.0/8,172.16.0.0/12", "10.0.0.2", &["6.6.6.6, 198.51.100.1", "172.18.0.3"]),
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

    #[test]
    fn local_subnets_are_the_networks_of_this_machine() {
        let trusted: TrustedProxies = "local-subnets".parse().unwrap();
        assert!(trusted.contains("127.0.0.1".parse().unwrap()), "{trusted:?}");
        assert!(!trusted.contains("203.0.113.9".parse().unwrap()), "{trusted:?}");
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let key = |address: &str| ClientKey::of(address.parse().unwrap()).to_string();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), key("2001:db8:1:2::9"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
    }
}
