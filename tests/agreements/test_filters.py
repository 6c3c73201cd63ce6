"""The review dashboard's FilterSet (`ReviewSiteFilter`): its office and institute choices count the sites
the user reads, in one query each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.filters import ReviewSiteFilter
from agreements.selectors import review_sites
from tests.factories import LabFactory, institute, office

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("review:dashboard")


def choices(user, name: str) -> dict[str, str]:
    filterset = ReviewSiteFilter({}, queryset=review_sites(user=user))
    return dict(filterset.form.fields[name].choices)


@pytest.fixture
def sites(saclay, marseille):
    """Paris-Saclay (DR04): INP labs and two INSHS labs; Aix-Marseille (DR12): INP labs and an INC lab."""
    saclay.labs.add(*LabFactory.create_batch(2, primary_institute=institute("INSHS")))
    marseille.labs.add(LabFactory.create(primary_institute=institute("INC"), regional_office=office("DR12")))
    return saclay, marseille


def test_each_institute_says_how_many_sites_have_one_of_its_labs(coordinator, sites):
    counted = choices(coordinator, "institute")
    assert counted["INP"] == "INP – Institut de physique (2)"
    assert counted["INSHS"].endswith(" (1)")  # two labs on one site: one site
    assert counted["INC"].endswith(" (1)")
    # An institute with no lab on any site keeps its choice, so that a link naming it stays valid.
    assert counted["INEE"].endswith(" (0)")


def test_each_office_says_how_many_sites_it_has(coordinator, sites):
    counted = choices(coordinator, "region")
    assert counted["DR04"].startswith("DR04 ") and counted["DR04"].endswith(" (1)")
    assert counted["DR12"].endswith(" (1)")
    assert counted["DR01"].endswith(" (0)")


def test_the_counts_are_those_of_the_sites_the_user_reads(editor, sites):
    counted = choices(editor, "institute")  # Claire, editor of DR04: Paris-Saclay only
    assert counted["INP"].endswith(" (1)")
    assert counted["INSHS"].endswith(" (1)")
    assert counted["INC"].endswith(" (0)")
    offices = choices(editor, "region")
    assert offices["DR04"].endswith(" (1)")
    assert offices["DR12"].endswith(" (0)")


def test_each_list_of_choices_is_counted_in_one_query_however_often_it_is_read(coordinator, sites):
    filterset = ReviewSiteFilter({"institute": "INC"}, queryset=review_sites(user=coordinator))
    with CaptureQueriesContext(connection) as queries:
        assert filterset.is_valid()
        list(filterset.form.fields["institute"].choices)
        list(filterset.form.fields["institute"].choices)
    institute_queries = [q for q in queries.captured_queries if "labs_institute" in q["sql"]]
    assert len(institute_queries) == 1
    assert [site.slug for site in filterset.qs] == ["aix-marseille"]


def test_nothing_is_counted_when_the_form_is_not_shown_nor_filtered_on(coordinator, sites):
    filterset = ReviewSiteFilter({"ends_within": "12"}, queryset=review_sites(user=coordinator))
    with CaptureQueriesContext(connection) as queries:
        assert filterset.is_valid()
    assert not [q for q in queries.captured_queries if "COUNT" in q["sql"].upper()]


def test_the_dashboard_shows_the_counts_and_still_filters_by_them(client, coordinator, sites):
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"institute": "INSHS", "region": "dr04"})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<option value="INSHS" selected>INSHS – Institut des sciences humaines et sociales (1)</option>'
        in page
    )
    assert [row.site.slug for row in response.context["board"].rows] == ["paris-saclay"]
