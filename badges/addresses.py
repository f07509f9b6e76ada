"""Which addresses a fetch may never reach: loopback, private, link-local (cloud metadata),
multicast, reserved, carrier-grade NAT, documentation ranges and the IPv6 forms of all of them,
and the names of cloud metadata services. Pure checks; ``badges.fetch`` applies them to every
address a name resolves to, before connecting to exactly those addresses."""

from __future__ import annotations

import ipaddress
from typing import Final

# names that reach cloud instance metadata services without going through a checkable address
METADATA_HOSTS: Final = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
        "kubernetes.default",
        "kubernetes.default.svc",
    }
)
FORBIDDEN_SUFFIXES: Final = (".internal", ".local", ".localdomain", ".home.arpa")

# ranges that ipaddress does not (or, on some Python versions, not reliably) call non-global
_EXTRA_FORBIDDEN: Final = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT (RFC 6598), Alibaba metadata 100.100.100.200
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "64:ff9b::/96",  # NAT64: reaches IPv4 through the gateway
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _as_ip(address: str | IPAddress) -> IPAddress:
    if isinstance(address, str):
        text = address.strip().removeprefix("[").removesuffix("]")
        return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
    return address


def is_forbidden_address(address: str | IPAddress, *, allow_loopback: bool = False) -> bool:
    """True when a connection to this IP address could reach an internal network.

    Everything that is not plainly a public unicast address is forbidden; with ``allow_loopback``
    127.0.0.0/8 and ::1 (also written ``::ffff:127.x.y.z``) are let through.
    """
    try:
        ip = _as_ip(address)
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_forbidden_address(ip.ipv4_mapped, allow_loopback=allow_loopback)
        if ip.sixtofour is not None and is_forbidden_address(ip.sixtofour):
            return True
        if ip.teredo is not None:
            return True
    if ip.is_loopback:
        return not allow_loopback
    if any(ip in net for net in _EXTRA_FORBIDDEN if net.version == ip.version):
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return True
    return (
        not ip.is_global or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def is_forbidden_name(host: str, *, allow_loopback: bool) -> bool:
    name = host.rstrip(".").lower()
    if name in METADATA_HOSTS or name.endswith(FORBIDDEN_SUFFIXES):
        return True
    return not allow_loopback and (name == "localhost" or name.endswith(".localhost"))
