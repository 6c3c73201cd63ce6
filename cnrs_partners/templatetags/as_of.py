"""Template helpers of the pages shown as of a day: they ask the models, and decide nothing themselves."""

import datetime

from django import template

from labs.models import Lab, LabStatus

register = template.Library()


@register.filter
def closed_by(lab: Lab, day: datetime.date) -> bool:
    """Whether `lab` had closed by `day` (`Lab.status_on`)."""
    return lab.status_on(day) == LabStatus.CLOSED
