"""Planning an RNSR import: what would be created, updated or left unchanged, without writing anything.

The planner reads the database in a handful of bulk queries, then works in memory. The plan it returns
holds unsaved objects (new labs, partners, supervisions, successions) and modified copies of existing
ones with the list of fields that changed; `writer.apply_plan` saves them, and a preview just shows them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from labs.models import Lab, Partner, PartnerKind, Succession, SuccessionKind, Supervision, SupervisionKind
from regions.models import Department, RegionalOffice
from regions.scope import editable_office_ids
from regions.text import fold

from .problems import Level, Problem
from .reader import PROGRESS_EVERY, ParsedFile
from .rows import PartnerRow, Record
from .text import keep_readable

CREATE, UPDATE, UNCHANGED, OUTSIDE = "create", "update", "unchanged", "outside"
# Text fields where a staff member's readable case survives a file that repeats them in capitals.
READABLE_FIELDS = {"name", "city", "director", "address"}
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


@dataclass
class LabPlan:
    """One structure of the file and what the import does to its lab."""

    record: Record
    lab: Lab
    action: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def changed_fields(self) -> list[str]:
        return list(self.changes)


@dataclass
class ImportPlan:
    parsed: ParsedFile
    skip_invalid: bool = False
    labs: list[LabPlan] = field(default_factory=list)
    new_partners: list[Partner] = field(default_factory=list)
    new_supervisions: list[Supervision] = field(default_factory=list)
    changed_supervisions: list[tuple[Supervision, list[str]]] = field(default_factory=list)
    new_successions: list[Succession] = field(default_factory=list)
    changed_successions: list[tuple[Succession, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return any(problem.level == Level.ERROR for problem in self.problems)

    @property
    def blocked(self) -> bool:
        """True when nothing may be written: a file-level error, or row errors the user did not skip."""
        return self.parsed.fatal or (self.has_errors and not self.skip_invalid)

    def of(self, action: str) -> list[LabPlan]:
        return [item for item in self.labs if item.action == action]

    @property
    def created(self) -> list[LabPlan]:
        return self.of(CREATE)

    @property
    def updated(self) -> list[LabPlan]:
        return self.of(UPDATE)

    @property
    def unchanged(self) -> list[LabPlan]:
        return self.of(UNCHANGED)

    @property
    def outside(self) -> list[LabPlan]:
        return self.of(OUTSIDE)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.parsed.rows,
            "ignored": self.parsed.ignored_rows,
            "invalid": len(self.parsed.invalid_records),
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "outside": len(self.outside),
            "partners_created": len(self.new_partners),
            "supervisions_created": len(self.new_supervisions),
            "supervisions_updated": len(self.changed_supervisions),
            "successions_created": len(self.new_successions),
            "successions_updated": len(self.changed_successions),
        }


class _PartnerIndex:
    """Finds the partner of a file position: by UAI, then SIRET (or its SIREN), then folded name."""

    def __init__(self, partners):
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


def _key(obj) -> Any:
    """A stable key for a saved object (its pk) or an unsaved one (its identity)."""
    return obj.pk if obj.pk is not None else ("new", id(obj))


class Planner:
    def __init__(
        self, parsed: ParsedFile, *, user=None, skip_invalid: bool = False, lock: bool = False, progress=None
    ):
        self.plan = ImportPlan(parsed=parsed, skip_invalid=skip_invalid, problems=list(parsed.problems))
        self.lock = lock
        self.progress = progress
        self.allowed = editable_office_ids(user) if user is not None else None
        self.records = parsed.valid_records

    def problem(self, level: Level, kind: str, record: Record, column: str, message: str) -> None:
        self.plan.problems.append(Problem(level, kind, record.line, column, message, record.rnsr))

    def rows(self, model):
        """The rows the import may update: locked until the end of the transaction when it will write,
        so that a colleague's save in between is not overwritten (PostgreSQL; SQLite locks the file)."""
        return model.objects.select_for_update() if self.lock else model.objects.all()

    def load(self) -> None:
        rnsrs = [record.rnsr for record in self.records]
        self.offices = dict(RegionalOffice.objects.values_list("id", "code"))
        self.departments = {department.code: department for department in Department.objects.all()}
        self.existing: dict[str, Lab] = {}
        for start in range(0, len(rnsrs), 2000):
            for lab in self.rows(Lab).filter(rnsr__in=rnsrs[start : start + 2000]):
                self.existing[lab.rnsr] = lab
        self.lab_ids: dict[str, int] = dict(Lab.objects.values_list("rnsr", "id"))
        self.rnsr_of_id = {pk: rnsr for rnsr, pk in self.lab_ids.items()}
        self.lab_slugs = set(Lab.objects.values_list("slug", flat=True))
        self.partners = _PartnerIndex(Partner.objects.only("id", "name", "acronym", "uai", "siret", "slug"))
        existing_ids = [lab.pk for lab in self.existing.values()]
        self.supervisions: dict[int, dict[int, Supervision]] = {}
        self.successions: dict[tuple[int, int], Succession] = {}
        for start in range(0, len(existing_ids), 2000):
            chunk = existing_ids[start : start + 2000]
            for supervision in self.rows(Supervision).filter(lab_id__in=chunk):
                self.supervisions.setdefault(supervision.lab_id, {})[supervision.partner_id] = supervision
            for succession in self.rows(Succession).filter(successor_id__in=chunk):
                self.successions[(succession.predecessor_id, succession.successor_id)] = succession
        # Who already holds each (partner, unit code): the code is unique per partner.
        self.code_owner: dict[tuple[Any, str], str] = {
            (partner_id, code): self.rnsr_of_id.get(lab_id, "")
            for partner_id, code, lab_id in Supervision.objects.exclude(unit_code="").values_list(
                "partner_id", "unit_code", "lab_id"
            )
        }

    def run(self) -> ImportPlan:
        self.load()
        self.in_file: dict[str, LabPlan] = {}
        for record in self.records:
            item = self.plan_lab(record)
            self.plan.labs.append(item)
            self.in_file[record.rnsr] = item
        for number, item in enumerate(self.plan.labs, start=1):
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(
                    _("planned %(number)s of %(total)s structures")
                    % {"number": number, "total": len(self.plan.labs)}
                )
            if item.action == OUTSIDE:
                continue
            self.plan_parent(item)
            self.plan_supervisions(item)
            self.plan_successions(item)
            if item.action == UNCHANGED and item.changes:
                item.action = UPDATE
        self.break_parent_cycles()
        return self.plan

    def break_parent_cycles(self) -> None:
        """New labs whose parents lead back to themselves (a broken file) get no parent."""
        parent_field = Lab._meta.get_field("parent")
        for item in self.plan.created:
            seen, lab = {id(item.lab)}, parent_field.get_cached_value(item.lab, default=None)
            while lab is not None and lab.pk is None:
                if id(lab) in seen:
                    item.lab.parent = None
                    self.problem(
                        Level.WARNING,
                        "parent_cycle",
                        item.record,
                        "numero_de_structure_parent",
                        _("The parent structures of %(rnsr)s lead back to it; no parent recorded.")
                        % {"rnsr": item.record.rnsr},
                    )
                    break
                seen.add(id(lab))
                lab = parent_field.get_cached_value(lab, default=None)

    # Labs -------------------------------------------------------------------------------------------

    def office_for(self, postal_code: str) -> tuple[int | None, str]:
        """The regional office a postal code suggests, and why it needs review ("" when it does not)."""
        code = Department.code_from_postal_code(postal_code)
        department = self.departments.get(code)
        if department is None:
            if not postal_code:
                return None, _("The RNSR gives no postal code: choose the regional office.")
            return None, _(
                "No département matches the postal code “%(postal_code)s”: choose the regional office."
            ) % {"postal_code": postal_code}
        if department.default_office_id is None:
            return None, _("Département %(department)s has no default regional office: choose one.") % {
                "department": department
            }
        if department.needs_review:
            return department.default_office_id, _(
                "Département %(department)s is shared between regional offices: %(office)s was proposed, check it."
            ) % {"department": department, "office": self.offices[department.default_office_id]}
        return department.default_office_id, ""

    def plan_lab(self, record: Record) -> LabPlan:
        values = dict(record.values)
        lab = self.existing.get(record.rnsr)
        postal_code = values.get("postal_code", "")
        # The office follows the postal code for a new lab, a lab with no office yet, or a lab that moved to
        # another département; otherwise it stays what staff chose (a Paris lab confirmed in DR16…).
        old_department = Department.code_from_postal_code(lab.postal_code) if lab else ""
        moved = (
            lab is None
            or lab.regional_office_id is None
            or bool(
                postal_code
                and old_department
                and Department.code_from_postal_code(postal_code) != old_department
            )
        )
        if moved:
            office_id, reason = self.office_for(postal_code)
            values["regional_office_id"] = office_id
            if reason:
                values["needs_review"] = True
                values["review_reason"] = reason[: Lab._meta.get_field("review_reason").max_length]
                self.problem(Level.INFO, "needs_review", record, "code_postal", reason)
        if self.allowed is not None:
            current = lab.regional_office_id if lab else None
            target = values.get("regional_office_id", current)
            if (lab is not None and current not in self.allowed) or target not in self.allowed:
                office = self.offices.get(current if lab and current not in self.allowed else target, "—")
                self.problem(
                    Level.WARNING,
                    "outside_scope",
                    record,
                    "code_postal",
                    _(
                        "%(rnsr)s (%(name)s) belongs to %(office)s, outside your regional offices: not imported."
                    )
                    % {"rnsr": record.rnsr, "name": values.get("name", ""), "office": office},
                )
                return LabPlan(record, lab or Lab(rnsr=record.rnsr), OUTSIDE)
        if lab is None:
            lab = Lab(rnsr=record.rnsr, **values)
            lab.slug = self.unique_slug(lab)
            lab.refresh_search_text()
            return LabPlan(record, lab, CREATE)
        item = LabPlan(record, lab, UNCHANGED)
        for name, new in values.items():
            old = getattr(lab, name)
            if name in READABLE_FIELDS:
                new = keep_readable(old, new)
            if old != new:
                self.change(item, name, old, new)
        return item

    def change(self, item: LabPlan, attname: str, old: Any, new: Any) -> None:
        """Record a change of an existing lab's field (shown with readable values) and apply it in memory."""
        name = attname.removesuffix("_id")
        if attname == "regional_office_id":
            shown = (self.offices.get(old, "—"), self.offices.get(new, "—"))
        elif attname == "parent_id":
            shown = (
                self.rnsr_of_id.get(old, "—"),
                new if isinstance(new, str) else self.rnsr_of_id.get(new, "—"),
            )
        else:
            shown = (old, new)
        item.changes[name] = shown
        if attname != "parent_id":
            setattr(item.lab, attname, new)

    def unique_slug(self, lab: Lab) -> str:
        """The default slug (umr-8502), or the RNSR number when another lab already has it."""
        for slug in (lab.default_slug(), lab.rnsr.lower()):
            if slug not in self.lab_slugs:
                self.lab_slugs.add(slug)
                return slug
        number = 2
        while f"{lab.rnsr.lower()}-{number}" in self.lab_slugs:
            number += 1
        self.lab_slugs.add(f"{lab.rnsr.lower()}-{number}")
        return f"{lab.rnsr.lower()}-{number}"

    def resolve(self, rnsr: str) -> Lab | int | None:
        """A lab of this import (object) or of the database (id) with this RNSR number."""
        item = self.in_file.get(rnsr)
        if item is not None and item.action != OUTSIDE:
            return item.lab
        return self.lab_ids.get(rnsr)

    def plan_parent(self, item: LabPlan) -> None:
        record = item.record
        parents = [rnsr for rnsr in record.parents if rnsr != record.rnsr]
        if not parents:
            return
        found = [(rnsr, parent) for rnsr in parents if (parent := self.resolve(rnsr)) is not None]
        if not found:
            self.problem(
                Level.INFO,
                "parent_missing",
                record,
                "numero_de_structure_parent",
                _("%(parents)s: neither in the file nor in the database, no parent recorded.")
                % {"parents": ", ".join(parents)},
            )
            return
        rnsr, parent = found[0]
        if len(parents) > 1:
            self.problem(
                Level.INFO,
                "several_parents",
                record,
                "numero_de_structure_parent",
                _("%(count)s parent structures listed (%(parents)s); %(kept)s is recorded.")
                % {"count": len(parents), "parents": ", ".join(parents), "kept": rnsr},
            )
        if item.action == CREATE:
            if isinstance(parent, Lab):
                item.lab.parent = parent
            else:
                item.lab.parent_id = parent
            return
        new_id = parent.pk if isinstance(parent, Lab) else parent
        if new_id is None or new_id != item.lab.parent_id:
            self.change(item, "parent_id", item.lab.parent_id, rnsr)
            item.lab._planned_parent = parent

    # Partners and supervisions ----------------------------------------------------------------------

    def partner_for(self, row: PartnerRow) -> Partner:
        partner = self.partners.match(row)
        if partner is not None:
            return partner
        kind = PARTNER_KINDS.get(row.nature, PartnerKind.OTHER)
        partner = Partner(
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
        self.plan.new_partners.append(partner)
        return partner

    def plan_supervisions(self, item: LabPlan) -> None:
        record, lab = item.record, item.lab
        wanted: dict[Any, list] = {}
        for row in record.partners:
            partner = self.partner_for(row)
            key = _key(partner)
            if key in wanted:
                self.problem(
                    Level.WARNING,
                    "duplicate_partner",
                    record,
                    "tutelles",
                    _("position %(position)s: %(name)s is already listed at position %(first)s; kept once.")
                    % {"position": row.position, "name": partner.name, "first": wanted[key][3]},
                )
                entry = wanted[key]
                if row.kind == SupervisionKind.SUPERVISOR:
                    entry[1] = row.kind
                entry[2] = entry[2] or row.unit_code
                continue
            wanted[key] = [partner, row.kind, row.unit_code, row.position]
        current = self.supervisions.get(lab.pk, {}) if lab.pk else {}
        self.check_supervisor_rule(item, wanted, current)
        for key, (partner, kind, unit_code, _position) in wanted.items():
            if unit_code:
                owner = self.code_owner.get((key, unit_code))
                if owner and owner != record.rnsr:
                    self.problem(
                        Level.WARNING,
                        "unit_code_conflict",
                        record,
                        "label_numero",
                        _("%(partner)s already gives “%(code)s” to %(owner)s; the code is not recorded here.")
                        % {"partner": partner.name, "code": unit_code, "owner": owner},
                    )
                    unit_code = ""
                else:
                    self.code_owner[(key, unit_code)] = record.rnsr
            supervision = current.get(key) if isinstance(key, int) else None
            if supervision is None:
                self.plan.new_supervisions.append(
                    Supervision(lab=lab, partner=partner, kind=kind, unit_code=unit_code)
                )
                item.changes.setdefault("supervisions", ([], []))[1].append(
                    f"{partner.name} ({unit_code or kind})"
                )
                continue
            fields = []
            if supervision.kind != kind:
                supervision.kind = kind
                fields.append("kind")
            if unit_code and supervision.unit_code != unit_code:
                supervision.unit_code = unit_code
                fields.append("unit_code")
            if fields:
                self.plan.changed_supervisions.append((supervision, fields))
                item.changes.setdefault("supervisions", ([], []))[1].append(
                    f"{partner.name} ({supervision.unit_code or kind})"
                )
        for partner_id in current:
            if partner_id not in wanted:
                self.problem(
                    Level.INFO,
                    "supervision_dropped",
                    record,
                    "tutelles",
                    _("%(partner)s is linked to this lab but no longer listed by the RNSR; the link is kept.")
                    % {"partner": self.partners.names.get(partner_id, partner_id)},
                )

    def check_supervisor_rule(self, item: LabPlan, wanted: dict, current: dict) -> None:
        """Warn (not block) when a unit's supervisors break its type's rule (UMR: CNRS + another…).

        The national directory is the source of truth for what it lists; staff fix the type or the
        supervisors afterwards, so the row is imported and the problem reported.
        """
        supervisors = [
            partner
            for partner, kind, _code, _position in wanted.values()
            if kind == SupervisionKind.SUPERVISOR
        ]
        supervisors += [
            self.partners.by_id[partner_id]
            for partner_id, supervision in current.items()
            if partner_id not in wanted and supervision.kind == SupervisionKind.SUPERVISOR
        ]
        for message in item.lab.supervisor_errors(supervisors):
            self.problem(Level.WARNING, "supervision_rule", item.record, "tutelles", message)

    # Successions ------------------------------------------------------------------------------------

    def plan_successions(self, item: LabPlan) -> None:
        record, lab = item.record, item.lab
        seen: set[str] = set()
        for row in record.predecessors:
            if row.rnsr in seen:  # listed twice (e.g. split then merged): one succession per pair
                continue
            seen.add(row.rnsr)
            if row.rnsr == record.rnsr:
                self.problem(
                    Level.WARNING,
                    "self_succession",
                    record,
                    "numero_de_structure_historique",
                    _("%(rnsr)s is listed as its own predecessor; ignored.") % {"rnsr": row.rnsr},
                )
                continue
            predecessor = self.resolve(row.rnsr)
            if predecessor is None:
                self.problem(
                    Level.INFO,
                    "predecessor_missing",
                    record,
                    "numero_de_structure_historique",
                    _("%(rnsr)s (%(kind)s, %(year)s) is not in the database; the succession is not recorded.")
                    % {"rnsr": row.rnsr, "kind": SuccessionKind(row.kind).label, "year": row.year or "—"},
                )
                continue
            predecessor_id = predecessor.pk if isinstance(predecessor, Lab) else predecessor
            existing = self.successions.get((predecessor_id, lab.pk)) if predecessor_id and lab.pk else None
            if existing is None:
                succession = Succession(successor=lab, kind=row.kind, year=row.year)
                if isinstance(predecessor, Lab):
                    succession.predecessor = predecessor
                else:
                    succession.predecessor_id = predecessor
                self.plan.new_successions.append(succession)
                item.changes.setdefault("predecessors", ([], []))[1].append(f"{row.rnsr} ({row.kind})")
                continue
            fields = []
            if existing.kind != row.kind:
                existing.kind = row.kind
                fields.append("kind")
            if row.year is not None and existing.year != row.year:
                existing.year = row.year
                fields.append("year")
            if fields:
                self.plan.changed_successions.append((existing, fields))
                item.changes.setdefault("predecessors", ([], []))[1].append(f"{row.rnsr} ({row.kind})")


def plan_import(
    parsed: ParsedFile,
    *,
    user=None,
    skip_invalid: bool = False,
    lock: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportPlan:
    """What importing `parsed` would do, as seen by `user` (None: the system, every office).

    `lock` (inside a transaction) locks the rows the import may update, for a plan about to be applied.
    """
    if parsed.fatal:
        return ImportPlan(parsed=parsed, skip_invalid=skip_invalid, problems=list(parsed.problems))
    return Planner(parsed, user=user, skip_invalid=skip_invalid, lock=lock, progress=progress).run()
