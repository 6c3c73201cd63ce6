"""The lab directory's facets: each filter's choices counted with the other filters kept, in a number of
queries that does not grow with the labs; the long facets (partners, sites, cities) list each choice once."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from labs import facets
from labs.facets import lab_facets
from labs.models import LabStatus, UnitType
from labs.selectors import lab_list
from tests.factories import LabFactory, PartnerFactory, SiteFactory, SupervisionFactory, institute, office


@pytest.fixture(autouse=True)
def counted_every_time(monkeypatch):
    """The counts as computed, not as kept in the cache until the next write (tested apart below)."""
    monkeypatch.setattr(facets, "FACETS_SECONDS", 0)


@pytest.fixture
def five_labs(db):
    """Five active labs over two institutes and two offices, and a closed one.

    INP: orsay (DR04, UMR), meudon (DR04, UPR), marseille (DR12, UMR, INC secondary)
    INC: luminy (DR12, UMR), bellevue (DR04, UMR); closed: INP, DR04, UPR.
    """
    inp, inc = institute("INP"), institute("INC")
    dr04, dr12 = office("DR04"), office("DR12")
    labs = {
        "orsay": LabFactory(
            primary_institute=inp, regional_office=dr04, unit_type=UnitType.UMR, city="Orsay"
        ),
        "meudon": LabFactory(primary_institute=inp, regional_office=dr04, city="Meudon"),
        "marseille": LabFactory(
            primary_institute=inp, regional_office=dr12, unit_type=UnitType.UMR, city="Marseille"
        ),
        "luminy": LabFactory(
            primary_institute=inc, regional_office=dr12, unit_type=UnitType.UMR, city="Marseille"
        ),
        "bellevue": LabFactory(
            primary_institute=inc, regional_office=dr04, unit_type=UnitType.UMR, city="Meudon"
        ),
        "closed": LabFactory(
            primary_institute=inp, regional_office=dr04, status=LabStatus.CLOSED, city="Orsay"
        ),
    }
    labs["marseille"].secondary_institutes.add(inc)
    # A secondary institute that repeats the primary one counts the lab once.
    labs["luminy"].secondary_institutes.add(inc)
    return labs


def facets_for(**query):
    data = QueryDict(mutable=True)
    data.update(query)
    return lab_facets(filterset=lab_list(data=data))


def test_it_counts_the_offices_of_the_chosen_institute_only(five_labs):
    facets = facets_for(institute="INP")
    assert facets.region == {"DR04": 2, "DR12": 1}
    assert facets.type == {"UMR": 2, "UPR": 1}
    assert facets.status == {"active": 3, "closed": 1, "all": 4}


def test_it_counts_primary_and_secondary_institutes_under_the_office_filter(five_labs):
    facets = facets_for(region="DR12")
    assert facets.institute == {"INP": 1, "INC": 2}
    # The institute chosen does not narrow its own counts.
    assert facets_for(region="DR12", institute="INP").institute == {"INP": 1, "INC": 2}


def test_without_filters_it_counts_every_active_lab(five_labs):
    facets = facets_for()
    assert facets.institute == {"INP": 3, "INC": 3}
    assert facets.region == {"DR04": 3, "DR12": 2}
    assert [(choice.label, choice.count) for choice in facets.city] == [
        ("Marseille", 2),
        ("Meudon", 2),
        ("Orsay", 1),
    ]


def test_it_counts_partners_and_sites_with_the_other_filters(five_labs):
    university = PartnerFactory(slug="saclay", acronym="UPSaclay")
    for name in ("orsay", "meudon", "marseille"):
        SupervisionFactory(lab=five_labs[name], partner=university)
    site = SiteFactory(slug="saclay-site", name="Saclay")
    site.labs.add(five_labs["orsay"], five_labs["meudon"], five_labs["closed"])
    facets = facets_for(region="DR04")
    assert [(choice.value, choice.label, choice.count) for choice in facets.partner] == [
        ("saclay", "UPSaclay", 2)
    ]
    assert [(choice.value, choice.count) for choice in facets.site] == [("saclay-site", 2)]
    assert [(choice.value, choice.count) for choice in facets_for(status="all").site] == [("saclay-site", 3)]


def test_the_city_facet_lists_each_city_once(five_labs):
    LabFactory(city="MEUDON")
    LabFactory(city="Saint-Étienne")
    LabFactory(city="Saint-Etienne ")
    cities = [(choice.value, choice.count) for choice in facets_for().city]
    assert cities == [("Meudon", 3), ("Marseille", 2), ("Saint-Étienne", 2), ("Orsay", 1)] or cities == [
        ("Meudon", 3),
        ("Marseille", 2),
        ("Saint-Etienne", 2),
        ("Orsay", 1),
    ]


def test_an_invalid_filter_gives_no_facets(five_labs):
    assert facets_for(region="DR99") is None


def count_queries(**query) -> int:
    with CaptureQueriesContext(connection) as queries:
        facets_for(**query)
    return len(queries)


def test_its_number_of_queries_does_not_grow_with_the_labs(five_labs):
    query = {"q": "physique", "institute": "INP", "region": "DR04", "partner": "p", "site": "s", "city": "x"}
    SupervisionFactory(lab=five_labs["orsay"])
    SiteFactory().labs.add(five_labs["orsay"])
    few = count_queries(**query), count_queries()
    for n in range(20):
        lab = LabFactory(city=f"Ville {n}")
        lab.secondary_institutes.add(institute("INC"))
        SupervisionFactory(lab=lab)
        SiteFactory().labs.add(lab)
    assert (count_queries(**query), count_queries()) == few
    # One grouped query per facet, two for the institutes, the names of the partners and sites kept, and the
    # choices' validation.
    assert max(few) <= 12


def test_the_page_names_each_choice_with_its_count(client, five_labs):
    response = client.get("/en/labs/", {"institute": "INP"})
    form = response.context["filterset"].form
    assert list(form.fields["type"].choices)[:2] == [
        ("", "All types"),
        ("UMR", "Joint research unit (UMR) (2)"),
    ]
    assert ("UPR", "CNRS research unit (UPR) (1)") in list(form.fields["type"].choices)
    regions = dict(form.fields["region"].choices)
    assert regions["DR04"].endswith("(2)") and regions["DR12"].endswith("(1)")
    # A choice that would list no lab is kept, with its 0.
    assert regions["DR01"].endswith("(0)")
    page = response.content.decode()
    assert "CNRS research unit (UPR) (1)</option>" in page
    assert 'href="?institute=INP&amp;city=Meudon"' in page
    assert "All types</option>" in page and page.count("All types") == 1


def test_the_page_shows_plain_choices_when_a_filter_is_invalid(client, five_labs):
    response = client.get("/en/labs/", {"region": "DR99"})
    assert ("UPR", "CNRS research unit (UPR)") in list(
        response.context["filterset"].form.fields["type"].choices
    )
    assert response.context["facets"] is None


def test_the_counts_are_kept_until_the_public_data_changes(
    five_labs, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(facets, "FACETS_SECONDS", 3600)
    assert facets_for(institute="INP").region == {"DR04": 2, "DR12": 1}
    filterset = lab_list(data=QueryDict("institute=INP"))
    assert filterset.is_valid()
    with CaptureQueriesContext(connection) as queries:
        kept = lab_facets(filterset=filterset)
    assert kept is not None and kept.region == {"DR04": 2, "DR12": 1} and len(queries) == 0

    with django_capture_on_commit_callbacks(execute=True):  # the write commits: the public version moves on
        LabFactory(primary_institute=institute("INP"), regional_office=office("DR12"))

    assert facets_for(institute="INP").region == {"DR04": 2, "DR12": 2}
