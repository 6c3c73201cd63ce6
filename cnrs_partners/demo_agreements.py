"""Demo sites and what the CNRS signs with them: site agreements, PIA projects, board seats, industry.

Called by `cnrs_partners.demo.DemoBuilder` once the partners and labs exist. Every date is relative to
the builder's `today`, so the demo keeps its shape whatever the day it is seeded: agreements in every
status, some ending within twelve months, one still marked signed after its end. Signed agreements carry a
small generated PDF as their signed document, stored in the private storage as an upload would be, except
a couple (`WITHOUT_DOCUMENT`) that keep the missing-document warning demonstrable.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils.text import slugify

from agreements.models import (
    PUBLIC_AGREEMENT_STATUSES,
    AgreementSignatory,
    AgreementStatus,
    BoardSeat,
    IndustrialKind,
    IndustrialPartnership,
    IndustrialStatus,
    JuryOutcome,
    PiaProject,
    SeatKind,
    Site,
    SiteAgreement,
    private_document_storage,
)
from agreements.validators import agreement_document_path
from cnrs_partners.demo_data import CITIES, COMUES, SITE_EXCELLENCE, SITE_PROJECTS, STATUS_CYCLE
from labs.models import Lab, Partner

# The site whose current agreement is the data-quality case coordinators must see: still signed after
# its end (its status in STATUS_CYCLE is signed).
SIGNED_AFTER_END = 5
# The sites whose current signed agreement has no signed document attached: the warning coordinators see
# for it stays demonstrable while the other signed agreements open their PDF (both are signed in
# STATUS_CYCLE).
WITHOUT_DOCUMENT = (3, 12)


def sample_pdf(text: str) -> bytes:
    """A small valid one-page A4 PDF showing `text` (WinAnsi: accents and dashes print), for demo documents.

    Written by hand, cross-reference table included, so that the demo needs no PDF library.
    """
    escaped = text.encode("cp1252", "replace").replace(b"\\", b"\\\\")
    escaped = escaped.replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"BT /F1 16 Tf 72 760 Td (" + escaped + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _signed_document(agreement: SiteAgreement) -> ContentFile:
    """The agreement's demo PDF, to store through its `document` field (the private storage, under the
    name an upload would get). A re-seed (--replace) overwrites the earlier demo file instead of adding a
    copy beside it."""
    filename = f"demo-{agreement.reference}.pdf"
    private_document_storage().delete(agreement_document_path(agreement, filename))
    return ContentFile(sample_pdf(f"{agreement.title} ({agreement.reference})"), name=filename)


def build_sites_and_agreements(
    *,
    rng: random.Random,
    today: datetime.date,
    cnrs: Partner,
    partners: dict,
    labs: list[Lab],
    person: Callable[[], str],
) -> None:
    """Create the sites of `CITIES` with their members, labs, two agreements each and their projects."""
    site_cities = defaultdict(list)
    for city in CITIES:
        site_cities[city.site].append(city)
    labs_by_city = defaultdict(list)
    for lab in labs:
        labs_by_city[(lab.city, lab.postal_code)].append(lab)
    universities = partners["universities"]

    for index, (site_name, cities) in enumerate(site_cities.items()):
        site = Site.objects.create(
            name=site_name,
            slug=slugify(site_name),
            city=cities[0].name,
            description=f"Site universitaire {site_name}.",
        )
        site_labs = [lab for city in cities for lab in labs_by_city[(city.name, city.postal_code)]]
        members = list(dict.fromkeys(universities[(city.name, city.postal_code)] for city in cities))
        site.members.add(*members, cnrs)
        site.regional_offices.add(*{lab.regional_office_id for lab in site_labs if lab.regional_office_id})
        site.labs.add(*site_labs)
        _site_agreements(rng, today, index, site, members, cnrs, site_labs)
        _site_projects(rng, site, members, cnrs, site_labs)
        for member in members:
            BoardSeat.objects.create(
                partner=member,
                body="Conseil d'administration",
                kind=SeatKind.BOARD_SEAT,
                holder=person(),
                since=datetime.date(today.year - rng.randint(1, 4), 1, 1),
            )

    for comue, (*_rest, founded) in zip(partners["comues"], COMUES, strict=True):
        BoardSeat.objects.create(
            partner=comue,
            body="Membres fondateurs",
            kind=SeatKind.FOUNDING_MEMBER,
            since=datetime.date(founded, 1, 1),
        )
    _industrial_partnerships(rng, today, partners["companies"], labs)


def _site_agreements(rng, today, index, site, members, cnrs, site_labs) -> None:
    """The site's current agreement (its status from `STATUS_CYCLE`) and the previous one it renews."""
    status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
    start = datetime.date(today.year - rng.randint(0, 4), 1, 1)
    if index % 3 == 0:
        end = today + datetime.timedelta(days=rng.randint(30, 330))
    else:
        end = start.replace(year=start.year + 5) - datetime.timedelta(days=1)
    if index == SIGNED_AFTER_END:
        end = today - datetime.timedelta(days=rng.randint(10, 90))
        start = min(start, datetime.date(end.year - 1, 1, 1))
    if status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED):
        start, end = start.replace(year=start.year - 5), start - datetime.timedelta(days=1)
    previous = SiteAgreement(
        site=site,
        title=f"Convention de site {site.name} {start.year - 5}–{start.year - 1}",
        reference=f"CS-{index + 1:03d}-A",
        status=AgreementStatus.EXPIRED,
        signed_on=datetime.date(start.year - 5, 3, 1),
        start_date=datetime.date(start.year - 5, 1, 1),
        end_date=start - datetime.timedelta(days=1),
        strategy=f"Politique scientifique partagée du site {site.name}.",
    )
    previous.document = _signed_document(previous)
    previous.save()
    agreement = SiteAgreement(
        site=site,
        title=f"Convention de site {site.name} {start.year}–{end.year}",
        reference=f"CS-{index + 1:03d}-B",
        status=status,
        signed_on=start - datetime.timedelta(days=20) if status in PUBLIC_AGREEMENT_STATUSES else None,
        start_date=start,
        end_date=end,
        renews=previous,
        strategy=f"Stratégie scientifique commune du CNRS et des établissements du site {site.name}.",
        joint_unit_framework="Frais de gestion, valorisation et signature des publications des unités mixtes.",
        internal_notes="Point d'attention : calendrier de renouvellement à caler avec l'évaluation.",
    )
    if agreement.signed_on is not None and index not in WITHOUT_DOCUMENT:
        agreement.document = _signed_document(agreement)
    agreement.save()
    for current in (previous, agreement):
        AgreementSignatory.objects.bulk_create(
            [AgreementSignatory(agreement=current, partner=partner) for partner in [cnrs, *members]]
        )
        current.covered_labs.add(*[lab for lab in site_labs if not lab.is_closed and rng.random() < 0.85])


