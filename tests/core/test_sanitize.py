"""The sanitiser keeps the allowlist's markup and all of the text: headings of other levels take the nearest
allowed one, blocks it drops become paragraphs (never text glued to the next block); html_to_text reads it."""

import pytest

from unicancer_site.core.sanitize import html_to_text, sanitize_html


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ('<h1 class="x">Titre</h1><p>Texte</p>', "<h2>Titre</h2><p>Texte</p>"),
        ("<h5>Un</h5><h6>Deux</h6>", "<h4>Un</h4><h4>Deux</h4>"),
        ("<div>Un</div><div>Deux</div>", "<p>Un</p><p>Deux</p>"),
        ("<section><h1>T</h1><div><p>x</p><p>y</p></div></section>", "<h2>T</h2><p>x</p><p>y</p>"),
        ("<article><header>Chapeau</header><footer>Pied</footer></article>", "<p>Chapeau</p><p>Pied</p>"),
        ("<dl><dt>Terme</dt><dd>Définition</dd></dl>", "<p>Terme</p><p>Définition</p>"),
        ("<p><span>Un</span> <abbr title='x'>CLCC</abbr></p>", "<p>Un CLCC</p>"),
        ("<p>a &lt;div&gt; b</p>", "<p>a &lt;div&gt; b</p>"),
        ("<p></p><p>Texte</p><p> </p>", "<p>Texte</p>"),
        ("<table><caption>Légende</caption><tr><td>t</td></tr></table>",
         "<p>Légende</p><table><tbody><tr><td>t</td></tr></tbody></table>"),
    ],
)  # fmt: skip
def test_markup_outside_the_allowlist_goes_and_its_text_stays(given, kept):
    assert sanitize_html(given) == kept
    assert sanitize_html(kept) == kept  # stable: cleaning again changes nothing


def test_the_text_of_removed_blocks_is_never_glued():
    words = html_to_text(sanitize_html("<div>Bloc un</div><h6>Titre</h6><section>Bloc deux</section>")).split()
    assert words == ["Bloc", "un", "Titre", "Bloc", "deux"]


def test_html_to_text_puts_each_block_on_its_own_line():
    markup = (
        "<h2>Titre</h2><p>Un &amp; <strong>deux</strong><br>trois</p><ul><li>a</li><li>b</li></ul>"
        "<table><tr><th>x</th><td>y</td></tr></table><script>alert(1)</script>"
    )
    assert html_to_text(markup) == "Titre\nUn & deux\ntrois\na\nb\nx y"
    assert html_to_text("") == html_to_text(None) == ""
