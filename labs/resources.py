"""Export and import columns of the back-office lists of labs, partners, supervisions and successions
(django-import-export).

Headers, related records, choices and dates are written and read back as staff read them by
`ReadableResource` (`regions.resources`); here, which columns each list has, how a lab or a partner is named
in a cell and found from it (`LabsResource`, shared with the agreements' lists), each list's natural key,
and the rules of labs and partners an imported row goes through, asked of `labs.services`:

- labs are matched on their RNSR number; the code column ("UMR 8502") writes the unit number, its prefix
  checked against the unit type; a new lab, or one whose postal code or city changes, has its place read
  as the admin form reads it (`lab_apply_place`);
- supervisions are matched on (lab, partner), the lab named by its RNSR number when the row gives it, else
  by its unit code, the partner by its UAI when given, else by its name; the institutions a lab would have
  once the file is imported must fit its unit type (`lab_supervision_errors`);
- successions are matched on (predecessor, successor), named likewise;
- partners are matched on their slug (the stable name of their public page, `/partners/<slug>/`): many
  partners (companies, foreign institutions) have no UAI; a partner is saved through `partner_update`, so
  that only national administrators change who a partner is (name, identifiers).
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regions.audit import IMPORT
from regions.resources import (
    HIDDEN_FIELDS,
    ImportField,
    ReadableResource,
    add_error,
    readable_field,
    readable_resource,
)
from regions.widgets import CellError, TextWidget, as_text

from .models import Institute, Lab, Partner, Succession, Supervision, SupervisionKind, UnitType
from .services import (
    PARTNER_IDENTITY_FIELDS,
    SupervisionInput,
    lab_apply_place,
    lab_supervision_errors,
    partner_update,
)

UNIT_CODE = re.compile(r"([A-Za-z]*)\s*(\d[\w-]*)?")


def lab_code(lab: Lab) -> str:
    """How a lab is named in a cell: its unit code ("UMR 8502"), else its RNSR number."""
    return lab.code or lab.rnsr


def partner_name(partner: Partner) -> str:
    return partner.name


def split_unit_code(text: str) -> tuple[str, str]:
    """("UMR", "8502") for "UMR 8502" or "umr8502", ("", "8502") for "8502"; CellError when not a code."""
    match = UNIT_CODE.fullmatch(text.strip())
    if match is None or (match[1] and not match[2]):
        raise CellError(gettext("“%(value)s” is not a unit code such as “UMR 8502”.") % {"value": text})
    return match[1].upper(), match[2] or ""


def lab_lookup(model: type[models.Model], text: str) -> list[Lab]:
    """Labs by their RNSR number, else by their unit code ("UMR 8502", "UMR8502", "8502")."""
    text = text.strip()
    by_rnsr = list(Lab.objects.filter(rnsr=text.upper()))
    if by_rnsr:
        return by_rnsr
    try:
        prefix, number = split_unit_code(text)
    except CellError:
        return []
    labs = Lab.objects.filter(unit_number=number)
    return list(labs.filter(unit_type=prefix) if prefix else labs) if number else []


def partner_lookup(model: type[models.Model], text: str) -> list[Partner]:
    """Partners by their name, else their UAI, slug, name and acronym as `str` writes them, or acronym."""
    text = text.strip()
    lookups: list[dict] = [{"name__iexact": text}, {"uai": text.upper()}, {"slug": text}]
    if match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text):
        lookups.append({"name__iexact": match[1], "acronym__iexact": match[2]})
    lookups.append({"acronym__iexact": text})
    for lookup in lookups:
        found = list(Partner.objects.filter(**lookup))
        if found:
            return found
    return []


def institute_lookup(model: type[models.Model], text: str) -> list[Institute]:
    return list(Institute.objects.filter(acronym__iexact=text.strip()))


class LabsResource(ReadableResource):
    """A readable resource whose columns name labs by their unit code and partners by their name, and find
    them back by those or by their RNSR number and UAI."""

    related_labels = {Lab: lab_code, Partner: partner_name}
    related_lookups = {
        **ReadableResource.related_lookups,
        Lab: lab_lookup,
        Partner: partner_lookup,
        Institute: institute_lookup,
    }


def labs_resource(model: type[models.Model]) -> type[ReadableResource]:
    """Every field of `model`, readable, labs and partners named as in `LabsResource`."""
    return readable_resource(model, LabsResource)


class UnitCodeField(ImportField):
    """The unit code ("UMR 8502"): written from the unit type and number, read into the number (the type
    has its own column; `LabResource.prepare_row` checks that the code's prefix agrees with it)."""

    def get_value(self, instance):
        return instance.code

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = as_text(row[self.column_name]).strip()
        if text == instance.code:
            return
        prefix, number = split_unit_code(text)
        instance.unit_number = number
        instance._import_code_prefix = prefix


class LabResource(LabsResource):
    code = UnitCodeField(attribute="unit_number", column_name=capfirst(_("code")), widget=TextWidget())
    error_fields = {"unit_number": "code", "slug": "code"}

    class Meta:
        model = Lab
        fields = [
            "code",
            "rnsr",
            "unit_type",
            "acronym",
            "name",
            "regional_office",
            "primary_institute",
            "secondary_institutes",
            "city",
            "postal_code",
            "director",
            "status",
            "closed_on",
            "needs_review",
            "contract_start",
            "contract_end",
            "parent",
        ]
        export_order = fields
        import_id_fields = ["rnsr"]

    def prepare_row(self, instance, row, errors, number):
        prefix = instance.__dict__.pop("_import_code_prefix", "")
        expected = "" if instance.unit_type == UnitType.OTHER else instance.unit_type
        if prefix and prefix != expected:
            add_error(
                errors,
                "code",
                gettext(
                    "The code starts with “%(prefix)s” but the unit type is “%(type)s”: change one or the other."
                )
                % {"prefix": prefix, "type": instance.get_unit_type_display()},
                "invalid",
            )
            return
        stored = instance._import_stored
        if stored is None and not instance.slug:
            taken = Lab.objects.filter(slug=instance.default_slug()).exists()
            instance.slug = instance.rnsr.lower() if taken else instance.default_slug()
        if stored is None or (stored.postal_code, stored.city) != (instance.postal_code, instance.city):
            # The place is read as the admin form reads it: official city, country, office from the département.
            office_chosen = instance.regional_office_id != (stored.regional_office_id if stored else None)
            reason = lab_apply_place(lab=instance, user=self.user, office_chosen=office_chosen)
            if reason:
                self.note(number, self.column_of("postal_code"), reason)


class PartnerResource(LabsResource):
    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "slug",
            "kind",
            "uai",
            "siret",
            "ror",
            "country",
            "city",
            "website",
            "email",
            "phone",
        ]
        export_order = fields
        import_id_fields = ["slug"]

    def do_instance_save(self, instance, is_create):
        # Through the service that keeps who a partner is (name, identifiers) to national administrators.
        stored = instance._import_stored
        names = [field.name for field in Partner._meta.concrete_fields if field.name not in HIDDEN_FIELDS]
        values = {
            name: getattr(instance, name)
            for name in names
            if stored is None or getattr(stored, name) != getattr(instance, name)
        }
        try:
            with transaction.atomic():
                partner_update(partner=instance, values=values, user=self.user, source=IMPORT)
        except PermissionDenied as error:
            # On the file's columns: `name` stands for its French column `name_fr` (labs.translation).
            identity = [
                name for name in values if name in PARTNER_IDENTITY_FIELDS and name in self.fields
            ] or [NON_FIELD_ERRORS]
            raise ValidationError(
                {name: ValidationError(str(error), code="not_allowed") for name in identity}
            ) from None


