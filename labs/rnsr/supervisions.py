"""Planning the partners of an RNSR import: which institution each position of the file names (an
existing partner or a new one), and the supervisions to add to or change on each lab."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from labs.models import Partner, PartnerKind, Supervision, SupervisionKind
from regions.bulk import new_record
from regions.languages import source_language
from regions.text import fold

from .plan import FieldUpdate, LabPlan
from .problems import Level, ProblemLog
from .rows import PartnerRow

PARTNER_KINDS = {
    "UNIV": PartnerKind.UNIVERSITY,
    "UNIV_ETR": PartnerKind.FOREIGN,
    "OP_PUB_ETR": PartnerKind.FOREIGN,
    "EPST": PartnerKind.RESEARCH_ORGANISATION,
    "EPIC": PartnerKind.RESEARCH_ORGANISATION,
    "AUT_ETAB": PartnerKind.SCHOOL,
    "MEDIC": PartnerKind.HOSPITAL,
    "FONDATION": PartnerKind.FOUNDATION,
    "PRIVE": PartnerKind.COMPANY,
    "SITE": PartnerKind.COMUE,
}


def identity(obj) -> Any:
    """A stable key for a saved object (its pk) or an unsaved one (its identity)."""
    return obj.pk if obj.pk is not None else ("new", id(obj))


class PartnerIndex:
    """Finds the partner of a file position: by UAI, then SIRET (or its SIREN), then folded name."""

    def __init__(self, partners: Iterable[Partner]):
        self.by_uai: dict[str, Partner] = {}
        self.by_siret: dict[str, Partner] = {}
        self.by_name: dict[str, Partner] = {}
        self.slugs: set[str] = set()
        self.names: dict[int, str] = {}
        self.by_id: dict[int, Partner] = {}
        for partner in partners:
            self.add(partner)
            self.names[partner.pk] = partner.name
            self.by_id[partner.pk] = partner

    def add(self, partner: Partner) -> None:
        if partner.uai:
            self.by_uai.setdefault(partner.uai, partner)
        if partner.siret:
            self.by_siret.setdefault(partner.siret, partner)
        self.by_name.setdefault(fold(partner.name), partner)
        self.slugs.add(partner.slug)

    def match(self, row: PartnerRow) -> Partner | None:
        if row.uai and row.uai in self.by_uai:
            return self.by_uai[row.uai]
        if row.siret:
            for key in (row.siret, row.siret[:9]):
                if key in self.by_siret:
                    return self.by_siret[key]
        candidate = self.by_name.get(fold(row.name))
        if candidate is None:
            return None
        # Same name but different identifiers: two institutions, not one.
        if (row.uai and candidate.uai and row.uai != candidate.uai) or (
            row.siret and candidate.siret and row.siret[:9] != candidate.siret[:9]
        ):
            return None
        return candidate

    def unique_slug(self, partner: Partner) -> str:
        base = slugify(partner.acronym or partner.name)[:100] or "partner"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        return slug


@dataclass(frozen=True)
class ListedPartner:
    """A partner the file lists for a lab: as supervisor or participant, the unit code it gives, where."""

    partner: Partner
    kind: SupervisionKind
    unit_code: str
    position: int

    def merged_with(self, row: PartnerRow) -> "ListedPartner":
        """The same partner listed again: a supervisor at either position, and the first unit code given."""
        return replace(
            self,
            kind=row.kind if row.kind == SupervisionKind.SUPERVISOR else self.kind,
            unit_code=self.unit_code or row.unit_code,
        )


class SupervisionPlanner:
    """Plans the partners and supervisions of each lab; collects what is new or changed."""

    def __init__(
        self,
        *,
        partners: PartnerIndex,
        supervisions: dict[int, dict[int, Supervision]],
        code_owners: dict[tuple[Any, str], str],
        log: ProblemLog,
    ):
        self.partners = partners
        self.supervisions = supervisions  # saved supervisions of the labs in the file, by lab, then partner
        self.code_owners = code_owners  # the lab (RNSR) that holds each (partner, unit code)
        self.log = log
        self.new_partners: list[Partner] = []
        self.new_supervisions: list[Supervision] = []
        self.changed_supervisions: list[FieldUpdate[Supervision]] = []

    def partner_for(self, row: PartnerRow) -> Partner:
        partner = self.partners.match(row)
        if partner is not None:
            return partner
        kind = PARTNER_KINDS.get(row.nature, PartnerKind.OTHER)
        with source_language():
            partner = new_record(
                Partner,
                name=row.name,
                acronym=row.acronym,
                kind=kind,
                country="" if kind == PartnerKind.FOREIGN else "FR",
                uai=row.uai,
                siret=row.siret,
            )
        partner.slug = self.partners.unique_slug(partner)
        partner.refresh_search_text()
        self.partners.add(partner)
        self.new_partners.append(partner)
        return partner

    def listed_partners(self, item: LabPlan) -> dict[Any, ListedPartner]:
        """The partners the file lists for this lab, once each (by `identity`), in the file's order."""
        record = item.record
        listed: dict[Any, ListedPartner] = {}
        for row in record.partners:
            partner = self.partner_for(row)
            key = identity(partner)
            if key in listed:
                self.log.add(
                    Level.WARNING,
                    "duplicate_partner",
                    record,
                    "tutelles",
                    _("position %(position)s: %(name)s is already listed at position %(first)s; kept once.")
                    % {"position": row.position, "name": partner.name, "first": listed[key].position},
                )
                listed[key] = listed[key].merged_with(row)
                continue
            listed[key] = ListedPartner(partner, row.kind, row.unit_code, row.position)
        return listed

    def plan(self, item: LabPlan) -> tuple[str, ...]:
        """Plan the supervisions of one lab; the ones added or changed, as the report shows them."""
        record, lab = item.record, item.lab
        listed = self.listed_partners(item)
        current = self.supervisions.get(lab.pk, {}) if lab.pk else {}
        self.check_supervisor_rule(item, listed, current)
        shown = []
        for key, entry in listed.items():
            partner, kind, unit_code = entry.partner, entry.kind, entry.unit_code
            if unit_code:
                owner = self.code_owners.get((key, unit_code))
                if owner and owner != record.rnsr:
                    self.log.add(
                        Level.WARNING,
                        "unit_code_conflict",
                        record,
                        "label_numero",
                        _("%(partner)s already gives “%(code)s” to %(owner)s; the code is not recorded here.")
                        % {"partner": partner.name, "code": unit_code, "owner": owner},
                    )
                    unit_code = ""
                else:
                    self.code_owners[(key, unit_code)] = record.rnsr
            supervision = current.get(key) if isinstance(key, int) else None
            if supervision is None:
                self.new_supervisions.append(
                    new_record(Supervision, lab=lab, partner=partner, kind=kind, unit_code=unit_code)
                )
                shown.append(f"{partner.name} ({unit_code or kind})")
                continue
            fields = []
            if supervision.kind != kind:
                supervision.kind = kind
                fields.append("kind")
            if unit_code and supervision.unit_code != unit_code:
                supervision.unit_code = unit_code
                fields.append("unit_code")
            if fields:
                self.changed_supervisions.append(FieldUpdate(supervision, tuple(fields)))
                shown.append(f"{partner.name} ({supervision.unit_code or kind})")
        for partner_id in current:
            if partner_id not in listed:
                self.log.add(
                    Level.INFO,
                    "supervision_dropped",
                    record,
                    "tutelles",
                    _("%(partner)s is linked to this lab but no longer listed by the RNSR; the link is kept.")
                    % {"partner": self.partners.names.get(partner_id, partner_id)},
                )
        return tuple(shown)

    def check_supervisor_rule(
        self, item: LabPlan, listed: dict[Any, ListedPartner], current: dict[int, Supervision]
    ) -> None:
        """Warn (not block) when a unit's supervisors break its type's rule (UMR: CNRS + another…).

        The national directory is the source of truth for what it lists; staff fix the type or the
        supervisors afterwards, so the row is imported and the problem reported.
        """
        supervisors = [entry.partner for entry in listed.values() if entry.kind == SupervisionKind.SUPERVISOR]
        supervisors += [
            self.partners.by_id[partner_id]
            for partner_id, supervision in current.items()
            if partner_id not in listed and supervision.kind == SupervisionKind.SUPERVISOR
        ]
        for message in item.lab.supervisor_errors(supervisors):
            self.log.add(Level.WARNING, "supervision_rule", item.record, "tutelles", str(message))
