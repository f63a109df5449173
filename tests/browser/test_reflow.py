"""Reflow (WCAG 1.4.10): every public page type is usable at 320 CSS px with no horizontal scroll, in Chromium,
in both languages. The page types are those of tests/public_pages.py (shared with the HTML validity test)."""

import pytest

from tests.public_pages import public_page_urls

pytestmark = pytest.mark.browser

# What overflows, for the message: the elements whose right edge passes the window's.
WIDER_THAN_THE_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + element.className : '')
      + ' (' + Math.round(element.getBoundingClientRect().right) + ' px)');
}"""

# The header's search button: the lines its label takes (one text node, so one rectangle per line) and whether
# the label is wider than the button.
SEARCH_BUTTON_LABEL = """() => {
  const button = document.querySelector('.header-search button');
  const range = document.createRange();
  range.selectNodeContents(button);
  return [range.getClientRects().length, button.scrollWidth > button.clientWidth, button.textContent.trim()];
}"""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_public_page_type_reflows_at_320_px(page, site, language):
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide, broken_label = {}, {}
    for name, path in public_page_urls(language).items():
        page.goto(site.url + path)
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            too_wide[f"{name} ({path})"] = f"{scroll_width} px: " + ", ".join(page.evaluate(WIDER_THAN_THE_WINDOW))
        lines, overflows, label = page.evaluate(SEARCH_BUTTON_LABEL)
        if lines != 1 or overflows:
            broken_label[f"{name} ({path})"] = f"{label!r} on {lines} lines" + (
                ", wider than the button" if overflows else ""
            )
    assert not too_wide, "Pages that scroll sideways at 320 px:\n" + "\n".join(f"{k}: {v}" for k, v in too_wide.items())
    # No word of the header's search button broken ("Recher/cher"): one line, within the button.
    assert not broken_label, "Search button label broken at 320 px:\n" + "\n".join(
        f"{k}: {v}" for k, v in broken_label.items()
    )
