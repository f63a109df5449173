"""The client's address: X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT proxies vouch for it."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from unicancer_site.core.addresses import client_address


def _request(forwarded=None, remote="10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "81.2.69.142", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "81.2.69.142", "81.2.69.142"),
        (1, "1.2.3.4, 81.2.69.142", "81.2.69.142"),  # the forged left part is not believed
        (2, "1.2.3.4, 81.2.69.142, 10.0.0.7", "81.2.69.142"),
        (2, "81.2.69.142", "81.2.69.142"),  # fewer entries than proxies: the left-most, as DRF does
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, None, "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(proxies, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(_request(forwarded)) == expected


def test_the_api_throttles_read_the_same_setting():
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT == 0
