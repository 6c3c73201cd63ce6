"""The review pages' SVG charts: well-formed, titled and described, bars proportional to their values."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from agreements.charts import (
    BAR_PLOT_WIDTH,
    LABEL_WIDTH,
    PLOT_WIDTH,
    Band,
    Span,
    bar_chart,
    contract_periods,
    site_timeline,
    timeline,
)
from agreements.models import AgreementStatus, SiteAgreement
from tests.factories import LabFactory, PiaProjectFactory, SiteAgreementFactory, SiteFactory

SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(2026, 6, 15)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_a_bar_chart_is_well_formed_svg_with_a_title_and_a_description():
    chart = bar_chart(
        ident="labs",
        title="Labs & units",
        desc="By institute <INP>",
        bars=[("INP", 3)],
        headers=["Institute", "Labs"],
    )
    root = parse(chart.svg)

    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Labs & units"
    assert root.find(f"{SVG}desc").text == "By institute <INP>"
    assert root.get("aria-labelledby") == "labs-title labs-desc"


def test_bars_are_proportional_to_their_values_and_labelled_with_them():
    chart = bar_chart(
        ident="b",
        title="t",
        desc="d",
        bars=[("INP", 8), ("INC", 4), ("INSB", 1)],
        headers=["Institute", "Labs"],
    )
    rects = parse(chart.svg).findall(f".//{SVG}rect")
    widths = [float(rect.get("width")) for rect in rects]

    assert widths[0] == BAR_PLOT_WIDTH
    assert widths[1] == pytest.approx(widths[0] / 2)
    assert widths[2] == pytest.approx(widths[0] / 8, abs=0.1)
    assert [rect.get("data-value") for rect in rects] == ["8", "4", "1"]
    assert chart.rows == [["INP", "8"], ["INC", "4"], ["INSB", "1"]]


def test_an_empty_bar_chart_is_still_valid():
    root = parse(bar_chart(ident="e", title="t", desc="d", bars=[], headers=["a", "b"]).svg)
    assert root.findall(f".//{SVG}rect") == []


def test_a_timeline_places_periods_on_a_shared_axis_with_a_line_for_today():
    bands = [
        Band("Agreements", [Span("A", datetime.date(2022, 1, 1), datetime.date(2026, 12, 31), "#198754")]),
        Band("Labs", [Span("Open", None, datetime.date(2024, 1, 1), "#0b5ed7")]),
        Band("Empty", []),
    ]
    chart = timeline(ident="tl", title="Timeline", desc="Periods", bands=bands, today=TODAY)
    root = parse(chart.svg)

    assert root.find(f"{SVG}title").text == "Timeline"
    first, second = root.findall(f".//{SVG}rect")
    # The axis runs from 1 January 2022 to 1 January 2027: agreement A fills it.
    assert float(first.get("x")) == pytest.approx(LABEL_WIDTH)
    assert float(first.get("width")) == pytest.approx(PLOT_WIDTH, abs=1)
    assert second.get("stroke-dasharray")  # open start
    assert root.find(f".//{SVG}line[@class='today']") is not None
    assert chart.rows[1][:2] == ["Open", "Labs"]
    assert "Empty" not in chart.svg


@pytest.mark.django_db
def test_the_site_timeline_draws_agreements_pia_projects_and_lab_contracts():
    site = SiteFactory.create()
    agreements = [
        SiteAgreementFactory.create(site=site, title="Convention <2021>"),
        SiteAgreementFactory.create(
            site=site, status=AgreementStatus.DRAFT, signed_on=None, start_date=None, end_date=None
        ),
    ]
    project = PiaProjectFactory.create(site=site, acronym="IDEX-X", outcome="confirmed")
    lab = LabFactory.create(
        unit_number="8502",
        acronym="LPS",
        contract_start=datetime.date(2020, 1, 1),
        contract_end=datetime.date(2024, 12, 31),
    )
    chart = site_timeline(
        agreements=SiteAgreement.objects.filter(pk__in=[a.pk for a in agreements]),
        projects=[project],
        labs=[lab, LabFactory.create()],
        today=TODAY,
        site_name="Paris-Saclay",
    )
    root = parse(chart.svg)

    assert "Paris-Saclay" in root.find(f"{SVG}title").text
    assert len(root.findall(f".//{SVG}rect")) == 4  # two agreements, one project, one lab with a contract
    names = [row[0] for row in chart.rows]
    assert "Convention <2021>" in names and "Idex IDEX-X" in names and "UPR 8502 LPS" in names


@pytest.mark.django_db
def test_labs_sharing_a_contract_period_share_one_bar_that_says_how_many():
    wave = {"contract_start": datetime.date(2020, 1, 1), "contract_end": datetime.date(2024, 12, 31)}
    labs = [LabFactory.build(unit_number=str(8500 + n), acronym=f"L{n}", **wave) for n in range(5)]
    alone = LabFactory.build(
        unit_number="9001",
        acronym="SOLO",
        contract_start=datetime.date(2022, 1, 1),
        contract_end=None,
    )
    without = LabFactory.build(contract_start=None, contract_end=None)

    spans = contract_periods([*labs, alone, without])

    assert [(span.label, span.start, span.end) for span in spans] == [
        ("5 laboratoires", wave["contract_start"], wave["contract_end"]),
        (alone.code + " SOLO", datetime.date(2022, 1, 1), None),
    ]
    assert spans[0].note == f"{labs[0].code} L0, {labs[1].code} L1, {labs[2].code} L2, …"
