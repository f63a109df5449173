"""Import of trials and sites from CSV and XLSX (preview, per-row errors, nothing imported on error),
and exports with formulas neutralised."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centres.models import Site
from research.models import Trial
from tests.admin.conftest import client_for, export_rows
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, RESEARCH_EDITOR, REVIEWER
from unicancer_site.core.spreadsheets import escape_formula

CSV_FORMAT, XLSX_FORMAT = "0", "1"
SITE_HEADERS = ["centre", "name", "city", "postcode", "address", "region", "latitude", "longitude"]
TRIAL_HEADERS = ["slug", "acronym", "title_fr", "kind", "phases", "recruitment_status", "nct_id", "start_date"]


def as_file(headers, rows, file_format):
    dataset = tablib.Dataset(*rows, headers=headers)
    if file_format == CSV_FORMAT:
        return SimpleUploadedFile("import.csv", dataset.export("csv").encode(), content_type="text/csv")
    return SimpleUploadedFile("import.xlsx", dataset.export("xlsx"), content_type="application/octet-stream")


def import_file(client, model_url_prefix, upload, file_format):
    """Upload (preview), then confirm if the preview has no error; the preview response."""
    preview = client.post(
        reverse(f"admin:{model_url_prefix}_import"), {"import_file": upload, "format": file_format, "resource": "0"}
    )
    assert preview.status_code == 200
    confirm_form = preview.context.get("confirm_form")
    if confirm_form is not None:
        response = client.post(reverse(f"admin:{model_url_prefix}_process_import"), confirm_form.initial)
        assert response.status_code == 302
    return preview


def _site_rows(world, *extra):
    slug = world.a.centre.slug
    return [
        [slug, "Site importé Nord", "Lille", "59000", "1 rue X", "hauts-de-france", "50.6292", "3.0573"],
        [slug, "Site importé Sud", "Nice", "06000", "", "provence-alpes-cote-d-azur", "", ""],
        *extra,
    ]


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_good_sites_file_is_previewed_then_imported(file_format, world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    preview = import_file(client, "centres_site", as_file(SITE_HEADERS, _site_rows(world), file_format), file_format)
    assert preview.context["result"].totals["new"] == 2
    imported = Site.objects.filter(centre=world.a.centre, name__startswith="Site importé")
    assert {site.city for site in imported} == {"Lille", "Nice"}
    assert imported.get(city="Lille").history.first().history_user == staff[FEDERATION_EDITOR]


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_bad_sites_file_shows_row_errors_and_imports_nothing(file_format, world, staff):
    rows = _site_rows(
        world,
        [world.a.centre.slug, "Site au code faux", "Paris", "75-001", "", "ile-de-france", "", ""],
        ["centre-inconnu", "Site orphelin", "Paris", "75001", "", "ile-de-france", "", ""],
    )
    client = client_for(staff[FEDERATION_EDITOR])
    preview = import_file(client, "centres_site", as_file(SITE_HEADERS, rows, file_format), file_format)
    result = preview.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert "confirm_form" not in preview.context
    content = preview.content.decode()
    assert "A French postcode has five digits." in content
    # The unknown value, and what to write instead: an existing centre's slug.
    assert "“centre-inconnu”: no centre has this slug. Write the slug of an existing one, for example:" in content
    assert not Site.objects.filter(name__startswith="Site importé").exists()


def test_forged_confirmation_of_a_bad_file_imports_nothing(world, staff):
    """Even past the preview, one invalid row rolls back the whole file."""
    client = client_for(staff[FEDERATION_EDITOR])
    good = import_file(client, "centres_site", as_file(SITE_HEADERS, _site_rows(world)[:1], CSV_FORMAT), CSV_FORMAT)
    assert good.context["confirm_form"] is not None
    Site.objects.filter(name__startswith="Site importé").delete()
    bad_rows = _site_rows(world, [world.a.centre.slug, "Site au code faux", "Paris", "75-001", "", "ile-de-france"])
    upload = as_file(SITE_HEADERS, bad_rows, CSV_FORMAT)
    admin_site_admin = good.context["confirm_form"]
    # Write the bad file where the confirmed file was, then confirm it.
    from import_export.tmp_storages import TempFolderStorage

    storage = TempFolderStorage(name=admin_site_admin.initial["import_file_name"], encoding="utf-8-sig")
    storage.save(upload.read().decode())
    response = client.post(reverse("admin:centres_site_process_import"), admin_site_admin.initial)
    assert response.status_code in (200, 302)
    assert not Site.objects.filter(name__startswith="Site importé").exists()


def test_centre_editor_imports_only_their_centres_sites(world, staff):
    rows = _site_rows(world, [world.b.centre.slug, "Site importé ailleurs", "Paris", "75001", "", "ile-de-france"])
    client = client_for(staff[CENTRE_EDITOR])
    preview = import_file(client, "centres_site", as_file(SITE_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert "You can only import rows for your own centres." in preview.content.decode()
    assert not Site.objects.filter(name__startswith="Site importé").exists()
    rows = _site_rows(world)
    import_file(client, "centres_site", as_file(SITE_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert Site.objects.filter(name__startswith="Site importé", centre=world.a.centre).count() == 2


def test_centre_editor_cannot_overwrite_another_centres_site(world, staff):
    other = world.b.site
    row = [world.b.centre.slug, other.name, "Ailleurs", "75001", "", "ile-de-france", "", ""]
    client = client_for(staff[CENTRE_EDITOR])
    import_file(client, "centres_site", as_file(SITE_HEADERS, [row], CSV_FORMAT), CSV_FORMAT)
    other.refresh_from_db()
    assert other.city == "Lyon"


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_good_trials_file_is_imported_as_drafts(file_format, world, staff):
    rows = [
        ["import-un", "IMPORT-1", "Premier essai importé", "trial", "phase_2|phase_3", "recruiting", "NCT01234567",
         "2024-01-15"],
        ["import-deux", "IMPORT-2", "Deuxième essai importé", "cohort", "", "", "", ""],
    ]  # fmt: skip
    client = client_for(staff[RESEARCH_EDITOR])
    import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, file_format), file_format)
    first = Trial.objects.get(slug="import-un")
    assert first.status == "draft"
    assert {phase.code for phase in first.phases.all()} == {"phase_2", "phase_3"}
    assert first.nct_id == "NCT01234567"
    assert Trial.objects.get(slug="import-deux").kind == "cohort"


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_bad_trials_file_imports_nothing(file_format, world, staff):
    rows = [
        ["import-un", "IMPORT-1", "Premier essai importé", "trial", "phase_2", "recruiting", "NCT01234567", ""],
        ["import-deux", "IMPORT-2", "Deuxième", "trial", "", "", "NCT123", ""],
        ["import-trois", "IMPORT-3", "Troisième", "not-a-kind", "", "", "", ""],
    ]
    client = client_for(staff[RESEARCH_EDITOR])
    preview = import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, file_format), file_format)
    assert "confirm_form" not in preview.context
    assert "A ClinicalTrials.gov identifier reads NCT followed by 8 digits." in preview.content.decode()
    assert not Trial.objects.filter(slug__startswith="import-").exists()


def test_reviewer_may_export_but_not_import(world, staff):
    client = client_for(staff[REVIEWER])
    assert client.get(reverse("admin:research_trial_import")).status_code == 403
    assert client.get(reverse("admin:research_trial_export")).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+33 1 23", "'+33 1 23"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("Plain", "Plain"),
     ("-1.5534", "-1.5534"), ("+2", "+2"), ("\t=1", "'\t=1"), (12, 12), (None, None)],
)  # fmt: skip
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


DANGEROUS = ['=HYPERLINK("https://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def test_csv_export_neutralises_formulas(world, staff):
    for n, name in enumerate(DANGEROUS):
        Site.objects.create(centre=world.a.centre, name=name, city=f"Ville {n}", region="bretagne")
    content = export_rows(client_for(staff[FEDERATION_EDITOR]), reverse("admin:centres_site_export"), CSV_FORMAT)
    names = {row["name"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    for name in DANGEROUS:
        assert "'" + name in names
        assert name not in names


def test_export_keeps_negative_coordinates_as_numbers(world, staff):
    Site.objects.create(
        centre=world.a.centre,
        name="Site ouest",
        city="Nantes",
        region="pays-de-la-loire",
        latitude=47.2184,
        longitude=-1.5536,
    )
    content = export_rows(client_for(staff[FEDERATION_EDITOR]), reverse("admin:centres_site_export"), CSV_FORMAT)
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    assert rows["Site ouest"]["longitude"] == "-1.5536"


def test_xlsx_export_neutralises_formulas(world, staff):
    for n, name in enumerate(DANGEROUS):
        Site.objects.create(centre=world.a.centre, name=name, city=f"Ville {n}", region="bretagne")
    content = export_rows(client_for(staff[FEDERATION_EDITOR]), reverse("admin:centres_site_export"), XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for name in DANGEROUS:
        assert "'" + name in values


@pytest.mark.parametrize("acronym", ["-", "+33 Unicancer", "=HYPERLINK(1)", "@risk", "\uff1dX", "'- (tiret)"])
def test_exported_formula_escape_is_undone_on_import(acronym, world, staff):
    """Export escapes a formula with an apostrophe; importing that file unchanged reports no change."""
    trial = world.a.trial
    Trial.objects.filter(pk=trial.pk).update(acronym=acronym)
    client = client_for(staff[FEDERATION_EDITOR])
    exported = export_rows(client, reverse("admin:research_trial_export") + f"?id__exact={trial.pk}")
    assert f"'{acronym}".encode() in exported
    upload = SimpleUploadedFile("trials.csv", exported, content_type="text/csv")
    preview = import_file(client, "research_trial", upload, CSV_FORMAT)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["update"] == 0 and result.totals["new"] == 0
    trial.refresh_from_db()
    assert trial.acronym == acronym


def test_two_rows_for_the_same_trial_are_a_row_error_naming_both(world, staff):
    rows = [
        ["import-double", "IMPORT-D", "Premier titre", "trial", "", "", "", ""],
        ["import-double", "IMPORT-D", "Second titre", "trial", "", "", "", ""],
    ]
    client = client_for(staff[RESEARCH_EDITOR])
    preview = import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert "confirm_form" not in preview.context
    assert [row.import_type for row in preview.context["result"].rows] == ["invalid", "invalid"]
    assert "Rows 2, 3 have the same slug “import-double”: keep one of them." in preview.content.decode()
    assert not Trial.objects.filter(slug="import-double").exists()


def test_the_same_nct_number_twice_is_a_row_error(world, staff):
    rows = [
        ["import-a", "IMPORT-A", "Essai A", "trial", "", "", "NCT01234567", ""],
        ["import-b", "IMPORT-B", "Essai B", "trial", "", "", " NCT01234567 ", ""],
        ["import-c", "IMPORT-C", "Essai C", "trial", "", "", "", ""],
    ]
    client = client_for(staff[RESEARCH_EDITOR])
    preview = import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert "confirm_form" not in preview.context
    assert [row.import_type for row in preview.context["result"].rows][:2] == ["invalid", "invalid"]
    assert "Rows 2, 3 have the same nct_id “NCT01234567”: keep one of them." in preview.content.decode()
    assert not Trial.objects.filter(slug__startswith="import-").exists()


def test_two_rows_for_the_same_site_are_a_row_error(world, staff):
    slug = world.a.centre.slug
    rows = [
        [slug, "Site double", "Lille", "59000", "", "hauts-de-france", "", ""],
        [slug, "Site double", "Lens", "62300", "", "hauts-de-france", "", ""],
    ]
    client = client_for(staff[FEDERATION_EDITOR])
    preview = import_file(client, "centres_site", as_file(SITE_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert "confirm_form" not in preview.context
    assert "Rows 2, 3 have the same centre + name" in preview.content.decode()
    assert not Site.objects.filter(name="Site double").exists()


def test_slugs_that_differ_by_case_are_two_items_as_in_the_database(world, staff):
    rows = [
        ["import-casse", "CASSE-1", "Essai minuscule", "trial", "", "", "", ""],
        ["Import-Casse", "CASSE-2", "Essai majuscule", "trial", "", "", "", ""],
    ]
    client = client_for(staff[RESEARCH_EDITOR])
    preview = import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert preview.context["result"].totals["new"] == 2


def test_an_imported_row_is_one_version_of_its_history(world, staff):
    rows = [["import-version", "IMPORT-V", "Essai versionné", "trial", "phase_2|phase_3", "", "", ""]]
    client = client_for(staff[RESEARCH_EDITOR])
    import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    trial = Trial.objects.get(slug="import-version")
    assert trial.history.count() == 1
    assert {link.phase.code for link in trial.history.first().phases.all()} == {"phase_2", "phase_3"}
