"""The back-office in a real browser at 1366×768, a common office laptop: every admin list and the lab form
fit the window without scrolling sideways, on data with names as long as the real ones; each role's home,
a list and the refusal page are saved as screenshots to look at (test-artifacts/)."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import AgreementStatus, IndustrialKind, JuryOutcome, PiaAction, SeatKind
from labs.models import Succession, UnitType
from regions.models import OfficeMembership, OfficeService
from tests.conftest import PASSWORD
from tests.factories import (
    AgreementSignatoryFactory,
    BoardSeatFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    UserFactory,
    cnrs,
    institute,
    office,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
WIDTH, HEIGHT = 1366, 768
# The role groups are flushed with the live server's database: each account gets its role's permissions,
# as the role migrations give them: every role reads every kind of record, and changes some.
COORDINATOR_EDITS = [
    "view_every_office",
    "add_site",
    "change_site",
    "add_siteagreement",
    "change_siteagreement",
    "review_siteagreement",
    "add_reviewnote",
]
EDITOR_EDITS = ["add_lab", "change_lab", "add_supervision", "change_supervision"]

# What makes the page scroll sideways (and the first elements that stick out), the tables wider than their
# box, and the boxes that scroll sideways inside (a list's results, an inline).
OVERFLOWS = """() => {
  const found = [];
  const root = document.documentElement;
  const name = (el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`;
  if (root.scrollWidth > window.innerWidth) {
    found.push(`page: ${root.scrollWidth}px`);
    const wide = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth
    );
    found.push(...wide.slice(0, 5).map((el) => `${name(el)} ends at ${el.getBoundingClientRect().right}px`));
  }
  for (const table of document.querySelectorAll("#content table")) {
    const box = table.parentElement.closest(".module, fieldset, .results, #content-main");
    const [right, limit] = [table.getBoundingClientRect().right, box.getBoundingClientRect().right];
    if (table.offsetParent !== null && right > limit + 1) found.push(`${name(table)} ends at ${right}px, its box at ${limit}px`);
  }
  for (const el of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return found;
}"""


def staff(username: str, edits: list[str], *offices: str, **fields):
    """A staff account that reads every kind of record (not every office: `edits` may add that) and
    makes the changes `edits` names, member of `offices`."""
    user = UserFactory.create(username=username, is_staff=True, **fields)
    reads = Q(codename__startswith="view_", content_type__app_label__in=["regions", "labs", "agreements"])
    user.user_permissions.set(
        Permission.objects.filter(reads & ~Q(codename="view_every_office") | Q(codename__in=edits))
    )
    for code in offices:
        OfficeMembership.objects.create(user=user, office=office(code))
    return user


@pytest.fixture
def backoffice_data(reference_data):
    """A few records of every kind, with names as long as the real directory's longest."""
    universities = [
        PartnerFactory.create(
            name="Université Paris-Saclay — établissement public expérimental à caractère scientifique",
            acronym="UPSACLAY",
            city="Gif-sur-Yvette",
            ror="00pg6eq24",
            website="https://www.universite-paris-saclay.fr/recherche/laboratoires-et-plateformes",
        ),
        PartnerFactory.create(
            name="Centre hospitalier régional et universitaire de Clermont-Ferrand",
            acronym="CHRU-CLERMONT",
            city="Clermont-Ferrand",
        ),
        PartnerFactory.create(
            name="École nationale supérieure d'électrotechnique, d'électronique, d'informatique, "
            "d'hydraulique et des télécommunications",
            acronym="ENSEEIHT",
            city="Toulouse",
        ),
    ]
    names = [
        "Laboratoire interdisciplinaire des sciences du numérique, de l'environnement et de la santé publique",
        "Institut de chimie des substances naturelles et de pharmacologie moléculaire et cellulaire",
        "Centre de recherche en neurosciences cognitives, comportementales et computationnelles de Lyon",
        "Laboratoire de physique des deux infinis Irène Joliot-Curie",
        "Groupe de recherche en économie théorique et appliquée et en sciences sociales quantitatives",
    ]
    labs = []
    for index, name in enumerate(names * 3):
        lab = LabFactory.create(
            unit_type=UnitType.UMR,
            acronym=["LISN-ENVSANTE", "ICSN-PHARMA", "CRNL-COGNITION", "IJCLAB", "GREThA-SSQ"][index % 5],
            name=name,
            city="Saint-Martin-d'Hères" if index % 2 else "Gif-sur-Yvette",
            regional_office=office(["DR04", "DR12", "DR07"][index % 3]),
            primary_institute=institute(["INSHS", "INS2I", "INSB", "INP", "INC"][index % 5]),
            needs_review=index % 4 == 0,
            review_reason="Adresse postale à vérifier auprès de la délégation régionale"
            if index % 4 == 0
            else "",
        )
        SupervisionFactory.create(lab=lab, partner=cnrs(), unit_code=f"UMR{lab.unit_number}")
        for university in universities:
            SupervisionFactory.create(lab=lab, partner=university, unit_code=f"EA-{lab.unit_number}-ABCDEFGH")
        labs.append(lab)
    Succession.objects.create(predecessor=labs[0], successor=labs[1], kind="merger", year=TODAY.year - 2)
    OfficeService.objects.filter(office=office("DR04")).update(
        head="Marie-Christine de La Rochefoucauld-Montbel",
        email="service.partenariat.valorisation@dr4.cnrs.fr",
        phone="+33 1 69 82 30 30",
    )

    sites = []
    for name in ["Université Paris-Saclay et établissements associés", "Université Grenoble Alpes", "Lyon"]:
        site = SiteFactory.create(name=name, city=name.split()[-1])
        site.regional_offices.add(office("DR04"), office("DR12"))
        site.members.add(cnrs(), *universities)
        site.labs.add(*labs[:6])
        agreement = SiteAgreementFactory.create(
            site=site,
            title=f"Convention de site quinquennale {name} {TODAY.year - 2}–{TODAY.year + 2} : "
            "stratégie scientifique partagée et unités mixtes",
            reference=f"DGDS-DAPP-CS-{TODAY.year - 2}-{site.pk:04d}-RENOUV",
            end_date=TODAY + datetime.timedelta(days=150),
        )
        agreement.covered_labs.add(*labs[:4])
        AgreementSignatoryFactory.create(agreement=agreement, partner=universities[0])
        SiteAgreementFactory.create(
            site=site,
            title=f"Avenant n° 2 à la convention de site {name}",
            status=AgreementStatus.DRAFT,
            signed_on=None,
        )
        PiaProjectFactory.create(
            site=site,
            action=PiaAction.IDEX,
            acronym=f"IDEX-{site.pk}-EXCELLENCE",
            name=f"Initiative d'excellence {name} : université de recherche intensive",
            lead_partner=universities[0],
            outcome=JuryOutcome.CONFIRMED,
        )
        ReviewNoteFactory.create(
            site=site,
            reviewed_on=TODAY - datetime.timedelta(days=40),
            follow_up_on=TODAY - datetime.timedelta(days=3),
        )
        sites.append(site)
    BoardSeatFactory.create(
        partner=universities[0],
        body="Conseil d'administration et conseil académique de la communauté d'universités",
        kind=SeatKind.FOUNDING_MEMBER,
        holder="Marie-Christine de La Rochefoucauld-Montbel",
    )
    partnership = IndustrialPartnershipFactory.create(
        kind=IndustrialKind.PUBLIC_PRIVATE,
        title="Laboratoire commun de recherche sur les matériaux pour l'énergie et le stockage électrochimique",
    )
    partnership.companies.add(PartnerFactory.create(name="Compagnie industrielle des matériaux avancés"))
    partnership.labs.add(labs[0])
    staff(
        "marie-christine.delarochefoucauld",
        EDITOR_EDITS,
        "DR04",
        "DR12",
        first_name="Marie-Christine",
        last_name="de La Rochefoucauld-Montbel",
        email="marie-christine.delarochefoucauld@dr4.cnrs.fr",
    )
    return {"labs": labs, "sites": sites}


def log_in(page, live_server, username: str, path: str = "/admin/") -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#logout-form")).to_be_attached()


def serious_violations(page) -> list[str]:
    """The accessibility audit's serious and critical findings (axe-core), with the first elements named."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{found['id']}: {[node['target'] for node in found['nodes']][:3]}"
        for found in violations
        if found["impact"] in {"serious", "critical"}
    ]


def assert_fits(page, what: str) -> None:
    found = page.evaluate(OVERFLOWS)
    assert found == [], f"{what}: {found}"


def overflows(page) -> list[str]:
    return page.evaluate(OVERFLOWS)


def test_every_admin_list_and_the_lab_form_fit_a_1366_px_window(
    page, live_server, backoffice_data, artifacts_dir
):
    UserFactory.create(username="nadia", is_superuser=True)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(page, live_server, "nadia")

    problems = {}
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page.goto(live_server.url + url)
        expect(page.locator("#changelist")).to_be_visible()
        problems[url] = overflows(page)
    print({url: found for url, found in problems.items() if found})
    assert {url: found for url, found in problems.items() if found} == {}

    page.goto(live_server.url + reverse("admin:labs_lab_changelist"))
    assert serious_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "admin-lab-list.png"))
    lab = backoffice_data["labs"][0]
    page.goto(live_server.url + reverse("admin:labs_lab_change", args=[lab.pk]))
    expect(page.locator("#supervisions-group")).to_be_visible()
    assert_fits(page, "lab change form")
    page.locator("#supervisions-group").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(artifacts_dir, "admin-lab-form-supervisions.png"))

    # The same product in dark mode.
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + reverse("admin:labs_lab_changelist"))
    assert_fits(page, "lab list, dark")
    assert serious_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "admin-lab-list-dark.png"))


def test_each_role_finds_its_home_and_a_styled_refusal(page, live_server, backoffice_data, artifacts_dir):
    staff("karim", COORDINATOR_EDITS, first_name="Karim", last_name="Benali")
    staff("claire", EDITOR_EDITS, "DR04", first_name="Claire")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    log_in(page, live_server, "karim")
    expect(page.locator("#home-review .home-figures")).to_be_visible()
    expect(page.locator("#home-follow-ups tbody tr")).to_have_count(3)
    assert_fits(page, "coordinator's home")
    assert serious_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "admin-home-coordinator.png"), full_page=True)

    log_in(page, live_server, "claire")
    expect(page.locator("#home-offices")).to_contain_text(office("DR04").name)
    expect(page.locator("#home-labs tbody tr")).to_have_count(2)
    assert_fits(page, "editor's home")
    assert serious_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "admin-home-editor.png"), full_page=True)

    # A lab of another office: the refusal page, in the site's style and the user's language.
    other = next(lab for lab in backoffice_data["labs"] if lab.regional_office.code == "DR12")
    response = page.goto(live_server.url + reverse("admin:labs_lab_change", args=[other.pk]))
    assert response is not None and response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".site-header")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "error-403.png"), full_page=True)
    response = page.goto(f"{live_server.url}/en/admin/labs/lab/{other.pk}/change/")
    assert response is not None and response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Access denied")
