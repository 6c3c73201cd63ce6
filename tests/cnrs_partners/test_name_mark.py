"""The product's name-mark and favicon, the same on the public pages, the back-office and the error pages."""

import pytest
from django.contrib.staticfiles import finders

ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
MARK = '<img src="/static/favicon.svg" alt="" width="28" height="28" class="brand-mark">'


def test_the_mark_is_a_static_file():
    path = finders.find("favicon.svg")
    assert path and open(path, encoding="utf-8").read().lstrip().startswith("<svg")


@pytest.mark.parametrize("url", ["/", "/en/labs/", "/stats/", "/admin/login/", "/no-such-page/"])
def test_public_back_office_and_error_pages_show_the_mark_and_favicon(client, db, url):
    page = client.get(url).content.decode()
    assert ICON in page
    assert MARK in page
    assert "CNRS" in page[page.index(MARK) : page.index(MARK) + 400]  # the product's name beside its mark


def test_the_back_office_home_shows_the_mark(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert ICON in page and MARK in page
