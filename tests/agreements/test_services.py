"""Moving a site agreement between statuses: one service, one rule, on every path."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import AgreementSignatory, AgreementStatus, AgreementStatusChange, SiteAgreement
from agreements.services import (
    TRANSITIONS,
    agreement_allowed_statuses,
    agreement_change_status,
    agreement_content_editable,
    agreement_renew,
    agreements_expire_past_end,
)
from regions.audit import ADMIN, COMMAND, WEB

from ..factories import LabFactory, PartnerFactory, SiteAgreementFactory, site_in, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def draft(**kwargs) -> SiteAgreement:
    return SiteAgreementFactory.create(status=S.DRAFT, signed_on=None, **kwargs)


def at(status: str, **kwargs) -> SiteAgreement:
    """An agreement already at `status` (written directly: the set-up, not the move under test)."""
    agreement = draft(**kwargs)
    SiteAgreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()
    return agreement


def stored(agreement: SiteAgreement) -> SiteAgreement:
    return SiteAgreement.objects.get(pk=agreement.pk)


def test_every_status_says_where_it_may_go():
    assert set(TRANSITIONS) == set(S.values)
    assert all(targets <= set(S.values) for targets in TRANSITIONS.values())


def test_a_coordinator_moves_a_draft_into_negotiation_with_a_comment(coordinator):
    agreement = draft()

    agreement_change_status(
        agreement=agreement, status=S.NEGOTIATING, user=coordinator, source=ADMIN, comment="Kick-off"
    )

    record = agreement.history.latest()
    assert (record.status, record.history_user, record.history_source, record.history_change_reason) == (
        S.NEGOTIATING,
        coordinator,
        ADMIN,
        "Kick-off",
    )
    change = agreement.status_changes.get()
    assert (change.from_status, change.to_status, change.user, change.comment) == (
        S.DRAFT,
        S.NEGOTIATING,
        coordinator,
        "Kick-off",
    )
    assert change.at is not None


def test_a_regional_editor_drafts_and_negotiates_the_agreements_of_their_sites(editor):
    agreement = draft(site=site_in("DR04"))

    agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=editor, source=WEB)
    agreement_change_status(agreement=agreement, status=S.DRAFT, user=editor, source=WEB, comment="Back")

    assert stored(agreement).status == S.DRAFT
    moves = list(agreement.status_changes.values_list("from_status", "to_status", "user__username"))
    assert moves == [(S.NEGOTIATING, S.DRAFT, "claire"), (S.DRAFT, S.NEGOTIATING, "claire")]


@pytest.mark.parametrize(
    "start, target",
    [
        (S.NEGOTIATING, S.UNDER_REVIEW),
        (S.DRAFT, S.TERMINATED),
        (S.UNDER_REVIEW, S.NEGOTIATING),
        (S.UNDER_REVIEW, S.SIGNED),
        (S.SIGNED, S.TERMINATED),
    ],
)
def test_a_regional_editor_is_refused_the_coordinators_moves(editor, start, target):
    agreement = at(start, site=site_in("DR04"))

    with pytest.raises(PermissionDenied):
        agreement_change_status(agreement=agreement, status=target, user=editor, source=WEB)

    assert stored(agreement).status == start
    assert not AgreementStatusChange.objects.exists()


def test_a_regional_editor_is_refused_another_region_s_agreement(editor, other_editor):
    agreement = draft(site=site_in("DR04"))

    with pytest.raises(PermissionDenied):
        agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=other_editor, source=WEB)
    assert stored(agreement).status == S.DRAFT


def test_a_role_that_does_not_change_agreements_is_refused(viewer):
    agreement = draft(site=site_in("DR04"))
    with pytest.raises(PermissionDenied):
        agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=viewer, source=ADMIN)


def test_an_agreement_of_a_site_without_office_is_the_coordinators(editor, coordinator):
    agreement = draft()

    with pytest.raises(PermissionDenied):
        agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=editor, source=WEB)
    agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=coordinator, source=WEB)


def test_an_impossible_move_is_refused_and_nothing_is_written(coordinator):
    agreement = draft()

    with pytest.raises(ValidationError, match="cannot go from “Draft” to “Signed”"):
        agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)

    assert stored(agreement).status == S.DRAFT
    assert not agreement.status_changes.exists()
    assert agreement.history.count() == 1


def test_staying_in_the_same_status_is_refused(coordinator):
    agreement = draft()
    with pytest.raises(ValidationError, match="already “Draft”"):
        agreement_change_status(agreement=agreement, status=S.DRAFT, user=coordinator, source=ADMIN)


@pytest.mark.parametrize("status", [S.EXPIRED, S.TERMINATED])
def test_an_ended_agreement_goes_nowhere(coordinator, status):
    agreement = at(status)
    assert agreement_allowed_statuses(agreement=agreement, user=coordinator) == []
    with pytest.raises(ValidationError, match="cannot go from"):
        agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)


def test_signing_needs_the_date_and_the_document(coordinator):
    agreement = at(S.UNDER_REVIEW)

    with pytest.raises(ValidationError) as refused:
        agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)
    assert refused.value.messages == [
        "Signing needs the signature date.",
        "Signing needs the signed document.",
    ]

    agreement = stored(agreement)
    agreement.signed_on = today()
    agreement.document.save("convention.pdf", ContentFile(PDF), save=False)
    agreement.save()
    agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)
    assert stored(agreement).status == S.SIGNED


def test_signing_may_bring_its_date_and_document(coordinator, private_media):
    agreement = at(S.UNDER_REVIEW)
    upload = SimpleUploadedFile("Convention signée.pdf", PDF, content_type="application/pdf")

    agreement_change_status(
        agreement=agreement,
        status=S.SIGNED,
        user=coordinator,
        source=WEB,
        signed_on=today(),
        document=upload,
    )

    agreement = stored(agreement)
    assert (agreement.status, agreement.signed_on) == (S.SIGNED, today())
    assert agreement.document.name == f"agreements/{today().year}/Convention-signee.pdf"
    assert (private_media / agreement.document.name).read_bytes() == PDF


def test_signing_with_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_written(coordinator, private_media):
    agreement = at(S.UNDER_REVIEW)
    upload = SimpleUploadedFile("convention.pdf", b"<html>not a pdf</html>", content_type="application/pdf")

    with pytest.raises(ValidationError, match="must be a PDF"):
        agreement_change_status(
            agreement=agreement,
            status=S.SIGNED,
            user=coordinator,
            source=WEB,
            signed_on=today(),
            document=upload,
        )

    assert (stored(agreement).status, stored(agreement).document.name) == (S.UNDER_REVIEW, "")
    assert (agreement.status, agreement.document.name, agreement.signed_on) == (S.UNDER_REVIEW, "", None)
    assert not list(private_media.rglob("*.pdf"))


def test_the_full_life_of_an_agreement_is_logged_newest_first(coordinator):
    agreement = draft()
    agreement.signed_on = today()
    agreement.document.save("convention.pdf", ContentFile(PDF), save=False)
    agreement.save()

    for status in (S.NEGOTIATING, S.UNDER_REVIEW, S.SIGNED, S.TERMINATED):
        agreement_change_status(agreement=agreement, status=status, user=coordinator, source=ADMIN)

    assert list(agreement.status_changes.values_list("to_status", flat=True)) == [
        S.TERMINATED,
        S.SIGNED,
        S.UNDER_REVIEW,
        S.NEGOTIATING,
    ]


def test_only_an_agreement_past_its_end_expires():
    running = SiteAgreementFactory.create()
    with pytest.raises(ValidationError, match="end date has passed"):
        agreement_change_status(agreement=running, status=S.EXPIRED, user=None, source=COMMAND)

    ended = SiteAgreementFactory.create(
        start_date=today() - datetime.timedelta(days=800), end_date=today() - datetime.timedelta(days=1)
    )
    agreement_change_status(agreement=ended, status=S.EXPIRED, user=None, source=COMMAND)
    assert stored(ended).status == S.EXPIRED
    assert ended.status_changes.get().user is None


def test_the_buttons_offer_each_role_its_moves(editor, other_editor, coordinator, viewer):
    ours = draft(site=site_in("DR04"))
    negotiating = at(S.NEGOTIATING, site=site_in("DR04"))
    signed = SiteAgreementFactory.create(site=site_in("DR04"))
    ended = SiteAgreementFactory.create(
        site=site_in("DR04"),
        start_date=today() - datetime.timedelta(days=800),
        end_date=today() - datetime.timedelta(days=1),
    )

    assert agreement_allowed_statuses(agreement=ours, user=editor) == [S.NEGOTIATING]
    assert agreement_allowed_statuses(agreement=negotiating, user=editor) == [S.DRAFT]
    assert agreement_allowed_statuses(agreement=signed, user=editor) == []
    assert agreement_allowed_statuses(agreement=ours, user=other_editor) == []
    assert agreement_allowed_statuses(agreement=ours, user=viewer) == []
    assert agreement_allowed_statuses(agreement=ours, user=coordinator) == [S.NEGOTIATING, S.TERMINATED]
    assert agreement_allowed_statuses(agreement=negotiating, user=coordinator) == [
        S.DRAFT,
        S.UNDER_REVIEW,
        S.TERMINATED,
    ]
    assert agreement_allowed_statuses(agreement=signed, user=coordinator) == [S.TERMINATED]
    assert agreement_allowed_statuses(agreement=ended, user=coordinator) == [S.EXPIRED, S.TERMINATED]


def test_editors_change_an_agreement_s_content_only_while_it_is_drafted_or_negotiated(
    editor, other_editor, coordinator
):
    site = site_in("DR04")
    for status, editable in (
        (S.DRAFT, True),
        (S.NEGOTIATING, True),
        (S.UNDER_REVIEW, False),
        (S.SIGNED, False),
    ):
        agreement = at(status, site=site)
        assert agreement_content_editable(agreement=agreement, user=editor) is editable, status
        assert agreement_content_editable(agreement=agreement, user=coordinator), status
        assert not agreement_content_editable(agreement=agreement, user=other_editor), status


# --- renewal -------------------------------------------------------------------------------------------


def test_a_renewal_is_a_new_draft_with_the_signatories_and_covered_labs(editor):
    agreement = SiteAgreementFactory.create(site=site_in("DR04"), strategy="Stratégie commune")
    partners = PartnerFactory.create_batch(2)
    for partner in partners:
        AgreementSignatory.objects.create(agreement=agreement, partner=partner)
    labs = LabFactory.create_batch(3)
    agreement.covered_labs.set(labs)

    renewal = agreement_renew(agreement=agreement, user=editor, source=WEB)

    renewal = stored(renewal)
    assert renewal.pk != agreement.pk
    assert (renewal.status, renewal.renews, renewal.site) == (S.DRAFT, agreement, agreement.site)
    assert (renewal.title, renewal.strategy) == (agreement.title, "Stratégie commune")
    assert (renewal.reference, renewal.signed_on, renewal.start_date, renewal.end_date) == (
        "",
        None,
        None,
        None,
    )
    assert not renewal.document
    assert set(renewal.signatories.all()) == set(partners)
    assert set(renewal.covered_labs.all()) == set(labs)
    record = renewal.history.get()
    assert (record.history_type, record.history_user, record.history_source) == ("+", editor, WEB)
    assert {lab.lab_id for lab in record.covered_labs.all()} == {lab.pk for lab in labs}
    assert stored(agreement).status == S.SIGNED


@pytest.mark.parametrize("status", [S.DRAFT, S.NEGOTIATING, S.UNDER_REVIEW, S.TERMINATED])
def test_only_a_signed_or_expired_agreement_is_renewed(coordinator, status):
    agreement = at(status)
    with pytest.raises(ValidationError, match="Only a signed or expired agreement"):
        agreement_renew(agreement=agreement, user=coordinator, source=WEB)
    assert SiteAgreement.objects.count() == 1


def test_an_agreement_is_renewed_once(coordinator):
    agreement = SiteAgreementFactory.create()
    agreement_renew(agreement=agreement, user=coordinator, source=WEB)

    with pytest.raises(ValidationError, match="already renewed"):
        agreement_renew(agreement=agreement, user=coordinator, source=WEB)
    assert agreement.renewals.count() == 1


def test_renewing_is_refused_outside_the_user_s_scope(other_editor, viewer):
    agreement = SiteAgreementFactory.create(site=site_in("DR04"))
    for user in (other_editor, viewer):
        with pytest.raises(PermissionDenied):
            agreement_renew(agreement=agreement, user=user, source=WEB)
    assert not agreement.renewals.exists()


# --- expiry --------------------------------------------------------------------------------------------


def test_signed_agreements_past_their_end_are_moved_to_expired():
    yesterday = today() - datetime.timedelta(days=1)
    past = SiteAgreementFactory.create(
        start_date=yesterday - datetime.timedelta(days=700), end_date=yesterday
    )
    ending_today = SiteAgreementFactory.create(end_date=today())
    draft_past = draft(start_date=yesterday - datetime.timedelta(days=700), end_date=yesterday)

    expired = agreements_expire_past_end()

    assert expired == [past]
    assert [stored(a).status for a in (past, ending_today, draft_past)] == [S.EXPIRED, S.SIGNED, S.DRAFT]
    change = past.status_changes.get()
    assert (change.user, change.comment) == (None, "End date passed.")
    assert past.history.latest().history_source == COMMAND
    assert agreements_expire_past_end() == []


def test_an_agreement_whose_stored_document_is_missing_on_disk_still_moves(coordinator):
    yesterday = today() - datetime.timedelta(days=1)
    past = SiteAgreementFactory.create(end_date=yesterday, document="agreements/2020/lost.pdf")

    running = SiteAgreementFactory.create(document="agreements/2020/lost-too.pdf")

    assert agreements_expire_past_end() == [past]
    agreement_change_status(agreement=running, status=S.TERMINATED, user=coordinator, source=ADMIN)
    assert stored(running).status == S.TERMINATED


def test_a_signed_agreement_past_its_end_reads_expired_before_the_command_runs():
    yesterday = today() - datetime.timedelta(days=1)
    past = SiteAgreementFactory.build(end_date=yesterday)
    assert (past.status, past.display_status, past.display_status_label) == (S.SIGNED, S.EXPIRED, "Expired")
    assert SiteAgreementFactory.build(end_date=today()).display_status == S.SIGNED
    assert SiteAgreementFactory.build(end_date=None).display_status == S.SIGNED
    assert SiteAgreementFactory.build(status=S.DRAFT, end_date=yesterday).display_status == S.DRAFT
