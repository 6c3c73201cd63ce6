"""The API's reads: the public pages' querysets (each app's selectors, `cnrs_partners.directory.selectors`),
with what the API's serializers show of their relations read up front, so that a page of results costs the
same number of queries whatever its size."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from agreements import selectors as agreements_selectors
from agreements.models import Site, SiteAgreement
from cnrs_partners.directory.selectors import lab_public_queryset, office_list
from labs import selectors as labs_selectors
from labs.models import Institute, Lab, Partner
from regions.models import OfficeService, RegionalOffice

# What a partner's address may hold: its UAI (7 digits and a letter), its ROR identifier (0, 6 letters or
# digits, 2 digits), else its slug.
UAI_LENGTH = 8
ROR_LENGTH = 9


def lab_detail(*, rnsr: str) -> Lab:
    """One lab by its RNSR number (any case), with everything public about it, or 404."""
    lab = lab_public_queryset().filter(rnsr=rnsr.strip().upper()).first()
    if lab is None:
        raise Http404
    return lab


def partner_code(partner: Partner) -> str:
    """The code a partner is addressed by: its UAI, else its ROR identifier, else its slug."""
    return partner.uai or partner.ror or partner.slug


def partner_detail(*, code: str) -> Partner:
    """One partner by its UAI, ROR identifier or slug (the code's shape says which), with the public
    agreements it signed and the sites it belongs to, or 404."""
    code = code.strip()
    if len(code) == UAI_LENGTH and code[:7].isdigit():
        lookup = Q(uai=code.upper())
    elif len(code) == ROR_LENGTH and code.startswith("0") and code[-2:].isdigit():
        lookup = Q(ror=code.lower())
    else:
        lookup = Q(slug=code.lower())
    partner = (
        labs_selectors.partner_rows()
        .filter(lookup)
        .prefetch_related(
            Prefetch(
                "signed_agreements",
                queryset=SiteAgreement.objects.public().order_by("-start_date", "pk"),
                to_attr="public_agreements",
            ),
            Prefetch("sites", queryset=Site.objects.order_by("slug")),
        )
        .first()
    )
    if partner is None:
        raise Http404
    return partner


def site_detail(*, slug: str) -> Site:
    """One site by its slug, with its members, offices, public agreements and PIA projects, or 404."""
    site = (
        agreements_selectors.site_detail_queryset()
        .annotate(lab_count=Count("labs", distinct=True))
        .filter(slug=slug.strip().lower())
        .first()
    )
    if site is None:
        raise Http404
    return site


def _services() -> Prefetch:
    return Prefetch("services", queryset=OfficeService.objects.order_by("kind", "name"))


def office_rows() -> QuerySet[RegionalOffice]:
    """Every regional office with its number of active labs and its services."""
    return office_list().prefetch_related(_services())


def office_detail(*, code: str) -> RegionalOffice:
    """One office by its code (any case), or 404."""
    office = office_rows().filter(code=code.strip().upper()).first()
    if office is None:
        raise Http404
    return office


def institute_detail(*, acronym: str) -> Institute:
    institute = labs_selectors.institute_counts().filter(acronym=acronym.strip().upper()).first()
    if institute is None:
        raise Http404
    return institute
