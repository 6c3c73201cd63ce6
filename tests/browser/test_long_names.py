"""Long lab names (up to 300 characters, at times a run without a space) wrap inside the tables and pages
that show them, on a desktop and a phone screen, instead of widening them past the screen."""

import pytest

from labs.models import Lab
from tests.factories import PartnerFactory, SiteFactory, SupervisionFactory, umr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Laboratoire interdisciplinaire de recherche en sciences physiques et chimiques appliquées "
LONG_NAMES = [
    (WORDS * 4)[: Lab._meta.get_field("name").max_length],
    ("Laboratoire-" + "x" * 150 + "-" + "Interdisciplinarité" * 10)[: Lab._meta.get_field("name").max_length],
]

# The width of each table against its wrapper's, and of the page against the window's, in CSS pixels.
MEASURE = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  tables: [...document.querySelectorAll("main table")].map(t => [t.scrollWidth, t.parentElement.clientWidth]),
})"""


@pytest.fixture
def long_named(reference_data):
    partner = PartnerFactory(name="Université des noms longs", slug="noms-longs")
    site = SiteFactory(name="Site des noms longs", slug="noms-longs")
    for number, name in enumerate(LONG_NAMES):
        lab = umr(unit_number=str(6100 + number), acronym=f"LONG{number}", name=name, university=partner)
        site.labs.add(lab)
    SupervisionFactory(lab=umr(unit_number="6199", acronym="SHORT", name="Physique"), partner=partner)
    return site


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "path", ["/labs/?q=LONG", "/labs/umr-6101/", "/partners/noms-longs/", "/sites/noms-longs/"]
)
def test_long_names_keep_tables_and_pages_within_the_screen(page, visit, long_named, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    visit(path)
    assert page.get_by_text("Interdisciplinarité", exact=False).first.is_visible()
    sizes = page.evaluate(MEASURE)
    assert sizes["page"] <= sizes["window"], sizes
    for table, wrapper in sizes["tables"]:
        assert table <= wrapper + 1, sizes
