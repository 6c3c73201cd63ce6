"""Where a postal code and a city put a structure, against the shipped list of French communes: spellings
from the real RNSR export, CEDEX codes, Corsica, overseas, and laboratories abroad."""

import pytest

from regions.places import country_named_in, resolve_place


@pytest.mark.parametrize(
    ("postal_code", "city", "official", "department"),
    [
        ("59655", "Villeneuve d'Ascq", "Villeneuve-d'Ascq", "59"),
        ("59655", "VILLENEUVE D ASCQ CEDEX", "Villeneuve-d'Ascq", "59"),
        ("59653", "VILLENEUVE D'ASCQ CEDEX", "Villeneuve-d'Ascq", "59"),
        ("91405", "ORSAY CEDEX", "Orsay", "91"),
        ("38058", "GRENOBLE CEDEX 9 - ST MARTIN D HERES", "Grenoble", "38"),
        ("38400", "ST MARTIN D HERES", "Saint-Martin-d'Hères", "38"),
        ("54500", "VANDOEUVRE LES NANCY", "Vandœuvre-lès-Nancy", "54"),
        ("13108", "Saint-Paul-lez-Durance cedex", "Saint-Paul-lès-Durance", "13"),
        ("44322", "NANTES CEDEX3", "Nantes", "44"),
        ("44035", "Nantes cedex 1-France", "Nantes", "44"),
        ("75006", "PARIS 06", "Paris", "75"),
        ("75724", "Paris Cedex 15", "Paris", "75"),
        ("93526", "SAINT-DENIS CEDEX", "Saint-Denis", "93"),
        ("67401", "ILLKIRCH CEDEX", "Illkirch-Graffenstaden", "67"),
        ("20000", "AJACCIO", "Ajaccio", "2A"),
        ("20250", "CORTE", "Corte", "2B"),
        ("97400", "SAINT DENIS", "Saint-Denis", "974"),
        ("98800", "Nouméa", "Nouméa", "988"),
        ("", "Limoges", "Limoges", "87"),
    ],
)
def test_a_french_place_resolves_to_its_official_commune_and_departement(
    postal_code, city, official, department
):
    place = resolve_place(postal_code, city)

    assert (place.country, place.city, place.department, place.doubtful) == (
        "FR",
        official,
        department,
        False,
    )


def test_the_spellings_of_one_city_become_one_city():
    spellings = [
        ("59655", "Villeneuve d'Ascq"),
        ("59655", "VILLENEUVE D ASCQ CEDEX"),
        ("59650", "Villeneuve D Ascq"),
        ("59491", "villeneuve-d'ascq"),
    ]

    assert {resolve_place(code, city).city for code, city in spellings} == {"Villeneuve-d'Ascq"}


@pytest.mark.parametrize(
    ("postal_code", "city", "country"),
    [
        ("02120", "SANTIAGO DE CHILE", "CL"),
        ("63009", "NOVOSIBIRSK-RUSSIE", "RU"),
        ("", "KAMUELA HAWAI-USA", "US"),
        ("", "Tokyo, Japon", "JP"),
        ("00100", "Nairobi, Kenya", "KE"),
    ],
)
def test_a_place_that_names_its_country_is_abroad_whatever_its_postal_code_looks_like(
    postal_code, city, country
):
    place = resolve_place(postal_code, city)

    assert (place.country, place.department, place.doubtful) == (country, "", True)
    assert city in place.note


@pytest.mark.parametrize(
    ("postal_code", "city"),
    [
        ("10010", "RABAT"),
        ("00186", "ROME"),
        ("69978", "TEL-AVIV"),
        ("", "MONTREAL"),
        ("06902", "Sophia Antipolis"),
    ],
)
def test_an_unrecognised_place_gets_no_departement_from_its_digits_and_is_doubtful(postal_code, city):
    place = resolve_place(postal_code, city)

    assert (place.country, place.department, place.city, place.doubtful) == ("", "", city, True)
    assert city in place.note


def test_the_note_of_an_unrecognised_french_looking_code_tells_what_its_digits_would_mean():
    assert "06" in resolve_place("06902", "Sophia Antipolis").note


def test_a_city_that_is_not_a_commune_of_its_french_postal_code_keeps_its_spelling_and_the_departement():
    place = resolve_place("93210", "LA PLAINE SAINT DENIS")

    assert (place.country, place.department, place.city, place.doubtful) == (
        "FR",
        "93",
        "LA PLAINE SAINT DENIS",
        False,
    )
    assert "Saint-Denis" in place.note


def test_no_place_at_all_is_doubtful():
    place = resolve_place("", "")

    assert place.doubtful and place.department == "" and place.note


def test_countries_are_read_in_french_and_english_as_whole_words():
    assert country_named_in("Santiago de Chile") == "CL"
    assert country_named_in("Santiago, Chili") == "CL"
    assert country_named_in("Avenue de Suède") == "SE"
    assert country_named_in("Chilly-Mazarin") == ""
