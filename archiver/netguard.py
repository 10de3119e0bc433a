"""Where the crawler may connect: pure checks of a URL against the site being archived.

A crawl archives one site. Every URL it is about to fetch (links, redirect hops, ``meta refresh``
targets, retries) must be on that site, over http or https, and must not point at this machine or
its network unless the site itself lives there (a test copy on 127.0.0.1, an intranet mirror).
Addresses count whatever their spelling: ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1`` and
``[::ffff:127.0.0.1]`` all reach 127.0.0.1, because the C resolver behind ``connect()`` accepts
every ``inet_aton`` form.

Host names: only the site's own host (and its ``www.`` twin, see :func:`archiver.urls.same_site`)
pass :func:`destination_problem`, so a name pointing at a private address can only be the site's
own name, and then the site lives there. Its address is resolved once per run and cached
(``DNSCACHE_ENABLED``, no expiry), so a DNS answer cannot swap it for another address mid-run.

No scrapy import: the downloader middleware in :mod:`archiver.middlewares` applies these.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from archiver.urls import same_site

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})


def _inet_aton_part(text: str) -> int | None:
    """One dotted part as the C library reads it: ``0x``-hex, ``0``-octal or decimal."""
    try:
        if text[:2].lower() == "0x":
            return int(text[2:] or "0", 16)
        if len(text) > 1 and text.startswith("0"):
            return int(text[1:], 8)
        return int(text, 10) if text.isdigit() else None
    except ValueError:
        return None


def _parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """``inet_aton`` semantics: 1 to 4 parts, the last one filling the remaining bytes."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or any(not part for part in parts):
        return None
    numbers = [_inet_aton_part(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (4 - len(leading)):
        return None
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL host names literally, in any spelling, or None for a DNS name.

    IPv4-mapped IPv6 addresses (``::ffff:127.0.0.1``) are returned as the IPv4 address they reach.
    """
    host = unquote(host).strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if not host:
        return None
    if ":" in host:
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError:
            return None
        return address.ipv4_mapped or address
    return _parse_ipv4_loose(host)


def is_public_address(address: IPAddress) -> bool:
    """Whether an address is on the public internet (not loopback, private, link-local, ...)."""
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Site:
    """The site a crawl archives: its base URL and, when its host is an address, that address."""

    base_url: str
    address: IPAddress | None

    @classmethod
    def from_base_url(cls, base_url: str) -> Site:
        return cls(base_url, parse_ip(urlsplit(base_url).hostname or ""))


def destination_problem(url: str, site: Site) -> str | None:
    """Why ``url`` must not be fetched for ``site`` (a short reason), or None when it may be.

    Reasons: ``malformed`` (unparseable host or port), ``scheme`` (not http/https), ``no-host``,
    ``private-address`` (a non-public address other than the site's own) and ``off-site``
    (another host, or the site's host on another port).
    """
    try:
        parts = urlsplit(url.strip())
        host, _ = parts.hostname, parts.port  # both raise ValueError on a mangled netloc
    except ValueError:
        return "malformed"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return "scheme"
    if not host:
        return "no-host"
    address = parse_ip(host)
    if address is not None and not is_public_address(address) and address != site.address:
        return "private-address"
    if not same_site(url, [site.base_url]):
        return "off-site"
    return None
