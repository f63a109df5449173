"""The rich-text editor of the admin forms, limited to what the sanitiser keeps."""

import re

from django_prose_editor.widgets import AdminProseEditorWidget

from unicancer_site.core.sanitize import sanitize_html

RICH_TEXT_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "HardBreak": True,
    "HorizontalRule": True,
}
_EMPTY_EDITOR_VALUE = re.compile(r"^\s*<p>\s*</p>\s*$")


def rich_text_widget():
    return AdminProseEditorWidget(config={"extensions": RICH_TEXT_EXTENSIONS}, preset="configurable")


def clean_rich_text(value: str) -> str:
    """The allowlist (core.sanitize) on what the editor sent; the model's save() applies it again."""
    if not value or _EMPTY_EDITOR_VALUE.match(value):
        return ""
    return sanitize_html(value)
