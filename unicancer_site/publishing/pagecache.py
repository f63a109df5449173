"""The page cache for anonymous visitors: a public page rendered once is served from the cache, never stale.

How it stays fresh, with no list of models and no job to run:

- **Content version.** One number in the cache, part of every page's key. Saving, deleting or changing the
  many-to-many links of any of the project's own models (not Django's nor a library's: sessions, users, login
  attempts are never shown) bumps it: every page of every instance sharing the cache is retired at once. It is
  bumped at the save, and again when the transaction commits: a page rendered meanwhile from the data before the
  commit is stored under the version in between, which the second bump retires.
- **Schedule.** A page lives at most until the next moment something scheduled changes what the public sees:
  the next ``publish_from`` or ``publish_until`` of a published item of any ``Publishable`` model (computed once
  per version), the next midnight (certifications stand "in force" by the day) and ``PAGE_CACHE_SECONDS``.
- **Code.** ``migrate``, which every deployment runs, bumps the version too: pages rendered by the templates of
  the code before are retired.
- **Who.** Only ``GET`` and ``HEAD`` without a session cookie or an ``Authorization`` header are answered from
  the cache; only a ``GET`` answered ``200`` by a response that sets no cookie, used no CSRF token nor CSP
  nonce, left the session alone, is not ``private``/``no-store`` and varies on nothing but the language (and
  ``Cookie``, when the request had none) fills it. Staff, who are signed in, never get nor fill a cached page.
- **Validators.** Each cached page keeps its ``ETag`` (a hash of the body) and ``Last-Modified`` (when it was
  rendered): a conditional ``GET`` is answered ``304`` from them without rendering. ``Cache-Control: no-cache``
  makes browsers ask each time, so that they too never show a page older than the cache's.
- **Outage.** Any cache error (Redis refused or slow) makes the page render as if uncached; the process then
  leaves the cache alone for ``RETRY_AFTER_FAILURE`` seconds instead of waiting on every call, and its first
  act when the cache answers again is a bump, since a change may have happened meanwhile.

Why not Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware``: they key pages by the request's
``Cookie`` header when the response varies on it (so they would store a page per staff session, not refuse
them), they set ``Expires``/``max-age`` on the response (browsers would then show a page without asking, stale
after an edit), they know no version nor schedule (both would mean replacing their module-level key functions),
and they answer no conditional request by themselves. django-cachalot and django-cacheops cache queries, not the
template rendering that costs most of a page, and know nothing of publication dates. The few helpers Django has
for this (``get_conditional_response``, ``has_vary_header``, ``patch_cache_control``) are used as they are.
"""

import datetime
import hashlib
import logging
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag

from unicancer_site.core.history import is_version_model

from .models import PublicationStatus, Publishable

logger = logging.getLogger("unicancer_site.cache")

VERSION_KEY = "pagecache:version"
# Seconds a process leaves the cache alone after an error: one slow Redis call per request would otherwise cost
# CACHE_TIMEOUT on every cache call of every request.
RETRY_AFTER_FAILURE = 5.0
# The headers a cached page may vary on: the language is part of the key, and Cookie only matters when the
# request that filled it had none (then every cookieless request gets the same page).
KEYED_VARY_HEADERS = {"accept-language", "cookie"}


class _CacheState:
    """This process's view of the page cache's health (shared by its threads)."""

    def __init__(self):
        self.suspended_until = 0.0
        self.bump_pending = False
        self.lock = threading.Lock()


_state = _CacheState()


def page_cache():
    """The page cache's backend: its own alias (``pages``), so that errors reach us rather than being hidden."""
    return caches[settings.PAGE_CACHE_ALIAS]


def _available() -> bool:
    return time.monotonic() >= _state.suspended_until


def _failed(error: Exception) -> None:
    """A cache call failed: leave the cache alone for a while, and bump the version when it answers again."""
    with _state.lock:
        _state.suspended_until = time.monotonic() + RETRY_AFTER_FAILURE
        _state.bump_pending = True
    logger.warning("Page cache unavailable (%s): pages are rendered without it.", type(error).__name__)


# The content version ------------------------------------------------------------------------------------------


