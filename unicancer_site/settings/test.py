"""Test settings: base, with a fast password hasher and uploads in a throwaway folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="unicancer-test-media-"))

# Pages are rendered at every request in tests (their query counts are pinned); tests/publishing/test_page_cache.py
# turns the page cache on.
PAGE_CACHE = False

# The address the test client's pages are reached by, so that absolute URLs in payloads read as before;
# tests/core/test_site_url.py sets another one and checks every place that gives an address.
SITE_URL = "http://testserver"
