"""The coordinators' review pages: the dashboard and a site's file.

Each page is tried anonymous, with a role that may not read sites, out of an editor's offices, on the happy
path and with the wrong method; then the filters, the "ends within" edges and the number of queries, which
must not grow with the sites, labs or agreements. Exports: `test_exports`; review notes: `test_reviews`.
"""

import pytest
from django.urls import reverse

from agreements import selectors, services
from agreements.filters import add_months
from agreements.models import AgreementStatus, JuryOutcome, PiaAction
from tests.agreements.review_data import (
    DASHBOARD,
    DAY,
    TODAY,
    export_url,
    grow,
    site_url,
    site_with_agreement,
)
from tests.factories import (
    BoardSeatFactory,
    LabFactory,
    PiaProjectFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    SiteFactory,
    cnrs,
    institute,
    office,
    umr,
)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [row.site.slug for row in response.context["board"].rows]


# --- dashboard: access -----------------------------------------------------------------------------------


def test_the_dashboard_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_dashboard_refuses_staff_without_a_role_that_reads_sites(client, no_role):
    client.force_login(no_role)
    assert client.get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "admin_user", "viewer"])
def test_coordinators_administrators_and_viewers_see_every_site(client, request, role, saclay, marseille):
    client.force_login(request.getfixturevalue(role))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert set(listed(response)) == {"paris-saclay", "aix-marseille"}


def test_a_regional_editor_sees_the_sites_of_her_offices_only(
    client, editor, other_editor, saclay, marseille
):
    client.force_login(editor)
    assert listed(client.get(DASHBOARD)) == ["paris-saclay"]
    client.force_login(other_editor)
    assert listed(client.get(DASHBOARD)) == ["aix-marseille"]


def test_the_dashboard_answers_only_get_and_head(client, coordinator):
    client.force_login(coordinator)
    assert client.post(DASHBOARD).status_code == 405
    assert client.head(DASHBOARD).status_code == 200


# --- dashboard: content ----------------------------------------------------------------------------------


def test_a_row_shows_the_agreement_in_force_the_labs_the_negotiation_pia_and_warnings(
    client, coordinator, saclay
):
    SiteAgreementFactory.create(
        site=saclay, title="Convention 2027-2031", status=AgreementStatus.NEGOTIATING, signed_on=None
    )
    PiaProjectFactory.create(
        site=saclay, action=PiaAction.IDEX, acronym="UPSaclay", outcome=JuryOutcome.CONFIRMED
    )
    PiaProjectFactory.create(site=saclay, action=PiaAction.LABEX, acronym="PALM")
    client.force_login(coordinator)

    response = client.get(DASHBOARD)
    (row,) = response.context["board"].rows

    assert row.agreement.title == "Convention Paris-Saclay"
    assert (len(row.covered_labs), len(row.uncovered_labs)) == (2, 1)
    assert row.in_progress.title == "Convention 2027-2031"
    assert [project.acronym for project in row.excellence] == ["UPSaclay"]
    assert [issue.rule.code for issue in row.issues] == ["member_lab_not_covered"]
    assert row.months_left == 6
    page = response.content.decode()
    assert "Convention 2027-2031" in page and "UPSaclay" in page
    assert reverse("review:site_detail", args=["paris-saclay"]) in page


def test_sites_needing_attention_come_first(client, coordinator):
    calm = site_with_agreement("Calme", "calme", "DR04", end=TODAY.replace(year=TODAY.year + 4), uncovered=0)
    ending = site_with_agreement("Bientôt", "bientot", "DR04", end=TODAY + 30 * DAY, uncovered=0)
    later = site_with_agreement("Dans l'année", "dans-l-annee", "DR04", end=TODAY + 300 * DAY, uncovered=0)
    none = SiteFactory.create(name="Sans convention", slug="sans-convention")
    past = site_with_agreement("Échue", "echue", "DR04", end=TODAY - DAY, uncovered=0)
    followed = site_with_agreement(
        "Suivi", "suivi", "DR04", end=TODAY.replace(year=TODAY.year + 4), uncovered=0
    )
    ReviewNoteFactory.create(site=followed, reviewed_on=TODAY - 10 * DAY, follow_up_on=TODAY)
    client.force_login(coordinator)

    order = listed(client.get(DASHBOARD))

    assert order == [past.slug, followed.slug, ending.slug, later.slug, none.slug, calm.slug]


