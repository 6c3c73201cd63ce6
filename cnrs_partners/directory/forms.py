"""The day a directory page shows: `?on=YYYY-MM-DD` on a lab's, a partner's or a site's page."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DAY_FORMAT = "%Y-%m-%d"
# The years the directory's dates can hold (labs' creation years): a day outside is a typing error.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


class AsOfForm(forms.Form):
    """`on`, an ISO date (any day, past or future); its error is Django's own, in the page's language."""

    on = forms.DateField(
        label=_("As it stood on"),
        required=False,
        input_formats=[DAY_FORMAT],
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )


@dataclass(frozen=True)
class AsOf:
    """The day a page shows: the one asked for, or today when none is asked or it cannot be read."""

    day: datetime.date
    # The day asked for when it could be read; None on today's page.
    asked: datetime.date | None = None
    # The text of `on` as given, and why it could not be read.
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def requested(self) -> bool:
        """Whether the address carries `on` at all: such pages are not indexed, whatever their value."""
        return bool(self.value) or self.asked is not None

    @property
    def query(self) -> str:
        """What a link to another directory page appends to stay on the same day (nothing on today's page)."""
        return f"?on={self.asked:{DAY_FORMAT}}" if self.asked else ""


def as_of(data: QueryDict) -> AsOf:
    """The day of a page from its query string."""
    today = timezone.localdate()
    value = data.get("on", "").strip()
    if not value:
        return AsOf(day=today)
    form = AsOfForm(data={"on": value})
    if not form.is_valid():
        return AsOf(day=today, value=value, errors=[str(error) for error in form.errors["on"]])
    day = form.cleaned_data["on"]
    return AsOf(day=day, asked=day, value=value)
