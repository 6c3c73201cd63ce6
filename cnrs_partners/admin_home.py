"""The back-office home (`/admin/`): what each role finds first, above Django's list of models.

- Coordinators and national administrators (those who record reviews) see the review dashboard's headline
  figures and the sites whose follow-up is due, read by the dashboard's own selector
  (`agreements.selectors.review_dashboard`): the home never counts anything the dashboard would count
  differently.
- Regional editors (whose scope is their offices) see their offices, their labs flagged for review, and
  the latest changes to their offices' records (`changes.recent_changes`, filtered by office).
- Those who handle the public's error reports (regional editors, national administrators): how many new
  reports wait in their queue (`ErrorReport.objects.visible_to`: their offices', every one nationally).
- Everyone: links to the recent changes, the review pages and the RNSR import, for those who may use them.

The number of queries does not grow with the data: the dashboard's selector is bounded, the lists are cut.
"""

import datetime
from dataclasses import dataclass, field

from django.http import QueryDict

from agreements.models import Site
from agreements.reviews import may_record_review
from agreements.selectors import DashboardRow, DashboardTotals, review_dashboard
from labs.models import Lab
from regions.models import RegionalOffice
from regions.scope import has_model_permission, may_view_model, visible_office_ids

from .changes import recent_changes, with_details
from .models import ErrorReport, ErrorReportStatus

LABS_SHOWN = 10
CHANGES_SHOWN = 10


@dataclass
class AdminHome:
    """What the back-office home shows to one user; empty parts are not shown."""

    may_read_reviews: bool
    may_import_rnsr: bool
    # Coordinators and national administrators: the dashboard's figures and follow-ups due.
    totals: DashboardTotals | None = None
    horizon: int = 0
    today: datetime.date | None = None
    follow_ups: list[DashboardRow] = field(default_factory=list)
    # Regional editors: their offices, their labs to review, their offices' latest changes.
    offices: list[RegionalOffice] = field(default_factory=list)
    labs_to_review: list[Lab] = field(default_factory=list)
    labs_to_review_count: int = 0
    changes: list[dict] = field(default_factory=list)
    # Those who handle error reports: the new ones in their queue (None: the role does not read them).
    new_error_reports: int | None = None


def admin_home(*, user) -> AdminHome:
    """The back-office home of `user` (see the module docstring)."""
    home = AdminHome(
        may_read_reviews=may_view_model(user, Site),
        may_import_rnsr=has_model_permission(user, Lab, "add"),
    )
    if may_record_review(user) and home.may_read_reviews:
        # An empty, bound query: the dashboard unfiltered, as /review/ opens.
        board = review_dashboard(user=user, data=QueryDict())
        home.totals, home.horizon, home.today = board.totals, board.horizon, board.today
        home.follow_ups = sorted((row for row in board.rows if row.follow_up_due), key=_follow_up_order)
    if may_view_model(user, ErrorReport):
        home.new_error_reports = (
            ErrorReport.objects.visible_to(user).filter(status=ErrorReportStatus.NEW).count()
        )
    office_ids = visible_office_ids(user)
    if office_ids is not None:
        home.offices = list(RegionalOffice.objects.filter(pk__in=office_ids).order_by("code"))
        to_review = Lab.objects.visible_to(user).filter(needs_review=True)
        home.labs_to_review_count = to_review.count()
        if home.labs_to_review_count:
            home.labs_to_review = list(to_review.select_related("regional_office")[:LABS_SHOWN])
        home.changes = office_changes(user=user, offices=home.offices)
    return home


def _follow_up_order(row: DashboardRow) -> tuple:
    return (row.follow_up_on, row.site.search_text)


def office_changes(*, user, offices: list[RegionalOffice]) -> list[dict]:
    """The latest changes to the regional records of `offices`, newest first, as the recent changes list
    shows them: one query per office, then `with_details`' few."""
    rows = [row for office in offices for row in recent_changes(user=user, office=office)[:CHANGES_SHOWN]]
    rows.sort(key=lambda row: (row["h_date"], row["h_id"]), reverse=True)
    return with_details(rows[:CHANGES_SHOWN])