def test_the_totals_sum_the_rows_shown(client, coordinator, saclay, marseille):
    ReviewNoteFactory.create(site=marseille, reviewed_on=TODAY - 5 * DAY, follow_up_on=TODAY - DAY)
    client.force_login(coordinator)

    totals = client.get(DASHBOARD).context["board"].totals

    assert (totals.sites, totals.in_force, totals.ending) == (2, 2, 1)
    assert (totals.covered_labs, totals.uncovered_labs) == (4, 2)
    assert (totals.critical, totals.warnings, totals.follow_ups_due) == (0, 2, 1)


def test_a_later_review_closes_the_follow_up_of_an_earlier_one(client, coordinator, saclay):
    ReviewNoteFactory.create(site=saclay, reviewed_on=TODAY - 20 * DAY, follow_up_on=TODAY - 10 * DAY)
    ReviewNoteFactory.create(site=saclay, reviewed_on=TODAY - 5 * DAY, follow_up_on=TODAY + 60 * DAY)
    client.force_login(coordinator)

    (row,) = client.get(DASHBOARD).context["board"].rows

    assert (row.follow_up_on, row.follow_up_due) == (TODAY + 60 * DAY, False)


# --- dashboard: filters ----------------------------------------------------------------------------------


def test_it_filters_by_regional_office_in_any_case(client, coordinator, saclay, marseille):
    client.force_login(coordinator)
    assert listed(client.get(DASHBOARD, {"region": "dr12"})) == ["aix-marseille"]


def test_a_site_of_two_offices_is_listed_once(client, coordinator, saclay):
    saclay.regional_offices.add(office("DR05"))
    client.force_login(coordinator)
    assert listed(client.get(DASHBOARD, {"region": "DR04"})) == ["paris-saclay"]


def test_it_filters_by_the_institute_of_the_labs_on_the_site(client, coordinator, saclay, marseille):
    marseille.labs.add(LabFactory.create(primary_institute=institute("INC")))
    client.force_login(coordinator)
    assert listed(client.get(DASHBOARD, {"institute": "INC"})) == ["aix-marseille"]


def test_it_filters_by_the_status_of_an_agreement_of_the_site(client, coordinator, saclay, marseille):
    SiteAgreementFactory.create(site=marseille, status=AgreementStatus.UNDER_REVIEW, signed_on=None)
    client.force_login(coordinator)
    assert listed(client.get(DASHBOARD, {"status": "under_review"})) == ["aix-marseille"]


@pytest.mark.parametrize(
    ("end", "included"),
    [
        (TODAY, True),
        (add_months(TODAY, 12), True),
        (add_months(TODAY, 12) + DAY, False),
        (TODAY - DAY, False),
        (None, False),
    ],
    ids=["today", "exactly-12-months", "a-day-later", "ended-yesterday", "open-ended"],
)
def test_ends_within_counts_agreements_in_force_ending_by_the_same_day_n_months_ahead(
    client, coordinator, end, included
):
    site_with_agreement("Site", "site", "DR04", end=end)
    client.force_login(coordinator)

    response = client.get(DASHBOARD, {"ends_within": "12"})

    assert listed(response) == (["site"] if included else [])


def test_ends_within_lists_the_units_each_agreement_covers(client, coordinator, saclay, marseille):
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"ends_within": "12"})

    (row,) = response.context["board"].rows
    page = response.content.decode()
    assert row.site == saclay
    assert all(lab.code in page for lab in row.covered_labs)
    assert "<details open>" in page
    assert response.context["board"].horizon == 12


