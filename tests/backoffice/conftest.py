"""Helpers of the back-office tests: labs in two regions, and the POST data an admin form would send."""

import datetime

import pytest
from django import forms
from django.db.models import Model
from django.db.models.fields.files import FieldFile

from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, cnrs, office


def admin_form_data(response) -> dict:
    """The POST data of the admin change form rendered in `response`, as a browser would send it."""
    data = {}
    form = response.context["adminform"].form
    _add_form(data, form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for inline_form in formset.forms:
            _add_form(data, inline_form)
    return data


def _add_form(data: dict, form) -> None:
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


@pytest.fixture
def dr04_lab(db):
    """A UMR of DR04 (Claire's), supervised by the CNRS and a university."""
    lab = LabFactory(unit_type="UMR", regional_office=office("DR04"), director="Marie Curie", acronym="LPS")
    SupervisionFactory(lab=lab, partner=cnrs())
    SupervisionFactory(lab=lab, partner=PartnerFactory())
    return lab


@pytest.fixture
def dr12_lab(db):
    """A UPR of DR12 (Marseille): out of Claire's scope."""
    lab = LabFactory(regional_office=office("DR12"), acronym="CINAM", city="Marseille", postal_code="13009")
    SupervisionFactory(lab=lab, partner=cnrs())
    return lab


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so that assertions read the source strings whatever the French catalogue holds.

    The French rendering of these messages is the catalogue's business (makemessages, reviewed by a human).
    """
    from django.urls import clear_url_caches
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    clear_url_caches()  # the resolver's per-language reverse map depends on LANGUAGE_CODE
    with translation.override("en"):
        yield
    clear_url_caches()