def _fresh_version() -> int:
    """A version no page was ever stored under: nanoseconds since the epoch, so that a version lost (Redis
    restarted, the key evicted) never comes back as an older one whose pages may still be there."""
    return time.time_ns()


def content_version() -> int | None:
    """The current content version, created if missing; None when the cache cannot be used.

    Raises nothing: a cache error is logged and answered None (the page is then rendered without the cache).
    """
    if not _available():
        return None
    if _state.bump_pending and not bump_content_version():
        return None
    try:
        cache = page_cache()
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as error:  # any backend's error: the cache only ever speeds pages up
        _failed(error)
        return None
    return version


def bump_content_version() -> bool:
    """Retire every cached page (of every instance sharing the cache). True when done; False when the cache is
    unavailable, in which case the bump is retried before this process next uses the cache."""
    if not _available():
        _state.bump_pending = True
        return False
    try:
        cache = page_cache()
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted): a new one is a bump too
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception as error:
        _failed(error)
        return False
    _state.bump_pending = False
    return True


def content_changed(sender=None, **kwargs) -> None:
    """Receiver of ``post_save``, ``post_delete`` and ``m2m_changed`` for the project's own models: bump the
    content version now, and once more when the transaction commits (see the module's docstring)."""
    action = kwargs.get("action")
    # Bumped even with PAGE_CACHE=0: pages stored before it was turned off must not come back when it is on again.
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed's pre_* actions: the post_* one follows
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    bump_content_version()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(bump_content_version, using=using)


def _is_project_app(app_config) -> bool:
    """Whether an app is the project's own (its code under BASE_DIR, not in an installed library)."""
    path = Path(app_config.path).resolve()
    if not path.is_relative_to(Path(settings.BASE_DIR).resolve()):
        return False
    return not ({"site-packages", "dist-packages"} & set(path.parts))


def shown_models() -> list:
    """The models whose changes bump the content version: every model of the project's own apps but the
    history's copies. Found, not listed: a new content app is covered by being one of the project's apps."""
    return [
        model
        for app_config in apps.get_app_configs()
        if _is_project_app(app_config)
        for model in app_config.get_models()
        if not is_version_model(model)
    ]


def code_changed(**kwargs) -> None:
    """Receiver of ``post_migrate``: a deployment runs ``migrate``, after which the pages of the previous code (its
    templates) are retired too."""
    bump_content_version()


def connect_signals() -> None:
    """Connect :func:`content_changed` to each shown model (by sender, so that the other models keep Django's
    fast deletes, which any ``post_delete`` receiver would disable), and to their many-to-many links; and
    :func:`code_changed` to ``post_migrate``."""
    post_migrate.connect(code_changed, dispatch_uid="pagecache:migrate")
    for model in shown_models():
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}")


# The schedule -------------------------------------------------------------------------------------------------


def next_scheduled_change(now: datetime.datetime) -> datetime.datetime | None:
    """The next moment after ``now`` at which a published item of a ``Publishable`` model goes live or leaves
    the site, or None. One query per ``Publishable`` model."""
    moments = []
    for model in apps.get_models():
        if not issubclass(model, Publishable):
            continue
        dates = model._base_manager.filter(status=PublicationStatus.PUBLISHED).aggregate(
            going_live=Min("publish_from", filter=Q(publish_from__gt=now)),
            leaving=Min("publish_until", filter=Q(publish_until__gt=now)),
        )
        moments += [moment for moment in dates.values() if moment is not None]
    return min(moments, default=None)


def next_midnight(now: datetime.datetime) -> datetime.datetime:
    """The next midnight in the site's time zone: "today" (a certification in force, a visit now over) changes."""
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()), local.tzinfo)


def _schedule_key(version: int) -> str:
    return f"pagecache:schedule:{version}"


