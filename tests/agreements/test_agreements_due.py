"""`manage.py agreements_due`: agreements ending soon, past their end (expired), follow-ups due, by region."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agreements.filters import add_months
from agreements.models import AgreementStatus, SiteAgreement
from regions.audit import COMMAND
from regions.models import RegionalOffice

from ..factories import ReviewNoteFactory, SiteAgreementFactory, site_in, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus
DAY = datetime.timedelta(days=1)


def ending(on: datetime.date, *codes: str, status: str = S.SIGNED, title: str = "") -> SiteAgreement:
    agreement = SiteAgreementFactory.create(
        site=site_in(*codes),
        start_date=on - datetime.timedelta(days=1000),
        end_date=on,
        **({"title": title} if title else {}),
    )
    if status != S.SIGNED:
        SiteAgreement.objects.filter(pk=agreement.pk).update(status=status)
        agreement.refresh_from_db()
    return agreement


def run(*args: str) -> str:
    out = StringIO()
    call_command("agreements_due", *args, stdout=out)
    return out.getvalue()


def section(output: str, heading: str) -> str:
    """The block of the output under one office's heading (blocks are separated by a blank line)."""
    return next(block for block in output.split("\n\n") if block.startswith(heading))


def test_it_lists_the_agreements_ending_within_the_window_edges_included():
    first = ending(today(), "DR04", title="Finit aujourd'hui")
    last = ending(add_months(today(), 12), "DR04", title="Finit dans un an")
    ending(add_months(today(), 12) + DAY, "DR04", title="Finit trop tard")

    output = run()

    assert first.title in output and last.title in output
    assert "Finit trop tard" not in output
    assert "Ending within 12 months:" in output


def test_the_window_is_given_in_months():
    ending(add_months(today(), 3), "DR04", title="Dans trois mois")
    ending(add_months(today(), 3) + DAY, "DR04", title="Juste après")

    output = run("--months", "3")

    assert "Dans trois mois" in output and "Juste après" not in output
    assert "Ending within 3 months:" in output


def test_agreements_not_signed_are_not_listed_as_ending():
    ending(today() + DAY, "DR04", status=S.NEGOTIATING, title="En négociation")
    assert run() == "Nothing due.\n"


def test_signed_agreements_past_their_end_are_listed_and_moved_to_expired():
    past = ending(today() - DAY, "DR04", title="Échue hier")
    expired_already = ending(today() - DAY * 30, "DR04", status=S.EXPIRED, title="Déjà échue")

    output = run()

    assert "Past their end date, now expired:" in output
    assert "Échue hier" in output and "Déjà échue" not in output
    past.refresh_from_db()
    assert past.status == S.EXPIRED
    assert past.history.latest().history_source == COMMAND
    assert past.status_changes.get().user is None
    assert expired_already.status_changes.count() == 0
    assert "Échue hier" not in run()


def test_review_follow_ups_due_are_listed_by_the_latest_note_of_each_site():
    due = site_in("DR04", name="Site à relancer")
    ReviewNoteFactory.create(site=due, reviewed_on=today() - DAY * 10, follow_up_on=today())
    later = site_in("DR04", name="Site à revoir plus tard")
    ReviewNoteFactory.create(site=later, reviewed_on=today() - DAY, follow_up_on=today() + DAY)
    settled = site_in("DR04", name="Site réglé")
    ReviewNoteFactory.create(site=settled, reviewed_on=today() - DAY * 20, follow_up_on=today() - DAY * 5)
    ReviewNoteFactory.create(site=settled, reviewed_on=today() - DAY * 2, follow_up_on=None)

    output = run()

    assert "Review follow-ups due:" in output
    assert "Site à relancer" in output
    assert "Site à revoir plus tard" not in output and "Site réglé" not in output


def test_items_are_grouped_by_region_under_each_office_of_their_site():
    ending(today() + DAY, "DR04", title="Convention francilienne")
    ending(today() + DAY, "DR12", title="Convention provençale")
    ending(today() + DAY, "DR04", "DR12", title="Convention partagée")
    ending(today() + DAY, title="Convention sans délégation")

    output = run()

    dr04, dr12 = section(output, "DR04"), section(output, "DR12")
    assert "Convention francilienne" in dr04 and "Convention provençale" not in dr04
    assert "Convention provençale" in dr12 and "Convention francilienne" not in dr12
    assert "Convention partagée" in dr04 and "Convention partagée" in dr12
    assert output.index("DR04 — ") < output.index("DR12 — ") < output.index("No regional office")
    assert "Convention sans délégation" in output[output.index("No regional office") :]


def test_a_negative_window_is_refused():
    with pytest.raises(CommandError):
        run("--months", "-1")


def test_without_email_nothing_is_sent(mailoutbox):
    ending(today() + DAY, "DR04")
    run()
    assert mailoutbox == []


def test_email_sends_each_office_its_part_and_the_coordinators_everything(mailoutbox, coordinator, editor):
    RegionalOffice.objects.filter(code="DR04").update(email="dr04@cnrs.example")
    RegionalOffice.objects.filter(code="DR12").update(email="dr12@cnrs.example")
    coordinator.email = "karim@cnrs.example"
    coordinator.save()
    editor.email = "claire@cnrs.example"
    editor.save()
    ending(today() + DAY, "DR04", title="Convention francilienne")
    ending(today() + DAY, "DR12", title="Convention provençale")
    ending(today() + DAY, title="Convention sans délégation")

    output = run("--email")

    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {("dr04@cnrs.example",), ("dr12@cnrs.example",), ("karim@cnrs.example",)}
    dr04 = by_recipient[("dr04@cnrs.example",)]
    assert "Convention francilienne" in dr04.body and "Convention provençale" not in dr04.body
    assert dr04.subject.endswith("— DR04")
    everything = by_recipient[("karim@cnrs.example",)].body
    for title in ("Convention francilienne", "Convention provençale", "Convention sans délégation"):
        assert title in everything
    assert "3 e-mails sent." in output


def test_email_skips_offices_without_an_address_and_inactive_coordinators(mailoutbox, coordinator):
    coordinator.email = "karim@cnrs.example"
    coordinator.is_active = False
    coordinator.save()
    ending(today() + DAY, "DR04")

    output = run("--email")

    assert mailoutbox == []
    assert "0 e-mails sent." in output


def test_nothing_due_sends_nothing(mailoutbox, coordinator):
    coordinator.email = "karim@cnrs.example"
    coordinator.save()
    assert run("--email") == "Nothing due.\n"
    assert mailoutbox == []
