"""Spreadsheets both ways, as the federation's teams use them: French Excel's CSV (semicolons, BOM or
Windows-1252) and XLSX, export then import unchanged reports no change, errors that say what to fix."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from research.models import RecruitmentStatus, Trial, TrialCentre
from tests.admin.conftest import export_rows
from tests.factories import make_trial
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, RESEARCH_EDITOR

CSV_FORMAT, XLSX_FORMAT = "0", "1"

# Each importable model: its admin URL prefix, and how many rows the world fixture gives it at least.
IMPORTABLE = ["research_trial", "research_trialcentre", "centres_site", "news_newsitem"]


def client_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def preview(client, prefix: str, content: bytes, file_format: str, name: str = "import.csv"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(
        reverse(f"admin:{prefix}_import"), {"import_file": upload, "format": file_format, "resource": "0"}
    )
    assert response.status_code == 200
    return response


def confirm(client, prefix: str, response):
    confirm_form = response.context.get("confirm_form")
    assert confirm_form is not None, response.content.decode()[-3000:]
    assert client.post(reverse(f"admin:{prefix}_process_import"), confirm_form.initial).status_code == 302


def assert_friendly(response):
    page = response.content.decode()
    for leak in ("Traceback", 'File "/', "IntegrityError", "research_trial_unique_nct", "NOT NULL", "ConversionSyntax"):
        assert leak not in page


@pytest.mark.parametrize("prefix", IMPORTABLE)
@pytest.mark.parametrize(("language", "file_format"), [("fr", CSV_FORMAT), ("en", CSV_FORMAT), ("fr", XLSX_FORMAT)])
def test_export_then_import_unchanged_reports_no_change(prefix, language, file_format, world, staff):
    client = client_in(staff[FEDERATION_EDITOR], language)
    exported = export_rows(client, reverse(f"admin:{prefix}_export"), file_format)
    if file_format == CSV_FORMAT:
        assert exported.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the accents
        header = exported.decode("utf-8-sig").splitlines()[0]
        assert (";" in header) == (language == "fr") and ("," in header) == (language == "en")
    response = preview(client, prefix, exported, file_format, "export.xlsx" if file_format == XLSX_FORMAT else "e.csv")
    assert_friendly(response)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), response.content.decode()[-3000:]
    assert result.totals["new"] == 0 and result.totals["update"] == 0
    assert result.totals["skip"] >= 2


def test_french_excel_csv_with_semicolons_and_windows_1252_accents_imports(world, staff):
    text = "slug;acronym;title_fr;kind\r\nessai-1252;ACCENTS;Étude thérapeutique à Besançon;trial\r\n"
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    response = preview(client, "research_trial", text.encode("cp1252"), CSV_FORMAT)
    confirm(client, "research_trial", response)
    assert Trial.objects.get(slug="essai-1252").title_fr == "Étude thérapeutique à Besançon"


def test_utf8_with_bom_and_commas_imports(world, staff):
    text = "\ufeffslug,acronym,title_fr,kind\r\nessai-bom,BOM,Étude avec BOM,trial\r\n"
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    confirm(client, "research_trial", preview(client, "research_trial", text.encode("utf-8"), CSV_FORMAT))
    assert Trial.objects.get(slug="essai-bom").title_fr == "Étude avec BOM"


def test_missing_key_column_is_one_clear_error_in_french(world, staff):
    text = "acronym;title_fr;kind\r\nSANSCLE;Essai sans clé;trial\r\n"
    response = preview(client_in(staff[RESEARCH_EDITOR], "fr"), "research_trial", text.encode(), CSV_FORMAT)
    assert_friendly(response)
    assert "confirm_form" not in response.context
    assert "Le fichier n’a pas de colonne « slug »" in response.content.decode()
    assert not Trial.objects.filter(acronym="SANSCLE").exists()


def test_a_header_read_as_one_column_gets_a_hint(world, staff):
    text = "slug|acronym|title_fr\r\nx|y|z\r\n"
    response = preview(client_in(staff[RESEARCH_EDITOR], "en"), "research_trial", text.encode(), CSV_FORMAT)
    assert "The file has no column “slug”" in response.content.decode()


def test_an_nct_number_already_used_is_explained_not_named(world, staff):
    holder = make_trial(slug="deja-la", nct_id="NCT01234567")
    text = "slug;acronym;title_fr;kind;nct_id\r\nnouvel-essai;NOUVEAU;Nouvel essai;trial;NCT01234567\r\n"
    response = preview(client_in(staff[RESEARCH_EDITOR], "fr"), "research_trial", text.encode(), CSV_FORMAT)
    assert_friendly(response)
    # The constraint is not named; the trial that holds the number is.
    assert f"un autre élément « essai ou programme » l’a déjà : {holder}." in response.content.decode()


def test_xlsx_with_blank_optional_cells_imports(world, staff):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["slug", "acronym", "title_fr", "title_en", "summary_fr", "summary_en", "kind", "nct_id"])
    sheet.append(["essai-vide", "VIDE", "Essai aux cellules vides", None, None, None, "trial", None])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    response = preview(client, "research_trial", buffer.getvalue(), XLSX_FORMAT, "trials.xlsx")
    assert_friendly(response)
    confirm(client, "research_trial", response)
    trial = Trial.objects.get(slug="essai-vide")
    assert (trial.summary_en, trial.nct_id) == ("", "")


def test_the_import_page_lists_only_the_columns_it_reads(world, staff):
    page = client_in(staff[RESEARCH_EDITOR], "en").get(reverse("admin:research_trial_import"))
    columns = dict(next(iter(dict(page.context["fields_list"]).values())))
    assert "status" not in columns
    assert "slug" in columns


def test_centre_editor_updates_recruitment_statuses_of_their_centres(world, staff):
    client = client_in(staff[CENTRE_EDITOR], "fr")
    mine, theirs = world.a.participation, world.b.participation
    text = f"trial;centre;recruitment_status\r\n{mine.trial.slug};{mine.centre.slug};{RecruitmentStatus.COMPLETED}\r\n"
    confirm(client, "research_trialcentre", preview(client, "research_trialcentre", text.encode(), CSV_FORMAT))
    mine.refresh_from_db()
    assert mine.recruitment_status == RecruitmentStatus.COMPLETED
    # Another centre's participation, or a new one, is a row error; nothing is imported.
    text = (
        "trial;centre;recruitment_status\r\n"
        f"{theirs.trial.slug};{theirs.centre.slug};{RecruitmentStatus.COMPLETED}\r\n"
        f"{theirs.trial.slug};{mine.centre.slug};{RecruitmentStatus.RECRUITING}\r\n"
    )
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    assert "confirm_form" not in response.context
    theirs.refresh_from_db()
    assert theirs.recruitment_status == RecruitmentStatus.RECRUITING
    assert not TrialCentre.objects.filter(trial=theirs.trial, centre=mine.centre).exists()


def test_dates_as_french_excel_writes_them_are_read_day_first(world, staff):
    text = (
        "slug;acronym;title_fr;kind;start_date;end_date\r\nessai-dates;DATES;Essai daté;trial;07/08/2024;31/12/2026\r\n"
    )
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    confirm(client, "research_trial", preview(client, "research_trial", text.encode("cp1252"), CSV_FORMAT))
    trial = Trial.objects.get(slug="essai-dates")
    assert (trial.start_date.isoformat(), trial.end_date.isoformat()) == ("2024-08-07", "2026-12-31")


def test_a_choice_column_takes_the_code_or_its_label_and_lists_its_values(world, staff):
    mine = world.a.participation
    client = client_in(staff[CENTRE_EDITOR], "fr")
    text = f"trial;centre;recruitment_status\r\n{mine.trial.slug};{mine.centre.slug};Terminé\r\n"
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    assert "confirm_form" in response.context, response.content.decode()[-2000:]
    text = f"trial;centre;recruitment_status\r\n{mine.trial.slug};{mine.centre.slug};Peut-être\r\n"
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert "recruiting (" in page and "« Peut-être »" in page


def test_an_unreadable_file_says_what_to_do_and_an_imported_row_says_where_it_came_from(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = "slug;acronym;title_fr;kind\r\nessai-court;COURT\r\nessai-long;LONG;Titre;trial;en trop;encore\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert_friendly(response)
    assert "InvalidDimensions" not in response.content.decode()
    text = "slug;acronym;title_fr;kind\r\nessai-motif;MOTIF;Essai importé;trial\r\n"
    confirm(client, "research_trial", preview(client, "research_trial", text.encode(), CSV_FORMAT))
    assert Trial.objects.get(slug="essai-motif").history.first().history_change_reason == "Importé depuis un tableur"


def test_an_unknown_key_names_its_column_and_gives_the_editors_own_rows_as_examples(world, staff):
    client = client_in(staff[CENTRE_EDITOR], "en")
    mine, theirs = world.a.participation, world.b.participation
    text = f"trial;centre;recruitment_status\r\n{mine.trial.slug};nulle-part;completed\r\n"
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    errors = [labelled for row in response.context["result"].invalid_rows for labelled in row.labelled_errors]
    assert [(key, value) for _label, key, value, _messages in errors] == [("centre", "nulle-part")]
    message = " ".join(errors[0][3])
    assert mine.centre.slug in message and theirs.centre.slug not in message
    text = f"trial;centre;recruitment_status\r\nessai-inconnu;{mine.centre.slug};completed\r\n"
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    errors = [labelled for row in response.context["result"].invalid_rows for labelled in row.labelled_errors]
    assert [(key, value) for _label, key, value, _messages in errors] == [("trial", "essai-inconnu")]
    message = " ".join(errors[0][3])
    assert mine.trial.slug in message and theirs.trial.slug not in message