class SupervisionResource(LabsResource):
    lab_rnsr = readable_field("lab__rnsr", _("RNSR number"))
    office = readable_field("lab__regional_office", _("regional office"))
    partner_uai = readable_field("partner__uai", _("UAI"))
    named_by = {"lab": "lab_rnsr", "partner": "partner_uai"}

    class Meta:
        model = Supervision
        fields = [
            "lab",
            "lab_rnsr",
            "office",
            "partner",
            "partner_uai",
            "kind",
            "unit_code",
            "since",
            "until",
        ]
        export_order = fields
        import_id_fields = ["lab", "partner"]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rule_errors = self.supervision_rule_errors(dataset)

    def supervision_rule_errors(self, dataset) -> dict[int, list]:
        """Why the institutions of each lab the file changes, as the file would leave them, break the rule
        of its unit type (`labs.services.lab_supervision_errors`), by lab id."""
        planned: dict[Lab, dict[int, SupervisionInput]] = {}
        changed: set[Lab] = set()
        kind_column = str(self.fields["kind"].column_name)
        for row in dataset.dict:
            self.before_import_row(row)
            try:
                lab, partner = self.fields["lab"].clean(row), self.fields["partner"].clean(row)
                kind = self.fields["kind"].clean(row) if kind_column in row else None
            except ValueError:
                continue  # reported on its row
            if lab is None or partner is None:
                continue
            if lab not in planned:
                planned[lab] = {
                    item.partner_id: SupervisionInput(partner=item.partner, kind=item.kind)
                    for item in lab.supervisions.select_related("partner")
                }
            before = planned[lab].get(partner.pk)
            kind = kind or (before.kind if before else SupervisionKind.SUPERVISOR)
            if before is None or before.kind != kind:
                changed.add(lab)
            planned[lab][partner.pk] = SupervisionInput(partner=partner, kind=kind)
        errors = {
            lab.pk: lab_supervision_errors(lab=lab, supervisions=list(planned[lab].values()))
            for lab in changed
        }
        return {pk: messages for pk, messages in errors.items() if messages}

    def check_row(self, instance, stored, errors):
        super().check_row(instance, stored, errors)
        for message in self.rule_errors.get(instance.lab_id, []):
            add_error(
                errors,
                "kind",
                gettext("Once the file is imported, %(lab)s: %(rule)s")
                % {"lab": lab_code(instance.lab), "rule": message},
                "rule",
            )


class SuccessionResource(LabsResource):
    predecessor_rnsr = readable_field("predecessor__rnsr", _("RNSR number of the predecessor"))
    successor_rnsr = readable_field("successor__rnsr", _("RNSR number of the successor"))
    named_by = {"predecessor": "predecessor_rnsr", "successor": "successor_rnsr"}

    class Meta:
        model = Succession
        fields = ["predecessor", "predecessor_rnsr", "successor", "successor_rnsr", "kind", "year"]
        export_order = fields
        import_id_fields = ["predecessor", "successor"]
