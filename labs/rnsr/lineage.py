"""Planning the links between labs in an RNSR import: parents (a team in its unit) and successions.

Both may point to a lab of the same file, created by this import, or to one only in the database; they
are planned once every row of the file has its lab.
"""

from django.utils.translation import gettext as _

from labs.models import Lab, Succession, SuccessionKind

from .plan import Action, FieldUpdate, LabPlan, LabRef
from .problems import Level, ProblemLog
from .rows import Record


class LineagePlanner:
    """Resolves the RNSR numbers a row points to, and plans parents and successions."""

    def __init__(
        self,
        *,
        in_file: dict[str, LabPlan],
        lab_ids: dict[str, int],
        successions: dict[tuple[int, int], Succession],
        log: ProblemLog,
    ):
        self.in_file = in_file  # the labs of this import, by RNSR number
        self.lab_ids = lab_ids  # every saved lab's id, by RNSR number
        self.successions = (
            successions  # saved successions of the labs in the file, by (predecessor, successor)
        )
        self.log = log
        self.new_successions: list[Succession] = []
        self.changed_successions: list[FieldUpdate[Succession]] = []

    def resolve(self, rnsr: str) -> LabRef | None:
        """A lab of this import or of the database with this RNSR number."""
        item = self.in_file.get(rnsr)
        if item is not None and item.action != Action.OUTSIDE:
            return LabRef(rnsr, lab=item.lab)
        lab_id = self.lab_ids.get(rnsr)
        return LabRef(rnsr, lab_id=lab_id) if lab_id is not None else None

    def parent_of(self, record: Record) -> LabRef | None:
        """The parent the file gives this structure: the first of its parents that can be found."""
        parents = [rnsr for rnsr in record.parents if rnsr != record.rnsr]
        if not parents:
            return None
        found = [parent for rnsr in parents if (parent := self.resolve(rnsr)) is not None]
        if not found:
            self.log.add(
                Level.INFO,
                "parent_missing",
                record,
                "numero_de_structure_parent",
                _("%(parents)s: neither in the file nor in the database, no parent recorded.")
                % {"parents": ", ".join(parents)},
            )
            return None
        parent = found[0]
        if len(parents) > 1:
            self.log.add(
                Level.INFO,
                "several_parents",
                record,
                "numero_de_structure_parent",
                _("%(count)s parent structures listed (%(parents)s); %(kept)s is recorded.")
                % {"count": len(parents), "parents": ", ".join(parents), "kept": parent.rnsr},
            )
        return parent

    def break_parent_cycles(self, created: list[LabPlan]) -> None:
        """New labs whose parents lead back to themselves (a broken file) get no parent."""
        parent_field = Lab._meta.get_field("parent")
        for item in created:
            seen, lab = {id(item.lab)}, parent_field.get_cached_value(item.lab, default=None)
            while lab is not None and lab.pk is None:
                if id(lab) in seen:
                    item.lab.parent = None
                    self.log.add(
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

    def plan_successions(self, item: LabPlan) -> tuple[str, ...]:
        """Plan the successions of one lab; the ones added or changed, as the report shows them."""
        record, lab = item.record, item.lab
        shown = []
        seen: set[str] = set()
        for row in record.predecessors:
            if row.rnsr in seen:  # listed twice (e.g. split then merged): one succession per pair
                continue
            seen.add(row.rnsr)
            if row.rnsr == record.rnsr:
                self.log.add(
                    Level.WARNING,
                    "self_succession",
                    record,
                    "numero_de_structure_historique",
                    _("%(rnsr)s is listed as its own predecessor; ignored.") % {"rnsr": row.rnsr},
                )
                continue
            predecessor = self.resolve(row.rnsr)
            if predecessor is None:
                self.log.add(
                    Level.INFO,
                    "predecessor_missing",
                    record,
                    "numero_de_structure_historique",
                    _("%(rnsr)s (%(kind)s, %(year)s) is not in the database; the succession is not recorded.")
                    % {"rnsr": row.rnsr, "kind": SuccessionKind(row.kind).label, "year": row.year or "—"},
                )
                continue
            existing = self.successions.get((predecessor.pk, lab.pk)) if predecessor.pk and lab.pk else None
            if existing is None:
                succession = Succession(successor=lab, kind=row.kind, year=row.year)
                predecessor.link(succession, "predecessor")
                self.new_successions.append(succession)
                shown.append(f"{row.rnsr} ({row.kind})")
                continue
            fields = []
            if existing.kind != row.kind:
                existing.kind = row.kind
                fields.append("kind")
            if row.year is not None and existing.year != row.year:
                existing.year = row.year
                fields.append("year")
            if fields:
                self.changed_successions.append(FieldUpdate(existing, tuple(fields)))
                shown.append(f"{row.rnsr} ({row.kind})")
        return tuple(shown)
