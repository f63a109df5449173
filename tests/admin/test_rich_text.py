"""Rich text: the editor on body fields, offering what the sanitiser keeps and in the editor's language; tables
and pasted headings kept, text never lost; and nothing of a corpus of XSS vectors survives saving."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_prose_editor.config import allowlist_from_extensions

from tests.admin.conftest import client_for
from tests.admin.test_centre_scoping import _news_data
from unicancer_site.accounts.content_admin.rich_text import RICH_TEXT_EXTENSIONS, menu_labels
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR
from unicancer_site.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>",
    '<p onclick="alert(1)">click</p>',
    "<p onmouseover=alert(1)>hover</p>",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">link</a>',
    '<a href="jav&#x09;ascript:alert(1)">link</a>',
    '<a href="java\nscript:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="data:text/html,<script>alert(1)</script>">link</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="behavior:url(x.htc)">styled</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://example.org" onclick="alert(1)" target="_blank">ok</a>',
    '<blockquote cite="javascript:alert(1)">quote</blockquote>',
    "<!--<script>alert(1)</script>-->",
    '<video><source onerror="alert(1)"></video>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "svg", "math", "object", "embed", "form", "input", "img", "body",
    "details", "meta", "base", "link", "noscript", "video", "source",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "background", "cite", "xlink:href"}:
                self.problems.append(f"attribute {name}")
            if name in {"href", "src", "action", "data"} and value:
                url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
                scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
                if scheme and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value}")


def assert_harmless(markup: str):
    inspector = _Inspector()
    inspector.feed(markup)
    assert inspector.problems == [], markup


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_vector_survives_the_admin(vector, world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    data = _news_data(slug="xss-test", centres=[world.a.centre.pk], body_fr=f"<p>Avant</p>{vector}<p>Après</p>")
    response = client.post(reverse("admin:news_newsitem_add"), data)
    assert response.status_code == 302
    item = NewsItem.objects.get(slug="xss-test")
    assert_harmless(item.body_fr)
    assert "Avant" in item.body_fr


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_vector_survives_a_save_outside_the_admin(vector, db):
    page = EditorialPage.objects.create(slug="xss-page", title_fr="XSS", body_fr=vector, body_en=vector)
    assert_harmless(page.body_fr)
    assert_harmless(page.body_en)
    news = NewsItem.objects.create(slug="xss-news", title_fr="XSS", body_fr=vector, body_en=vector)
    assert_harmless(news.body_fr)
    assert_harmless(news.body_en)


def test_the_editors_formatting_survives(world, staff):
    body = (
        "<h2>Titre</h2><h3>Sous-titre</h3><p><strong>gras</strong> <em>italique</em> "
        '<a href="https://www.unicancer.fr/">lien</a> <a href="mailto:presse@example.org">mail</a></p>'
        "<ul><li>un</li></ul><ol><li>deux</li></ol><blockquote><p>citation</p></blockquote>"
    )
    client = client_for(staff[FEDERATION_EDITOR])
    data = {"title_fr": "Charte", "slug": "charte-test", "title_en": "Charter", "body_fr": body, "body_en": body}
    response = client.post(reverse("admin:pages_editorialpage_add"), data)
    assert response.status_code == 302
    page = EditorialPage.objects.get(slug="charte-test")
    for saved in (page.body_fr, page.body_en):
        for fragment in ["<h2>Titre</h2>", "<h3>Sous-titre</h3>", "<strong>gras</strong>", "<em>italique</em>",
                         "<ul><li>un</li></ul>", "<ol><li>deux</li></ol>", "<blockquote><p>citation</p></blockquote>",
                         'href="https://www.unicancer.fr/"', 'href="mailto:presse@example.org"']:  # fmt: skip
            assert fragment in saved


def test_an_empty_editor_saves_an_empty_body(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    data = {"title_fr": "Vide", "slug": "vide-test", "body_fr": "<p></p>", "body_en": "<p></p>"}
    client.post(reverse("admin:pages_editorialpage_add"), data)
    page = EditorialPage.objects.get(slug="vide-test")
    assert page.body_fr == page.body_en == ""


def test_body_fields_use_the_packaged_editor(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    for url in [reverse("admin:news_newsitem_add"), reverse("admin:pages_editorialpage_add")]:
        content = client.get(url).content.decode()
        assert "data-django-prose-editor-configurable" in content
        assert "/static/django_prose_editor/editor.js" in content
        assert "cdn" not in content.lower()
    form = client.get(reverse("admin:news_newsitem_add")).context["adminform"].form
    config = form.fields["body_fr"].widget.get_config()
    for extension in ["Heading", "BulletList", "OrderedList", "Link", "Bold", "Italic", "Blockquote"]:
        assert extension in config["extensions"]


# -- the editor offers what the sanitiser keeps, in the editor's language


def test_the_editor_offers_the_elements_the_sanitiser_keeps_and_no_others():
    offered = allowlist_from_extensions(RICH_TEXT_EXTENSIONS)
    # b and i: kept by the sanitiser for text pasted or imported; the editor reads them as bold and italic.
    assert offered["tags"] | {"b", "i"} == ALLOWED_TAGS
    # rel: the sanitiser sets it on every link; an ordered list's type: list styles are not offered (the
    # editor's list properties are off), so the editor writes none.
    not_written = {"a": {"rel"}, "ol": {"type", "data-type"}}
    for tag, attributes in offered["attributes"].items():
        assert set(attributes) - not_written.get(tag, set()) <= ALLOWED_ATTRIBUTES.get(tag, set()), tag
    assert offered["url_schemes"] == ALLOWED_URL_SCHEMES


TABLE_FROM_THE_EDITOR = (
    '<p>Avant</p><table style="min-width: 50px"><colgroup><col style="min-width: 25px"><col></colgroup><tbody>'
    '<tr><th colspan="1" rowspan="1"><p>Centre</p></th><th colspan="1" rowspan="1"><p>Patients</p></th></tr>'
    '<tr><td colspan="1" rowspan="1"><p>Lyon</p></td><td colspan="1" rowspan="1"><p>12</p></td></tr>'
    "</tbody></table><p>Après</p>"
)
TABLE_STORED = (
    "<p>Avant</p><table><tbody>"
    '<tr><th colspan="1" rowspan="1"><p>Centre</p></th><th colspan="1" rowspan="1"><p>Patients</p></th></tr>'
    '<tr><td colspan="1" rowspan="1"><p>Lyon</p></td><td colspan="1" rowspan="1"><p>12</p></td></tr>'
    "</tbody></table><p>Après</p>"
)


def test_a_table_in_a_body_survives_an_edit(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    page = world.page
    url = reverse("admin:pages_editorialpage_change", args=[page.pk])
    data = {"title_fr": page.title_fr, "slug": page.slug, "body_fr": TABLE_FROM_THE_EDITOR, "body_en": ""}
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.body_fr == TABLE_STORED
    # Edited again: the form gives the editor the table, and saving it back changes nothing.
    form = client.get(url).context["adminform"].form
    assert form.initial["body_fr"] == TABLE_STORED
    assert client.post(url, {**data, "body_fr": form.initial["body_fr"]}).status_code == 302
    page.refresh_from_db()
    assert page.body_fr == TABLE_STORED


def test_pasted_headings_take_an_allowed_level_and_removed_blocks_keep_their_text_apart(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    pasted = (
        '<h1 class="title">Grand titre</h1><h5>Petit titre</h5><h6>Plus petit</h6>'
        "<div>Bloc un</div><div>Bloc deux</div><section><p>Dans une section</p></section><pre>Ligne</pre>"
    )
    data = {"title_fr": "Collage", "slug": "collage-test", "body_fr": pasted, "body_en": ""}
    assert client.post(reverse("admin:pages_editorialpage_add"), data).status_code == 302
    body = EditorialPage.objects.get(slug="collage-test").body_fr
    assert body == (
        "<h2>Grand titre</h2><h4>Petit titre</h4><h4>Plus petit</h4>"
        "<p>Bloc un</p><p>Bloc deux</p><p>Dans une section</p><p>Ligne</p>"
    )


def _editor_config(response, field="body_fr") -> dict:
    return response.context["adminform"].form.fields[field].widget.get_config()


def test_the_editor_is_in_french_for_french_staff(world, staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(staff[FEDERATION_EDITOR])
    response = client.get(reverse("admin:pages_editorialpage_add"))
    content = response.content.decode()
    config = _editor_config(response)
    labels = config["extensions"]["MenuLabels"]["labels"]
    assert labels["heading2"] == "Titre 2" and labels["paragraph"] == "Paragraphe"
    assert labels["bold"] == "Gras" and labels["table"] == "Insérer un tableau"
    # Every item the menu shows has a label: the module loaded from the site, the arrow fixed by our stylesheet.
    assert "/static/accounts/rich-text-editor.js" in config["js_modules"]
    assert "/static/accounts/rich-text-editor.css" in content
    # The library's dialogs (the link's address, title, Cancel) through the admin's JavaScript catalogue.
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    assert "Modifier le lien" in catalogue and "Annuler" in catalogue


def test_the_menu_labels_name_every_item_the_editor_shows():
    items = {f"heading{level}" for level in RICH_TEXT_EXTENSIONS["Heading"]["levels"]} | {
        "paragraph", "bulletList", "orderedList", "blockquote", "horizontalRule", "bold", "italic", "underline",
        "subscript", "superscript", "link", "unlink", "table", "table:addColumnAfter", "table:deleteColumn",
        "table:addRowAfter", "table:deleteRow", "table:mergeCells", "table:splitCell", "table:toggleHeaderCell",
        "table:deleteTable", "history:undo", "history:redo",
    }  # fmt: skip
    with translation.override("fr"):
        labels = menu_labels()
    assert set(labels) == items
    untranslated = {name: label for name, label in labels.items() if label == menu_labels()[name]}
    assert not untranslated
