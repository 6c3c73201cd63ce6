"""Planning an RNSR import: what would be created, updated or left unchanged, without writing anything.

The planner reads the database in a handful of bulk queries, then works in memory, in two passes: each
structure of the file gets its lab (new, or the saved one with the file's values), then, once every lab
of the file is known, its parent (`lineage`), partners and supervisions (`supervisions`) and
predecessors (`lineage`). The `ImportPlan` it returns is what the preview shows and `writer.apply_plan`
saves.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from labs.models import Lab, Partner, Succession, Supervision
from regions.bulk import cyclic_gc_paused, new_record
from regions.languages import source_language
from regions.models import Department, RegionalOffice
from regions.places import office_for, resolve_place
from regions.scope import editable_office_ids

from .lineage import LineagePlanner
from .plan import Action, FieldChange, ImportPlan, LabPlan
from .problems import Level, ProblemLog
from .reader import PROGRESS_EVERY, ParsedFile
from .rows import Record
from .supervisions import PartnerIndex, SupervisionPlanner
from .text import keep_readable

# Text fields where a staff member's readable case survives a file that repeats them in capitals.
READABLE_FIELDS = {"name", "city", "director", "address"}
CHUNK = 2000  # RNSR numbers or ids per `__in` query


def importable_office_ids(user) -> set[int] | None:
    """The regional offices whose labs `user` may import (None: every office, for the system).

    The importer's only reading of the regional scope: the place to change if that reading moves.
    """
    return editable_office_ids(user) if user is not None else None


class Planner:
    """Plans one import: reads the database once (`load`), then works in memory (`run`)."""

    def __init__(
        self,
        parsed: ParsedFile,
        *,
        user=None,
        skip_invalid: bool = False,
        lock: bool = False,
        progress: Callable[[str], None] | None = None,
    ):
        self.parsed = parsed
        self.skip_invalid = skip_invalid
        self.lock = lock
        self.progress = progress
        self.log = ProblemLog(parsed.problems)
        self.allowed = importable_office_ids(user)
        self.records = parsed.valid_records

    def rows(self, model):
        """The rows the import may update: locked until the end of the transaction when it will write,
        so that a colleague's save in between is not overwritten (PostgreSQL; SQLite locks the file)."""
        return model.objects.select_for_update() if self.lock else model.objects.all()

    def load(self) -> None:
        rnsrs = [record.rnsr for record in self.records]
        self.offices: dict[int | None, str] = dict(RegionalOffice.objects.values_list("id", "code"))
        self.departments = {
            department.code: department for department in Department.objects.select_related("default_office")
        }
        self.existing: dict[str, Lab] = {}
        for start in range(0, len(rnsrs), CHUNK):
            for lab in self.rows(Lab).filter(rnsr__in=rnsrs[start : start + CHUNK]):
                self.existing[lab.rnsr] = lab
        self.lab_ids: dict[str, int] = dict(Lab.objects.values_list("rnsr", "id"))
        self.rnsr_of_id: dict[int | None, str] = {pk: rnsr for rnsr, pk in self.lab_ids.items()}
        self.parents: dict[str, str | None] = dict(Lab.objects.values_list("rnsr", "parent__rnsr"))
        self.lab_slugs = set(Lab.objects.values_list("slug", flat=True))
        self.partners = PartnerIndex(Partner.objects.only("id", "name", "acronym", "uai", "siret", "slug"))
        existing_ids = [lab.pk for lab in self.existing.values()]
        self.supervisions: dict[int, dict[int, Supervision]] = {}
        self.successions: dict[tuple[int, int], Succession] = {}
        for start in range(0, len(existing_ids), CHUNK):
            chunk = existing_ids[start : start + CHUNK]
            for supervision in self.rows(Supervision).filter(lab_id__in=chunk):
                self.supervisions.setdefault(supervision.lab_id, {})[supervision.partner_id] = supervision
            for succession in self.rows(Succession).filter(successor_id__in=chunk):
                self.successions[(succession.predecessor_id, succession.successor_id)] = succession
        # Who already holds each (partner, unit code): the code is unique per partner.
        self.code_owners: dict[tuple[Any, str], str] = {
            (partner_id, code): self.rnsr_of_id.get(lab_id, "")
            for partner_id, code, lab_id in Supervision.objects.exclude(unit_code="").values_list(
                "partner_id", "unit_code", "lab_id"
            )
        }

    def run(self) -> ImportPlan:
        self.load()
        drafts = [self.plan_lab(record) for record in self.records]
        lineage = LineagePlanner(
            in_file={item.record.rnsr: item for item in drafts},
            lab_ids=self.lab_ids,
            parents=self.parents,
            successions=self.successions,
            log=self.log,
        )
        supervisions = SupervisionPlanner(
            partners=self.partners, supervisions=self.supervisions, code_owners=self.code_owners, log=self.log
        )
        labs = []
        for number, item in enumerate(drafts, start=1):
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(
                    _("planned %(number)s of %(total)s structures") % {"number": number, "total": len(drafts)}
                )
            if item.action != Action.OUTSIDE:
                item = self.link(item, lineage, supervisions)
            labs.append(item)
        return ImportPlan(
            parsed=self.parsed,
            skip_invalid=self.skip_invalid,
            labs=tuple(labs),
            new_partners=tuple(supervisions.new_partners),
            new_supervisions=tuple(supervisions.new_supervisions),
            changed_supervisions=tuple(supervisions.changed_supervisions),
            new_successions=tuple(lineage.new_successions),
            changed_successions=tuple(lineage.changed_successions),
            problems=tuple(self.log.problems),
        )

    # Labs -------------------------------------------------------------------------------------------

    def office_outside_scope(self, lab: Lab | None, office_id: int | None) -> str | None:
        """The office (code, or "—") that puts this lab outside the user's offices; None when inside.

        An existing lab of another office stays out even if the file moves it into one of the user's.
        """
        if self.allowed is None:
            return None
        current = lab.regional_office_id if lab else None
        if lab is not None and current not in self.allowed:
            return self.offices.get(current, "—")
        if office_id not in self.allowed:
            return self.offices.get(office_id, "—")
        return None

    def plan_lab(self, record: Record) -> LabPlan:
        """The lab of one structure with the file's values: new, changed, unchanged, or out of scope."""
        values = dict(record.values)
        lab = self.existing.get(record.rnsr)
        place = resolve_place(values.get("postal_code", ""), values.get("city", ""))
        if place.city:
            values["city"] = self.fit_city(place.city)
        if place.country or lab is None:
            values["country"] = place.country  # a saved lab keeps the country staff gave an unknown place
        # The office follows the place for a new lab, a lab with no office yet, or a lab that moved to
        # another département; otherwise it stays what staff chose (a Paris lab confirmed in DR16…).
        old_place = resolve_place(lab.postal_code, lab.city) if lab else None
        moved = (
            lab is None
            or lab.regional_office_id is None
            or bool(place.department and old_place and old_place.department not in ("", place.department))
        )
        abroad_now = bool(lab and place.country not in ("", "FR") and lab.country != place.country)
        if moved or abroad_now:
            office_id, reason = office_for(place, self.departments)
            if moved:
                values["regional_office_id"] = office_id
            if reason:
                values["needs_review"] = True
                values["review_reason"] = reason[: Lab._meta.get_field("review_reason").max_length]
                self.log.add(Level.INFO, "needs_review", record, "code_postal", reason)
        if place.note and not place.doubtful:
            self.log.add(Level.INFO, "place_unknown", record, "commune", place.note)
        target = values.get("regional_office_id", lab.regional_office_id if lab else None)
        office = self.office_outside_scope(lab, target)
        if office is not None:
            self.log.add(
                Level.WARNING,
                "outside_scope",
                record,
                "code_postal",
                _("%(rnsr)s (%(name)s) belongs to %(office)s, outside your regional offices: not imported.")
                % {"rnsr": record.rnsr, "name": values.get("name", ""), "office": office},
            )
            return LabPlan(record, lab or Lab(rnsr=record.rnsr), Action.OUTSIDE)
        if lab is None:
            # A new lab is flagged for whatever a person should check; a saved one keeps the flag staff set
            # (the report lists the oddities on every run), so that a second run changes nothing.
            reasons = [values.get("review_reason", ""), *record.review_reasons]
            if any(reasons):
                values["needs_review"] = True
                values["review_reason"] = " ".join(filter(None, reasons))[
                    : Lab._meta.get_field("review_reason").max_length
                ]
            with source_language():
                lab = new_record(Lab, rnsr=record.rnsr, **values)
            lab.slug = self.unique_slug(lab)
            lab.refresh_search_text()
            return LabPlan(record, lab, Action.CREATE)
        changes = {}
        with source_language():
            for attname, new in values.items():
                old = getattr(lab, attname)
                if attname in READABLE_FIELDS:
                    new = keep_readable(old, new)
                if old != new:
                    changes[attname.removesuffix("_id")] = self.shown(attname, old, new)
                    setattr(lab, attname, new)
        return LabPlan(record, lab, Action.UNCHANGED, field_changes=changes)

    @staticmethod
    def fit_city(city: str) -> str:
        return city[: Lab._meta.get_field("city").max_length]

    def shown(self, attname: str, old: Any, new: Any) -> FieldChange:
        """A change of a lab's field with readable values (the office's code rather than its id)."""
        if attname == "regional_office_id":
            return FieldChange(self.offices.get(old, "—"), self.offices.get(new, "—"))
        return FieldChange(old, new)

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

    # Links ------------------------------------------------------------------------------------------

    def link(self, item: LabPlan, lineage: LineagePlanner, supervisions: SupervisionPlanner) -> LabPlan:
        """The lab with its parent, supervisions and predecessors planned: UPDATE when any of them change."""
        changes, new_parent = item.field_changes, None
        parent = lineage.checked_parent(item.record)
        if parent is not None:
            if item.action == Action.CREATE:
                parent.link(item.lab, "parent")
            elif parent.pk is None or parent.pk != item.lab.parent_id:
                # Set by the writer: the parent may be a new lab, without an id until it is created.
                old = self.rnsr_of_id.get(item.lab.parent_id, "—")
                changes = {**changes, "parent": FieldChange(old, parent.rnsr)}
                new_parent = parent
        added_supervisions = supervisions.plan(item)
        added_predecessors = lineage.plan_successions(item)
        action = item.action
        if action == Action.UNCHANGED and (changes or added_supervisions or added_predecessors):
            action = Action.UPDATE
        return replace(
            item,
            action=action,
            field_changes=changes,
            new_parent=new_parent,
            supervisions=added_supervisions,
            predecessors=added_predecessors,
        )


@cyclic_gc_paused()
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
        return ImportPlan(parsed=parsed, skip_invalid=skip_invalid, problems=parsed.problems)
    return Planner(parsed, user=user, skip_invalid=skip_invalid, lock=lock, progress=progress).run()
