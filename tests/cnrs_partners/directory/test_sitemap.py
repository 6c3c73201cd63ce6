"""The sitemap lists every public page in both languages, with alternates."""

from tests.factories import LabFactory


def test_the_sitemap_lists_every_public_page_in_both_languages(client, directory):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in [
        "/",
        "/labs/",
        "/partners/",
        "/sites/",
        "/regions/",
        "/labs/umr-8502/",
        "/labs/upr-8000/",
        "/partners/universite-paris-saclay/",
        "/sites/paris-saclay/",
        "/regions/dr04/",
        "/regions/dr20/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in xml, path
        assert f"<loc>http://testserver/en{path}</loc>" in xml, path
    assert '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/labs/umr-8502/"/>' in xml
    assert 'hreflang="x-default"' in xml


def test_the_sitemap_is_outside_the_language_prefix(client, db):
    assert client.get("/en/sitemap.xml").status_code == 404


def test_the_sitemap_query_count_does_not_grow_with_labs(client, db, django_assert_max_num_queries):
    for number in range(30):
        LabFactory(unit_number=str(3000 + number))
    with django_assert_max_num_queries(8):
        response = client.get("/sitemap.xml")
    # Each lab: its French and English <loc>, each with three alternates (fr, en, x-default).
    assert response.content.decode().count("/labs/upr-30") == 30 * (2 + 2 * 3)
