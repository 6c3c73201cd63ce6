"""A coordinator's review in a real browser: the dashboard filtered to the agreements ending within 12
months, a site's file, a review recorded, an agreement under review signed with its PDF and the PDF
downloaded; screenshots at 1366 × 768 (no horizontal scroll) and of the print view (no navigation)."""

import datetime
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import AgreementStatus, JuryOutcome, PiaAction, ReviewNote, SiteAgreement
from cnrs_partners.demo_agreements import sample_pdf
from labs.models import LabStatus
from tests.conftest import PASSWORD
from tests.factories import (
    BoardSeatFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SiteFactory,
    UserFactory,
    cnrs,
    institute,
    office,
    umr,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# What the coordinators' group holds (the role groups are flushed with the live server's database).
COORDINATOR_PERMISSIONS = [
    "view_every_office",
    "view_site",
    "change_site",
    "view_siteagreement",
    "add_siteagreement",
    "change_siteagreement",
    "review_siteagreement",
    "view_piaproject",
    "view_boardseat",
    "view_lab",
    "view_partner",
    "add_reviewnote",
    "view_reviewnote",
]


@pytest.fixture
def karim(reference_data):
    user = UserFactory.create(username="karim", first_name="Karim", last_name="Benali", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=COORDINATOR_PERMISSIONS))
    return user


def make_site(name: str, slug: str, code: str, end: datetime.date, *, covered: int, uncovered: int):
    university = PartnerFactory.create(name=f"Université {name}", acronym=slug.split("-")[0].upper()[:8])
    site = SiteFactory.create(name=name, slug=slug, city=name.split("-")[0])
    site.regional_offices.add(office(code))
    site.members.add(university, cnrs())
    labs = [
        umr(
            university=university,
            regional_office=office(code),
            primary_institute=institute(acronym),
            contract_start=datetime.date(TODAY.year - 3, 1, 1),
            contract_end=datetime.date(TODAY.year + 2, 12, 31),
        )
        for acronym in ["INP", "INP", "INC", "INSB", "INS2I", "INSHS"][: covered + uncovered]
    ]
    previous = SiteAgreementFactory.create(
        site=site,
        title=f"Convention de site {name} {TODAY.year - 7}–{TODAY.year - 3}",
        status=AgreementStatus.EXPIRED,
        signed_on=datetime.date(TODAY.year - 7, 1, 10),
        start_date=datetime.date(TODAY.year - 7, 1, 1),
        end_date=datetime.date(TODAY.year - 3, 12, 31),
        document="agreements/old.pdf",
    )
    agreement = SiteAgreementFactory.create(
        site=site,
        title=f"Convention de site {name} {TODAY.year - 2}–{end.year}",
        end_date=end,
        renews=previous,
        document="agreements/signed.pdf",
        strategy="Une stratégie scientifique partagée : physique, chimie, numérique.",
        joint_unit_framework="Frais de gestion : 4 % ; publications signées « CNRS – Université ».",
    )
    agreement.signatories.add(university, cnrs())
    site.labs.add(*labs)
    agreement.covered_labs.add(*labs[:covered])
    return site


