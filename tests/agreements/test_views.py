"""The coordinators' review pages: the dashboard, its exports, a site's file and its review notes.

Each page is tried anonymous, with a role that may not read sites, out of an editor's offices, on the happy
path and with the wrong method; then the filters, the "ends within" edges, the exports' bytes and the
number of queries, which must not grow with the sites, labs or agreements.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from agreements import services
from agreements.exports import BOM, dashboard_columns
from agreements.filters import add_months
from agreements.models import AgreementStatus, JuryOutcome, PiaAction, ReviewDecision, ReviewNote, Site
from agreements.warnings import Severity
from labs.models import LabStatus
from regions.audit import WEB
from tests.factories import (
    BoardSeatFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    SiteFactory,
    UserFactory,
    cnrs,
    institute,
    office,
    umr,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
DASHBOARD = reverse("review:dashboard")


def site_with_agreement(
    name: str, slug: str, office_code: str, *, end: datetime.date | None, labs: int = 2, uncovered: int = 1
) -> Site:
    """A site of `office_code` with a member university, `labs` covered labs and `uncovered` others, and a
    signed agreement (with its document) in force until `end`."""
    university = PartnerFactory.create(name=f"Université {name}")
    site = SiteFactory.create(name=name, slug=slug)
    site.regional_offices.add(office(office_code))
    site.members.add(university, cnrs())
    covered = [umr(university=university, regional_office=office(office_code)) for _ in range(labs)]
    others = [umr(university=university, regional_office=office(office_code)) for _ in range(uncovered)]
    site.labs.add(*covered, *others)
    agreement = SiteAgreementFactory.create(
        site=site, title=f"Convention {name}", end_date=end, document="agreements/2024/signed.pdf"
    )
    agreement.covered_labs.add(*covered)
    return site


@pytest.fixture
def saclay(db):
    return site_with_agreement(
        "Paris-Saclay", "paris-saclay", "DR04", end=TODAY + datetime.timedelta(days=200)
    )


@pytest.fixture
def marseille(db):
    return site_with_agreement(
        "Aix-Marseille", "aix-marseille", "DR12", end=TODAY.replace(year=TODAY.year + 3)
    )


@pytest.fixture
def no_role(db):
    """A staff account without any role: it may not read sites."""
    return UserFactory.create(username="intern", is_staff=True)


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


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1000"])
def test_an_invalid_filter_shows_its_error_and_no_site(client, coordinator, saclay, value):
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"ends_within": value})
    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filterset"].errors


# --- dashboard: exports ----------------------------------------------------------------------------------


def export_url(fmt: str) -> str:
    return reverse("review:dashboard_export", args=[fmt])


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def french_headers() -> list[str]:
    with translation.override("fr"):
        return [column.header for column in dashboard_columns()]


def test_the_csv_export_holds_the_rows_shown_with_french_headers_names_and_codes(
    client, coordinator, saclay, marseille
):
    client.force_login(coordinator)

    response = client.get(export_url("csv"), {"ends_within": "12"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == french_headers()
    assert [row[0] for row in rows] == ["Paris-Saclay"]
    agreement = saclay.agreements.get()
    covered = ", ".join(sorted(f"{lab.code} {lab.acronym}" for lab in agreement.covered_labs.all()))
    uncovered = saclay.labs.exclude(pk__in=agreement.covered_labs.all()).get()
    with translation.override("fr"):
        expected = [
            "Paris-Saclay",
            "DR04",
            "Convention Paris-Saclay",
            agreement.reference,
            agreement.get_status_display(),
            agreement.start_date.isoformat(),
            (TODAY + datetime.timedelta(days=200)).isoformat(),
            "6",
            "2",
            covered,
            "1",
            f"{uncovered.code} {uncovered.acronym}",
            "",
            "",
            "",
            "1",
            str(Severity.WARNING.label),
            "",
        ]
    # Names and codes only: the whole row is known, and no cell is a database id.
    assert rows == [expected]


def test_the_english_site_exports_english_headers(client, coordinator, saclay, english):
    client.force_login(coordinator)
    header, _row = read_csv(client.get(reverse("review:dashboard_export", args=["csv"])))
    assert header[:3] == ["Site", "Regional offices", "Agreement in force"]


def test_the_xlsx_export_holds_the_same_cells_with_real_dates_and_numbers(
    client, coordinator, saclay, marseille
):
    client.force_login(coordinator)

    response = client.get(export_url("xlsx"), {"region": "DR04"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == french_headers()
    agreement = saclay.agreements.get()
    assert rows[0][:3] == ["Paris-Saclay", "DR04", "Convention Paris-Saclay"]
    assert rows[0][5:9] == [
        datetime.datetime.combine(agreement.start_date, datetime.time()),
        datetime.datetime.combine(TODAY + datetime.timedelta(days=200), datetime.time()),
        6,
        2,
    ]
    assert rows[0][10] == 1 and rows[0][15] == 1
    # Numbers are counts only: every other cell is a name, a code, a label or a date.
    assert [type(cell) for cell in rows[0]].count(int) == 4


def test_a_formula_like_cell_is_neutralised(client, coordinator):
    site_with_agreement('=HYPERLINK("x")', "formula", "DR04", end=None)
    client.force_login(coordinator)
    _header, row = read_csv(client.get(export_url("csv")))
    assert row[0] == '\'=HYPERLINK("x")'


def test_the_exports_keep_the_editor_s_scope(client, editor, saclay, marseille):
    client.force_login(editor)
    _header, *rows = read_csv(client.get(export_url("csv")))
    assert [row[0] for row in rows] == ["Paris-Saclay"]


def test_the_exports_refuse_anonymous_visitors_other_roles_other_formats_and_posts(
    client, no_role, coordinator
):
    assert client.get(export_url("csv")).status_code == 302
    client.force_login(no_role)
    assert client.get(export_url("xlsx")).status_code == 403
    client.force_login(coordinator)
    assert client.get(export_url("json")).status_code == 404
    assert client.post(export_url("csv")).status_code == 405


# --- dashboard: queries ----------------------------------------------------------------------------------


def grow(start: int, stop: int) -> None:
    for index in range(start, stop):
        site = site_with_agreement(
            f"Site {index}", f"site-{index}", "DR04", end=TODAY + 90 * DAY, labs=3, uncovered=2
        )
        SiteAgreementFactory.create(site=site, status=AgreementStatus.DRAFT, signed_on=None)
        PiaProjectFactory.create(site=site, outcome=JuryOutcome.SELECTED)
        ReviewNoteFactory.create(site=site, follow_up_on=TODAY)
        site.labs.add(LabFactory.create(needs_review=True, status=LabStatus.ACTIVE))


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


def site_url(site) -> str:
    return reverse("review:site_detail", args=[site.slug])


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


# --- review notes ----------------------------------------------------------------------------------------


def note_url(site) -> str:
    return reverse("review:review_note_create", args=[site.slug])


def note_data(**overrides) -> dict:
    data = {
        "reviewed_on": TODAY.isoformat(),
        "decision": ReviewDecision.PREPARE_RENEWAL,
        "comment": "Réunion avec la présidence : renouvellement à préparer.",
        "follow_up_on": (TODAY + 90 * DAY).isoformat(),
    }
    return {**data, **overrides}


def test_a_coordinator_records_a_review_in_the_audit_trail(client, coordinator, saclay):
    client.force_login(coordinator)

    response = client.post(note_url(saclay), note_data())

    assert response.status_code == 302
    assert response["Location"] == site_url(saclay) + "#review-notes"
    note = ReviewNote.objects.get()
    assert (note.site, note.author, note.decision, note.follow_up_on) == (
        saclay,
        coordinator,
        ReviewDecision.PREPARE_RENEWAL,
        TODAY + 90 * DAY,
    )
    record = note.history.get()
    assert (record.history_type, record.history_user, record.history_source) == ("+", coordinator, WEB)
    page = client.get(response["Location"]).content.decode()
    assert "Réunion avec la présidence" in page


def test_a_follow_up_before_the_review_is_refused_with_the_form_s_error(client, coordinator, saclay):
    client.force_login(coordinator)

    response = client.post(note_url(saclay), note_data(follow_up_on=(TODAY - DAY).isoformat()))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ReviewNote.objects.exists()


def test_review_notes_refuse_anonymous_visitors_readers_and_gets(
    client, viewer, editor, other_editor, coordinator, saclay
):
    assert client.post(note_url(saclay), note_data()).status_code == 302
    for user in (viewer, editor, other_editor):
        client.force_login(user)
        assert client.post(note_url(saclay), note_data()).status_code == 403, user
    client.force_login(coordinator)
    assert client.get(note_url(saclay)).status_code == 405
    assert not ReviewNote.objects.exists()


def test_a_review_note_is_listed_in_the_recent_changes(client, admin_user, saclay):
    client.force_login(admin_user)
    client.post(note_url(saclay), note_data())
    response = client.get(reverse("backoffice_recent_changes"))
    assert "Paris-Saclay" in response.content.decode()
