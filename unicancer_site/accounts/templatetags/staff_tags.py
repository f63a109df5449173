import datetime

from django import template
from js_asset.media import Media as JsAssetMedia

register = template.Library()


@register.filter
def minutes(value) -> int:
    """A duration in whole minutes, rounded up (the lockout page's "try again in 15 minutes")."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.filter
def with_csp_nonce(media, nonce):
    """The admin's media with the request's CSP nonce on its tags: the rich-text editor's import map is an
    inline script, which the Content-Security-Policy runs only with the nonce (django-js-asset applies it)."""
    if isinstance(media, JsAssetMedia):
        return media.with_nonce(str(nonce))
    return media