def test_a_coordinator_finds_the_agreements_ending_within_a_year_opens_a_site_and_records_a_review(
    page, live_server, karim, artifacts_dir
):
    saclay = make_site("Paris-Saclay", "paris-saclay", "DR04", TODAY + 150 * DAY, covered=4, uncovered=2)
    make_site(
        "Grenoble Alpes",
        "grenoble-alpes",
        "DR11",
        datetime.date(TODAY.year + 3, 12, 31),
        covered=3,
        uncovered=0,
    )
    lyon = make_site("Lyon", "lyon", "DR07", TODAY - 20 * DAY, covered=2, uncovered=1)
    # Lyon's renewal, under review, runs from the day after the old agreement ended: signed, it is in force.
    lyon_renewal = SiteAgreementFactory.create(
        site=lyon,
        renews=lyon.agreements.get(status=AgreementStatus.SIGNED),
        title="Convention de site Lyon (renouvellement)",
        status=AgreementStatus.UNDER_REVIEW,
        signed_on=None,
        start_date=TODAY - 19 * DAY,
        end_date=datetime.date(TODAY.year + 5, 12, 31),
    )
    SiteAgreementFactory.create(
        site=saclay,
        title="Convention de site Paris-Saclay (renouvellement)",
        status=AgreementStatus.NEGOTIATING,
        signed_on=None,
    )
    PiaProjectFactory.create(
        site=saclay,
        action=PiaAction.IDEX,
        acronym="UPSaclay",
        outcome=JuryOutcome.CONFIRMED,
        start_year=TODAY.year - 12,
    )
    PiaProjectFactory.create(
        site=lyon, action=PiaAction.IDEX, acronym="IDEXLYON", outcome=JuryOutcome.STOPPED
    )
    BoardSeatFactory.create(partner=saclay.members.exclude(uai=cnrs().uai).get(), holder="Antoine Petit")
    saclay.labs.add(
        LabFactory.create(status=LabStatus.ACTIVE, needs_review=True, review_reason="Adresse à vérifier")
    )
    page.set_viewport_size({"width": 1366, "height": 768})

    # Log in to the back-office and follow its link to the review.
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "karim")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.locator("#backoffice-links a[href='/review/']").click()
    expect(page).to_have_url(f"{live_server.url}/review/")
    rows = page.locator("#sites tbody tr")
    expect(rows).to_have_count(3)
    # Attention first: Lyon's agreement is still signed after its end, then Saclay ends within the year.
    expect(rows.nth(0)).to_contain_text("Lyon")
    expect(rows.nth(1)).to_contain_text("Paris-Saclay")
    # Each institute says how many sites have one of its labs.
    expect(page.locator("#id_institute option[value=INP]")).to_have_text(re.compile(r" \(3\)$"))
    expect(page.locator("#id_institute option[value=INSHS]")).to_have_text(re.compile(r" \(1\)$"))
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-dashboard.png"), full_page=True)

    # The agreements ending within 12 months, with the units they cover, on one screen.
    page.locator("#id_ends_within").fill("12")
    page.locator(".review-filters button[type=submit]").click()
    assert "ends_within=12" in page.url
    expect(rows).to_have_count(1)
    expect(rows.locator("th")).to_have_text(["Paris-Saclay"])
    for lab in saclay.agreements.get(status=AgreementStatus.SIGNED).covered_labs.all():
        expect(rows.first).to_contain_text(lab.code)
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-dashboard-ending.png"), full_page=True)
    assert not blocking_violations(page)

    # Open the site's file: the timeline and the charts are drawn on the server.
    rows.first.locator("th a").click()
    expect(page).to_have_url(f"{live_server.url}/review/sites/paris-saclay/")
    expect(page.locator("svg.review-chart")).to_have_count(3)
    expect(page.locator("#warnings")).to_contain_text("Adresse à vérifier")
    expect(page.locator("main")).to_contain_text("UPSaclay")
    assert not blocking_violations(page)

    # Record the decision of the meeting.
    follow_up = TODAY + 60 * DAY
    page.locator("#id_decision").select_option("prepare_renewal")
    page.locator("#id_comment").fill("Réunion avec la présidence : préparer le renouvellement.")
    page.locator("#id_follow_up_on").fill(follow_up.isoformat())
    page.locator("#review-note-form [type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/review/sites/paris-saclay/#review-notes")
    expect(page.locator(".review-messages .alert-success")).to_have_count(1)
    expect(page.locator(".review-notes")).to_contain_text("préparer le renouvellement")
    note = ReviewNote.objects.get()
    assert (note.author, note.follow_up_on, note.history.get().history_user) == (karim, follow_up, karim)
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-site-file.png"), full_page=True)

    # The print view: no navigation, no breadcrumbs and no forms; the SVGs are kept; nothing wider than
    # the page, on screen width as on an A4 page.
    page.emulate_media(media="print")
    for hidden in [".site-header", "nav", ".review-crumbs", "#review-note-form", ".transition-form"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("svg.review-chart").first).to_be_visible()
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-site-file-print.png"), full_page=True)
    page.set_viewport_size({"width": 794, "height": 1123})
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-site-file-print-a4.png"), full_page=True)
    page.pdf(path=os.path.join(artifacts_dir, "review-site-file.pdf"), format="A4")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1366, "height": 768})

    # Back to the dashboard: sign Lyon's renewal with its date and its PDF.
    page.locator(".review-crumbs a[href='/review/']").click()
    page.locator("#sites tbody th a", has_text="Lyon").click()
    expect(page).to_have_url(f"{live_server.url}/review/sites/lyon/")
    card = page.locator(f"#agreement-{lyon_renewal.pk}")
    expect(card.locator(".status-under_review")).to_be_visible()
    pdf = sample_pdf("Convention de site Lyon – signée")
    card.locator("textarea[name=comment]").fill("Signée par les deux présidents.")
    card.locator("input[name=signed_on]").fill((TODAY - 30 * DAY).isoformat())
    card.locator("input[name=document]").set_input_files(
        files=[{"name": "Convention Lyon signée.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    card.locator("button[name=status][value=signed]").click()
    expect(page).to_have_url(f"{live_server.url}/review/sites/lyon/#agreement-{lyon_renewal.pk}")
    expect(page.locator(".review-messages .alert-success")).to_have_count(1)
    # Signed, it is now the agreement in force, with its document.
    card = page.locator("#agreement-title ~ .agreement-card").first
    expect(card).to_have_id(f"agreement-{lyon_renewal.pk}")
    expect(card.locator(".status-signed")).to_be_visible()
    signed = SiteAgreement.objects.get(pk=lyon_renewal.pk)
    assert (signed.status, signed.signed_on) == (AgreementStatus.SIGNED, TODAY - 30 * DAY)
    assert signed.document.name == f"agreements/{TODAY.year}/Convention-Lyon-signee.pdf"
    move = signed.status_changes.get()
    assert (move.from_status, move.user, move.comment) == (
        AgreementStatus.UNDER_REVIEW,
        karim,
        "Signée par les deux présidents.",
    )

    link = card.locator(f"a[href='/review/agreements/{lyon_renewal.pk}/document/']")
    expect(link).to_be_visible()
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == pdf
    assert not horizontal_overflow(page)
    page.screenshot(path=os.path.join(artifacts_dir, "review-site-file-signed.png"), full_page=True)


def horizontal_overflow(page) -> list[str]:
    """What is wider than the window (the first elements that stick out), or scrolls sideways inside its box
    (a table in .table-responsive)."""
    return page.evaluate(
        """() => {
            const found = [];
            const root = document.documentElement;
            if (root.scrollWidth > root.clientWidth) {
                found.push(`page: ${root.scrollWidth} > ${root.clientWidth}`);
                const wide = [...document.body.querySelectorAll("*")].filter(
                    (element) => element.getBoundingClientRect().right > root.clientWidth
                );
                found.push(...wide.slice(0, 5).map((element) => `${element.tagName}.${element.className}`));
            }
            for (const box of document.querySelectorAll(".table-responsive")) {
                if (box.offsetParent !== null && box.scrollWidth > box.clientWidth)
                    found.push(`${box.firstElementChild.id || "table"}: ${box.scrollWidth} > ${box.clientWidth}`);
            }
            return found;
        }"""
    )


def blocking_violations(page) -> list[str]:
    response = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
