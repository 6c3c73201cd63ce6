"""The POST data an admin change form would send, read from the page that rendered it."""

import datetime
from typing import Any

from django import forms
from django.db.models import Model
from django.db.models.fields.files import FieldFile


def admin_form_data(response) -> dict[str, Any]:
    """The POST data of the admin change form rendered in `response`, as a browser would send it."""
    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    _add_form(data, form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for inline_form in formset.forms:
            _add_form(data, inline_form)
    return data


def _add_form(data: dict[str, Any], form) -> None:
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [_plain(item) for item in value]
        elif value is None:
            if not isinstance(form.fields[name], forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                data[key] = ""
        else:
            data[key] = _plain(value)


def _plain(value):
    if isinstance(value, FieldFile):
        return ""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