def test_a_large_site_names_its_first_labs_and_links_to_its_file_for_the_rest(
    client, coordinator, monkeypatch
):
    monkeypatch.setattr(selectors, "LABS_SHOWN", 2)
    site = site_with_agreement("Grand site", "grand-site", "DR04", end=TODAY + 90 * DAY, labs=5, uncovered=1)
    client.force_login(coordinator)

    response = client.get(DASHBOARD)

    (row,) = response.context["board"].rows
    page = response.content.decode()
    shown, hidden = row.covered_labs[:2], row.covered_labs[2:]
    assert (len(row.covered_labs), len(row.uncovered_labs)) == (5, 1)
    assert all(f"{lab.code} {lab.acronym}" in page for lab in shown + row.uncovered_labs)
    assert not any(f"{lab.code} {lab.acronym}" in page for lab in hidden)
    assert f'href="{site_url(site)}#labs-title">et 3 autres</a>' in page
    assert "couverts : 5, non couverts : 1" in page


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1000"])
def test_an_invalid_filter_shows_its_error_and_no_site(client, coordinator, saclay, value):
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"ends_within": value})
    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filterset"].errors


# --- dashboard: queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, export_url("csv"), export_url("xlsx")])
def test_the_dashboard_s_queries_do_not_grow_with_sites_labs_or_agreements(
    client, coordinator, django_assert_max_num_queries, url
):
    grow(0, 1)
    client.force_login(coordinator)
    client.get(url)  # the session and permission caches are warm from here on
    with django_assert_max_num_queries(30) as one:
        client.get(url, {"ends_within": "12"})
    grow(1, 7)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url, {"ends_within": "12"})
    assert response.status_code == 200


# --- site file: access -----------------------------------------------------------------------------------


def test_the_site_file_names_the_first_covered_labs_and_counts_the_rest(client, coordinator, monkeypatch):
    monkeypatch.setattr(selectors, "LABS_SHOWN", 2)
    site = site_with_agreement("Grand site", "grand-site", "DR04", end=TODAY + 90 * DAY, labs=5, uncovered=1)
    client.force_login(coordinator)

    response = client.get(site_url(site))

    file = response.context["file"]
    page = response.content.decode()
    covered = file.agreement_covered.labs
    assert file.covered_count == 5 and len(covered) == 5 and len(file.uncovered_labs) == 1
    card = page[page.index(f'id="agreement-{file.agreement.pk}"') :]
    card = card[: card.index("</dl>")]
    assert "5 laboratoires :" in card and "et 3 autres" in card
    assert all(f"{lab.code} {lab.acronym}" in card for lab in covered[:2])
    assert not any(f"{lab.code} {lab.acronym}" in card for lab in covered[2:])


def test_the_site_file_sends_anonymous_visitors_to_the_login_page(client, saclay):
    response = client.get(site_url(saclay))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_the_site_file_refuses_staff_without_a_role_that_reads_sites(client, no_role, saclay):
    client.force_login(no_role)
    assert client.get(site_url(saclay)).status_code == 403


def test_a_regional_editor_opens_her_offices_sites_only(client, editor, saclay, marseille):
    client.force_login(editor)
    assert client.get(site_url(saclay)).status_code == 200
    assert client.get(site_url(marseille)).status_code == 403


def test_an_unknown_site_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("review:site_detail", args=["nowhere"])).status_code == 404


def test_the_site_file_answers_only_get_and_head(client, coordinator, saclay):
    client.force_login(coordinator)
    assert client.post(site_url(saclay)).status_code == 405


# --- site file: content ----------------------------------------------------------------------------------


def test_the_site_file_shows_the_agreement_labs_partners_seats_pia_warnings_and_charts(
    client, coordinator, saclay
):
    agreement = saclay.agreements.get()
    agreement.strategy = "Une stratégie commune."
    agreement.joint_unit_framework = "Frais de gestion partagés."
    agreement.save()
    renewal = SiteAgreementFactory.create(
        site=saclay,
        title="Convention suivante",
        status=AgreementStatus.NEGOTIATING,
        signed_on=None,
        renews=agreement,
    )
    member = saclay.members.exclude(pk=cnrs().pk).get()
    BoardSeatFactory.create(partner=member, body="Conseil d'administration", holder="Antoine Petit")
    PiaProjectFactory.create(site=saclay, acronym="UPSaclay", outcome=JuryOutcome.CONFIRMED)
    client.force_login(coordinator)

    response = client.get(site_url(saclay))

    page = response.content.decode()
    file = response.context["file"]
    assert file.agreement == agreement and file.in_progress == [renewal]
    assert len(file.uncovered_labs) == 1 and file.uncovered_labs[0].code in page
    for text in (
        "Une stratégie commune.",
        "Frais de gestion partagés.",
        "Convention suivante",
        "Antoine Petit",
        "UPSaclay",
    ):
        assert text in page
    assert reverse("review:agreement_document", args=[agreement.pk]) in page
    assert page.count("<svg") == 3 and "<title" in page and "<desc" in page
    assert [issue.rule.code for issue in file.issues] == ["member_lab_not_covered"]
    assert f"/admin/agreements/siteagreement/{agreement.pk}/change/" in page


