"""Text staff or imports put in a record is shown as text, never run as markup (issue 10).

Every text field of every model of our apps (and the staff's names, and the history rows' change reasons,
which carry an uploaded file's name) is filled with an HTML/JS payload; then every page of the URLconf
(public pages, the back-office's lists, forms, history and version pages, the review pages, the recent
changes; `tests.url_walk`) is opened as a national administrator, which reads every record, and a public
page anonymously too, each once more with the payload in every parameter it offers (reflected input). No
HTML page may hold the payload unescaped. The exports (public CSV and JSON, the review dashboard's CSV and
XLSX, every admin list's CSV and XLSX) may hold it as plain text, but are never served as HTML.

A field whose own validators refuse markup (identifiers, codes, e-mails and websites are tried with a payload
of their own shape first) cannot hold it through any path that validates, so it is left as it is; slugs and
choices are never free text.
"""

from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from simple_history.models import HistoricalChanges

from tests.admin_exports import CSV, XLSX, export
from tests.one_of_each import Dataset, one_of_each
from tests.url_walk import Uninstantiable, addresses, offered, routes

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
# For fields whose validators or length refuse PAYLOAD: the same markup in the shape they accept.
SHAPED = [
    'https://example.org/"><script>alert(1)</script><img/src=x/onerror=alert(1)>',
    '"<script>alert(1)</script><img/src=x/onerror=alert(1)>"@example.org',
    "<b>'\"x",
    "<b>'\"",
    "<'\"",
]
# What must never appear in an HTML page as it is: each payload's markup.
MARKERS = ["<script>alert(1)", "<img src=x onerror", "<img/src=x/onerror", "<b>'\"", "<'\""]
OUR_APPS = {"regions", "labs", "agreements", "cnrs_partners"}


def payload_for(field: models.Field) -> str | None:
    """The first payload `field` holds without its validators refusing it, or None."""
    for value in [PAYLOAD, *SHAPED]:
        if field.max_length is not None and len(value) > field.max_length:
            continue
        try:
            field.run_validators(value)
        except ValidationError:
            continue
        return value
    return None


def text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.editable
        and not field.primary_key
    ]


def fill_with_payloads(data: Dataset) -> list[str]:
    """Every text field of the dataset's record of each model of our apps, saved (so that its history has
    it too); returns the fields filled, as `label.field`."""
    filled = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or issubclass(model, HistoricalChanges):
            continue
        record = data.of(model)
        if record is None:
            continue
        for field in text_fields(model):
            value = payload_for(field)
            if value is not None:
                setattr(record, field.attname, value)
                filled.append(f"{model._meta.label}.{field.name}")
        record.save()
    staff = data.staff
    staff.first_name, staff.last_name = "<b>'\"", PAYLOAD[:150]
    staff.save()
    for model in apps.get_models():
        fields = {field.name for field in model._meta.fields}
        if model._meta.app_label in OUR_APPS and "history_change_reason" in fields:
            model._default_manager.update(history_change_reason=PAYLOAD)
    return filled


def unescaped(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


def html_problem(url: str, response) -> str | None:
    if "html" not in response.get("Content-Type", "") or response.status_code >= 400:
        return None
    found = unescaped(response.content.decode(errors="replace"))
    return f"{url} shows {found} unescaped" if found else None


def test_the_payload_fills_the_free_text_of_every_model(db):
    data = one_of_each()
    filled = fill_with_payloads(data)

    for label in ["labs.Lab.name", "labs.Lab.description", "labs.Partner.website", "agreements.Site.name"]:
        assert label in filled
    assert "regions.RegionalOffice.email" in filled  # in its own shape
    assert "labs.Lab.rnsr" not in filled  # an identifier refuses markup


@pytest.fixture
def filled(db):
    data = one_of_each()
    fill_with_payloads(data)
    return data


def pages(data: Dataset):
    for route in routes():
        if route.name in {"admin:logout", "set_language"}:
            continue
        try:
            paths = addresses(route, data)
        except Uninstantiable:
            continue  # tests/cnrs_partners/test_hostile_input.py names it
        for path, _ in paths:
            yield route, path


def test_no_page_shows_a_records_text_as_markup(filled, admin_user):
    staff = Client()
    staff.force_login(admin_user)
    anonymous = Client()
    problems = []
    for route, path in pages(filled):
        for client in (staff, anonymous) if not route.back_office else (staff,):
            response = client.get(path)
            problems.append(html_problem(path, response))
            # The same page with the payload in every parameter it offers: reflected input is text too.
            names = sorted(set().union(*offered(response)))
            if names:
                query = "&".join(f"{quote(name)}={quote(PAYLOAD)}" for name in names)
                problems.append(html_problem(f"{path}?…", client.get(f"{path}?{query}")))
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


def test_exports_hold_the_text_but_are_never_html(filled, admin_user):
    client = Client()
    client.force_login(admin_user)
    downloads = {}
    for route, path in pages(filled):
        if route.name.startswith("directory:") and route.name.endswith("_export"):
            downloads[path] = client.get(path)
    for fmt in ("csv", "xlsx"):
        downloads[f"/review/export.{fmt}"] = client.get(f"/review/export.{fmt}")
    for model in apps.get_models():
        if not admin.site.is_registered(model) or model._meta.app_label not in OUR_APPS:
            continue
        if hasattr(admin.site.get_model_admin(model), "export_action"):
            name = f"{model._meta.app_label}_{model._meta.model_name}"
            downloads[f"{name} CSV"] = export(client, name, CSV)
            downloads[f"{name} XLSX"] = export(client, name, XLSX)

    for name, response in downloads.items():
        assert response.status_code == 200, name
        assert "html" not in response["Content-Type"], name
        assert response["X-Content-Type-Options"] == "nosniff", name
    lab_csv = b"".join(downloads["/labs/export.csv"].streaming_content).decode()
    assert "<script>alert(1)</script>" in lab_csv  # plain text, as the lab's name reads
