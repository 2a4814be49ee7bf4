//! Which network addresses a webhook may reach. A subscriber's URL is chosen by whoever
//! registers it; without this rule it could make publishing POST into the cluster's own
//! network (databases, the cloud metadata endpoint at 169.254.169.254, admin ports).
//! Loopback and private/link-local ranges are refused unless configuration allows them;
//! the check runs when a subscriber is registered (IP literals, `localhost`) and again on
//! every send, after DNS resolution (so a name that later resolves inward is still refused).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What webhooks may reach besides public addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookNetworkPolicy {
    /// Loopback (127.0.0.0/8, ::1, `localhost`): local receivers, tests, the demo.
    pub allow_loopback: bool,
    /// Private, shared and link-local ranges (10/8, 172.16/12, 192.168/16, 100.64/10,
    /// 169.254/16, fc00::/7, fe80::/10): receivers inside the same network.
    pub allow_private: bool,
}

/// The kind of a non-public address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restricted {
    Loopback,
    Private,
    /// Never a webhook target: unspecified, multicast, broadcast, documentation ranges.
    Never,
}

fn classify(ip: IpAddr) -> Option<Restricted> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Restricted> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some(Restricted::Loopback)
    } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
        Some(Restricted::Private)
    } else if ip.is_unspecified() || ip.is_multicast() || ip.is_broadcast() || ip.is_documentation() || a == 0
    {
        Some(Restricted::Never)
    } else {
        None
    }
}

fn classify_v6(ip: Ipv6Addr) -> Option<Restricted> {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some(Restricted::Loopback)
    } else if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
        Some(Restricted::Private)
    } else if ip.is_unspecified() || ip.is_multicast() {
        Some(Restricted::Never)
    } else {
        None
    }
}

impl WebhookNetworkPolicy {
    /// Whether a webhook may be sent to `ip`; the error says why not and what would allow it.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        match classify(ip) {
            None => Ok(()),
            Some(Restricted::Loopback) if self.allow_loopback => Ok(()),
            Some(Restricted::Private) if self.allow_private => Ok(()),
            Some(Restricted::Loopback) => Err(format!(
                "{ip} is a loopback address; webhooks to it are refused unless NEWSROOM_WEBHOOK_ALLOW_LOOPBACK=true"
            )),
            Some(Restricted::Private) => Err(format!(
                "{ip} is a private or link-local address; webhooks to it are refused unless NEWSROOM_WEBHOOK_ALLOW_PRIVATE=true"
            )),
            Some(Restricted::Never) => Err(format!("{ip} cannot receive webhooks")),
        }
    }

    /// The check that needs no DNS: an IP-literal host, or `localhost`. Other names are
    /// checked after resolution, on each send.
    pub fn check_host(&self, host: &url::Host<&str>) -> Result<(), String> {
        match host {
            url::Host::Ipv4(ip) => self.check_ip(IpAddr::V4(*ip)),
            url::Host::Ipv6(ip) => self.check_ip(IpAddr::V6(*ip)),
            url::Host::Domain(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    self.check_ip(IpAddr::V4(Ipv4Addr::LOCALHOST))
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// A DNS resolver for the webhook client that drops the addresses the policy refuses, so a
/// public-looking name that resolves inward never gets a request.
#[derive(Debug, Clone)]
pub struct PolicyResolver {
    /// The rule.
    pub policy: WebhookNetworkPolicy,
}

impl reqwest::dns::Resolve for PolicyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let mut refused = None;
            let allowed: Vec<std::net::SocketAddr> = resolved
                .filter(|addr| match policy.check_ip(addr.ip()) {
                    Ok(()) => true,
                    Err(reason) => {
                        refused.get_or_insert(reason);
                        false
                    }
                })
                .collect();
            if allowed.is_empty() {
                let reason = refused.unwrap_or_else(|| "no addresses".to_owned());
                return Err(format!("{host} resolves to no allowed address: {reason}").into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    #[test]
    fn public_addresses_pass_and_inward_ones_are_refused_by_default() {
        let policy = WebhookNetworkPolicy::default();
        for public in ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"] {
            assert!(policy.check_ip(ip(public)).is_ok(), "{public}");
        }
        for inward in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "::",
            "224.0.0.1",
        ] {
            assert!(policy.check_ip(ip(inward)).is_err(), "{inward}");
        }
        assert!(policy.check_ip(ip("172.32.0.1")).is_ok(), "just outside 172.16/12");
    }

    #[test]
    fn configuration_opens_loopback_and_private_separately() {
        let loopback = WebhookNetworkPolicy { allow_loopback: true, allow_private: false };
        assert!(loopback.check_ip(ip("127.0.0.1")).is_ok());
        assert!(loopback.check_ip(ip("10.1.1.1")).is_err());
        let private = WebhookNetworkPolicy { allow_loopback: false, allow_private: true };
        assert!(private.check_ip(ip("10.1.1.1")).is_ok());
        assert!(private.check_ip(ip("127.0.0.1")).is_err());
        let error = WebhookNetworkPolicy::default().check_ip(ip("127.0.0.1")).unwrap_err();
        assert!(error.contains("NEWSROOM_WEBHOOK_ALLOW_LOOPBACK"), "{error}");
        let both = WebhookNetworkPolicy { allow_loopback: true, allow_private: true };
        assert!(both.check_ip(ip("0.0.0.0")).is_err(), "unspecified is never a target");
    }

    #[test]
    fn localhost_names_are_loopback() {
        let policy = WebhookNetworkPolicy::default();
        for name in ["localhost", "LOCALHOST.", "api.localhost"] {
            assert!(policy.check_host(&url::Host::Domain(name)).is_err(), "{name}");
        }
        assert!(policy.check_host(&url::Host::Domain("example.com")).is_ok());
    }
}