def test_review_notes_are_listed_newest_first(client, viewer, saclay):
    ReviewNoteFactory.create(site=saclay, reviewed_on=TODAY - 30 * DAY, comment="Première réunion")
    ReviewNoteFactory.create(site=saclay, reviewed_on=TODAY - 2 * DAY, comment="Deuxième réunion")
    client.force_login(viewer)

    page = client.get(site_url(saclay)).content.decode()

    assert page.index("Deuxième réunion") < page.index("Première réunion")


def test_only_coordinators_and_administrators_get_the_review_form(
    client, coordinator, admin_user, viewer, editor, saclay
):
    for user, expected in ((coordinator, True), (admin_user, True), (viewer, False), (editor, False)):
        client.force_login(user)
        assert ('id="review-note-form"' in client.get(site_url(saclay)).content.decode()) is expected, user


def test_the_transition_buttons_follow_the_workflow_service(client, coordinator, saclay, monkeypatch):
    agreement = saclay.agreements.get()

    def allowed(*, agreement, user):
        return [AgreementStatus.EXPIRED, AgreementStatus.TERMINATED]

    monkeypatch.setattr(services, "agreement_allowed_statuses", allowed, raising=False)
    client.force_login(coordinator)
    page = client.get(site_url(saclay)).content.decode()

    assert reverse("review:agreement_status", args=[agreement.pk]) in page
    assert 'name="status" value="terminated"' in page and 'name="comment"' in page

    monkeypatch.delattr(services, "agreement_allowed_statuses", raising=False)
    assert 'name="status"' not in client.get(site_url(saclay)).content.decode()


def test_a_coordinator_gets_the_moves_the_workflow_allows_and_a_viewer_none(
    client, coordinator, viewer, saclay
):
    agreement = saclay.agreements.get()
    client.force_login(coordinator)
    page = client.get(site_url(saclay)).content.decode()

    assert reverse("review:agreement_status", args=[agreement.pk]) in page
    assert 'name="status" value="terminated"' in page
    assert 'name="status" value="expired"' not in page  # its end has not passed
    assert reverse("review:agreement_renew", args=[agreement.pk]) in page

    client.force_login(viewer)
    page = client.get(site_url(saclay)).content.decode()
    assert 'name="status"' not in page and reverse("review:agreement_renew", args=[agreement.pk]) not in page


def test_the_renewal_is_not_offered_twice(client, coordinator, saclay):
    agreement = saclay.agreements.get()
    SiteAgreementFactory.create(site=saclay, status=AgreementStatus.DRAFT, signed_on=None, renews=agreement)
    client.force_login(coordinator)
    assert (
        reverse("review:agreement_renew", args=[agreement.pk])
        not in client.get(site_url(saclay)).content.decode()
    )


def test_the_site_file_s_queries_do_not_grow_with_labs_agreements_or_notes(
    client, coordinator, saclay, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(site_url(saclay))
    with django_assert_max_num_queries(40) as one:
        client.get(site_url(saclay))
    for _ in range(5):
        agreement = SiteAgreementFactory.create(site=saclay, status=AgreementStatus.DRAFT, signed_on=None)
        lab = umr(contract_start=TODAY - 400 * DAY, contract_end=TODAY + 900 * DAY)
        saclay.labs.add(lab)
        agreement.covered_labs.add(lab)
        ReviewNoteFactory.create(site=saclay)
        PiaProjectFactory.create(site=saclay)
        BoardSeatFactory.create(partner=saclay.members.first())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(site_url(saclay)).status_code == 200
