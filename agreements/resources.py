"""Export and import columns of the back-office lists of sites, agreements, PIA projects, board seats,
industrial partnerships and review notes (django-import-export).

Every column is readable and reads back (`regions.resources.ReadableResource`): labs by their unit code,
partners by their name (`labs.resources.LabsResource`), regional offices by their code in a list, sites by
their name, agreements by their title, statuses and kinds by their label. Each list's natural key:

- sites: their slug (the stable name of their public page, `/sites/<slug>/`);
- site agreements: their reference; one without a reference, its site and title. The status is read-only
  (it moves through the workflow's buttons, `agreements.services`), and an agreement's content is changed
  by whoever the workflow lets change it (`agreement_content_editable`: regional editors while it is
  drafted or negotiated); signatories are written one by one, each with its history row;
- PIA projects: their action and acronym; board seats: their partner, body and holder; industrial
  partnerships: their title. None has a unique identifier in the database: a key shared by two records is
  reported on its row.

Review notes only export: coordinators record them on the review pages.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from labs.resources import LabsResource, labs_resource
from regions.audit import IMPORT, audited_delete, audited_save
from regions.models import RegionalOffice
from regions.resources import HIDDEN_FIELDS, add_error, readable_field
from regions.scope import can_edit

from .models import (
    AgreementSignatory,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    ReviewNote,
    Site,
    SiteAgreement,
)
from .services import agreement_content_editable


def office_code(office: RegionalOffice) -> str:
    return office.code


def site_lookup(model: type[models.Model], text: str) -> list[Site]:
    """Sites by their name, else their slug."""
    return list(Site.objects.filter(name__iexact=text.strip())) or list(
        Site.objects.filter(slug=text.strip())
    )


def agreement_lookup(model: type[models.Model], text: str) -> list[SiteAgreement]:
    """Agreements by their reference, else their title."""
    text = text.strip()
    by_reference = list(SiteAgreement.objects.filter(reference=text)) if text else []
    return by_reference or list(SiteAgreement.objects.filter(title__iexact=text))


class SitesResource(LabsResource):
    """A readable resource that also finds sites and agreements by their names."""

    related_lookups = {**LabsResource.related_lookups, Site: site_lookup, SiteAgreement: agreement_lookup}


class SiteResource(SitesResource):
    class Meta:
        model = Site
        exclude = HIDDEN_FIELDS
        widgets = {"regional_offices": {"label": office_code}}
        import_id_fields = ["slug"]


class SiteAgreementResource(SitesResource):
    # As the list shows it: a signed agreement past its end reads "expired". Never imported.
    status = readable_field("display_status_label", _("status"))

    class Meta:
        model = SiteAgreement
        fields = [
            "site",
            "title",
            "reference",
            "status",
            "signed_on",
            "start_date",
            "end_date",
            "signatories",
            "covered_labs",
            "renews",
            "document_is_public",
            "strategy",
            "joint_unit_framework",
            "internal_notes",
        ]
        export_order = fields
        import_id_fields = ["reference"]

    def required_columns(self):
        return ["site", "title", "reference"]

    def instance_lookup(self, lookup, row):
        if lookup["reference"]:
            return lookup
        # Without a reference, an agreement is its site's agreement of that title.
        return {
            "reference": "",
            "site": self.fields["site"].clean(row),
            "title__iexact": self.fields["title"].clean(row),
        }

    def check_row(self, instance, stored, errors):
        if stored is not None and can_edit(self.user, stored) and not self.may_edit(stored):
            add_error(
                errors,
                NON_FIELD_ERRORS,
                gettext("“%(record)s” is %(status)s: only coordinators change its content.")
                % {"record": stored, "status": stored.display_status_label.lower()},
                "not_allowed",
            )
            return
        super().check_row(instance, stored, errors)

    def may_edit(self, obj):
        if obj.pk is None:
            return can_edit(self.user, obj)
        return agreement_content_editable(agreement=obj, user=self.user)

    def save_many(self, instance, name, values):
        if name != "signatories":
            super().save_many(instance, name, values)
            return
        # Signatories are records of their own, with their own history: written one by one.
        links = {link.partner_id: link for link in instance.signatory_links.all()}
        for partner in values:
            if links.pop(partner.pk, None) is None:
                audited_save(
                    AgreementSignatory(agreement=instance, partner=partner), user=self.user, source=IMPORT
                )
        for link in links.values():
            audited_delete(link, user=self.user, source=IMPORT)
        # The signatories read with the agreement are no longer the ones stored.
        getattr(instance, "_prefetched_objects_cache", {}).pop("signatories", None)


class PiaProjectResource(SitesResource):
    class Meta:
        model = PiaProject
        import_id_fields = ["action", "acronym"]


class BoardSeatResource(SitesResource):
    class Meta:
        model = BoardSeat
        import_id_fields = ["partner", "body", "holder"]


class IndustrialPartnershipResource(SitesResource):
    class Meta:
        model = IndustrialPartnership
        import_id_fields = ["title"]


ReviewNoteResource = labs_resource(ReviewNote)
