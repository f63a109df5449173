"""Rich-text sanitising with an allowlist (nh3, the Rust ammonia library).

Bodies are cleaned when saved; templates still go through the same function (``|sanitize``)
so that nothing stored by another path (a fixture, a raw SQL fix) is trusted. ``html_to_text`` reads it as text
(the history compares rich text as text).
"""

import html
import re

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


_BLOCK_BOUNDARY = re.compile(r"<(?:/(?:p|h[1-6]|li|blockquote|tr|table|ul|ol|div)|br\s*/?|hr\s*/?)>", re.IGNORECASE)
_CELL_BOUNDARY = re.compile(r"</t[hd]>", re.IGNORECASE)


def html_to_text(value: str | None) -> str:
    """The text of a piece of HTML, for reading or comparing: each block on its own line, no markup."""
    if not value:
        return ""
    marked = _CELL_BOUNDARY.sub(" ", _BLOCK_BOUNDARY.sub("\n", value))
    text = html.unescape(nh3.clean(marked, tags=set(), strip_comments=True))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
