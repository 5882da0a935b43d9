"""The leadership dashboard: every figure equals the one counted by hand, for the right people only, in few queries."""

import datetime
import io
import re
from html import unescape

import pdfplumber
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import load_workbook

from courses.models import ClassTally, Nomination, NominationStatus, SeatAllotment
from partners.models import Correspondence, CorrespondenceStatus, Direction
from plans.dashboard import (
    Drill,
    allotment_totals,
    build_dashboard,
    drill_allotments,
    drill_classes,
    drill_nominations,
    scope_from,
)
from plans.models import CategoryKind
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    PartnerFactory,
    PlanFactory,
    TargetFactory,
    TraineeFactory,
    TrainingClassFactory,
)

pytestmark = pytest.mark.django_db

S = NominationStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = TODAY - 300 * DAY


def quarter(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


class World:
    """Two provinces' plans for this year, built so that every figure can be counted by hand (see each class)."""

    def __init__(self):
        self.root_a = AgencyFactory(name="UBND tỉnh A")
        self.root_b = AgencyFactory(name="UBND tỉnh B")
        self.x = AgencyFactory(name="Sở X", parent=self.root_a)
        self.y = AgencyFactory(name="Sở Y", parent=self.root_a)
        self.z = AgencyFactory(name="Sở Z", parent=self.root_b)
        self.plan_a = PlanFactory(year=TODAY.year, issuing_agency=self.root_a, title="Kế hoạch tỉnh A")
        self.plan_b = PlanFactory(year=TODAY.year, issuing_agency=self.root_b, title="Kế hoạch tỉnh B")
        self.postgrad = CategoryFactory(name="Sau đại học", kind=CategoryKind.DEGREE, order=1)
        self.domestic = CategoryFactory(name="Trong nước", order=2)
        self.overseas = CategoryFactory(name="Nước ngoài", is_overseas=True, order=3)
        t_post = TargetFactory(plan=self.plan_a, category=self.postgrad, planned_classes=0, planned_seats=5)
        t_dom = TargetFactory(plan=self.plan_a, category=self.domestic, planned_classes=3, planned_seats=60)
        t_over = TargetFactory(plan=self.plan_a, category=self.overseas, planned_classes=1, planned_seats=4)
        t_dom_b = TargetFactory(plan=self.plan_b, category=self.domestic, planned_classes=2, planned_seats=40)
        self.partner = PartnerFactory(name="LOGODI")
        past = {"registration_closes": LONG_AGO - 5 * DAY, "start_date": LONG_AGO, "end_date": LONG_AGO + 4 * DAY}
        # c1: finished; X 10 seats: 3 completed, 1 did not complete, 1 rejected; Y 10 seats: 2 completed.
        self.c1 = self.klass(t_dom, 20, "finished", {self.x: (10, [S.COMPLETED] * 3 + [S.FAILED, S.REJECTED]),
                                                     self.y: (10, [S.COMPLETED] * 2)}, **past)  # fmt: skip
        # c2: open, starts in 5 days; X 10 seats with a deadline yesterday: 1 nominated, 1 approved;
        # Y 10 seats, the class's deadline in 3 days: 3 approved.
        self.c2 = self.klass(t_dom, 20, "open",
                             {self.x: (10, [S.NOMINATED, S.APPROVED]), self.y: (10, [S.APPROVED] * 3)},
                             start_date=TODAY + 5 * DAY, end_date=TODAY + 9 * DAY,
                             registration_closes=TODAY + 3 * DAY, deadlines={self.x: TODAY - DAY})  # fmt: skip
        # c3: cancelled; X 5 seats, 1 withdrawn.
        self.c3 = self.klass(t_dom, 20, "cancelled", {self.x: (5, [S.WITHDRAWN])}, **past)
        # c4: overseas, run by the partner, in progress; X 4 seats: 2 attending.
        self.c4 = self.klass(t_over, 4, "in_progress", {self.x: (4, [S.ATTENDED] * 2)}, provider=self.partner,
                             organiser=None, registration_closes=TODAY - 10 * DAY, start_date=TODAY - 2 * DAY,
                             end_date=TODAY + 20 * DAY)  # fmt: skip
        # c5: postgraduate, finished; Y 5 seats: 2 completed.
        self.c5 = self.klass(t_post, 5, "finished", {self.y: (5, [S.COMPLETED] * 2)}, **past)
        # c6: province B, finished; Z 10 seats: 5 completed.
        self.c6 = self.klass(t_dom_b, 10, "finished", {self.z: (10, [S.COMPLETED] * 5)}, **past)
        letter = {"direction": Direction.INCOMING, "sender_partner": self.partner, "recipient_agency": self.x,
                  "subject": "Đề nghị hợp tác"}  # fmt: skip
        Correspondence.objects.create(**letter, dated=TODAY - 30 * DAY, reply_due=TODAY - 10 * DAY,
                                      status=CorrespondenceStatus.RECEIVED, plan=self.plan_a)  # fmt: skip
        Correspondence.objects.create(**letter, dated=TODAY - 30 * DAY, reply_due=TODAY - 10 * DAY,
                                      status=CorrespondenceStatus.ANSWERED, plan=self.plan_a)  # fmt: skip
        Correspondence.objects.create(**letter, dated=TODAY - 3 * DAY, reply_due=TODAY + 10 * DAY,
                                      status=CorrespondenceStatus.RECEIVED, plan=self.plan_a)  # fmt: skip

    @staticmethod
    def klass(target, seats, status, allotments, deadlines=None, **fields):
        holding = {S.NOMINATED, S.APPROVED, S.ATTENDED, S.COMPLETED, S.FAILED}
        taken = {agency: sum(s in holding for s in statuses) for agency, (_n, statuses) in allotments.items()}
        training_class = TrainingClassFactory(
            target=target,
            planned_seats=seats,
            status=status,
            allotted_seats=sum(n for n, _s in allotments.values()),
            taken_seats=sum(taken.values()),
            registration_opens=None,
            **fields,
        )
        for agency, (n, statuses) in allotments.items():
            SeatAllotment.objects.create(
                training_class=training_class,
                agency=agency,
                seats=n,
                taken_seats=taken[agency],
                deadline=(deadlines or {}).get(agency),
            )
            for status in statuses:
                Nomination.objects.create(
                    trainee=TraineeFactory(agency=agency),
                    training_class=training_class,
                    agency=agency,
                    status=status,
                    reason="Lý do" if status in (S.REJECTED, S.WITHDRAWN) else "",
                )
        return training_class


@pytest.fixture
def world():
    return World()


def figures(plan=None):
    scope = scope_from({"year": str(TODAY.year), "plan": str(plan.pk) if plan else ""}, TODAY)
    return build_dashboard(scope, TODAY)


def chain_of(row) -> dict:
    names = ("planned_classes", "scheduled_classes", "held_classes", "cancelled_classes", "planned_seats",
             "scheduled_seats", "allotted", "nominated", "approved", "attended", "completed")  # fmt: skip
    return {name: getattr(row, name) for name in names}


def test_headline_chain_of_one_plan_equals_the_hand_count(world):
    d = figures(world.plan_a)
    assert chain_of(d.total) == {
        "planned_classes": 4,  # 0 + 3 + 1 in the targets
        "scheduled_classes": 4,  # c1, c2, c4, c5 (c3 is cancelled)
        "held_classes": 3,  # c1 and c5 finished, c4 in progress
        "cancelled_classes": 1,
        "planned_seats": 64,  # 60 + 4: the postgraduate target's 5 are places planned, not seats (issue 15)
        "scheduled_seats": 49,  # 20 + 20 + 4 + 5
        "allotted": 49,
        "nominated": 15,  # c1: 6, c2: 5, c4: 2, c5: 2 (the rejected and the withdrawn hold no seat)
        "approved": 14,  # all but c2's one still "nominated"
        "attended": 10,  # c1: 6, c4: 2, c5: 2
        "completed": 7,  # c1: 5, c5: 2
    }
    assert [s["of_plan"] for s in d.total.stages] == [100, 77, 77, 23, 22, 16, 11]
    assert (d.total.planned_places, d.total.places) == (5, 0)  # the degree target, met by places (none here)


def test_whole_country_adds_every_plan_of_the_year(world):
    d = figures()
    assert d.scope.is_country and len(d.scope.plans) == 2
    assert (d.total.planned_seats, d.total.scheduled_classes, d.total.nominated, d.total.completed) == (104, 5, 20, 12)
    assert [(p.label, p.nominated, p.completed) for p in d.provinces] == [("UBND tỉnh A", 15, 7), ("UBND tỉnh B", 5, 5)]
    assert d.agencies == []  # a country's table is by province


def test_categories_and_subtotals_equal_the_hand_count(world):
    d = figures(world.plan_a)
    rows = {row.label: chain_of(row) for row in d.category_rows}
    postgrad = rows[str(world.postgrad)]
    assert (postgrad["planned_seats"], postgrad["scheduled_seats"], postgrad["nominated"], postgrad["completed"]) == (
        0,  # its 5 are places planned (issue 15); the old-style class c5 still counts as a class
        5,
        2,
        2,
    )
    domestic = rows[str(world.domestic)]
    assert (domestic["planned_classes"], domestic["scheduled_classes"], domestic["cancelled_classes"]) == (3, 2, 1)
    assert (domestic["nominated"], domestic["approved"], domestic["attended"], domestic["completed"]) == (11, 10, 6, 5)
    overseas = rows[str(world.overseas)]
    assert (overseas["scheduled_seats"], overseas["nominated"], overseas["attended"], overseas["completed"]) == (
        4,
        2,
        2,
        0,
    )
    degree, refresher, of_domestic, of_overseas = d.subtotals
    assert (degree.planned_seats, refresher.planned_seats, of_domestic.planned_seats, of_overseas.planned_seats) == (
        0,
        64,
        60,
        4,
    )
    assert refresher.nominated == of_domestic.nominated + of_overseas.nominated == 13
    assert d.total.nominated == degree.nominated + refresher.nominated


# 31 today: the page, its inlines (the footnotes among them) and document tools, the fulfilment's two and the places.
PLAN_PAGE_QUERIES = 33
FULFILMENT = ("planned_classes", "scheduled_classes", "planned_seats", "scheduled_seats", "allotted", "nominated")


def table_rows(html: str, columns: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The rows of the first HTML table in `html`, by their first cell: the numbers in the cells at `columns`."""
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [unescape(strip_tags(cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[1].isdigit():  # not the heading
            rows[cells[0]] = tuple(int(cells[i]) for i in columns)
    return rows


def test_plan_page_dashboard_and_xlsx_show_the_same_fulfilment_of_a_plan(client, world, staff_user, leader):
    """What the plan page shows of a plan's targets is what the dashboard and its XLSX show for the plan."""
    hand_count = {  # planned classes, scheduled classes, planned seats, scheduled seats, allotted, nominated
        str(world.postgrad): (0, 1, 0, 5, 5, 2),  # c5; its target's 5 are places planned (issue 15)
        str(world.domestic): (3, 2, 60, 40, 40, 11),  # c1 and c2 (c3 is cancelled)
        str(world.overseas): (1, 1, 4, 4, 4, 2),  # c4
        "Degree training": (0, 1, 0, 5, 5, 2),
        "Refresher training": (4, 3, 64, 44, 44, 13),
        "of which domestic": (3, 2, 60, 40, 40, 11),
        "of which overseas": (1, 1, 4, 4, 4, 2),
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff_user)
    html = client.get(reverse("admin:plans_trainingplan_change", args=[world.plan_a.pk])).content.decode()
    plan_page = table_rows(html[html.index('<table class="fulfilment">') :], columns=(1, 2, 3, 4, 5, 6))
    client.force_login(leader)
    html = client.get(reverse("dashboard:index"), {"plan": world.plan_a.pk}).content.decode()
    chain_columns = (1, 2, 5, 6, 7, 8)  # past the held and cancelled classes
    dashboard = table_rows(html[html.index('aria-labelledby="h-categories"') :], columns=chain_columns)
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": world.plan_a.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    xlsx = {
        row[0]: tuple(row[i] for i in chain_columns)
        for sheet in ("Summary", "By category")
        for row in list(workbook[sheet].iter_rows(values_only=True))[1:]
    }
    assert plan_page == hand_count
    assert {label: dashboard[label] for label in hand_count} == hand_count
    assert {label: xlsx[label] for label in hand_count} == hand_count
    d = figures(world.plan_a)
    assert {row.label: tuple(getattr(row, f) for f in FULFILMENT) for row in d.category_rows} == {**hand_count,
            "Total": (4, 4, 64, 49, 49, 15)}  # fmt: skip


def test_plan_page_runs_a_fixed_number_of_queries_whatever_the_classes(
    client, world, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse("admin:plans_trainingplan_change", args=[world.plan_a.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(6):  # more classes, agencies, allotments and nominations in each category
        agency = AgencyFactory(parent=world.root_a)
        for klass in (world.c1, world.c4, world.c5):
            World.klass(klass.target, 30, "open", {agency: (12, [S.APPROVED] * 3)}, start_date=TODAY + n * DAY,
                        end_date=TODAY + 9 * DAY, registration_closes=TODAY - DAY)  # fmt: skip
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES) as large:
        html = client.get(url).content.decode()
    rows = table_rows(html[html.index('<table class="fulfilment">') :], columns=(2, 6))  # classes scheduled, nominated
    assert rows[str(world.domestic)] == (2 + 6, 11 + 6 * 3)  # the figures grew, the queries did not
    assert len(large.captured_queries) == len(small.captured_queries)


def test_quarters_count_classes_by_their_start(world):
    d = figures(world.plan_a)
    expected = {q: [0, 0] for q in (1, 2, 3, 4)}  # scheduled seats, nominated
    for klass, nominated in ((world.c1, 6), (world.c2, 5), (world.c4, 2), (world.c5, 2)):
        expected[quarter(klass.start_date)][0] += klass.planned_seats
        expected[quarter(klass.start_date)][1] += nominated
    assert {q: [row.scheduled_seats, row.nominated] for q, row in enumerate(d.quarters, start=1)} == expected
    # The refresher seats: the degree target's are places (issue 15).
    assert sum(row.planned_seats for row in d.quarters) == 64


def test_agencies_show_who_is_behind(world):
    d = figures(world.plan_a)
    rows = {row.name: row for row in d.agencies}
    x, y = rows["Sở X"], rows["Sở Y"]
    assert (x.allotted, x.nominated, x.approved, x.attended, x.completed) == (24, 8, 7, 6, 3)
    assert (x.unfilled, x.unfilled_allotments) == (16, 3)  # c1: 6, c2: 8 (deadline yesterday), c4: 2
    assert (y.allotted, y.nominated, y.approved, y.attended, y.completed) == (25, 7, 7, 4, 4)
    assert (y.unfilled, y.unfilled_allotments) == (11, 2)  # c1: 8, c5: 3; c2's deadline is still ahead
    assert x.use == 33 and sum(r.nominated for r in d.agencies) == d.total.nominated


def test_partner_rows_count_partner_run_classes(world):
    d = figures(world.plan_a)
    assert [(p.name, p.classes, p.seats, p.participants, p.completed) for p in d.partners] == [("LOGODI", 1, 4, 2, 0)]


def test_alerts_list_classes_starting_soon_late_agencies_and_overdue_letters(world):
    d = figures(world.plan_a)
    assert [c.pk for c in d.soon] == [world.c2.pk]
    assert [(a["agency__name"], a["free_seats"], a["classes"]) for a in d.late_agencies] == [("Sở X", 8, 1)]
    assert len(d.overdue_letters) == 1
    assert (d.soon_total, d.late_total, d.letters_total) == (1, 1, 1)
    assert figures(world.plan_b).overdue_letters == [] and figures(world.plan_b).letters_total == 0


def test_alert_counts_are_exact_beyond_the_rows_listed(world, monkeypatch):
    monkeypatch.setattr("plans.dashboard.ALERT_LIMIT", 1)
    for n in range(3):
        World.klass(world.c1.target, 10, "open", {world.y: (5, [S.APPROVED])}, start_date=TODAY + (n + 1) * DAY,
                    end_date=TODAY + 9 * DAY, registration_closes=TODAY - DAY)  # fmt: skip
    d = figures(world.plan_a)
    assert len(d.soon) == 1 and d.soon_total == 4
    assert len(d.late_agencies) == 1 and d.late_total == 2  # X (c2) and Y (the three new classes)


def test_xlsx_export_lists_every_row_of_each_alert_where_the_page_lists_the_first(client, world, leader, monkeypatch):
    monkeypatch.setattr("plans.dashboard.ALERT_LIMIT", 1)
    for n in range(3):
        World.klass(world.c1.target, 10, "open", {world.y: (5, [S.APPROVED])}, start_date=TODAY + (n + 1) * DAY,
                    end_date=TODAY + 9 * DAY, registration_closes=TODAY - DAY)  # fmt: skip
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dashboard:index"), {"plan": world.plan_a.pk}).context["d"]
    assert (len(page.soon), page.soon_total, len(page.late_agencies), page.late_total) == (1, 4, 1, 2)
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": world.plan_a.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    soon = list(workbook["Classes starting soon"].iter_rows(values_only=True))[1:]
    to_reassign = list(workbook["Seats to reassign"].iter_rows(values_only=True))[1:]
    assert len(soon) == 4
    assert sorted(row[0] for row in to_reassign) == ["Sở X", "Sở Y"]
    assert sum(row[1] for row in to_reassign) == 8 + 3 * (5 - 1)  # X: c2; Y: 5 allotted, 1 approved, in each


def test_xlsx_names_an_overdue_letter_by_its_number_and_sender_as_the_console_does(client, world, leader):
    letter = Correspondence.objects.get(status=CorrespondenceStatus.RECEIVED, reply_due__lt=TODAY)
    Correspondence.objects.filter(pk=letter.pk).update(number=5, symbol="SNgV")
    letter.refresh_from_db()
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": world.plan_a.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    [row] = list(workbook.worksheets[-1].iter_rows(values_only=True))[1:]
    assert (row[0], row[2]) == (letter.reference, str(letter.sender))
    assert row[0] == "05/SNgV"


def test_drill_downs_list_the_rows_behind_each_figure(world):
    scope = scope_from({"year": str(TODAY.year), "plan": str(world.plan_a.pk)}, TODAY)
    d = build_dashboard(scope, TODAY)
    for stage in ("nominated", "approved", "attended", "completed"):
        assert drill_nominations(scope, Drill.from_params({"stage": stage})).count() == getattr(d.total, stage)
    assert drill_classes(scope, Drill.from_params({"state": "held"}), TODAY).count() == d.total.held_classes
    assert drill_classes(scope, Drill.from_params({"state": "cancelled"}), TODAY).count() == 1
    assert drill_classes(scope, Drill.from_params({"soon": "1"}), TODAY).count() == len(d.soon)
    # X's seats to reassign are in c2 only (c1 and c4 have started, c3 is cancelled); its row of the agency table
    # also counts c1 and c4.
    x_late = Drill.from_params({"agency": str(world.x.pk), "late": "1"})
    assert list(drill_classes(scope, x_late, TODAY)) == [world.c2]
    x_unfilled = Drill.from_params({"agency": str(world.x.pk), "unfilled": "1"})
    assert drill_classes(scope, x_unfilled, TODAY).count() == 3
    overseas = Drill.from_params({"group": "overseas", "stage": "attended"})
    assert drill_nominations(scope, overseas).count() == d.subtotals[3].attended


class LateSeats:
    """One plan whose allotments past their deadline are counted by hand: agencies P and Q, six classes."""

    def __init__(self):
        root = AgencyFactory(name="UBND tỉnh C")
        self.p = AgencyFactory(name="Sở P", parent=root)
        self.q = AgencyFactory(name="Sở Q", parent=root)
        self.plan = PlanFactory(year=TODAY.year, issuing_agency=root, title="Kế hoạch tỉnh C")
        target = TargetFactory(plan=self.plan, category=CategoryFactory(), planned_classes=6, planned_seats=100)
        p, q, klass = self.p, self.q, World.klass
        closed = {"registration_closes": TODAY - 2 * DAY}  # the class's deadline, passed
        ahead = {"start_date": TODAY + 10 * DAY, "end_date": TODAY + 14 * DAY, **closed}
        # finished: P 4 seats, 1 completed: 3 left unfilled, too late to give to anyone.
        self.finished = klass(target, 10, "finished", {p: (4, [S.COMPLETED])}, start_date=LONG_AGO,
                              end_date=LONG_AGO + DAY, registration_closes=LONG_AGO - DAY)  # fmt: skip
        # started three days ago: P 6 seats, 1 attending: 5 left unfilled, too late to give to anyone.
        self.started = klass(target, 20, "in_progress", {p: (6, [S.ATTENDED])}, start_date=TODAY - 3 * DAY,
                             end_date=TODAY + 2 * DAY, registration_closes=TODAY - 5 * DAY)  # fmt: skip
        # cancelled, was to start in 10 days: P 4 seats, none nominated: counted nowhere.
        self.cancelled = klass(target, 20, "cancelled", {p: (4, [])}, **ahead)
        # starts in 10 days: P 5 seats, 2 nominated, its own deadline yesterday: 3 to reassign;
        # Q 7 seats, none nominated, the class's deadline: 7 to reassign.
        self.upcoming = klass(target, 20, "open", {p: (5, [S.NOMINATED, S.APPROVED]), q: (7, [])},
                              deadlines={p: TODAY - DAY}, **ahead)  # fmt: skip
        # starts today, not under way yet: P 2 seats, none nominated: 2 to reassign.
        self.today = klass(target, 10, "closed", {p: (2, [])}, start_date=TODAY, end_date=TODAY + DAY, **closed)
        # starts in 20 days: P 6 seats, its own deadline tomorrow (not passed); Q 3 seats, all taken: neither counted.
        self.later = klass(target, 20, "open", {p: (6, []), q: (3, [S.NOMINATED] * 3)}, deadlines={p: TODAY + DAY},
                           start_date=TODAY + 20 * DAY, end_date=TODAY + 22 * DAY, **closed)  # fmt: skip

    def scope(self):
        return scope_from({"year": str(TODAY.year), "plan": str(self.plan.pk)}, TODAY)


@pytest.fixture
def late_seats():
    return LateSeats()


def rows_of(allotments) -> set[tuple[str, str, int]]:
    return {(a.agency.name, a.training_class.code, a.free_seats) for a in allotments}


def test_seats_to_reassign_count_only_classes_neither_started_nor_cancelled(late_seats):
    w = late_seats
    d = build_dashboard(w.scope(), TODAY)
    assert [(a["agency__name"], a["free_seats"], a["classes"]) for a in d.late_agencies] == [
        ("Sở Q", 7, 1),  # upcoming
        ("Sở P", 5, 2),  # upcoming 3, today 2; not finished, started, cancelled or later
    ]
    assert d.late_total == 2


def test_late_alert_figure_equals_rows_of_its_drill_down(late_seats):
    w = late_seats
    scope = w.scope()
    d = build_dashboard(scope, TODAY)
    every = drill_allotments(scope, Drill.from_params({"late": "1"}), TODAY)
    assert rows_of(every) == {
        ("Sở P", w.upcoming.code, 3),
        ("Sở P", w.today.code, 2),
        ("Sở Q", w.upcoming.code, 7),
    }
    totals = allotment_totals(every)
    assert (
        (totals["agencies"], totals["free"]) == (d.late_total, 12) == (2, sum(a["free_seats"] for a in d.late_agencies))
    )
    for row in d.late_agencies:  # each agency's link: its seats in its classes, no more
        drill = Drill.from_params({"agency": str(row["agency_id"]), "late": "1"})
        allotments = drill_allotments(scope, drill, TODAY)
        assert (allotments.count(), allotment_totals(allotments)["free"]) == (row["classes"], row["free_seats"])
        assert drill_classes(scope, drill, TODAY).count() == row["classes"]
    p_classes = drill_classes(scope, Drill.from_params({"agency": str(w.p.pk), "late": "1"}), TODAY)
    assert list(p_classes) == [w.today, w.upcoming]


def test_agency_table_unfilled_seats_equal_rows_of_their_drill_down(late_seats):
    w = late_seats
    scope = w.scope()
    rows = {row.name: row for row in build_dashboard(scope, TODAY).agencies}
    # P: finished 3, started 5, upcoming 3, today 2 (not the cancelled class, nor later's deadline to come); Q: 7.
    assert (rows["Sở P"].unfilled, rows["Sở P"].unfilled_allotments) == (13, 4)
    assert (rows["Sở Q"].unfilled, rows["Sở Q"].unfilled_allotments) == (7, 1)
    p_rows = drill_allotments(scope, Drill.from_params({"agency": str(w.p.pk), "unfilled": "1"}), TODAY)
    assert rows_of(p_rows) == {
        ("Sở P", w.finished.code, 3),
        ("Sở P", w.started.code, 5),
        ("Sở P", w.upcoming.code, 3),
        ("Sở P", w.today.code, 2),
    }
    for row in rows.values():
        drill = Drill.from_params({"agency": str(row.agency_id), "unfilled": "1"})
        allotments = drill_allotments(scope, drill, TODAY)
        assert (allotments.count(), allotment_totals(allotments)["free"]) == (row.unfilled_allotments, row.unfilled)
        assert drill_classes(scope, drill, TODAY).count() == row.unfilled_allotments


def test_alert_and_agency_table_link_each_figure_to_its_own_rows(client, late_seats, leader):
    w = late_seats
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dashboard:index"), {"plan": w.plan.pk}).content.decode()
    allotments_url = reverse("dashboard:allotments")
    assert "2 agencies have seats to reassign" in html
    assert f'{allotments_url}?year={TODAY.year}&amp;plan={w.plan.pk}&amp;agency={w.p.pk}&amp;late=1">Sở P' in html
    assert f'{allotments_url}?year={TODAY.year}&amp;plan={w.plan.pk}&amp;late=1"' in html  # "All of them"
    assert f"agency={w.p.pk}&amp;unfilled=1" in html and "Seats left unfilled" in html
    links = re.findall(r'href="([^"]*(?:late|unfilled)=1)"', html)
    # the alert: P, Q and "All of them"; the agency table: two cells for each of P and Q
    assert len(links) == 7 and all(link.startswith(allotments_url) for link in links)
    query = {"plan": w.plan.pk, "agency": w.p.pk, "late": "1"}
    html = client.get(allotments_url, query).content.decode()
    assert w.upcoming.code in html and w.today.code in html
    assert w.started.code not in html and w.cancelled.code not in html and w.finished.code not in html
    assert "Total, 1 agency" in html and "2 rows" in html


@pytest.mark.parametrize("whole_country", [True, False])
def test_allotment_drill_down_runs_a_fixed_number_of_queries(client, late_seats, leader, whole_country):
    client.force_login(leader)
    if whole_country:
        PlanFactory(year=TODAY.year, title="Kế hoạch tỉnh D")
    query = {"late": "1"} if whole_country else {"plan": late_seats.plan.pk, "unfilled": "1"}
    url = reverse("dashboard:allotments")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, query).status_code == 200
    target = late_seats.upcoming.target
    for n in range(4):
        agency = AgencyFactory(parent=late_seats.p.parent)
        World.klass(target, 10, "open", {agency: (5, [S.APPROVED])}, start_date=TODAY + (n + 1) * DAY,
                    end_date=TODAY + 9 * DAY, registration_closes=TODAY - DAY)  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        html = client.get(url, query).content.decode()
    assert html.count('class="status status-open"') == 2 + 4  # upcoming's P and Q, and the four new ones
    assert ("<td>UBND tỉnh C</td>" in html) is whole_country  # the plan column, for a whole country only
    assert len(large.captured_queries) == len(small.captured_queries)


def test_exports_name_the_alert_and_the_agency_table_apart(client, late_seats, leader):
    w = late_seats
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": w.plan.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    alert = list(workbook["Seats to reassign"].iter_rows(values_only=True))
    assert [row[:3] for row in alert] == [("Agency", "Seats to reassign", "Classes"), ("Sở Q", 7, 1), ("Sở P", 5, 2)]
    agencies = list(workbook["By agency"].iter_rows(values_only=True))
    header = agencies[0]
    seats, allotments = header.index("Seats left unfilled"), header.index("Allotments left unfilled")
    assert {row[0]: (row[seats], row[allotments]) for row in agencies[1:]} == {"Sở P": (13, 4), "Sở Q": (7, 1)}
    response = client.get(reverse("dashboard:export_pdf"), {"plan": w.plan.pk})
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "2 agencies have seats to reassign" in text and "Seats left unfilled" in text


def test_class_tally_follows_every_change_of_the_nominations(world):
    def raw(klass):
        counts = dict.fromkeys(("nominated", "approved", "attended", "completed", "failed"), 0)
        for status in Nomination.objects.filter(training_class=klass).values_list("status", flat=True):
            if status in counts:
                counts[status] += 1
        return counts

    def tally(klass):
        t = ClassTally.objects.get(pk=klass.pk)
        return {s: getattr(t, s) for s in ("nominated", "approved", "attended", "completed", "failed")}

    nomination = Nomination.objects.filter(training_class=world.c2, status=S.NOMINATED).get()
    nomination.status = S.APPROVED
    nomination.save()
    Nomination.objects.filter(training_class=world.c2, agency=world.y).update(status=S.ATTENDED)
    Nomination.objects.filter(training_class=world.c1, status=S.FAILED).delete()
    Nomination.objects.filter(training_class=world.c5).update(training_class=world.c6)
    for klass in (world.c1, world.c2, world.c5, world.c6):
        assert tally(klass) == raw(klass)


# -- the page ---------------------------------------------------------------------------------------------------

URLS = (
    "dashboard:index",
    "dashboard:classes",
    "dashboard:nominations",
    "dashboard:allotments",
    "dashboard:export_xlsx",
    "dashboard:export_pdf",
)


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("persona", ["leader", "staff_user", "superuser"])
def test_leaders_and_staff_see_the_dashboard(client, world, request, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", URLS)
def test_focal_point_is_refused_and_anonymous_is_sent_to_log_in(client, world, focal_point, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(focal_point)
    assert client.get(reverse(name)).status_code == 403


def test_dashboard_is_read_only(client, leader):
    client.force_login(leader)
    assert client.post(reverse("dashboard:index")).status_code == 405


@pytest.mark.parametrize("whole_country", [True, False])
def test_page_runs_a_fixed_number_of_queries_whatever_the_data(client, world, leader, whole_country):
    client.force_login(leader)
    url = reverse("dashboard:index") + ("" if whole_country else f"?plan={world.plan_a.pk}")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(6):  # more classes, agencies, partners and nominations
        agency = AgencyFactory(parent=world.root_a)
        World.klass(world.c1.target, 30, "open", {agency: (12, [S.APPROVED] * 3)}, start_date=TODAY + n * DAY,
                    end_date=TODAY + 9 * DAY, registration_closes=TODAY - DAY, provider=PartnerFactory())  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    # 16 for one plan since the postgraduate places (one aggregate) and who is behind (two) joined the page.
    assert len(large.captured_queries) == len(small.captured_queries) <= 16


def test_page_shows_the_headline_and_links_to_the_rows(client, world, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"), {"plan": world.plan_a.pk})
    html = response.content.decode()
    # The charts are drawn on the server: the page's one script is the site's, for the language switch.
    assert "<svg" in html and re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/autosubmit.js" defer>']
    assert f"plan={world.plan_a.pk}&amp;stage=completed" in html
    assert "Sở X" in html and "LOGODI" in html


def test_chart_text_is_escaped(world):
    world.domestic.name = "<script>alert(1)</script>"
    world.domestic.save()
    from plans.dashboard_documents import charts_for

    svg = charts_for(figures(world.plan_a))["categories"]
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_xlsx_export_opens_with_the_tables(client, world, leader):
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the workbook in English, so its headings can be asserted
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": world.plan_a.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert summary[1][:12] == ("Total", 4, 4, 3, 1, 64, 49, 49, 15, 14, 10, 7)
    agencies = {row[0]: row for row in list(workbook["By agency"].iter_rows(values_only=True))[1:]}
    assert agencies["Sở X"][:3] == ("Sở X", 24, 8)
    assert len(workbook.sheetnames) == 9  # with the postgraduate places (issue 15)


def test_pdf_summary_has_the_headline_figures(client, world, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_pdf"), {"plan": world.plan_a.pk})
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Kế hoạch tỉnh A" in text
    # classes planned, scheduled, held, cancelled; postgraduate places; seats planned, allotted, nominated, approved,
    # attended, completed
    assert "4 4 3 1 0 64 49 15 14 10 7" in text.splitlines()


def test_generate_data_makes_a_small_reproducible_country():
    from django.core.management import call_command
    from django.db import transaction

    from courses.models import TrainingClass
    from plans.synthetic import generate

    def fingerprint():
        return (
            list(TrainingClass.objects.order_by("code").values_list("code", "planned_seats", "status")),
            sorted(Nomination.objects.values_list("training_class__code", "trainee__personal_id", "status")),
        )

    with transaction.atomic():
        generate(scale=0.001, seed=7, year=TODAY.year)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(scale=0.001, seed=7, year=TODAY.year)
        assert fingerprint() == first
        transaction.set_rollback(True)
    call_command("generate_data", scale=0.001, stdout=io.StringIO())
    assert len(first[0]) >= 20 and len(first[1]) >= 500
    for klass in TrainingClass.objects.all():
        holding = Nomination.objects.filter(training_class=klass).holding_seats().count()
        assert (
            klass.taken_seats
            == holding
            == ClassTally.objects.get(pk=klass.pk).nominated
            + sum(
                getattr(ClassTally.objects.get(pk=klass.pk), s) for s in ("approved", "attended", "completed", "failed")
            )
        )
    d = figures()
    assert d.total.nominated == Nomination.objects.holding_seats().exclude(training_class__status="cancelled").count()


def test_drill_down_page_lists_the_rows_and_says_which(client, world, leader):
    client.force_login(leader)
    query = {"plan": world.plan_a.pk, "agency": world.x.pk, "stage": "completed"}
    html = client.get(reverse("dashboard:nominations"), query).content.decode()
    assert "Sở X" in html and html.count('class="status status-completed"') == 3
    html = client.get(reverse("dashboard:classes"), {"plan": world.plan_a.pk, "soon": "1"}).content.decode()
    assert world.c2.code in html and world.c1.code not in html


def test_xlsx_export_is_in_vietnamese_by_default(client, world, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"), {"plan": world.plan_a.pk})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert summary[1][0] == "Tổng cộng"
