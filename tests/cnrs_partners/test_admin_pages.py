"""Every admin changelist, add and change page answers for a national administrator, in bounded queries."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Lab

MODELS = sorted(
    (
        model
        for model in apps.get_models()
        if admin.site.is_registered(model)
        and model._meta.app_label in {"regions", "labs", "agreements", "auth"}
    ),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", labs=30, seed=3, stdout=io.StringIO())


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_answer_with_a_bounded_number_of_queries(
    client, admin_user, demo, model, django_assert_max_num_queries
):
    client.force_login(admin_user)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    with django_assert_max_num_queries(25):
        response = client.get(reverse(f"{prefix}_changelist"))
    assert response.status_code == 200

    response = client.get(reverse(f"{prefix}_add"))
    assert response.status_code == 200

    instance = model.objects.order_by("pk").last()
    if instance is not None:
        with django_assert_max_num_queries(40):
            response = client.get(reverse(f"{prefix}_change", args=[instance.pk]))
        assert response.status_code == 200
        response = client.get(reverse(f"{prefix}_history", args=[instance.pk]))
        assert response.status_code == 200


def test_the_lab_changelist_does_not_query_per_row(client, admin_user, demo):
    """30 rows, then 45 rows, both on one page (50 a page): the same number of queries."""
    client.force_login(admin_user)
    url = reverse("admin:labs_lab_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 30
    call_command("seed_demo", labs=45, seed=4, replace=True, stdout=io.StringIO())
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 45
    assert len(many) == len(few)


def test_admin_search_ignores_accents(client, admin_user, demo):
    lab = Lab.objects.filter(name__contains="é").first()
    client.force_login(admin_user)
    unaccented = lab.name.replace("é", "e").replace("è", "e").replace("'", " ").upper()
    response = client.get(reverse("admin:labs_lab_changelist"), {"q": unaccented})
    assert response.context["cl"].result_count >= 1
    assert lab in response.context["cl"].result_list