def page_expiry(version: int, now: datetime.datetime) -> float:
    """Until when (a POSIX timestamp) a page rendered now under ``version`` may be served: the next scheduled
    change (kept in the cache for this version), the next midnight, or ``PAGE_CACHE_SECONDS`` from now."""
    cache = page_cache()
    scheduled = cache.get(_schedule_key(version))
    if scheduled is None or (scheduled and scheduled <= now.timestamp()):
        moment = next_scheduled_change(now)
        scheduled = moment.timestamp() if moment else 0.0  # 0: nothing scheduled
        cache.set(_schedule_key(version), scheduled, timeout=settings.PAGE_CACHE_SECONDS)
    limits = [next_midnight(now).timestamp(), now.timestamp() + settings.PAGE_CACHE_SECONDS]
    if scheduled:
        limits.append(scheduled)
    return min(limits)


# The middleware -----------------------------------------------------------------------------------------------


def page_key(request, version: int) -> str:
    """The key of the page a request asks for: the content version, then a hash of the scheme, host, language,
    path and query string (a HEAD shares its GET's page)."""
    identity = "|".join(
        [request.scheme, request.get_host(), getattr(request, "LANGUAGE_CODE", ""), request.get_full_path()]
    )
    return f"pagecache:page:{version}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _may_be_served_from_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
    )


def _cache_control_forbids(response) -> bool:
    directives = {
        directive.split("=")[0].strip().lower() for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return bool(directives & {"private", "no-store"})


def _varies_beyond_key(request, response) -> bool:
    varies = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    if varies - KEYED_VARY_HEADERS:
        return True
    return has_vary_header(response, "Cookie") and bool(request.COOKIES)


def _may_fill_cache(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and getattr(request, "_csp_nonce", None) is None
        and not any(name.startswith("_csp") for name in vars(response))
        and not (session is not None and session.modified)
        and not _cache_control_forbids(response)
        and not _varies_beyond_key(request, response)
    )


def _validate(request, response, *, etag: str, rendered_at: int):
    """Give a public page its validators and let the client revalidate it: a 304 when it still holds it."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(rendered_at)
    if "Cache-Control" not in response:
        patch_cache_control(response, no_cache=True)
    # Whether a request gets this page depends on its cookies (a session bypasses the cache): say so to shared
    # caches, on a hit as on the miss (where the session middleware may have said it already).
    patch_vary_headers(response, ("Cookie",))
    return get_conditional_response(request, etag=etag, last_modified=rendered_at, response=response)


class PageCacheMiddleware:
    """Serves anonymous visitors' public pages from the page cache, fills it, and answers conditional requests
    from it (see the module's docstring for the rules).

    Place it after the language middleware (the language is part of the key) and before the ones that read the
    session, the CSRF cookie or the user, which a cached page skips. ``X-Page-Cache`` says ``hit`` or ``miss``
    on the requests it could serve. Off with ``PAGE_CACHE=0``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not _may_be_served_from_cache(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        key = page_key(request, version)
        entry = self._read(key)
        if entry is not None:
            return self._serve(request, entry)
        response = self.get_response(request)
        if not _may_fill_cache(request, response):
            return response
        response["X-Page-Cache"] = "miss"
        rendered_at = int(time.time())
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        self._store(key, version, response, etag=etag, rendered_at=rendered_at)
        return _validate(request, response, etag=etag, rendered_at=rendered_at)

    @staticmethod
    def _read(key: str) -> dict | None:
        if not _available():
            return None
        try:
            entry = page_cache().get(key)
        except Exception as error:
            _failed(error)
            return None
        if entry is None or entry["expires"] <= time.time():
            return None
        return entry

    @staticmethod
    def _store(key: str, version: int, response, *, etag: str, rendered_at: int) -> None:
        if not _available():
            return
        try:
            expires = page_expiry(version, timezone.now())
            lifetime = expires - time.time()
            if lifetime < 1:
                return  # something changes within a second: not worth keeping
            entry = {
                "status": response.status_code,
                "content": response.content,
                "headers": [(name, value) for name, value in response.items() if name != "X-Page-Cache"],
                "etag": etag,
                "rendered_at": rendered_at,
                "expires": expires,
            }
            page_cache().set(key, entry, timeout=int(lifetime))
        except Exception as error:
            _failed(error)

    @staticmethod
    def _serve(request, entry: dict):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return _validate(request, response, etag=entry["etag"], rendered_at=entry["rendered_at"])
