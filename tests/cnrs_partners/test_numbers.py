"""Counts written as each language writes them ("1 061" in French, "1,061" in English), and only counts:
years, unit numbers and postal codes keep their digits together."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import get_format

from labs.models import Lab
from tests.factories import LabFactory, institute, make_rnsr, office


def french_separator() -> str:
    with translation.override("fr"):
        separator = get_format("THOUSAND_SEPARATOR")  # Django's French separator, a no-break space
    assert separator.isspace()
    return separator


def grouped(value, language: str) -> str:
    with translation.override(language):
        return Template("{% load numbers %}{{ value|grouped }}").render(Context({"value": value}))


def test_the_grouped_filter_writes_a_count_as_the_language_does():
    assert grouped(1061, "fr") == f"1{french_separator()}061"
    assert grouped(1061, "en") == "1,061"
    assert grouped(1234567, "en") == "1,234,567"
    assert grouped(999, "fr") == "999"


@pytest.mark.parametrize("value", [None, "", "abc", "1061", True])
def test_the_grouped_filter_leaves_what_is_not_a_count_alone(value):
    assert grouped(value, "fr") == Template("{{ value }}").render(Context({"value": value}))


def test_the_home_page_groups_its_totals_in_french_and_english(client, db, monkeypatch):
    monkeypatch.setattr("cnrs_partners.views.directory_totals", lambda: {"labs": 1061, "partners": 20450})
    monkeypatch.setattr("cnrs_partners.views.site_count", lambda: 1000)
    page = client.get("/").content.decode()
    separator = french_separator()
    assert f"<strong>1{separator}061</strong> unités de recherche actives" in page
    assert f"<strong>20{separator}450</strong> établissements partenaires" in page
    assert f"<strong>1{separator}000</strong> sites universitaires" in page
    page = client.get("/en/").content.decode()
    assert "<strong>1,061</strong> active research units" in page
    assert "<strong>20,450</strong> partner institutions" in page


def test_the_lab_list_counts_a_thousand_labs_with_grouped_digits(client, db):
    labs = [
        Lab(
            rnsr=make_rnsr(50000 + n),
            unit_type="UPR",
            unit_number=str(10000 + n),
            slug=f"upr-{10000 + n}",
            name=f"Laboratoire {n}",
            primary_institute=institute("INP"),
            regional_office=office("DR04"),
        )
        for n in range(1000)
    ]
    Lab.objects.bulk_create(labs)
    LabFactory(unit_number="2015", creation_year=2015, postal_code="91405")
    page = client.get("/labs/").content.decode()
    assert f"1{french_separator()}001 laboratoires" in page
    assert "1,001 labs" in client.get("/en/labs/").content.decode()


def test_years_and_postal_codes_keep_their_digits_together(client, db):
    LabFactory(unit_number="2015", slug="upr-2015", creation_year=2015, postal_code="91405")
    for prefix in ("", "/en"):
        page = client.get(f"{prefix}/labs/upr-2015/").content.decode()
        assert "2015" in page and "91405" in page
        assert "2,015" not in page and f"2{french_separator()}015" not in page
