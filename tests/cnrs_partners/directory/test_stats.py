"""The public statistics page (/stats/) and its charts as CSV (/stats/<chart>.csv)."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import get_format

from agreements.models import AgreementStatus, JuryOutcome
from cnrs_partners.directory import statistics
from labs.models import LabStatus, PartnerKind, UnitType
from regions.spreadsheets import BOM
from tests.factories import (
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    institute,
    office,
    today,
)


@pytest.fixture
def counted(db):
    """3 active labs of INP (one UMR, one with INC as secondary institute), 1 of INC in DR12, 1 closed INP
    lab (not counted); partners: 2 universities, 1 company; agreements: 2 signed ending next year, 1 signed
    already past its end (shown expired), 1 terminated without end, 1 draft (not counted); PIA: 2 selected,
    1 without outcome."""
    LabFactory(unit_type=UnitType.UMR)
    LabFactory()
    LabFactory().secondary_institutes.add(institute("INC"))
    LabFactory(primary_institute=institute("INC"), regional_office=office("DR12"))
    LabFactory(status=LabStatus.CLOSED, closed_on="2020-01-01")
    PartnerFactory.create_batch(2)
    PartnerFactory(kind=PartnerKind.COMPANY)
    next_year = datetime.date(today().year + 1, 6, 30)
    SiteAgreementFactory.create_batch(2, end_date=next_year)
    SiteAgreementFactory(end_date=today() - datetime.timedelta(days=1))
    SiteAgreementFactory(status=AgreementStatus.TERMINATED, end_date=None)
    SiteAgreementFactory(status=AgreementStatus.DRAFT, end_date=next_year)
    PiaProjectFactory.create_batch(2, outcome=JuryOutcome.SELECTED)
    PiaProjectFactory(outcome="")
    return next_year.year


def _counts(stat: statistics.Stat) -> dict[str, int]:
    return {tally.key: tally.count for tally in stat.tallies}


def test_it_counts_what_the_public_pages_show(counted):
    stats = statistics.all_stats()
    assert _counts(stats["labs-by-institute"]) == {"INP": 3, "INC": 2}
    assert _counts(stats["labs-by-type"]) == {"UPR": 3, "UMR": 1}
    assert _counts(stats["labs-by-office"]) == {"DR04": 3, "DR12": 1}
    assert _counts(stats["partners-by-kind"]) == {
        "university": 2,
        "company": 1,
        "research_organisation": 1,
    }  # the CNRS
    assert _counts(stats["agreements-by-status"]) == {"signed": 2, "expired": 1, "terminated": 1}
    assert _counts(stats["agreements-by-end-year"]) == {
        str(counted): 2,
        str((today() - datetime.timedelta(days=1)).year): 1,
        "": 1,
    }
    assert _counts(stats["pia-outcomes"]) == {"selected": 2, "": 1}


def test_each_bar_links_to_the_list_it_counts(client, counted):
    page = client.get("/stats/").content.decode()
    for href in [
        "/labs/?institute=INP",
        "/labs/?institute=INC",
        "/labs/?type=UMR",
        "/labs/?region=DR12",
        "/partners/?kind=company",
    ]:
        assert page.count(f'href="{href}"') == 2, href  # the bar, and the table's row
    # The linked list shows as many labs as the bar counts: INC counts its secondary lab too.
    assert client.get("/labs/?institute=INC").context["paginator"].count == 2


def test_the_page_draws_accessible_figures_with_tables(client, counted):
    response = client.get("/stats/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<figure") == 7
    assert page.count("<figcaption") == 7
    assert page.count('role="img"') == 7
    assert 'aria-labelledby="chart-labs-by-institute-title chart-labs-by-institute-desc"' in page
    assert page.count("<table") == 7
    assert "<h1" in page and page.count("<h2") == 4
    assert 'href="/stats/pia-outcomes.csv"' in page
    assert 'style="' not in page
    assert '<h1 class="mb-3">Statistiques</h1>' in page and "Laboratoires par institut" in page
    assert 'aria-current="page"' in page and 'href="/stats/"' in page


def test_it_writes_large_numbers_as_the_language_does():
    with translation.override("fr"):
        separator = get_format("THOUSAND_SEPARATOR")  # "1 061", with Django's French separator
        assert separator.isspace()
        stat = statistics.Stat(
            slug="x", title="t", desc="d", headers=["a", "b"], tallies=[statistics.Tally("k", "k", 1061)]
        )
        assert stat.rows[0][1] == f"1{separator}061"
        assert f">1{separator}061</text>" in stat.chart.svg
    with translation.override("en"):
        assert stat.rows[0][1] == "1,061"


def test_a_chart_downloads_as_csv_with_french_headers(client, counted):
    response = client.get("/stats/labs-by-institute.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="labs-by-institute.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith(BOM)
    assert text[len(BOM) :].split("\r\n") == ["Institut;Laboratoires", "INP;3", "INC;2", ""]


def test_a_chart_downloads_in_english_under_en(client, counted):
    text = client.get("/en/stats/pia-outcomes.csv").content.decode()
    assert text[len(BOM) :].split("\r\n")[:3] == ["Jury outcome;Projects", "Selected;2", "No outcome yet;1"]


def test_a_chart_download_counts_against_the_export_limit(client, db, settings):
    settings.EXPORTS_PER_MINUTE_PER_ADDRESS = 1
    assert client.get("/stats/labs-by-type.csv").status_code == 200
    assert client.get("/stats/pia-outcomes.csv").status_code == 429


def test_the_sitemap_lists_the_page_in_both_languages(client, db):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/stats/</loc>" in sitemap and "/en/stats/</loc>" in sitemap


def test_an_unknown_chart_is_404(client, db):
    assert client.get("/stats/nothing.csv").status_code == 404


def test_the_page_is_in_english_under_en(client, counted):
    page = client.get("/en/stats/").content.decode()
    assert "Labs by institute" in page
    assert 'href="/en/labs/?institute=INP"' in page
    assert 'href="/en/stats/labs-by-type.csv"' in page


def test_it_refuses_other_methods(client, db):
    assert client.post("/stats/").status_code == 405
    assert client.post("/stats/labs-by-type.csv").status_code == 405


def test_its_queries_do_not_grow_with_the_data(client, counted, django_assert_max_num_queries):
    with django_assert_max_num_queries(7) as small:
        client.get("/stats/")
    for n in range(5):
        LabFactory(primary_institute=institute("INSB"), unit_type=UnitType.FR, regional_office=office("DR02"))
        PartnerFactory(kind=PartnerKind.HOSPITAL)
        SiteAgreementFactory(end_date=datetime.date(today().year + 3 + n, 1, 1))
        PiaProjectFactory(outcome=JuryOutcome.CONFIRMED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/stats/")
    with django_assert_max_num_queries(1):
        client.get("/stats/labs-by-office.csv")
