"""regions.bulk.create_with_history writes what simple_history's bulk_create_with_history writes."""

import datetime
import gc

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_init
from django.forms.models import model_to_dict
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from labs.models import Lab, Partner, Supervision
from regions.audit import IMPORT, audit_source, bulk_history_kwargs
from regions.bulk import create_with_history, cyclic_gc_paused, new_record
from tests.factories import LabFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = {
    "id",
    "rnsr",
    "slug",
    "acronym",
    "unit_number",
    "name",
    "name_fr",
    "parent_id",
    "created_at",
    "updated_at",
}
HISTORY_OWN = {"history_id", "history_date"}


def new_labs(prefix: str, parent: Lab) -> list[Lab]:
    """Two unsaved labs with values of every kind: a foreign country, dates, a year, a parent."""
    return [
        LabFactory.build(
            acronym=f"{prefix}A",
            slug=f"{prefix.lower()}-a",
            country="CL",
            city="Santiago de Chile",
            contract_start=datetime.date(2021, 1, 1),
            contract_end=datetime.date(2025, 12, 31),
            creation_year=1795,
            needs_review=True,
            review_reason="abroad",
            parent=parent,
        ),
        LabFactory.build(acronym=f"{prefix}B", slug=f"{prefix.lower()}-b", website="https://example.org/"),
    ]


def history_rows(labs: list[Lab]) -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in IDENTITY | HISTORY_OWN}
        for row in Lab.history.filter(id__in=[lab.pk for lab in labs]).order_by("id").values()
    ]


def test_records_and_history_rows_match_simple_histories_helper():
    parent = LabFactory()
    user = UserFactory()
    theirs, ours = new_labs("S", parent), new_labs("C", parent)
    with audit_source(IMPORT, detail="national.csv"):
        kwargs = {"default_user": user, **bulk_history_kwargs()}
        bulk_create_with_history(theirs, Lab, **kwargs)
        returned = create_with_history(ours, Lab, **kwargs)

    assert returned is ours and all(lab.pk and not lab._state.adding for lab in ours)
    for mine, reference in zip(ours, theirs, strict=True):
        saved, expected = Lab.objects.get(pk=mine.pk), Lab.objects.get(pk=reference.pk)
        assert {k: v for k, v in model_to_dict(saved).items() if k not in IDENTITY} == {
            k: v for k, v in model_to_dict(expected).items() if k not in IDENTITY
        }
    assert Lab.objects.get(pk=ours[0].pk).parent == parent
    assert Lab.objects.get(pk=ours[0].pk).country.code == "CL"
    assert history_rows(ours) == history_rows(theirs)
    first = Lab.history.get(id=ours[0].pk)
    assert (first.history_type, first.history_user, first.history_source) == ("+", user, IMPORT)
    assert first.history_change_reason == Lab.history.get(id=theirs[0].pk).history_change_reason


def test_a_foreign_key_takes_the_key_of_a_record_saved_after_it_was_assigned():
    lab = LabFactory.build(acronym="NEW", slug="new")
    supervision = Supervision(lab=lab, partner=PartnerFactory(), kind="supervisor")
    create_with_history([lab], Lab)
    create_with_history([supervision], Supervision)

    assert Supervision.objects.get(pk=supervision.pk).lab_id == lab.pk
    assert Supervision.history.get(id=supervision.pk).lab_id == lab.pk


def test_keys_come_back_in_order_over_several_statements():
    labs = [LabFactory.build(acronym=f"L{n}", slug=f"l-{n}") for n in range(7)]
    create_with_history(labs, Lab, batch_size=3)

    assert {lab.pk: lab.slug for lab in labs} == dict(Lab.objects.values_list("pk", "slug"))
    assert Lab.history.count() == 7


def test_a_failing_batch_leaves_neither_records_nor_history():
    labs = [LabFactory.build(acronym=f"D{n}", slug="same") for n in range(2)]
    with pytest.raises(IntegrityError), transaction.atomic():
        create_with_history(labs, Lab)

    assert not Lab.objects.exists() and not Lab.history.exists()


def attributes(record) -> dict:
    return {name: value for name, value in record.__dict__.items() if name != "_state"}


def test_new_record_builds_what_the_model_builds():
    office_lab = LabFactory()
    values = {
        "rnsr": "200112345A",
        "name": "Laboratoire",
        "country": "CL",
        "regional_office_id": office_lab.regional_office_id,
        "creation_year": 1795,
        "parent": office_lab,
    }
    ours, theirs = new_record(Lab, **values), Lab(**values)

    assert attributes(ours) == attributes(theirs)
    assert ours.country.code == "CL" and ours.parent_id == office_lab.pk
    assert ours._state.adding and ours._state.fields_cache == theirs._state.fields_cache
    assert ours.needs_review is False and ours.status == "active"  # the defaults


def test_new_records_link_to_a_lab_saved_after_them():
    lab = new_record(Lab, rnsr="200112345A", name="Nouveau", slug="nouveau")
    supervision = new_record(Supervision, lab=lab, partner=PartnerFactory(), kind="supervisor")
    create_with_history([lab], Lab)
    create_with_history([supervision], Supervision)

    assert Supervision.objects.get(pk=supervision.pk).lab == Lab.objects.get(rnsr="200112345A")


def test_new_record_refuses_what_the_model_refuses():
    with pytest.raises(TypeError, match="unexpected keyword"):
        new_record(Lab, nickname="x")
    with pytest.raises(ValueError, match="must be a"):
        new_record(Supervision, lab=PartnerFactory.build())


def test_a_model_with_init_listeners_is_built_by_its_init():
    heard = []

    def listener(sender, instance, **kwargs):
        heard.append(instance)

    new_record(Partner, name="Avant")  # built without a listener first
    post_init.connect(listener, sender=Partner)
    try:
        partner = new_record(Partner, name="Université")
    finally:
        post_init.disconnect(listener, sender=Partner)
    assert heard == [partner]


def test_the_collector_is_paused_inside_and_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with cyclic_gc_paused():
            with cyclic_gc_paused():
                pass
            assert not gc.isenabled()  # an inner pause ending does not end the outer one
            raise RuntimeError
    assert gc.isenabled()


def test_a_collector_already_paused_stays_paused():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_translated_text_goes_where_the_model_would_put_it(language):
    values = {"rnsr": "200112345A", "name": "Laboratoire", "description": "Physique", "acronym": "LP"}
    with translation.override(language):
        ours, theirs = new_record(Lab, **values), Lab(**values)

    assert attributes(ours) == attributes(theirs)
    assert getattr(ours, f"name_{language}") == "Laboratoire" and ours.__dict__["name"] == "Laboratoire"
