"""The rich-text editor of the admin forms (django-prose-editor): what the sanitiser keeps, in the editor's language.

The extensions below produce exactly the tags ``core.sanitize.ALLOWED_TAGS`` keeps (tests/admin/test_rich_text.py
compares them with the library's own allowlist of these extensions), so that nothing stored is lost when a
body is edited: a table stays a table. ``accounts/rich-text-editor.js`` (loaded through the settings'
``DJANGO_PROSE_EDITOR_EXTENSIONS``) maps pasted headings to the allowed levels and names the menu's items with
the labels below; the admin site's JavaScript catalogue translates the library's dialogs.
"""

import re

from django import forms
from django.utils.translation import gettext
from django_prose_editor.widgets import AdminProseEditorWidget

from unicancer_site.core.sanitize import sanitize_html

HEADING_LEVELS = [2, 3, 4]
RICH_TEXT_EXTENSIONS = {
    "Heading": {"levels": HEADING_LEVELS},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "HardBreak": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}
_EMPTY_EDITOR_VALUE = re.compile(r"^\s*<p>\s*</p>\s*$")


def menu_labels() -> dict[str, str]:
    """{menu item name: label} in the active language, for ``accounts/rich-text-editor.js``."""
    return {
        **{f"heading{level}": gettext("Heading %(level)d") % {"level": level} for level in HEADING_LEVELS},
        "paragraph": gettext("Paragraph"),
        "bulletList": gettext("Bulleted list"),
        "orderedList": gettext("Numbered list"),
        "blockquote": gettext("Quotation"),
        "horizontalRule": gettext("Horizontal line"),
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "underline": gettext("Underline"),
        "subscript": gettext("Subscript"),
        "superscript": gettext("Superscript"),
        "link": gettext("Insert a link"),
        "unlink": gettext("Remove the link"),
        "table": gettext("Insert a table"),
        "table:addColumnAfter": gettext("Add a column"),
        "table:deleteColumn": gettext("Delete the column"),
        "table:addRowAfter": gettext("Add a row"),
        "table:deleteRow": gettext("Delete the row"),
        "table:mergeCells": gettext("Merge the cells"),
        "table:splitCell": gettext("Split the cell"),
        "table:toggleHeaderCell": gettext("Header cell or not"),
        "table:deleteTable": gettext("Delete the table"),
        "history:undo": gettext("Undo"),
        "history:redo": gettext("Redo"),
    }


class RichTextWidget(AdminProseEditorWidget):
    """The packaged editor, with the stylesheet that fixes its block menu's arrow."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["accounts/rich-text-editor.css"]})


def rich_text_widget() -> RichTextWidget:
    """The editor widget for a body field, configured for the active language (call it per request)."""
    extensions = {**RICH_TEXT_EXTENSIONS, "MenuLabels": {"labels": menu_labels()}}
    return RichTextWidget(config={"extensions": extensions}, preset="configurable")


def clean_rich_text(value: str) -> str:
    """The allowlist (core.sanitize) on what the editor sent; the model's save() applies it again."""
    if not value or _EMPTY_EDITOR_VALUE.match(value):
        return ""
    return sanitize_html(value)
