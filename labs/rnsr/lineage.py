"""Planning the links between labs in an RNSR import: parents (a team in its unit) and successions.

Both may point to a lab of the same file, created by this import, or to one only in the database; they
are planned once every row of the file has its lab.
"""

from django.utils.translation import gettext as _

from labs.hierarchy import loop_through
from labs.models import Succession, SuccessionKind
from regions.bulk import new_record

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
        parents: dict[str, str | None],
        successions: dict[tuple[int, int], Succession],
        log: ProblemLog,
    ):
        self.in_file = in_file  # the labs of this import, by RNSR number
        self.lab_ids = lab_ids  # every saved lab's id, by RNSR number
        # Every saved lab's parent, by RNSR numbers, overlaid by the parents this import plans as it goes.
        self.parents = parents
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

    def checked_parent(self, record: Record) -> LabRef | None:
        """The parent to record for this structure: `parent_of`, unless linking it would close a loop with
        the links already saved or planned (`labs.hierarchy`); that link is not written, and reported."""
        parent = self.parent_of(record)
        if parent is None:
            return None
        loop = loop_through(record.rnsr, parent.rnsr, self.parents.get)
        if loop:
            self.log.add(
                Level.WARNING,
                "parent_cycle",
                record,
                "numero_de_structure_parent",
                _("%(parent)s is already below %(rnsr)s (%(chain)s): %(rnsr)s gets no parent from this file.")
                % {"parent": parent.rnsr, "rnsr": record.rnsr, "chain": " → ".join([*loop, parent.rnsr])},
            )
            return None
        self.parents[record.rnsr] = parent.rnsr
        return parent

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
                succession = new_record(Succession, successor=lab, kind=row.kind, year=row.year)
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
