"""Spreadsheet imports read what the file says, or say what they did not read: whole numbers exactly, partial
news files, columns the import does not know, Excel's row numbers past an empty line."""

import io

import openpyxl
import pytest

from research.models import Trial
from tests.admin.test_spreadsheets import CSV_FORMAT, XLSX_FORMAT, assert_friendly, client_in, confirm, preview
from unicancer_site.accounts.roles import CENTRE_EDITOR, RESEARCH_EDITOR
from unicancer_site.news.models import NewsItem


@pytest.mark.parametrize("value", ["1.500", "1,5", "12.7", "2,0", "1 500"])
def test_a_whole_number_column_refuses_separators_and_decimals(value, world, staff):
    trial = world.a.trial
    client = client_in(staff[RESEARCH_EDITOR], "en")
    text = f"slug;target_enrolment\r\n{trial.slug};{value}\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert_friendly(response)
    assert "confirm_form" not in response.context
    (row,) = response.context["result"].invalid_rows
    ((label, key, shown, errors),) = row.labelled_errors
    assert key == "target_enrolment" and shown == value and "nrolment" in label
    assert "whole number without separators" in " ".join(errors)
    trial.refresh_from_db()
    assert trial.target_enrolment != 1 and trial.target_enrolment != 12


def test_a_whole_number_column_reads_whole_numbers_from_csv_and_xlsx(world, staff):
    trial = world.a.trial
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    confirm(
        client,
        "research_trial",
        preview(client, "research_trial", f"slug;target_enrolment\r\n{trial.slug};1500\r\n".encode(), CSV_FORMAT),
    )
    trial.refresh_from_db()
    assert trial.target_enrolment == 1500
    for number, accepted in ((12.7, False), (12.0, True)):
        book = openpyxl.Workbook()
        book.active.append(["slug", "target_enrolment"])
        book.active.append([trial.slug, number])
        content = io.BytesIO()
        book.save(content)
        response = preview(client, "research_trial", content.getvalue(), XLSX_FORMAT, "import.xlsx")
        assert ("confirm_form" in response.context) is accepted
        if not accepted:
            assert "sans séparateur" in response.content.decode()


def test_a_news_file_without_centres_updates_the_columns_it_has(world, staff):
    news = world.a.news
    centres = set(news.centres.values_list("pk", flat=True))
    client = client_in(staff[CENTRE_EDITOR], "fr")
    text = f"slug;title_fr\r\n{news.slug};Titre corrigé\r\n"
    confirm(client, "news_newsitem", preview(client, "news_newsitem", text.encode(), CSV_FORMAT))
    news.refresh_from_db()
    assert news.title_fr == "Titre corrigé"
    assert set(news.centres.values_list("pk", flat=True)) == centres
    # A new item names no centre: the centre rule refuses it, as a row error.
    text = "slug;title_fr;kind\r\nnouvelle-sans-centre;Sans centre;news\r\n"
    response = preview(client, "news_newsitem", text.encode(), CSV_FORMAT)
    assert_friendly(response)
    assert "confirm_form" not in response.context
    assert "vos propres centres" in response.content.decode() or "your own centres" in response.content.decode()
    assert not NewsItem.objects.filter(slug="nouvelle-sans-centre").exists()


def test_columns_the_import_does_not_read_are_named_and_labels_are_read_as_keys(world, staff):
    trial = world.a.trial
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = f"slug;titre_fr;status\r\n{trial.slug};Faute de frappe;Publié\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert response.context["unread_columns"] == ["titre_fr", "status"]
    page = response.content.decode()
    assert "titre_fr, status" in page and '<code class="column-key">title_fr</code>' in page
    text = f"slug;Titre (français)\r\n{trial.slug};Titre par son nom\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert response.context["unread_columns"] == []
    confirm(client, "research_trial", response)
    assert Trial.objects.get(pk=trial.pk).title_fr == "Titre par son nom"


def test_rows_after_an_empty_line_keep_excel_row_numbers(world, staff):
    trial, other = world.a.trial, world.b.trial
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = f"slug;target_enrolment\r\n{trial.slug};10\r\n\r\n{other.slug};abc\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    (row,) = response.context["result"].invalid_rows
    assert row.line == 4
