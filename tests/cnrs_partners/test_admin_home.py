"""The back-office home (/admin/) per role: coordinators and national administrators see the review
dashboard's figures and the follow-ups due; regional editors their offices, their labs to review and their
offices' latest changes; everyone the shortcuts their role may use. Anonymous visitors and accounts that are
not staff are sent to the login page; the number of queries does not grow with the data."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from agreements.selectors import review_dashboard
from regions.audit import ADMIN, IMPORT, audit_source, audited_save
from tests.agreements.review_data import DAY, TODAY, grow, site_with_agreement
from tests.factories import LabFactory, ReviewNoteFactory, UserFactory, office

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
RNSR_IMPORT = reverse("admin:labs_lab_import_rnsr")
DASHBOARD = reverse("review:dashboard")


@pytest.fixture(autouse=True)
def _language_restored():
    """A request under /en/ leaves English active in the thread: French again for the next test."""
    with translation.override("fr"):
        yield


@pytest.fixture
def sites(db):
    """Saclay (DR04): ends within the year, follow-up due; Marseille (DR12): ends in three years, its
    follow-up later; Lyon (DR07): its latest review closed the follow-up an earlier one asked for."""
    saclay = site_with_agreement("Paris-Saclay", "paris-saclay", "DR04", end=TODAY + 200 * DAY)
    marseille = site_with_agreement(
        "Aix-Marseille", "aix-marseille", "DR12", end=TODAY.replace(year=TODAY.year + 3)
    )
    lyon = site_with_agreement("Lyon", "lyon", "DR07", end=TODAY.replace(year=TODAY.year + 3))
    ReviewNoteFactory.create(site=saclay, reviewed_on=TODAY - 30 * DAY, follow_up_on=TODAY - DAY)
    ReviewNoteFactory.create(site=marseille, follow_up_on=TODAY + 30 * DAY)
    ReviewNoteFactory.create(site=lyon, reviewed_on=TODAY - 60 * DAY, follow_up_on=TODAY - 40 * DAY)
    ReviewNoteFactory.create(site=lyon, reviewed_on=TODAY - 10 * DAY, follow_up_on=None)
    return {"saclay": saclay, "marseille": marseille, "lyon": lyon}


def home_of(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


# --- access ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("account", ["anonymous", "not staff"])
def test_it_sends_anonymous_visitors_and_accounts_that_are_not_staff_to_the_login_page(client, account):
    if account == "not staff":
        client.force_login(UserFactory.create(username="visitor", is_staff=False))
    response = client.get(HOME)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('admin:login')}?next={HOME}")


def test_it_answers_get_only(client, coordinator):
    client.force_login(coordinator)
    assert client.post(HOME).status_code == 405


# --- coordinators and national administrators --------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_reviewers_see_the_dashboards_figures_and_the_follow_ups_due(client, request, role, sites):
    user = request.getfixturevalue(role)
    response = home_of(client, user)
    home = response.context["home"]

    # The dashboard's own totals, and what they are on this data.
    assert home.totals == review_dashboard(user=user, data=QueryDict()).totals
    assert (home.totals.sites, home.totals.ending, home.totals.follow_ups_due) == (3, 1, 1)
    assert [row.site for row in home.follow_ups] == [sites["saclay"]]
    html = response.content.decode()
    assert reverse("review:site_detail", args=["paris-saclay"]) in html
    assert reverse("review:site_detail", args=["lyon"]) not in html
    assert f'href="{DASHBOARD}?ends_within=12"' in html
    assert 'id="home-offices"' not in html


def test_reviewers_are_told_when_no_follow_up_is_due(client, coordinator, english):
    site_with_agreement("Lyon", "lyon", "DR07", end=None)
    response = home_of(client, coordinator)
    assert response.context["home"].follow_ups == []
    assert "No follow-up is due." in response.content.decode()


def test_only_national_administrators_and_editors_are_offered_the_rnsr_import(
    client, admin_user, coordinator
):
    assert f'href="{RNSR_IMPORT}"' in home_of(client, admin_user).content.decode()
    assert f'href="{RNSR_IMPORT}"' not in home_of(client, coordinator).content.decode()


def test_a_reviewers_home_takes_a_bounded_number_of_queries(
    client, coordinator, sites, django_assert_max_num_queries
):
    client.force_login(coordinator)
    grow(0, 3)
    with django_assert_max_num_queries(30) as few:
        client.get(HOME)
    grow(3, 12)
    with django_assert_max_num_queries(len(few)):
        response = client.get(HOME)
    assert response.context["home"].totals.sites == 15


# --- regional editors ------------------------------------------------------------------------------------


def test_an_editor_sees_her_offices_her_labs_to_review_and_their_latest_changes(client, editor):
    mine = LabFactory.create(acronym="LPS", needs_review=True, review_reason="Adresse à vérifier")
    LabFactory.create(acronym="CINAM", regional_office=office("DR12"), needs_review=True)
    reviewed = LabFactory.create(acronym="IJCLAB", needs_review=False)
    reviewed.director = "Achille Stocchi"
    audited_save(reviewed, user=editor, source=ADMIN)

    response = home_of(client, editor)
    home = response.context["home"]
    assert [o.code for o in home.offices] == ["DR04"]
    assert home.labs_to_review == [mine] and home.labs_to_review_count == 1
    # The creations of both of her labs and the change of one (the lab of DR12 is not hers).
    assert [(int(row["h_object"]), row["h_type"]) for row in home.changes] == [
        (reviewed.pk, "~"),
        (reviewed.pk, "+"),
        (mine.pk, "+"),
    ]
    assert home.changes[0]["author"] == editor
    assert home.totals is None
    html = response.content.decode()
    assert office("DR04").name in html and office("DR12").name not in html
    assert "Adresse à vérifier" in html and "CINAM" not in html
    assert f'href="{reverse("admin:labs_lab_changelist")}?needs_review__exact=1"' in html
    assert f'href="{reverse("admin:labs_lab_change", args=[mine.pk])}"' in html
    assert 'id="home-review"' not in html
    assert f'href="{RNSR_IMPORT}"' in html
    assert f'href="{DASHBOARD}"' in html


def test_an_editor_of_two_offices_sees_the_changes_of_both_newest_first(client, editor):
    editor.office_memberships.create(office=office("DR12"))
    first = LabFactory.create(acronym="LPS")
    second = LabFactory.create(acronym="CINAM", regional_office=office("DR12"))
    LabFactory.create(acronym="LOMA", regional_office=office("DR15"))

    home = home_of(client, editor).context["home"]
    assert [o.code for o in home.offices] == ["DR04", "DR12"]
    assert [int(row["h_object"]) for row in home.changes] == [second.pk, first.pk]


def test_an_editor_sees_the_ten_latest_changes(client, editor):
    labs = [LabFactory.create() for _ in range(12)]
    home = home_of(client, editor).context["home"]
    assert [int(row["h_object"]) for row in home.changes] == [lab.pk for lab in reversed(labs)][:10]


def test_an_editors_home_takes_a_bounded_number_of_queries(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    LabFactory.create_batch(3, needs_review=True)
    with django_assert_max_num_queries(30) as few:
        client.get(HOME)
    LabFactory.create_batch(20, needs_review=True)
    with django_assert_max_num_queries(len(few)):
        response = client.get(HOME)
    assert response.context["home"].labs_to_review_count == 23


# --- viewers ---------------------------------------------------------------------------------------------


def test_a_viewer_gets_the_shortcuts_only(client, viewer, sites):
    response = home_of(client, viewer)
    home = response.context["home"]
    assert (home.totals, home.offices, home.may_import_rnsr) == (None, [], False)
    html = response.content.decode()
    assert f'href="{reverse("backoffice_recent_changes")}"' in html
    assert f'href="{DASHBOARD}"' in html
    assert f'href="{RNSR_IMPORT}"' not in html
    assert 'id="home-review"' not in html and 'id="home-offices"' not in html


def test_the_home_speaks_the_users_language(client, editor):
    client.force_login(editor)
    assert "Votre délégation régionale" in client.get(HOME).content.decode()
    english = client.get("/en/admin/").content.decode()
    assert "Your regional office" in english


def test_an_editors_latest_changes_name_the_import_that_made_them(client, editor, english):
    with audit_source(IMPORT, detail="fr-esr-structures.csv"):
        LabFactory.create(regional_office=office("DR04"), name="Laboratoire importé")
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert "RNSR import (file fr-esr-structures.csv)" in page
