"""Which département a lab is in, for the directory's map and its département filter, without a column.

A lab's département is read from its postal code and city as the RNSR import and the lab form read them
(`regions.places.resolve_place`): a CEDEX code (13331 Marseille CEDEX 03) is in no list of postal codes,
its commune is. Labs abroad (a country other than France) are in no département. The database groups the
labs by postal code and city (one query, whatever their number); the few thousand distinct pairs are read
against the reference in Python, and what they give is kept until the public data changes
(`regions.freshness.kept_while_unchanged`), as the lab directory's facets are.
"""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from regions.freshness import kept_while_unchanged
from regions.outlines import outlines
from regions.places import FRANCE, resolve_place

from .models import Lab

# A lab without a country is read as in France (the field's default).
IN_FRANCE = Q(country__in=[FRANCE, ""])
PLACES_SECONDS = 24 * 3600
# The overseas collectivities the communes reference knows beside the départements (regions' migration
# 0004): no outline on the map, listed beside it.
OTHER_OVERSEAS = ("975", "977", "978", "984", "986", "987", "988", "989")


def department_codes() -> list[str]:
    """Every département and overseas code of the communes reference ("01"…"95", "2A", "971"…"989"): those
    the map draws and the other overseas collectivities, without loading the communes (a second, once per
    process, for every form of the lab directory)."""
    return sorted({*outlines().names, *OTHER_OVERSEAS})


def _department_places() -> dict[str, dict[str, list[str]]]:
    """{département: {postal code: [cities]}} over every lab in France (any status), in one query; "" holds
    the places whose département cannot be told."""
    places: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    pairs = Lab.objects.filter(IN_FRANCE).order_by().values_list("postal_code", "city").distinct()
    for postal_code, city in pairs:
        places[resolve_place(postal_code, city).department][postal_code].append(city)
    return {code: dict(by_code) for code, by_code in places.items()}


def department_places() -> dict[str, dict[str, list[str]]]:
    """The postal codes and cities of the labs of each département, kept while the data is unchanged."""
    return kept_while_unchanged(
        "lab-department-places", _department_places, seconds=PLACES_SECONDS, what="The labs' départements"
    )


def in_department(code: str) -> Q:
    """The labs in département `code`: in France, with a postal code and city that resolve to it.

    A postal code whose every lab is in the département is matched whole; a postal code shared with labs
    elsewhere, or unplaced (a CEDEX code with a city of another département, say), with its cities."""
    places = department_places()
    by_code = places.get(code, {})
    elsewhere = {postal_code for other, codes in places.items() if other != code for postal_code in codes}
    condition = Q(postal_code__in=[postal_code for postal_code in by_code if postal_code not in elsewhere])
    for postal_code in by_code.keys() & elsewhere:
        condition |= Q(postal_code=postal_code, city__in=by_code[postal_code])
    return IN_FRANCE & condition


def _counted_by_department(labs: QuerySet[Lab]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    rows = labs.filter(IN_FRANCE).order_by().values("postal_code", "city").annotate(n=Count("pk"))
    for row in rows.values_list("postal_code", "city", "n"):
        postal_code, city, n = row
        counts[resolve_place(postal_code, city).department] += n
    return dict(counts)


def labs_by_department(labs: QuerySet[Lab], *, key: str) -> dict[str, int]:
    """The number of `labs` in France per département ("" for those whose département cannot be told), in
    one query, kept under `key` while the data is unchanged."""
    return kept_while_unchanged(
        f"lab-departments:{key}",
        lambda: _counted_by_department(labs),
        seconds=PLACES_SECONDS,
        what="The labs per département",
    )


def labs_abroad(labs: QuerySet[Lab]) -> dict[str, int]:
    """The number of `labs` outside France per country code, in one query."""
    rows = labs.exclude(IN_FRANCE).order_by().values("country").annotate(n=Count("pk"))
    return {str(country): n for country, n in rows.values_list("country", "n")}


def lab_department(lab: Lab) -> str:
    """The département of one lab ("" when abroad or unknown)."""
    if lab.country not in (FRANCE, ""):
        return ""
    return resolve_place(lab.postal_code, lab.city).department
