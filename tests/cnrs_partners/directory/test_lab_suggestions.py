"""A lab search with few results suggests the closest spellings of the directory's own words."""

import pytest
from django.core.cache import cache

from labs.models import Lab
from labs.suggestions import search_suggestions, search_vocabulary
from tests.factories import LabFactory, PartnerFactory


@pytest.fixture
def meudon(db):
    """Six labs in Meudon, one in Melun, and a partner."""
    for n in range(6):
        LabFactory(city="Meudon", name=f"Laboratoire d'astrophysique n° {n}")
    LabFactory(city="Melun", acronym="LIGM")
    PartnerFactory(name="Observatoire de Paris", acronym="OBSPM")


def test_meudno_suggests_meudon(client, meudon):
    response = client.get("/en/labs/", {"q": "Meudno"})
    assert list(response.context["labs"]) == []
    assert [(s.term, s.query) for s in response.context["suggestions"]] == [("Meudon", "Meudon")]
    page = response.content.decode()
    assert "Did you mean:" in page
    assert 'href="/en/labs/?q=Meudon"' in page
    assert len(client.get("/en/labs/", {"q": "Meudon"}).context["labs"]) == 6


def test_a_suggestion_keeps_the_other_words_and_filters(client, meudon):
    response = client.get("/en/labs/", {"q": "astrophysique meudno", "status": "all", "page": "1"})
    assert [s.query for s in response.context["suggestions"]] == ["astrophysique Meudon"]
    assert 'href="/en/labs/?q=astrophysique+Meudon&amp;status=all"' in response.content.decode()


def test_it_suggests_partner_names_acronyms_and_lab_name_words(meudon):
    suggested = [s.query for s in search_suggestions(query="observatoir de pari")]
    assert "Observatoire de Paris" in suggested and "observatoire de pari" in suggested
    assert [s.term for s in search_suggestions(query="OBSMP")] == ["OBSPM"]
    assert [s.term for s in search_suggestions(query="astrofysique")] == ["astrophysique"]


def test_a_search_with_enough_results_or_no_close_word_suggests_nothing(client, meudon):
    assert client.get("/labs/", {"q": "Meudon"}).context["suggestions"] == []
    assert client.get("/labs/", {"q": "zzzzzz"}).context["suggestions"] == []
    assert client.get("/labs/").context["suggestions"] == []
    assert "Did you mean" not in client.get("/en/labs/", {"q": "zzzzzz"}).content.decode()


def test_the_vocabulary_is_cached_until_the_public_data_changes(
    meudon, django_assert_num_queries, django_capture_on_commit_callbacks
):
    search_vocabulary()
    with django_assert_num_queries(0):
        assert search_suggestions(query="Villejuf") == []
    with django_capture_on_commit_callbacks(execute=True):
        LabFactory(city="Villejuif")
    assert [s.term for s in search_suggestions(query="Villejuf")] == ["Villejuif"]


def test_without_a_cache_it_still_suggests(meudon, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    assert [s.term for s in search_suggestions(query="Meudno")] == ["Meudon"]
    assert Lab.objects.count() == 7
