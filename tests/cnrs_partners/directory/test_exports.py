"""Open-data exports: streamed CSV (BOM, `;`, header, neutralised formulas) and JSON, with the list's filters.

The CSV names its columns in the site's language (French here, as the tests run) and writes choices'
labels; the JSON keeps machine keys and codes, with each code's label beside it."""

import csv
import datetime
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import resolve
from django.utils import translation

from cnrs_partners.directory.views import ExportView
from labs.models import Lab
from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, office, today


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode("utf-8")


def csv_rows(response) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def slugs(response, fmt: str) -> list[str]:
    return slugs_of(body(response), fmt)


# The slug column's header in French, the language the tests run in.
SLUG = "Identifiant d'URL"


def slugs_of(text: str, fmt: str) -> list[str]:
    if fmt == "csv":
        return [row[SLUG] for row in csv.DictReader(io.StringIO(text[1:]), delimiter=";")]
    return [row["slug"] for row in json.loads(text)]


# Each list, a filter that keeps some of its rows, and the name of its rows in the list page's context.
LISTS = {
    "lab": ({"region": "DR04"}, "labs"),
    "partner": ({"supervising": "true"}, "partners"),
    "site": ({"in_force": "true"}, "sites"),
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("model", LISTS)
def test_every_list_downloads_its_filtered_rows_through_the_one_export_view(client, directory, model, fmt):
    url = f"/{model}s/export.{fmt}"
    with translation.override("fr"):
        assert resolve(url).func.view_class is ExportView
    query, rows = LISTS[model]
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="{model}s.{fmt}"'
    exported = slugs(response, fmt)
    page = client.get(f"/{model}s/", query)
    assert exported == [row.slug for row in page.context[rows]]
    assert exported


@pytest.mark.parametrize("model", LISTS)
def test_every_export_refuses_post_and_other_formats(client, db, model):
    assert client.post(f"/{model}s/export.csv").status_code == 405
    assert client.get(f"/{model}s/export.xlsx").status_code == 404


def test_the_lab_csv_has_a_bom_a_header_and_one_row_per_lab(client, directory):
    response = client.get("/labs/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="labs.csv"'
    text = body(client.get("/labs/export.csv"))
    header = text[1:].split("\r\n")[0]
    assert header.split(";")[:7] == [
        SLUG,
        "Code",
        "Type d'unité",
        "Numéro d'unité",
        "Numéro RNSR",
        "Sigle",
        "Nom",
    ]
    rows = csv_rows(client.get("/labs/export.csv"))
    assert [row[SLUG] for row in rows] == ["umr-7313", "umr-8502"]
    lps = rows[1]
    assert lps["Code"] == "UMR 8502"
    assert lps["Type d'unité"] == "Unité mixte de recherche (UMR)"
    assert lps["Statut"] == "En activité"
    assert lps["Tutelles"] == "CNRS | UPSaclay"
    assert lps["Établissements partenaires"] == "Thales"
    assert lps["Délégation régionale"] == "DR04"
    assert lps["Institut principal"] == "INP"
    assert lps["Page de l'annuaire"] == "http://testserver/labs/umr-8502/"
    assert rows[0]["Instituts secondaires"] == "INSB"
    assert rows[0]["Nom"] == "Institut des sciences moléculaires de Marseille"


def test_the_english_lab_csv_names_columns_and_choices_in_english(client, directory):
    rows = csv_rows(client.get("/en/labs/export.csv"))
    lps = rows[1]
    assert list(lps)[:7] == ["Slug", "Code", "Unit type", "Unit number", "RNSR number", "Acronym", "Name"]
    assert lps["Unit type"] == "Joint research unit (UMR)"
    assert lps["Status"] == "Active"
    assert lps["Supervising institutions"] == "CNRS | UPSaclay"
    assert lps["Page in the directory"] == "http://testserver/en/labs/umr-8502/"


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("model", LISTS)
def test_every_csv_header_names_each_column_once_in_the_sites_language(client, directory, language, model):
    header = body(client.get(f"{language}/{model}s/export.csv"))[1:].split("\r\n")[0].split(";")
    assert len(set(header)) == len(header)
    assert all(name[0].isupper() and "_" not in name for name in header), header


def test_the_json_keeps_machine_keys_and_codes_with_their_labels(client, directory):
    lab = json.loads(body(client.get("/labs/export.json", {"q": "LPS"})))[0]
    assert (lab["unit_type"], lab["unit_type_label"]) == ("UMR", "Unité mixte de recherche (UMR)")
    assert (lab["status"], lab["status_label"]) == ("active", "En activité")
    lab_en = json.loads(body(client.get("/en/labs/export.json", {"q": "LPS"})))[0]
    assert list(lab_en) == list(lab)
    assert (lab_en["unit_type"], lab_en["unit_type_label"]) == ("UMR", "Joint research unit (UMR)")
    partner = json.loads(body(client.get("/en/partners/export.json", {"kind": "company"})))[0]
    assert (partner["kind"], partner["kind_label"]) == ("company", "Company")
    assert (partner["country"], partner["country_label"]) == ("FR", "France")


def test_the_partner_csv_writes_kinds_and_countries_by_name(client, directory):
    PartnerFactory(slug="eth", name="ETH Zürich", kind="foreign", country="CH")
    rows = {row[SLUG]: row for row in csv_rows(client.get("/partners/export.csv"))}
    assert (rows["thales"]["Type"], rows["thales"]["Pays"]) == ("Entreprise", "France")
    assert (rows["eth"]["Type"], rows["eth"]["Pays"]) == ("Établissement étranger", "Suisse")


def test_the_lab_export_and_list_name_only_today_s_supervisors(client, directory):
    SupervisionFactory(
        lab=directory["lps"],
        partner=PartnerFactory(acronym="UPSud"),
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2015, 12, 31),
        unit_code="",
    )
    SupervisionFactory(
        lab=directory["lps"],
        partner=PartnerFactory(acronym="LATER"),
        since=today() + datetime.timedelta(days=1),
    )
    lps = [row for row in csv_rows(client.get("/labs/export.csv")) if row[SLUG] == "umr-8502"][0]
    assert lps["Tutelles"] == "CNRS | UPSaclay"
    page = client.get("/labs/", {"q": "LPS"}).content.decode()
    # The table's rows (the partners facet beside it counts every link, as the partner filter reads them).
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "UPSud" not in row and "LATER" not in row


def test_the_lab_export_applies_the_lists_filters(client, directory):
    assert [row[SLUG] for row in csv_rows(client.get("/labs/export.csv", {"region": "dr12"}))] == ["umr-7313"]
    assert [row[SLUG] for row in csv_rows(client.get("/labs/export.csv", {"q": "universite saclay"}))] == [
        "umr-8502"
    ]
    assert [row[SLUG] for row in csv_rows(client.get("/labs/export.csv", {"status": "closed"}))] == [
        "upr-8000"
    ]
    assert csv_rows(client.get("/labs/export.csv", {"institute": "NOPE"})) == []


def test_the_export_never_contains_internal_notes_or_review_flags(client, directory):
    text = body(client.get("/labs/export.csv"))
    assert "SECRET" not in text
    assert "needs_review" not in text and "internal_notes" not in text
    assert "SECRET" not in body(client.get("/sites/export.csv"))


@pytest.mark.parametrize(
    "dangerous", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_cells_a_spreadsheet_would_run_are_neutralised(client, db, dangerous):
    LabFactory(unit_number="1234", name=dangerous)
    rows = csv_rows(client.get("/labs/export.csv"))
    assert rows[0]["Nom"] == "'" + dangerous


def test_the_lab_json_is_a_list_of_objects_with_the_same_filters(client, directory):
    response = client.get("/labs/export.json", {"region": "DR04"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert isinstance(data, list)
    assert [lab["slug"] for lab in data] == ["umr-8502"]
    assert data[0]["supervisors"] == ["CNRS", "UPSaclay"]
    assert data[0]["closed_on"] is None
    assert json.loads(body(client.get("/labs/export.json", {"q": "zzz"}))) == []


def test_json_keeps_formula_like_text_untouched(client, db):
    LabFactory(unit_number="1234", name="=1+1")
    assert json.loads(body(client.get("/labs/export.json")))[0]["name"] == "=1+1"


def test_the_partner_exports_apply_the_filters(client, directory):
    rows = csv_rows(client.get("/partners/export.csv", {"kind": "company"}))
    assert [row[SLUG] for row in rows] == ["thales"]
    data = json.loads(body(client.get("/partners/export.json", {"q": "saclay"})))
    assert [(p["slug"], p["supervised_labs"]) for p in data] == [("universite-paris-saclay", 1)]
    assert "internal_notes" not in data[0]


def test_the_site_exports_show_the_agreement_in_force(client, directory):
    rows = csv_rows(client.get("/sites/export.csv"))
    assert rows == [
        {
            SLUG: "paris-saclay",
            "Nom": "Paris-Saclay",
            "Ville": "Orsay",
            "Délégations régionales": "DR04",
            "Nombre de partenaires membres": "2",
            "Nombre de laboratoires du site": "2",
            "Convention en vigueur": "Convention de site Paris-Saclay 2022-2026",
            "Début de la convention en vigueur": "2022-01-01",
            "Fin de la convention en vigueur": "2099-12-31",
            "Page de l'annuaire": "http://testserver/sites/paris-saclay/",
        }
    ]
    assert json.loads(body(client.get("/sites/export.json", {"region": "DR12"}))) == []


def test_exports_stream_every_lab_beyond_one_chunk(client, db, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("cnrs_partners.directory.exports.CHUNK_SIZE", 10)
    partner = PartnerFactory()
    for number in range(35):
        lab = LabFactory(unit_number=str(2000 + number), regional_office=office("DR12"))
        lab.supervisions.create(partner=partner)
    response = client.get("/labs/export.csv")
    # The labs, read in one query; then for each of the 4 chunks their secondary institutes and their
    # supervisions with their partners.
    with django_assert_max_num_queries(1 + 4 * 2):
        rows = csv_rows(response)
    assert len(rows) == 35
    assert all(row["Tutelles"] == partner.acronym for row in rows)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_write_a_piece_per_chunk_of_rows_without_model_instances(client, db, monkeypatch, fmt):
    monkeypatch.setattr("cnrs_partners.directory.exports.CHUNK_SIZE", 10)
    for number in range(35):
        LabFactory(unit_number=str(2000 + number))

    def no_instances(*args, **kwargs):
        raise AssertionError("an export reads values, not model instances")

    monkeypatch.setattr(Lab, "from_db", no_instances)
    pieces = list(client.get(f"/labs/export.{fmt}").streaming_content)
    # One piece per chunk of 10 rows (the CSV header comes with the first, JSON's closing bracket alone).
    assert len(pieces) == (4 if fmt == "csv" else 5)
    assert len(slugs_of(b"".join(pieces).decode("utf-8"), fmt)) == 35


def test_exports_refuse_other_formats_and_post(client, db):
    assert client.get("/labs/export.xml").status_code == 404
    assert client.post("/labs/export.csv").status_code == 405


def test_export_urls_come_before_detail_urls(client, db):
    LabFactory(slug="export", unit_number="")
    assert client.get("/labs/export.csv").status_code == 200
