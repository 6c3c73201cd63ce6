"""Sections of the long public pages reachable by anchors: each section heading has a stable id, and an
"On this page" list links to every one of them."""

import re

import pytest
from django.template import Context, Template

from cnrs_partners.templatetags.on_this_page import section_headings
from tests.factories import office

NAV = re.compile(r'<nav class="on-this-page[^"]*"[^>]*>(.*?)</nav>', re.S)


def contents(page: str) -> list[str]:
    """The fragments the page's "On this page" list links to, in its order."""
    match = NAV.search(page)
    assert match, "no On this page list"
    return re.findall(r'href="#([^"]+)"', match.group(1))


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


# Each page, and the stable ids of the sections the directory's data gives it (at least).
PAGES = {
    "/labs/umr-8502/": ["identity-title", "partners-title", "site-title", "contact-title", "office-title"],
    "/partners/universite-paris-saclay/": ["labs-title", "agreements-title", "about-title"],
    "/sites/paris-saclay/": ["agreements-title", "labs-title", "members-title", "offices-title"],
    "/regions/dr04/": ["services-title", "labs-title", "sites-title", "contact-title"],
    "/stats/": ["labs", "partners", "site-agreements", "pia-projects", "labs-by-institute", "pia-outcomes"],
}


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("url", PAGES)
def test_every_long_page_links_to_its_sections_by_stable_ids(client, directory, url, prefix):
    office("DR04").sites.add(directory["site"])
    page = client.get(prefix + url).content.decode()
    links = contents(page)
    assert set(PAGES[url]) <= set(links)
    assert len(links) == len(set(links))
    assert set(links) <= ids(page)  # every link leads somewhere on the page
    assert ("On this page" if prefix else "Sur cette page") in page


def test_the_detail_pages_list_every_section_heading_they_show(client, directory):
    page = client.get("/labs/umr-8502/").content.decode()
    headings = re.findall(r'<h2 id="([^"]+)"', page)
    assert contents(page) == headings


def test_the_list_names_each_section_as_its_heading_does(client, directory):
    page = client.get("/labs/umr-8502/").content.decode()
    nav = NAV.search(page).group(1)
    assert '<a href="#identity-title">Identité</a>' in nav
    assert '<a href="#partners-title">Tutelles</a>' in nav


def test_a_page_of_few_sections_has_no_list():
    template = Template(
        "{% load on_this_page %}{% on_this_page %}<h2 id='a'>A</h2><h2 id='b'>B</h2>{% endon_this_page %}"
    )
    assert template.render(Context()) == "<h2 id='a'>A</h2><h2 id='b'>B</h2>"


def test_section_headings_read_ids_and_plain_text():
    html = (
        '<h2 id="one" class="h4">Données <span class="badge">3</span></h2><h2>No id</h2>'
        '<h3 id="sub">Sub</h3><h2 id="two">L&#x27;équipe\n  et  co</h2>'
    )
    assert section_headings(html) == [("one", "Données 3"), ("two", "L'équipe et co")]
