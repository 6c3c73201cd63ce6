"""The parent/child hierarchy never holds a loop, whatever the path: a model's `full_clean`, the admin's
change form, the RNSR import (one file, two files in either order, the command) and a second run."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from labs.hierarchy import loop_through
from labs.models import Lab
from labs.rnsr import import_rnsr
from tests.admin_forms import admin_form_data
from tests.factories import LabFactory, make_rnsr, office
from tests.labs.rnsr_files import rnsr_file, run, structure, write_file

pytestmark = pytest.mark.django_db


def parents() -> dict[str, str | None]:
    return dict(Lab.objects.values_list("rnsr", "parent__rnsr"))


def child_of(n: int, parent: int) -> dict:
    return structure(n, numero_de_structure_parent=make_rnsr(parent))


def test_the_rule_names_the_chain_that_a_link_would_close():
    links = {"team": "unit", "unit": "federation", "federation": None}

    assert loop_through("federation", "team", links.get) == ["team", "unit", "federation"]
    assert loop_through("team", "federation", links.get) == []
    assert loop_through("other", "team", links.get) == []


def test_an_existing_loop_higher_up_ends_the_walk():
    links = {"a": "b", "b": "a"}

    assert loop_through("c", "a", links.get) == []


def test_full_clean_refuses_a_parent_that_is_already_below_the_structure():
    unit = LabFactory.create()
    team = LabFactory.create(parent=unit)
    subteam = LabFactory.create(parent=team)
    unit.parent = subteam

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    message = error.value.message_dict["parent"][0]
    assert str(subteam) in message and str(team) in message
    unit.parent = None
    unit.full_clean()


def test_the_admin_refuses_a_parent_that_would_close_a_loop(client, admin_user):
    unit = LabFactory.create(regional_office=office("DR04"))
    team = LabFactory.create(parent=unit, regional_office=office("DR04"))
    client.force_login(admin_user)
    url = reverse("admin:labs_lab_change", args=[unit.pk])
    data = admin_form_data(client.get(url))
    data["parent"] = team.pk

    response = client.post(url, data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.parent is None


def test_a_file_whose_parents_reference_each_other_imports_without_a_loop_and_reimports_as_a_no_op():
    file = rnsr_file([child_of(1, 2), child_of(2, 3), child_of(3, 1)])

    first = import_rnsr(file)
    second = import_rnsr(file)

    assert parents() == {make_rnsr(1): make_rnsr(2), make_rnsr(2): make_rnsr(3), make_rnsr(3): None}
    assert len(first.created) == 3
    assert (len(second.created), len(second.updated), len(second.unchanged)) == (0, 0, 3)
    loops = [(problem.line, problem.rnsr) for problem in second.problems if problem.kind == "parent_cycle"]
    assert loops == [(4, make_rnsr(3))]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_two_files_that_each_bring_half_of_a_loop_leave_a_tree(order):
    """The first file says 1 is under 2, the second that 2 is under 1 (each file alone is fine)."""
    files = [rnsr_file([child_of(1, 2), structure(2)]), rnsr_file([structure(1), child_of(2, 1)])]
    if order == "backward":
        files.reverse()

    import_rnsr(files[0])
    plan = import_rnsr(files[1])

    links = parents()
    assert not (links[make_rnsr(1)] == make_rnsr(2) and links[make_rnsr(2)] == make_rnsr(1))
    assert [problem.kind for problem in plan.problems if problem.kind == "parent_cycle"] == ["parent_cycle"]
    assert import_rnsr(files[1]).updated == []


def test_the_report_names_both_structures_of_the_refused_link():
    import_rnsr(rnsr_file([child_of(1, 2), structure(2)]))

    plan = import_rnsr(rnsr_file([structure(1), child_of(2, 1)]))

    (problem,) = [problem for problem in plan.problems if problem.kind == "parent_cycle"]
    assert make_rnsr(1) in problem.message and make_rnsr(2) in problem.message


def test_the_command_refuses_the_link_that_would_close_a_loop(tmp_path):
    run(write_file(tmp_path, [child_of(1, 2), structure(2)]))

    out, err = run(write_file(tmp_path, [structure(1), child_of(2, 1)]))

    assert Lab.objects.get(rnsr=make_rnsr(2)).parent is None
    assert make_rnsr(2) in out + err
