"""The 2025 demo after issue 15: 75 refresher classes / 10.635 seats and 55 postgraduate places, the same on the plan
page, the dashboard, its XLSX and PDF; the commitments and the two reimbursement cases."""

import datetime
import io
import re
from html import unescape

import pdfplumber
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from courses import eligibility, places
from courses.models import (
    SEAT_HOLDING_STATUSES,
    CaseStatus,
    EligibilityOverride,
    Nomination,
    PostgraduatePlace,
    ReimbursementCase,
    ServiceCommitment,
    Trainee,
)
from plans import demo
from plans.models import TrainingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2025(demo_output):
    return TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)


def cells(html: str, caption_or_class: str) -> dict[str, list[str]]:
    """The rows (first cell → the other cells' text) of the table after `caption_or_class` in `html`."""
    table = html[html.index(caption_or_class) :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        found = [unescape(strip_tags(c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if found:
            rows[found[0]] = found[1:]
    return rows


def test_2025_headline_is_75_classes_10635_seats_and_55_places_on_every_page_and_export(
    client, plan_2025, staff_user, leader
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff_user)
    html = client.get(reverse("admin:plans_trainingplan_change", args=[plan_2025.pk])).content.decode()
    classes = cells(html, '<table class="fulfilment">')["Refresher training"]
    # classes planned, scheduled; seats planned, scheduled (the plan page groups digits)
    assert [cell.replace(".", "").replace(",", "") for cell in classes[:4]] == ["75", "75", "10635", "10635"]
    places = cells(html, '<table class="fulfilment places">')
    assert [row[:2] for row in places.values() if row][-1] == ["55", "55"]  # places planned, places

    client.force_login(leader)
    query = {"year": 2025, "plan": plan_2025.pk}
    html = client.get(reverse("dashboard:index"), query).content.decode()
    kpis = dict(re.findall(r'kpi-label">([^<]+)</span><(?:a|span) class="kpi-value"[^>]*>(\d+)<', html))
    assert (kpis["Classes planned"], kpis["Classes scheduled"], kpis["Postgraduate places"]) == ("75", "75", "55")
    chain = cells(html, "Seats, from the plan to completion")
    assert [chain[row][0].replace(".", "").replace(",", "") for row in ("Planned", "Scheduled")] == ["10635", "10635"]
    assert cells(html, 'class="list places-table"')["Total"][:2] == ["55", "55"]

    workbook = load_workbook(io.BytesIO(client.get(reverse("dashboard:export_xlsx"), query).content), read_only=True)
    summary = list(workbook["Summary"].iter_rows(values_only=True))[1]  # the total
    assert (summary[1], summary[2], summary[5], summary[6]) == (75, 75, 10_635, 10_635)
    places_sheet = list(workbook["Postgraduate places"].iter_rows(values_only=True))
    assert places_sheet[-1][:3] == ("Total", 55, 55)

    pdf = client.get(reverse("dashboard:export_pdf"), query).content
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first_page = document.pages[0].extract_text()
    assert "Postgraduate places" in first_page and "55" in first_page and "10635" in first_page.replace(".", "")


def test_2025_places_keep_their_commitments_and_two_reimbursement_cases(plan_2025):
    places = PostgraduatePlace.objects.filter(target__plan=plan_2025)
    assert ServiceCommitment.objects.filter(place__in=places).count() == 55  # all state-funded
    cases = ReimbursementCase.objects.filter(commitment__place__in=places)
    assert sorted(cases.values_list("status", flat=True)) == [CaseStatus.OWING, CaseStatus.SETTLED]
    owing = cases.get(status=CaseStatus.OWING)
    assert owing.payments.count() == 1 and owing.instalments == 4 and owing.amount == owing.cost
    assert {place.institution for place in places} >= {"Học viện Hành chính Quốc gia", "Đại học Kinh tế Quốc dân"}


def test_no_demo_seat_or_place_breaks_a_rule_of_eligibility_unless_an_exception_with_its_reason_lifts_it(demo_output):
    # The rules as data (courses.eligibility) on every seat held and every place the demo made: what they refuse is
    # lifted by a recorded exception (which needs its reason), or nothing is refused.
    seats = list(
        Nomination.objects.filter(status__in=SEAT_HOLDING_STATUSES).values_list("trainee_id", "training_class_id")
    )
    proposals = eligibility.class_proposals({class_id for _trainee, class_id in seats})
    people = {t.pk: t for t in Trainee.objects.filter(pk__in={trainee for trainee, _class in seats})}
    context = eligibility.load(people)
    broken = [
        (trainee_id, class_id, [problem.message for problem in found])
        for trainee_id, class_id in seats
        for found in [
            eligibility.problems(
                trainee_id=trainee_id,
                facts=eligibility.Facts.of(people[trainee_id]),
                proposal=proposals[class_id],
                context=context,
            )
        ]
        if found
    ]
    for place in PostgraduatePlace.objects.select_related("trainee__agency"):
        found = places.place_eligibility_problems(
            trainee=place.trainee,
            level=place.level,
            start_date=place.start_date,
            field_of_study=place.field_of_study,
            expected_end=place.expected_end,
            exclude=place.pk,
        )
        if found:
            broken.append(("place", place.pk, [problem.message for problem in found]))
    assert len(seats) > 100 and PostgraduatePlace.objects.count() == 55
    assert broken == []
    assert not EligibilityOverride.objects.filter(reason="").exists()


def test_the_demo_shows_one_exception_staff_decided_for_a_finance_officer_past_the_age_limit(demo_output):
    exception = EligibilityOverride.objects.select_related("trainee__agency", "decided_by").get()
    assert exception.rule == "max_age" and exception.applies_to == "postgraduate"
    assert exception.trainee.agency.code == "LS-STC" and exception.decided_by.is_staff and exception.reason
    assert not PostgraduatePlace.objects.filter(trainee=exception.trainee).exists()


@pytest.mark.parametrize("year", range(2026, 2045, 3))
def test_the_demos_exception_finds_an_officer_past_the_age_limit_on_any_day_for_years_to_come(year):
    """The demo is loaded on any day: Sở Tài chính has people past 45 and not yet 58 (plans/demo/exceptions.py) for
    years to come, from the demo's own people (their birth years are fixed, the window moves with today)."""
    import random

    from plans.demo.exceptions import _years_before
    from plans.demo.people import build_trainees
    from plans.demo.planner import SEED

    finance = [t for t in build_trainees(random.Random(SEED)) if t.agency == "LS-STC"]
    for day in (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
        window = [t for t in finance if _years_before(day, 58) < t.date_of_birth <= _years_before(day, 46)]
        assert len(window) >= 2, day  # one may hold a postgraduate place already
