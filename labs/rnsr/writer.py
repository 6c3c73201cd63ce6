"""Writing an import plan: in bulk, with a history row per created or changed record.

New records go through regions.bulk.create_with_history (simple_history's `bulk_create_with_history`
without its per-value cost: the national file creates ~16,000 records), changed ones through
django-simple-history's `bulk_update_with_history`; both write the history rows `save()` would have
written through its signals, and `bulk_history_kwargs()` stamps them with the audit source ("import") and
the imported file.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from labs.models import Lab, Partner, Succession, Supervision
from regions.audit import bulk_history_kwargs
from regions.bulk import create_with_history, cyclic_gc_paused
from regions.freshness import public_data_changed
from regions.languages import original_columns, source_language, with_source_columns

from .plan import Action, FieldUpdate, ImportPlan

BATCH_SIZE = 500
_parent_field = Lab._meta.get_field("parent")


def _cached_parent(lab: Lab) -> Lab | None:
    return cast(Lab | None, _parent_field.get_cached_value(lab, default=None))


def _layers(labs: list[Lab]) -> list[list[Lab]]:
    """New labs in creation order: a parent created in this import comes before its children."""
    layers, remaining = [], list(labs)
    placed: set[int] = set()
    while remaining:
        layer = [
            lab
            for lab in remaining
            if (parent := _cached_parent(lab)) is None or parent.pk is not None or id(parent) in placed
        ]
        if not layer:  # a cycle of new labs: the planner breaks them, this is a safety net
            for lab in remaining:
                lab.parent = None
            layer = remaining
        placed.update(id(lab) for lab in layer)
        remaining = [lab for lab in remaining if id(lab) not in placed]
        layers.append(layer)
    return layers


def _bump(objs, now) -> None:
    for obj in objs:
        obj.version += 1
        obj.updated_at = now


@cyclic_gc_paused()
def apply_plan(plan: ImportPlan, *, user=None, progress: Callable[[str], None] | None = None) -> ImportPlan:
    """Save everything `plan` creates or changes, in one transaction; the plan, `applied`.

    Nothing is written when the plan is blocked.
    """
    if plan.blocked:
        raise ValueError("A blocked import plan cannot be applied.")
    say = progress or (lambda message: None)
    now = timezone.now()
    with transaction.atomic():
        history = {"default_user": user, **bulk_history_kwargs()}
        if plan.new_partners:
            say(_("partners: creating %(count)s") % {"count": len(plan.new_partners)})
            create_with_history(list(plan.new_partners), Partner, **history)
        created = [item.lab for item in plan.created]
        for number, layer in enumerate(_layers(created), start=1):
            say(_("labs: creating %(count)s (level %(level)s)") % {"count": len(layer), "level": number})
            create_with_history(layer, Lab, **history)
        updated, fields = [], set()
        for item in plan.labs:
            names = list(item.field_changes)
            if item.action != Action.UPDATE or not names:
                continue
            lab = item.lab
            if item.new_parent is not None:
                item.new_parent.link(lab, "parent")
            lab.refresh_search_text()
            fields.update(names)
            updated.append(lab)
        if updated:
            say(_("labs: updating %(count)s") % {"count": len(updated)})
            _bump(updated, now)
            fields |= {"search_text", "version", "updated_at"}
            # The French text into the French column and the original one (not rewritten to `name_fr`).
            with source_language():
                fields = with_source_columns(Lab, fields)
                bulk_update_with_history(
                    updated,
                    Lab,
                    sorted(fields),
                    batch_size=BATCH_SIZE,
                    manager=original_columns(Lab),
                    **history,
                )
        _write_related(plan.new_supervisions, plan.changed_supervisions, Supervision, now, history, say)
        _write_related(plan.new_successions, plan.changed_successions, Succession, now, history, say)
        public_data_changed()  # bulk writes send no signals
    return replace(plan, applied=True)


def _write_related(
    new: tuple, changed: tuple[FieldUpdate, ...], model, now, history, say: Callable[[str], None]
) -> None:
    label = model._meta.verbose_name_plural
    if new:
        say(_("%(models)s: creating %(count)s") % {"models": label, "count": len(new)})
        create_with_history(list(new), model, **history)
    if changed:
        say(_("%(models)s: updating %(count)s") % {"models": label, "count": len(changed)})
        objs = [update.obj for update in changed]
        fields = sorted({name for update in changed for name in update.fields} | {"version", "updated_at"})
        _bump(objs, now)
        bulk_update_with_history(objs, model, fields, batch_size=BATCH_SIZE, **history)
