"""Lab, partner and site pages as they stood on a day (`?on=YYYY-MM-DD`), and their past relations, on
LPS's history (`data.build_history`)."""

import datetime
import re

import pytest

from labs.models import LabStatus, SupervisionKind
from tests.cnrs_partners.directory.data import build_history
from tests.factories import SupervisionFactory


@pytest.fixture
def history(directory):
    return build_history(directory)


def lab_page(client, on: str | None = None, lang: str = ""):
    return client.get(f"{lang}/labs/umr-8502/", {"on": on} if on is not None else {})


def acronyms(links) -> list[str]:
    return sorted(link.partner.acronym for link in links)


def section(page: str, ident: str) -> str:
    """The HTML of the <section> titled by `ident`."""
    start = page.index(f'aria-labelledby="{ident}"')
    return page[start : page.index("</section>", start)]


# --- past relations on today's page ------------------------------------------------------------------


def test_a_supervision_that_ended_in_2015_shows_under_past_with_its_dates(client, history):
    response = lab_page(client)
    assert response.status_code == 200
    page = response.context["page"]
    assert acronyms(page.supervisors.current) == ["CNRS", "UPSaclay"]
    assert acronyms(page.supervisors.past) == ["UPSud"]
    html = response.content.decode()
    assert "Université Paris-Sud" not in section(html, "partners-title")
    past = section(html, "past-title")
    assert "Université Paris-Sud" in past
    assert "(1 janvier 2010 – 31 décembre 2015)" in past
    assert "– tutelle" in past  # its kind, in words


def test_the_partner_page_lists_the_ended_supervision_under_past(client, history):
    response = client.get("/partners/paris-sud/")
    assert response.context["supervised"] == []
    html = response.content.decode()
    assert "Tutelle de 0 laboratoire actif." in html
    past = section(html, "past-title")
    assert 'href="/labs/umr-8502/"' in past
    assert "(1 janvier 2010 – 31 décembre 2015)" in past


def test_the_ended_parent_and_agreement_show_under_past(client, history):
    response = lab_page(client)
    page = response.context["page"]
    assert page.parent is None and page.former_parent == history["federation"]
    past = section(response.content.decode(), "past-title")
    assert "FR 2500 FED" in past and "fermée le 30 juin 2018" in past
    assert "Ancienne convention 2015-2019" in past and "expirée" in past


# --- the page as of a day --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "on, current, past, upcoming",
    [
        ("2009-12-31", ["CNRS", "UPSaclay"], [], ["UPSud"]),  # the day before it started
        ("2010-01-01", ["CNRS", "UPSaclay", "UPSud"], [], []),  # the day it started
        ("2015-12-31", ["CNRS", "UPSaclay", "UPSud"], [], []),  # its last day
        ("2016-01-01", ["CNRS", "UPSaclay"], ["UPSud"], []),  # the day after
    ],
)
def test_the_supervisors_are_those_of_that_day(client, history, on, current, past, upcoming):
    page = lab_page(client, on).context["page"]
    assert acronyms(page.supervisors.current) == current
    assert acronyms(page.supervisors.past) == past
    assert acronyms(page.supervisors.upcoming) == upcoming
    assert acronyms(page.participants.current) == [""]  # Thales, undated, takes part throughout


@pytest.mark.parametrize(
    "on, in_force",
    [
        ("2014-12-31", []),
        ("2015-01-01", ["Ancienne convention 2015-2019"]),
        ("2019-12-31", ["Ancienne convention 2015-2019"]),
        ("2020-01-01", []),
        ("2022-01-01", ["Convention de site Paris-Saclay 2022-2026"]),
        ("2099-12-31", ["Convention de site Paris-Saclay 2022-2026"]),
        ("2100-01-01", []),
    ],
)
def test_the_site_agreement_in_force_is_that_of_that_day(client, history, on, in_force):
    response = lab_page(client, on)
    assert [a.title for a in response.context["page"].agreements.current] == in_force
    site = client.get("/sites/paris-saclay/", {"on": on}).context["page"]
    assert [a.title for a in site.agreements.current] == in_force


