"""The public site's navigation (templates/base.html): staff find the back-office there, and the review
pages when their role opens them; anonymous visitors see neither."""

import pytest

from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKOFFICE = 'href="/admin/"'
REVIEW = 'href="/review/"'


def nav_of(client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_anonymous_visitors_see_neither_the_back_office_nor_the_review(client):
    nav = nav_of(client)
    assert BACKOFFICE not in nav
    assert REVIEW not in nav


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "viewer", "editor"])
def test_staff_whose_role_opens_the_review_see_both_links(client, request, role):
    client.force_login(request.getfixturevalue(role))
    nav = nav_of(client, "/labs/")
    assert BACKOFFICE in nav
    assert REVIEW in nav
    # The same rule as the page the link opens.
    assert client.get("/review/").status_code == 200


def test_staff_without_a_role_see_the_back_office_only(client):
    client.force_login(UserFactory.create(is_staff=True))
    nav = nav_of(client)
    assert BACKOFFICE in nav
    assert REVIEW not in nav
    assert client.get("/review/").status_code == 403


def test_a_logged_in_user_who_is_not_staff_sees_neither(client):
    client.force_login(UserFactory.create(is_staff=False))
    nav = nav_of(client)
    assert BACKOFFICE not in nav
    assert REVIEW not in nav


def test_the_links_follow_the_page_language(client, coordinator):
    client.force_login(coordinator)
    nav = nav_of(client, "/en/sites/")
    assert 'href="/en/admin/"' in nav
    assert 'href="/en/review/">Site review<' in nav


def test_on_the_review_pages_the_review_link_is_current_not_the_public_sites(client, coordinator):
    site = SiteFactory.create()
    client.force_login(coordinator)
    # Both pages are named "site_detail": the review's, in its own namespace, is not the public one.
    nav = nav_of(client, f"/review/sites/{site.slug}/")
    assert f'{REVIEW} aria-current="page"' in nav
    assert 'href="/sites/" aria-current="page"' not in nav

    nav = nav_of(client, f"/sites/{site.slug}/")
    assert 'href="/sites/" aria-current="page"' in nav
    assert f'{REVIEW} aria-current="page"' not in nav
