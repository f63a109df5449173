"""Rich-text sanitising with an allowlist (nh3, the Rust ammonia library).

Bodies are cleaned when saved; templates still go through the same function (``|sanitize``)
so that nothing stored by another path (a fixture, a raw SQL fix) is trusted.

The allowlist is what the admin's editor offers (``accounts/content_admin/rich_text.py``, checked by a test),
plus ``b`` and ``i``, which the editor reads as bold and italic. Markup outside it is removed, its text never:
a heading of another level becomes the nearest allowed one (``h1`` → ``h2``, the page's title being its
``h1``; ``h5``, ``h6`` → ``h4``), and a block the allowlist drops (``div``, ``section``, ``pre``...) becomes a
paragraph, so that its text is not glued to the next block's.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "u",
    "blockquote", "a", "sub", "sup", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}
PARAGRAPH_LIKE = {
    "div", "section", "article", "header", "footer", "main", "aside", "nav", "address", "hgroup",
    "figure", "figcaption", "pre", "dl", "dt", "dd", "center", "details", "summary", "caption",
    "fieldset", "legend",
}  # fmt: skip
# In nh3's output these tags carry no attribute (none is allowed for them), so the pattern is exact.
_RENAMED = re.compile(r"<(/?)(" + "|".join(sorted(HEADING_LEVELS.keys() | PARAGRAPH_LIKE)) + r")>")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


def _rename(match: re.Match) -> str:
    slash, tag = match.groups()
    return f"<{slash}{HEADING_LEVELS.get(tag, 'p')}>"


def sanitize_html(value: str | None) -> str:
    """``value`` with only the allowlist's tags, attributes and URL schemes, and all of its text."""
    if not value:
        return ""
    options = {"url_schemes": ALLOWED_URL_SCHEMES, "strip_comments": True}
    # First pass: parse and serialise, keeping the tags to rename (without attributes) so the pattern can
    # match them; the second pass re-parses, so a paragraph made of a div holding paragraphs is undone.
    normalised = nh3.clean(
        value,
        tags=ALLOWED_TAGS | HEADING_LEVELS.keys() | PARAGRAPH_LIKE,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel=None,
        **options,
    )
    cleaned = nh3.clean(
        _RENAMED.sub(_rename, normalised),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener noreferrer",
        **options,
    )
    # The no-break space as the character, which is how the editor and the demo content store it: the serialiser
    # writes it "&nbsp;", so that each save rewrote an untouched body (and its history said it changed). Only the
    # entity can read "&nbsp;" here (a literal "&nbsp;" in the text is serialised "&amp;nbsp;").
    return _EMPTY_PARAGRAPH.sub("", cleaned).replace("&nbsp;", "\xa0")


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


FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def plain_text(value: str) -> str:
    """The text of an HTML fragment on one line: :func:`html_to_text` with its white space collapsed."""
    return " ".join(html_to_text(value).split())


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