@pytest.mark.parametrize(
    "on, parent, former_parent",
    [("2018-06-30", "FED", None), ("2018-07-01", None, "FED"), ("2004-12-31", None, None)],
)
def test_the_parent_is_shown_while_it_existed(client, history, on, parent, former_parent):
    page = lab_page(client, on).context["page"]
    assert (page.parent and page.parent.acronym) == parent
    assert (page.former_parent and page.former_parent.acronym) == former_parent


@pytest.mark.parametrize(
    "on, status, label",
    [
        ("2007-12-31", None, "Pas encore créé"),
        ("2008-01-01", LabStatus.ACTIVE, "En activité"),
        ("2030-01-01", LabStatus.ACTIVE, "En activité"),
    ],
)
def test_the_lab_status_is_that_of_that_day(client, history, on, status, label):
    response = lab_page(client, on)
    assert response.context["page"].status == status
    assert f'<dd class="col-sm-8">{label}</dd>' in response.content.decode()


@pytest.mark.parametrize("on, closed", [("2020-12-31", False), ("2021-01-01", True)])
def test_a_closed_lab_reads_active_until_its_closing_day(client, history, on, closed):
    response = client.get("/labs/upr-8000/", {"on": on})
    assert (response.context["page"].status == LabStatus.CLOSED) is closed
    assert ('class="alert alert-warning' in response.content.decode()) is closed
    rows = list(client.get("/sites/paris-saclay/", {"on": on}).context["page"].labs)
    assert history["closed"] in rows  # still listed on the site, with a badge once closed
    html = client.get("/sites/paris-saclay/", {"on": on}).content.decode()
    assert ('<span class="badge text-bg-secondary">Fermée</span>' in html) is closed


def test_a_lab_not_created_yet_says_so_and_leaves_the_site_list(client, history):
    response = lab_page(client, "2007-06-01")
    assert "Cette structure n'existait pas encore ce jour-là" in response.content.decode()
    # Nothing was current then: its undated supervisions came with it, later.
    page = response.context["page"]
    assert page.supervisors.current == [] and page.participants.current == []
    assert acronyms(page.supervisors.upcoming) == ["CNRS", "UPSaclay", "UPSud"]
    assert page.agreements.current == []
    rows = list(client.get("/sites/paris-saclay/", {"on": "2007-06-01"}).context["page"].labs)
    assert history["lps"] not in rows


def test_the_site_page_says_which_labs_the_agreement_in_force_that_day_covered(client, history):
    response = client.get("/en/sites/paris-saclay/", {"on": "2016-06-01"})
    rows = {lab.slug: lab.covered for lab in response.context["page"].labs}
    assert rows == {"umr-8502": True, "upr-8000": True}
    assert "Covered by the agreement in force that day" in response.content.decode()


def test_the_partner_page_as_of_a_day_counts_and_lists_the_labs_of_that_day(client, history):
    response = client.get("/partners/paris-sud/", {"on": "2012-05-01"})
    assert [link.lab.slug for link in response.context["supervised"]] == ["umr-8502"]
    assert response.context["page"].past == []
    assert "Tutelle de 1 laboratoire actif ce jour-là." in response.content.decode()
    later = client.get("/partners/paris-sud/", {"on": "2009-05-01"}).context["page"]
    assert [link.lab.slug for link in later.upcoming] == ["umr-8502"]


def test_an_undated_link_comes_later_on_the_partner_page_before_the_lab_was_created(client, history):
    response = client.get("/partners/universite-paris-saclay/", {"on": "2007-06-01"})
    assert response.context["supervised"] == []
    assert [link.lab.slug for link in response.context["page"].upcoming] == ["umr-8502"]
    assert response.context["partner"].supervised_count == 0
    today = client.get("/partners/universite-paris-saclay/")
    assert [link.lab.slug for link in today.context["supervised"]] == ["umr-8502"]


# --- banner, link back, robots ---------------------------------------------------------------------------


def test_the_banner_says_the_day_and_links_back_to_today(client, history):
    response = lab_page(client, "2015-03-12")
    html = response.content.decode()
    assert "Situation au 12 mars 2015" in html
    assert "<a href=\"/labs/umr-8502/\">voir la situation d'aujourd'hui</a>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert '<link rel="canonical" href="http://testserver/labs/umr-8502/">' in html


