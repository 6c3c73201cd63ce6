"""The lab list's column headers sort it, and the sorting column says so to assistive technologies."""

import re

from tests.factories import LabFactory


def headers(response) -> dict[str, tuple[str, str]]:
    """Each sortable header's label → (link, aria-sort)."""
    found = re.findall(
        r'<th scope="col"(?: aria-sort="(\w+)")?><a href="([^"]+)">([^<]+)</a></th>',
        response.content.decode(),
    )
    return {label: (href, aria_sort) for aria_sort, href, label in found}


def test_the_headers_link_to_each_sort_keeping_the_filters(client, db):
    LabFactory()
    response = client.get("/en/labs/", {"region": "DR04", "sort": "name", "page": "1"})
    assert headers(response) == {
        "Code": ("?region=DR04&amp;sort=code", ""),
        "Name": ("?region=DR04&amp;sort=name", "ascending"),
        "City": ("?region=DR04&amp;sort=city", ""),
    }


def test_the_list_is_sorted_by_code_by_default_and_by_relevance_when_searching(client, db):
    LabFactory(name="Laboratoire de physique")
    assert headers(client.get("/en/labs/"))["Code"] == ("?sort=code", "ascending")
    searched = headers(client.get("/en/labs/", {"q": "physique"}))
    assert all(aria_sort == "" for _href, aria_sort in searched.values())
    assert searched["City"] == ("?q=physique&amp;sort=city", "")
