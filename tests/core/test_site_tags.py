"""The shared template tags: pagination keeping the filters, breadcrumbs, JSON-LD escaping, key figure values."""

from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from unicancer_site.core.templatetags.site_tags import breadcrumbs, figure_value, json_ld


def test_pagination_keeps_the_other_parameters():
    request = RequestFactory().get("/fr/recherche/essais/", {"phase": "phase_2", "page": "3", "q": "sein"})
    page_obj = Paginator(list(range(200)), 10).page(3)
    with translation.override("en"):
        html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'href="?phase=phase_2&amp;page=2&amp;q=sein" rel="prev"' in html
    assert 'href="?phase=phase_2&amp;page=4&amp;q=sein" rel="next"' in html
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>3</span>' in html
    assert "…" in html  # the long range is elided
    assert "Page 3 of 20" in html


def test_no_pagination_for_a_single_page():
    request = RequestFactory().get("/")
    page_obj = Paginator([1, 2], 10).page(1)
    assert render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request).strip() == ""


@pytest.mark.django_db
def test_breadcrumbs():
    with translation.override("en"):
        html = breadcrumbs("Centres", "/en/centres/", "Institut <Test>")
    assert '<li><a href="/en/">Home</a></li><li><a href="/en/centres/">Centres</a></li>' in html
    assert '<span aria-current="page">Institut &lt;Test&gt;</span>' in html


def test_json_ld_cannot_close_its_script():
    html = json_ld({"name": "</script><script>alert(1)</script> & co"})
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html and "\\u0026" in html


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [(Decimal("23000.00"), "en", "23,000"), (Decimal("1.10"), "fr", "1,1"), (Decimal("16"), "fr", "16")],
)
def test_figure_value(value, language, expected):
    with translation.override(language):
        assert figure_value(value).replace("\xa0", " ").replace("\u202f", " ") == expected
