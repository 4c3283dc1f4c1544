//! `namespaces:`, the Cloud Map namespaces.

use super::locate::{List, Seg::K};
use super::{Checker, Code};
use crate::types::NamespaceType;

impl Checker<'_> {
    /// Each namespace's name, and its `vpc` against its type.
    pub(super) fn namespaces(&mut self) {
        for (_, e, ns) in self.entries(List::Namespaces, &self.spec.namespaces) {
            let dns = !matches!(ns.namespace_type, NamespaceType::Http);
            let ok = if dns {
                valid_domain(&ns.name)
            } else {
                !ns.name.is_empty()
                    && ns.name.len() <= 1024
                    && ns.name.chars().all(|c| c.is_ascii_graphic())
            };
            if !ok {
                let rule = if dns {
                    "a DNS namespace is a domain name: labels of letters, digits and hyphens separated by dots, at most 253 characters"
                } else {
                    "an HTTP namespace name is 1-1024 printable characters without spaces"
                };
                let at = self.at(&e, &[K("name")]);
                self.invalid_name("namespace name", &ns.name, at, rule);
            }
            match (&ns.namespace_type, &ns.vpc) {
                (NamespaceType::DnsPrivate, None) => {
                    let at = self.key_at(&e, &[K("type")]);
                    self.error(
                        Code::SpecNamespaceVpc,
                        format!("private DNS namespace `{}` needs `vpc`", ns.name),
                        at,
                        "DNS_PRIVATE needs a VPC",
                    )
                    .help("add `vpc: ${VPC_ID}`");
                }
                (NamespaceType::Http | NamespaceType::DnsPublic, Some(_)) => {
                    let at = self.key_at(&e, &[K("vpc")]);
                    self.error(
                        Code::SpecNamespaceVpc,
                        format!(
                            "namespace `{}` is not private DNS: `vpc` does not apply",
                            ns.name
                        ),
                        at,
                        "only DNS_PRIVATE takes a VPC",
                    )
                    .help("remove `vpc`, or make the namespace `type: DNS_PRIVATE`");
                }
                _ => {}
            }
        }
    }
}

fn valid_domain(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::valid_domain;

    #[test]
    fn domains() {
        assert!(valid_domain("retailstore.local"));
        assert!(valid_domain("example.com."));
        assert!(!valid_domain("bad..name"));
        assert!(!valid_domain("-bad.local"));
    }
}
