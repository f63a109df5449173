"""Rich-text sanitising with an allowlist (nh3, the Rust ammonia library).

Bodies are cleaned when saved; templates still go through the same function (``|sanitize``)
so that nothing stored by another path (a fixture, a raw SQL fix) is trusted.
"""

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "u",
    "blockquote", "a", "abbr", "sub", "sup", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str | None) -> str:
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


TAG = re.compile(r"<[^>]+>")
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, entities decoded and white space collapsed."""
    return " ".join(unescape(TAG.sub(" ", html or "")).split())


def repeats_lead(summary: str, body: str) -> bool:
    """Whether the body's first paragraph repeats the summary, which pages show just above the body as its lead.

    True when the summary's text is in the first paragraph's (a press release's dateline before it included).
    """
    lead = plain_text(summary)
    match = FIRST_PARAGRAPH.search(body or "")
    return bool(lead) and match is not None and lead in plain_text(match.group(1))


def lead_repetition_errors(obj, languages) -> dict:
    """{``body_<language>``: message} for each language whose body repeats the summary (``repeats_lead``):
    what ``clean()`` raises for a model with ``summary_<language>`` and ``body_<language>`` fields."""
    from django.utils.translation import gettext_lazy as _

    message = _(
        "The body's first paragraph repeats the summary, which the page shows just above it: "
        "start the body with what follows."
    )
    return {
        f"body_{language}": message
        for language in languages
        if repeats_lead(getattr(obj, f"summary_{language}", ""), getattr(obj, f"body_{language}", ""))
    }