def test_the_english_page_says_it_in_english(client, history):
    response = lab_page(client, "2015-03-12", lang="/en")
    html = response.content.decode()
    assert "As it stood on 12 March 2015" in html
    assert '<a href="/en/labs/umr-8502/">see today</a>' in html
    # The language switch keeps the day.
    assert 'href="/labs/umr-8502/?on=2015-03-12" hreflang="fr"' in html


def test_links_to_other_directory_pages_keep_the_day(client, history):
    html = lab_page(client, "2012-03-12").content.decode()
    assert 'href="/partners/paris-sud/?on=2012-03-12"' in html
    assert 'href="/sites/paris-saclay/?on=2012-03-12"' in html
    assert 'href="/labs/fr-2500/?on=2012-03-12"' in html


def test_today_s_page_has_no_banner_and_is_indexed(client, history):
    response = lab_page(client)
    html = response.content.decode()
    assert "as-of-banner" not in html and "noindex" not in html
    assert "X-Robots-Tag" not in response
    assert 'href="/partners/paris-sud/"' in html


def test_a_future_day_is_allowed(client, history):
    response = client.get("/sites/paris-saclay/", {"on": "2030-01-01"})
    assert response.status_code == 200
    assert "Situation au 1 janvier 2030" in response.content.decode()


@pytest.mark.parametrize("path", ["/labs/umr-8502/", "/partners/paris-sud/", "/sites/paris-saclay/"])
@pytest.mark.parametrize("on", ["2015-13-40", "abc", "12/03/2015", "1899-12-31"])
def test_a_day_that_cannot_be_read_shows_today_s_page_with_a_message(client, history, path, on):
    response = client.get(path, {"on": on})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"La date « {on} » n'a pas pu être lue" in html
    assert "Saisissez une date valide." in html or "supérieure ou égale à 1900-01-01" in html
    assert "as-of-banner" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert response.context["as_of"].day == datetime.date.today()


def test_the_message_is_in_english_on_the_english_page(client, history):
    html = client.get("/en/labs/umr-8502/", {"on": "2015-13-40"}).content.decode()
    assert "The date “2015-13-40” could not be read: Enter a valid date." in html


def test_the_sitemap_lists_no_page_as_of_a_day(client, history):
    assert "?on=" not in client.get("/sitemap.xml").content.decode()


# --- the timeline ----------------------------------------------------------------------------------------


def test_the_lab_page_shows_its_history_as_a_timeline(client, history):
    html = lab_page(client).content.decode()
    timeline = section(html, "timeline-title")
    items = re.findall(r'<li><time datetime="([^"]+)">', timeline)
    assert items == ["2008", "2009", "2010-01-01", "2015-12-31"]
    assert 'href="/labs/upr-8001/"' in timeline and "(fusion)" in timeline
    assert "Fin de la tutelle de" in timeline and "Université Paris-Sud" in timeline
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="review-chart timeline-chart"' in timeline
    assert '<line class="today"' in timeline and ">aujourd&#x27;hui</text>" in timeline


def test_the_timeline_marks_the_day_the_page_shows(client, history):
    timeline = section(lab_page(client, "2015-03-12").content.decode(), "timeline-title")
    assert ">12/03/2015</text>" in timeline


def test_a_lab_with_nothing_dated_has_no_timeline(client, directory):
    assert 'id="timeline-title"' not in client.get("/labs/umr-7313/").content.decode()


def test_the_participation_keeps_its_kind_in_the_past_part(client, history):
    SupervisionFactory(
        lab=history["lps"],
        partner=history["marseille"],
        kind=SupervisionKind.PARTICIPANT,
        since=datetime.date(2011, 1, 1),
        until=datetime.date(2012, 1, 1),
        unit_code="",
    )
    past = section(lab_page(client).content.decode(), "past-title")
    assert "Aix-Marseille Université" in past and "établissement partenaire" in past


def test_the_day_s_label_stays_inside_the_chart_late_in_the_year(client, history):
    timeline = section(lab_page(client, "2026-12-20").content.decode(), "timeline-title")
    assert re.search(
        r'<text x="[\d.]+" y="27" text-anchor="end" fill="#b02a37" font-size="10">20/12/2026', timeline
    )
