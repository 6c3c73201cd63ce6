"""French without prefix, English under /en/, and a language switch that keeps the current page."""

import re

import pytest


def switch_links(page: str) -> dict[str, str]:
    """The language switch's links, by language: the current language is not a link."""
    switch = page[page.index('class="navbar-nav language-switch"') :]
    switch = switch[: switch.index("</ul>")]
    return {lang: href for href, lang in re.findall(r'href="([^"]+)" hreflang="(\w+)"', switch)}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/labs/",
        "/labs/umr-8502/",
        "/partners/",
        "/partners/amu/",
        "/sites/",
        "/sites/paris-saclay/",
        "/regions/",
        "/regions/dr04/",
    ],
)
def test_every_page_exists_in_french_and_in_english_and_links_the_other(client, directory, url):
    french = client.get(url)
    english = client.get(f"/en{url}")
    assert french.status_code == english.status_code == 200
    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert switch_links(french.content.decode()) == {"en": f"/en{url}"}
    assert switch_links(english.content.decode()) == {"fr": url}
    assert f'hreflang="en" href="http://testserver/en{url}"' in french.content.decode()


def test_the_language_switch_keeps_the_filters(client, directory):
    page = client.get("/en/labs/", {"region": "DR04", "q": "physique"}).content.decode()
    assert switch_links(page) == {"fr": "/labs/?region=DR04&amp;q=physique"}


def test_english_pages_show_english_names(client, directory):
    english = client.get("/en/labs/umr-8502/").content.decode()
    french = client.get("/labs/umr-8502/").content.decode()
    assert '<p class="lead mb-1">Solid State Physics Laboratory</p>' in english
    assert '<p class="lead mb-1">Laboratoire de physique des solides</p>' in french
    assert "Institute of Physics" in english
    assert "Institut de physique" in french


def test_english_links_stay_in_english(client, directory):
    page = client.get("/en/labs/").content.decode()
    assert 'href="/en/labs/umr-8502/"' in page
    assert 'href="/en/partners/"' in page


def test_a_missing_page_is_a_useful_page_in_its_language(client, db):
    english = client.get("/en/labs/umr-0000/")
    assert english.status_code == 404
    page = english.content.decode()
    assert '<html lang="en">' in page
    assert 'action="/en/labs/"' in page
    assert switch_links(page) == {"fr": "/labs/umr-0000/"}
    # An address no route knows switches to the home page of the other language.
    assert switch_links(client.get("/en/nowhere/").content.decode()) == {"fr": "/"}
    assert switch_links(client.get("/nowhere/").content.decode()) == {"en": "/en/"}
