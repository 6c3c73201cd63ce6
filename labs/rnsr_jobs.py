"""The RNSR import as an import job (`regions.jobs`): its preview and its write run `labs.rnsr.import_rnsr`,
the same code as the `import_rnsr` command, and keep what the job's page shows as JSON."""

import functools
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from regions.audit import IMPORT, audit_source
from regions.jobs import JobProgress, import_job_run
from regions.models import ImportJob, RegionalOffice
from regions.problems import groups_as_data

from .models import Lab
from .rnsr import ImportPlan, Level, group_problems, import_rnsr

# Labs shown in each table of the preview; the counts are always whole.
PREVIEW_ROWS = 300


def run_rnsr_job(job_id: str) -> None:
    """The job of an RNSR import's phase (what RQ runs): see `regions.jobs.import_job_run`."""
    import_job_run(job_id, rnsr_work)


def rnsr_work(job: ImportJob, data: bytes, progress: JobProgress) -> dict[str, Any]:
    """Preview (nothing written) or write the job's RNSR file; the outcome its page shows."""
    # The rows in all, counted without reading them: the reader reports the rows read as it goes.
    progress.rows(0, max(data.count(b"\n") - 1, 0))
    run = functools.partial(
        import_rnsr,
        data,
        user=job.user,
        include_all=bool(job.options.get("include_all")),
        skip_invalid=bool(job.options.get("skip_invalid")),
        progress=progress.say,
        rows_read=progress.rows,
    )
    if job.phase == ImportJob.Phase.PREVIEW:
        plan = run(dry_run=True)
    else:
        # The history rows name the file, as the command's do: "RNSR import (file fr-esr-….csv)".
        with audit_source(IMPORT, detail=Path(job.file_name).name):
            plan = run()
    progress.rows(plan.parsed.rows, plan.parsed.rows)
    return rnsr_outcome(plan, file_name=job.file_name)


def rnsr_outcome(plan: ImportPlan, *, file_name: str) -> dict[str, Any]:
    """What the preview (or, once written, the result) shows of `plan`, as JSON for the job's record."""
    groups = group_problems(plan.problems)
    offices: dict[int | None, str] = dict(RegionalOffice.objects.values_list("id", "code"))
    counts = plan.counts()
    outcome: dict[str, Any] = {
        "counts": counts,
        "groups": groups_as_data(groups),
        "errors": sum(group.count for group in groups if group.level == Level.ERROR),
        "blocked": plan.blocked,
        "can_skip": plan.has_errors and not plan.parsed.fatal and not plan.skip_invalid,
        "applied": plan.applied,
        "created": [
            {
                "line": item.record.line,
                "rnsr": item.lab.rnsr,
                "code": item.lab.code,
                "name": item.lab.name,
                "city": item.lab.city,
                "office": offices.get(item.lab.regional_office_id, ""),
                "needs_review": item.lab.needs_review,
            }
            for item in plan.created[:PREVIEW_ROWS]
        ],
        "updated": _changes(plan),
    }
    if plan.applied:
        outcome["message"] = _(
            "RNSR imported from %(name)s: %(created)s labs created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(outside)s outside your regional offices, %(invalid)s invalid rows skipped; %(partners_created)s "
            "partners created."
        ) % {"name": file_name, **counts}
    return outcome


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def _changes(plan: ImportPlan) -> list[dict[str, Any]]:
    """The labs to update, each with its changes as (field label, old, new) in readable text."""
    labels = {field.name: str(field.verbose_name) for field in Lab._meta.fields}
    labels |= {
        "supervisions": _("supervising or participating institutions"),
        "predecessors": _("predecessors"),
    }
    return [
        {
            "line": item.record.line,
            "lab": " ".join(part for part in (item.lab.rnsr, item.lab.code, item.lab.acronym) if part),
            "changes": [
                [labels.get(name, name), _show(change.old), _show(change.new)]
                for name, change in item.changes.items()
            ],
        }
        for item in plan.updated[:PREVIEW_ROWS]
    ]
