"""The lab directory's free-text search: codes, accents, partner names, and ranking."""

import pytest
from django.http import QueryDict

from labs.selectors import lab_list
from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, umr


def slugs(query: str, **params) -> list[str]:
    data = QueryDict(mutable=True)  # what the view passes: request.GET
    data.update({"q": query, **params})
    filterset = lab_list(data=data)
    assert filterset.is_valid(), filterset.errors
    return [lab.slug for lab in filterset.qs]


@pytest.mark.parametrize("query", ["UMR 8502", "umr8502", "umr 8502", "UMR-8502", "8502", " Umr   8502 "])
def test_it_finds_a_lab_by_its_unit_code_in_any_spelling(directory, query):
    assert slugs(query)[0] == "umr-8502"


def test_it_finds_a_lab_by_its_rnsr_number(directory):
    lps = directory["lps"]
    assert slugs(lps.rnsr.lower()) == ["umr-8502"]


@pytest.mark.parametrize(
    "query", ["lps", "LPS", "physique des solides", "PHYSIQUE solides", "solid state physics"]
)
def test_it_finds_a_lab_by_acronym_name_or_english_name_ignoring_case(directory, query):
    assert "umr-8502" in slugs(query)


def test_it_ignores_accents_in_the_query_and_in_the_data(directory):
    assert slugs("molecules") == []  # "moléculaires" does not contain "molecules": words match as substrings
    assert slugs("moleculaires") == ["umr-7313"]
    assert slugs("MOLÉCULAIRES marseille") == ["umr-7313"]
    assert slugs("ecole", status="all") == ["upr-8000"]
    assert slugs("École", status="all") == ["upr-8000"]


def test_it_finds_labs_by_their_partners_names_without_accents(directory):
    assert slugs("universite paris saclay") == ["umr-8502"]
    assert slugs("Université Paris-Saclay") == ["umr-8502"]
    assert slugs("upsaclay") == ["umr-8502"]
    assert slugs("aix marseille") == ["umr-7313"]


def test_it_matches_each_word_in_the_lab_or_in_any_of_its_partners(directory):
    # "solides" is in the lab's name, "saclay" only in its partner's: both words must be found somewhere.
    assert slugs("solides saclay") == ["umr-8502"]
    assert slugs("solides marseille") == []


def test_it_lists_a_lab_once_even_when_several_partners_match(directory):
    # Both the CNRS and Paris-Saclay contain "c": an EXISTS per word, no duplicated rows.
    result = slugs("c")
    assert len(result) == len(set(result))
    assert set(result) >= {"umr-8502", "umr-7313"}


def test_it_finds_a_lab_by_its_city(directory):
    assert slugs("marseille") == ["umr-7313"]


def test_it_finds_a_bare_unit_number_and_ranks_it_first(db):
    # The number is also part of another lab's RNSR-like text and keywords: the exact number wins.
    other = LabFactory(unit_number="18502", acronym="AAA", name="Aaa lab")
    exact = LabFactory(unit_number="8502", acronym="ZZZ", name="Zzz lab")
    result = slugs("8502")
    assert result[0] == exact.slug
    assert other.slug in result


def test_it_ranks_an_exact_acronym_before_names_that_contain_it(db):
    LabFactory(unit_number="100", acronym="CPHT-BIS", name="Centre de physique")
    LabFactory(unit_number="101", acronym="XYZ", name="Laboratoire cpht associé")
    exact = LabFactory(unit_number="999", acronym="CPHT", name="Centre de physique théorique")
    assert slugs("cpht")[0] == exact.slug
    assert slugs("cpht", sort="name")[0] == exact.slug


def test_it_ranks_an_exact_code_before_the_labs_of_a_partner_with_that_number(db):
    partner = PartnerFactory(name="Institut 8502 des tests", acronym="I8502")
    first = umr(unit_number="1234", university=partner)
    wanted = LabFactory(unit_number="8502", unit_type="UMR")
    # "umr" is in the other lab's code and "8502" in its partner's name: it matches, ranked after the code.
    assert slugs("UMR 8502") == [wanted.slug, first.slug]
    assert slugs("8502") == [wanted.slug, first.slug]


def test_a_query_of_punctuation_only_returns_the_whole_list(directory):
    assert sorted(slugs("--- !!")) == ["umr-7313", "umr-8502"]


def test_participating_partners_also_find_the_lab(directory):
    assert slugs("thales") == ["umr-8502"]


def test_supervision_partner_search_does_not_leak_other_labs(db):
    partner = PartnerFactory(name="Institut Pasteur", acronym="IP")
    lab = LabFactory(name="Biologie cellulaire")
    SupervisionFactory(lab=lab, partner=partner)
    LabFactory(name="Biologie moléculaire")
    assert slugs("pasteur biologie") == [lab.slug]
