"""Which URLs a crawl of one site may fetch: scheme, host, port and address in every spelling."""

from __future__ import annotations

import ipaddress

import pytest

from archiver.netguard import Site, destination_problem, is_public_address, parse_ip

REMOTE_SITE = Site.from_base_url("https://megalopreneur.com/")
LOCAL_COPY = Site.from_base_url("http://127.0.0.1:8123/")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "2130706433",  # one decimal number
        "0x7f000001",  # one hex number
        "0x7f.1",  # hex, then the last part fills three bytes
        "0177.0.0.1",  # octal first part
        "127.1",
        "127.0.1",
        "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
        "::ffff:7f00:1",
        "127.0.0.1.",  # trailing dot
        "%31%32%37.0.0.1",  # percent-encoded
    ],
)
def test_every_spelling_of_loopback_is_read_as_127_0_0_1(host):
    assert parse_ip(host) == ipaddress.IPv4Address("127.0.0.1")


@pytest.mark.parametrize(
    "host", ["megalopreneur.com", "localhost", "1.2.3.4.5", "0x1g", "08.0.0.1", ""]
)
def test_names_and_non_addresses_are_not_addresses(host):
    assert parse_ip(host) is None


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata service
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "0.0.0.0",
        "100.64.0.1",  # carrier-grade NAT
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
    ],
)
def test_non_public_addresses(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://megalopreneur.com/2023/09/india-quad/",
        "http://megalopreneur.com/2023/09/india-quad/",  # the http -> https hop
        "https://www.megalopreneur.com/",
        "https://MEGALOPRENEUR.com:443/feed/",
    ],
)
def test_the_site_itself_is_allowed(url):
    assert destination_problem(url, REMOTE_SITE) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://megalopreneur.com/", "scheme"),
        ("data:text/html,hi", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http:///nohost", "no-host"),
        ("http://[::1/", "malformed"),
        ("http://megalopreneur.com:99999/", "malformed"),
        ("https://example.com/", "off-site"),
        ("https://megalopreneur.com.evil.example/", "off-site"),
        ("https://sub.megalopreneur.com/", "off-site"),
        ("https://megalopreneur.com:8443/", "off-site"),
        ("http://127.0.0.1/", "private-address"),
        ("http://2130706433/", "private-address"),
        ("http://0x7f.1/", "private-address"),
        ("http://[::ffff:127.0.0.1]/", "private-address"),
        ("http://169.254.169.254/latest/meta-data/", "private-address"),
        ("http://10.0.0.1/", "private-address"),
        ("http://[::1]:8080/", "private-address"),
        ("http://93.184.216.34/", "off-site"),
    ],
)
def test_everything_else_is_refused_with_its_reason(url, reason):
    assert destination_problem(url, REMOTE_SITE) == reason


def test_a_local_copy_may_fetch_its_own_address_and_port_only():
    assert destination_problem("http://127.0.0.1:8123/2024/01/post/", LOCAL_COPY) is None
    # Another service on the same machine: same address, other port.
    assert destination_problem("http://127.0.0.1:9999/", LOCAL_COPY) == "off-site"
    # The same address spelled differently is another host name: refused, never fetched.
    assert destination_problem("http://2130706433:8123/", LOCAL_COPY) == "off-site"
    assert destination_problem("http://localhost:8123/", LOCAL_COPY) == "off-site"
    # Other private addresses stay forbidden even though the site is private.
    assert destination_problem("http://10.0.0.1:8123/", LOCAL_COPY) == "private-address"
    assert destination_problem("http://[::1]:8123/", LOCAL_COPY) == "private-address"