def _site_projects(rng, site, members, cnrs, site_labs) -> None:
    """The site's Idex or I-site, then its Labex, Equipex and graduate schools."""
    if site.name in SITE_EXCELLENCE:
        action, acronym, name, outcome, start_year, end_year = SITE_EXCELLENCE[site.name]
        project = PiaProject.objects.create(
            action=action,
            acronym=acronym,
            name=name,
            site=site,
            lead_partner=members[0],
            outcome=outcome,
            cnrs_role="Membre fondateur",
            start_year=start_year,
            end_year=end_year,
            funding=rng.randint(200, 900) * 1_000_000,
        )
        project.partners.add(cnrs, *members)
        project.labs.add(*site_labs[:40])
    for action, acronym, name, start_year, end_year in SITE_PROJECTS.get(site.name, []):
        project = PiaProject.objects.create(
            action=action,
            acronym=acronym,
            name=name,
            site=site,
            lead_partner=members[0],
            outcome=JuryOutcome.SELECTED,
            cnrs_role="Partenaire",
            start_year=start_year,
            end_year=end_year,
            funding=rng.randint(2, 20) * 1_000_000,
        )
        project.partners.add(cnrs, *members)
        project.labs.add(*rng.sample(site_labs, min(5, len(site_labs))))


def _industrial_partnerships(rng, today, companies, labs) -> None:
    """Two partnerships a company, started over the last nine years: the older ones have ended."""
    for index, company in enumerate(companies * 2):
        kind = list(IndustrialKind)[index % len(IndustrialKind)]
        start = datetime.date(today.year - 8 + index % 9, 1 + index % 12, 1)
        end = start.replace(year=start.year + 4)
        if start > today:
            status = IndustrialStatus.PLANNED
        elif end < today:
            status = IndustrialStatus.ENDED
        else:
            status = IndustrialStatus.ACTIVE
        partnership = IndustrialPartnership.objects.create(
            kind=kind,
            title=f"{kind.label} {company.name}",
            start_date=start,
            end_date=end,
            status=status,
            description="Partenariat de recherche et de valorisation.",
        )
        partnership.companies.add(company)
        partnership.labs.add(*rng.sample(labs, min(3, len(labs))))
