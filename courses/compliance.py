"""Who is behind on the training requirements (`TrainingRequirement`): the one home of the evaluation.

What counts is `courses.records`'s definition and nothing else: its querysets (`counted_nominations`,
`counted_outside_training`) are composed here into SQL, so a list over a whole province is a few aggregate queries,
never a loop over people in Python; one person's evaluation reads `periods_by_year`.

A requirement applies to a person by who they are now (their target group, else their agency's; their rank; their
leadership level). Then, by its deadline:

- every calendar year: the periods counted in the year reach the minimum (39 of 40 is behind), or a training of the
  category or course is counted in the year;
- within N months of an appointment (the person's latest appointment, to the requirement's level when it names one):
  a training of the category or course is counted, whenever it ended — before the appointment too, as the decree asks
  for it before appointment and gives the months as a grace; the deadline is the appointment's date plus N months,
  and the day of the deadline is still within it (appointed on 5 March 2025, 12 months: due by 5 March 2026, past
  on 6 March);
- within N months of taking a rank (the latest change to the rank they hold): the same, the rank's course done before
  or after taking the rank counts (a certificate of the rank's course is usually asked for before taking it); a rank
  holder whose date of taking it is not recorded has no grace left.

A person still within a deadline more than COMPLIANCE_SOON_DAYS away is not listed; within it, they are listed as
near the deadline. Each listed row carries a reason code; REASONS is the one table of what each says.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import connection
from django.db.models import F, Max, Q, QuerySet, Value
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from courses.models import (
    PositionChange,
    PositionChangeKind,
    RecordTotal,
    RequirementDeadline,
    Trainee,
    TrainingRequirement,
    YearTotal,
)
from courses.records import periods_by_year
from training_portal.spreadsheets import SHEET_LANGUAGE, Exporter

PAGE_SIZE = 50


class Reason(StrEnum):
    MET = "met"
    NOT_YET_DUE = "not_yet_due"
    UNDER_MINIMUM = "under_minimum"  # yearly periods: fewer counted than the minimum
    NOT_DONE_IN_YEAR = "not_done_in_year"  # yearly category or course: none counted in the year
    PAST_DEADLINE = "past_deadline"  # after an appointment: the months are over
    NEAR_DEADLINE = "near_deadline"  # after an appointment: due within COMPLIANCE_SOON_DAYS
    NO_RANK_COURSE = "no_rank_course"  # after taking a rank: the months are over
    RANK_COURSE_NEAR = "rank_course_near"  # after taking a rank: due within COMPLIANCE_SOON_DAYS
    RANK_DATE_UNKNOWN = "rank_date_unknown"  # holds the rank, its date not recorded: no grace


# The one table of what each reason says (parameters: what, done, required, missing, year, since, deadline, days).
REASONS = {
    Reason.MET: _("Met."),
    Reason.NOT_YET_DUE: _("Not yet due: %(what)s by %(deadline)s."),
    Reason.UNDER_MINIMUM: _("%(done)s of %(required)s periods counted in %(year)s: %(missing)s still missing."),
    Reason.NOT_DONE_IN_YEAR: _("No %(what)s counted in %(year)s."),
    Reason.PAST_DEADLINE: _("Appointed on %(since)s: %(what)s was due by %(deadline)s."),
    Reason.NEAR_DEADLINE: _("Appointed on %(since)s: %(what)s is due by %(deadline)s, in %(days)s days."),
    Reason.NO_RANK_COURSE: _("Holds the rank since %(since)s without %(what)s, due by %(deadline)s."),
    Reason.RANK_COURSE_NEAR: _("Holds the rank since %(since)s: %(what)s is due by %(deadline)s, in %(days)s days."),
    Reason.RANK_DATE_UNKNOWN: _("Holds the rank (the date it was taken is not recorded) without %(what)s."),
}
# Listed but not yet behind: the dashboard's "near the deadline" alert, left out of the share behind.
NEAR_REASONS = (Reason.NEAR_DEADLINE, Reason.RANK_COURSE_NEAR)
BEHIND_REASONS = tuple(r for r in Reason if r not in (Reason.MET, Reason.NOT_YET_DUE, *NEAR_REASONS))


class ListKind(StrEnum):
    """The three lists: under the yearly minimum, leaders and their deadlines, rank holders without the course."""

    YEARLY = "yearly"
    LEADERS = "leaders"
    RANKS = "ranks"


LIST_DEADLINES = {
    ListKind.YEARLY: RequirementDeadline.YEARLY,
    ListKind.LEADERS: RequirementDeadline.AFTER_APPOINTMENT,
    ListKind.RANKS: RequirementDeadline.AFTER_RANK,
}
LIST_TITLES = {
    ListKind.YEARLY: _("Under the yearly minimum"),
    ListKind.LEADERS: _("Leaders past or near their deadline"),
    ListKind.RANKS: _("Rank holders without the rank's course"),
}


# --- dates -------------------------------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (31 August + 6 = 28/29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_start_due_on_or_after(day: datetime.date, months: int) -> datetime.date:
    """The earliest start (appointment, rank) whose deadline `add_months(start, months)` is on or after `day`: a
    start before it is due before `day`. `add_months` never decreases, so one comparison in SQL says it."""
    start = add_months(day, -months)
    while add_months(start - datetime.timedelta(days=1), months) >= day:
        start -= datetime.timedelta(days=1)
    while add_months(start, months) < day:
        start += datetime.timedelta(days=1)
    return start


# --- the filters of a list ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    year: int
    today: datetime.date
    # None: every agency (the province); () sees nothing; a queryset of agency ids is read as a subquery.
    agency_ids: tuple[int, ...] | QuerySet | None = None
    requirement_id: int | None = None
    kind: str = ""  # a ListKind, or "" for every list
    person_id: int | None = None  # one person's rows only (their evaluation)
    soon_days: int = field(default_factory=lambda: settings.COMPLIANCE_SOON_DAYS)

    def requirements(self) -> list[TrainingRequirement]:
        """The requirements in force these filters look at (none when they see no agency). One query."""
        if self.sees_nothing:
            return []
        requirements = TrainingRequirement.objects.filter(active=True).select_related("course", "category", "rank")
        if self.kind in LIST_DEADLINES:
            requirements = requirements.filter(deadline=LIST_DEADLINES[ListKind(self.kind)])
        if self.requirement_id is not None:
            requirements = requirements.filter(pk=self.requirement_id)
        return list(requirements.order_by("deadline", "code"))

    @property
    def sees_nothing(self) -> bool:
        return isinstance(self.agency_ids, tuple) and not self.agency_ids

    def people(self) -> QuerySet[Trainee]:
        people = Trainee.objects.order_by()  # a subquery: unordered (the page orders its rows)
        if self.person_id is not None:
            people = people.filter(pk=self.person_id)
        if self.agency_ids is not None:
            people = people.filter(agency_id__in=self.agency_ids)
        return people


def applies_to(requirement: TrainingRequirement) -> Q:
    """Who a requirement is for, as a filter on people (their target group, else their agency's; rank; level)."""
    q = Q()
    if requirement.target_group_id:
        q &= Q(target_group_id=requirement.target_group_id) | Q(
            target_group__isnull=True, agency__target_group_id=requirement.target_group_id
        )
    if requirement.rank_id:
        q &= Q(rank_id=requirement.rank_id)
    elif requirement.deadline == RequirementDeadline.AFTER_RANK:
        q &= Q(rank__isnull=False)
    if requirement.leadership_level and requirement.deadline != RequirementDeadline.AFTER_APPOINTMENT:
        q &= Q(leadership_level=requirement.leadership_level)
    return q


def _of_what(requirement: TrainingRequirement, people: QuerySet[Trainee] | None = None, *, year: int | None):
    """The people (of `people` when given) who have done a training that fulfils a category or course requirement
    (in `year` only when given): a queryset of `trainee_id`, read from the record totals (`RecordTotal`, what
    `courses.records` counts, kept by triggers). Training outside the plan is not a run of one of our courses: only
    its category counts. The lists ask it as NOT EXISTS for each person: an anti-join the planner fits to the scope
    (an index probe per person for an agency, one hash for a province)."""
    done = RecordTotal.objects.filter(items__gt=0)
    if people is not None:
        done = done.filter(trainee__in=people)
    if year is not None:
        done = done.filter(year=year)
    if requirement.course_id:
        done = done.filter(course_id=requirement.course_id)
    else:
        done = done.filter(category_id=requirement.category_id)
    return done.order_by().values("trainee_id")


def _periods_in(year: int):
    """The periods each person has counted in the year (`trainee_id`, `total`; nobody without any), from the year
    totals (`YearTotal`: one row per person and year, kept by triggers)."""
    return YearTotal.objects.filter(year=year).values(
        "trainee_id", total=F("periods") + F("days") * Value(settings.PERIODS_PER_DAY)
    )


# --- SQL: the rows behind, composed from the record's querysets ---------------------------------------------------


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _behind_sql(requirement: TrainingRequirement, filters: Filters) -> tuple[str, list]:
    """SELECT trainee_id, requirement_id, done, since, reason — the people in scope behind on one requirement (or
    near its deadline)."""
    people = filters.people().filter(applies_to(requirement))
    people_sql, params = _sql(people.values("id", "rank_id"))
    rid = int(requirement.pk)
    if requirement.deadline == RequirementDeadline.YEARLY and requirement.periods:
        done_sql, done_params = _sql(_periods_in(filters.year))
        sql = (
            f"SELECT p.id AS trainee_id, {rid} AS requirement_id, COALESCE(d.total, 0) AS done, "
            f"CAST(NULL AS DATE) AS since, '{Reason.UNDER_MINIMUM}' AS reason "
            f"FROM ({people_sql}) p LEFT JOIN ({done_sql}) d ON d.trainee_id = p.id "
            f"WHERE COALESCE(d.total, 0) < %s"
        )
        return sql, [*params, *done_params, int(requirement.periods)]
    if requirement.deadline == RequirementDeadline.YEARLY:
        done_sql, done_params = _sql(_of_what(requirement, year=filters.year))
        sql = (
            f"SELECT p.id AS trainee_id, {rid} AS requirement_id, 0 AS done, CAST(NULL AS DATE) AS since, "
            f"'{Reason.NOT_DONE_IN_YEAR}' AS reason FROM ({people_sql}) p "
            f"WHERE NOT EXISTS (SELECT 1 FROM ({done_sql}) d WHERE d.trainee_id = p.id)"
        )
        return sql, [*params, *done_params]
    # After an appointment or a rank: the start, the deadline and whether the training was ever done.
    months = int(requirement.months)
    overdue_before = first_start_due_on_or_after(filters.today, months)
    listed_before = first_start_due_on_or_after(filters.today + datetime.timedelta(days=filters.soon_days + 1), months)
    done_sql, done_params = _sql(_of_what(requirement, year=None))
    if requirement.deadline == RequirementDeadline.AFTER_APPOINTMENT:
        appointments = PositionChange.objects.filter(kind=PositionChangeKind.APPOINTMENT, trainee__in=people)
        if requirement.leadership_level:
            appointments = appointments.filter(leadership_level=requirement.leadership_level)
        starts_sql, starts_params = _sql(appointments.order_by().values("trainee_id").annotate(since=Max("date")))
        sql = (
            f"SELECT s.trainee_id AS trainee_id, {rid} AS requirement_id, 0 AS done, s.since AS since, "
            f"CASE WHEN s.since < %s THEN '{Reason.PAST_DEADLINE}' ELSE '{Reason.NEAR_DEADLINE}' END AS reason "
            f"FROM ({starts_sql}) s "
            f"WHERE s.since < %s AND NOT EXISTS (SELECT 1 FROM ({done_sql}) d WHERE d.trainee_id = s.trainee_id)"
        )
        return sql, [overdue_before, *starts_params, listed_before, *done_params]
    # The rank's date is read for the people without the course only (an index probe each): most of a province
    # has done it, and aggregating everyone's rank history first would cost more than the whole list.
    rank_change = PositionChangeKind.RANK.value
    since = (
        "(SELECT MAX(c.date) FROM courses_positionchange c "
        f"WHERE c.trainee_id = p.id AND c.kind = '{rank_change}' AND c.rank_id = p.rank_id)"
    )
    sql = (
        f"SELECT r.trainee_id, {rid} AS requirement_id, 0 AS done, r.since AS since, "
        f"CASE WHEN r.since IS NULL THEN '{Reason.RANK_DATE_UNKNOWN}' WHEN r.since < %s THEN '{Reason.NO_RANK_COURSE}' "
        f"ELSE '{Reason.RANK_COURSE_NEAR}' END AS reason FROM ("
        f"SELECT p.id AS trainee_id, {since} AS since FROM ({people_sql}) p "
        f"WHERE NOT EXISTS (SELECT 1 FROM ({done_sql}) d WHERE d.trainee_id = p.id) "
        f"{_fence()}"  # the planner would read the date for everyone, twice, before the anti-join
        f") r WHERE r.since IS NULL OR r.since < %s"
    )
    return sql, [overdue_before, *params, *done_params, listed_before]


def _fence() -> str:
    """An optimisation fence closing a subquery: the planner plans it alone (nothing pushed in, nothing pulled
    out), as written. SQLite needs a LIMIT before an OFFSET, and PostgreSQL refuses a negative one."""
    return "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"


def behind_sql(filters: Filters, requirements: list[TrainingRequirement]) -> tuple[str, list]:
    """Every row behind (or near a deadline) under these filters: one SELECT, a UNION ALL of one per requirement."""
    parts, params = [], []
    for requirement in requirements:
        sql, p = _behind_sql(requirement, filters)
        parts.append(f"SELECT * FROM ({sql}) r{len(parts)}")
        params += p
    if not parts:
        return (
            "SELECT CAST(NULL AS INTEGER) AS trainee_id, CAST(NULL AS INTEGER) AS requirement_id, 0 AS done, "
            "CAST(NULL AS DATE) AS since, '' AS reason WHERE 1 = 0",
            [],
        )
    return " UNION ALL ".join(parts), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- a list: one page of rows, the agencies' shares ---------------------------------------------------------------


@dataclass
class Row:
    """One person behind (or near the deadline) on one requirement, with the reason in words."""

    trainee: Trainee
    requirement: TrainingRequirement
    reason: Reason
    done: int
    since: datetime.date | None
    year: int
    today: datetime.date

    @property
    def required(self) -> int | None:
        return self.requirement.periods

    @property
    def missing(self) -> int | None:
        return None if self.requirement.periods is None else max(self.requirement.periods - self.done, 0)

    @property
    def deadline(self) -> datetime.date | None:
        if self.requirement.deadline == RequirementDeadline.YEARLY:
            return datetime.date(self.year, 12, 31)
        return None if self.since is None else add_months(self.since, self.requirement.months)

    @property
    def is_near(self) -> bool:
        return self.reason in NEAR_REASONS

    @property
    def what(self) -> str:
        return what_of(self.requirement)

    @property
    def message(self) -> str:
        return reason_message(
            self.reason,
            what=self.what,
            done=self.done,
            required=self.required,
            missing=self.missing,
            year=self.year,
            since=self.since,
            deadline=self.deadline,
            days=(self.deadline - self.today).days if self.deadline else None,
        )


def what_of(requirement: TrainingRequirement) -> str:
    if requirement.periods:
        return _("%(n)s periods") % {"n": requirement.periods}
    if requirement.course_id:
        return str(requirement.course)
    return str(requirement.category.name)


def reason_message(reason: Reason, **values) -> str:
    shown = {k: (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v) for k, v in values.items()}
    return str(REASONS[reason]) % shown


@dataclass
class BehindPage:
    """A page of the rows behind, with the number of all rows; shaped like a Django page for the templates."""

    rows: list[Row]
    count: int
    number: int
    per_page: int = PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def behind_page(filters: Filters, page: int = 1, *, per_page: int = PAGE_SIZE) -> BehindPage:
    """One page of the people behind, ordered by agency, name and requirement, with the count of all: one query for
    the requirements, one for the rows and their count (a window), two to read the page's people. A page past the
    end shows the last one (one more query)."""
    requirements = filters.requirements()
    by_id = {r.pk: r for r in requirements}
    rows, count, page = _page_rows(filters, requirements, max(1, page), per_page)
    people = Trainee.objects.select_related("agency", "rank").in_bulk([r[0] for r in rows])
    return BehindPage(
        rows=[
            Row(
                trainee=people[tid],
                requirement=by_id[rid],
                reason=Reason(reason),
                done=int(done or 0),
                since=_date(since),
                year=filters.year,
                today=filters.today,
            )
            for tid, rid, done, since, reason, _total in rows
        ],
        count=count,
        number=page,
        per_page=per_page,
    )


def _page_rows(filters, requirements, page: int, per_page: int):
    if not requirements:
        return [], 0, 1
    sql, params = behind_sql(filters, requirements)
    # The rows, their sort keys and their count are made whole behind a fence, then sorted for one page: left to
    # itself, the planner read LIMIT 50 as "stop early" and joined the rows to every person in name order, one by
    # one (minutes for a province), though the count needs them all anyway.
    query = (
        f"SELECT x.trainee_id, x.requirement_id, x.done, x.since, x.reason, x.total FROM ("
        f"SELECT b.trainee_id, b.requirement_id, b.done, b.since, b.reason, a.name AS agency_name, t.full_name, "
        f"COUNT(*) OVER () AS total "
        f"FROM ({sql}) b JOIN courses_trainee t ON t.id = b.trainee_id JOIN plans_agency a ON a.id = t.agency_id "
        f"{_fence()}) x ORDER BY x.agency_name, x.full_name, x.trainee_id, x.requirement_id LIMIT %s OFFSET %s"
    )
    rows = _fetch(query, [*params, per_page, (page - 1) * per_page])
    if rows or page == 1:
        return rows, (rows[0][5] if rows else 0), page
    count = _fetch(f"SELECT COUNT(*) FROM ({sql}) b", params)[0][0]  # past the end: show the last page
    last = max(1, -(-count // per_page))
    return _fetch(query, [*params, per_page, (last - 1) * per_page]), count, last


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])  # SQLite gives text


def all_rows(filters: Filters, *, chunk: int = 2000):
    """Every row behind under these filters, in the list's order, for the export: read a chunk at a time."""
    page = 1
    while True:
        found = behind_page(filters, page, per_page=chunk)
        yield from found.rows
        if not found.has_next():
            return
        page += 1


@dataclass
class AgencyShare:
    agency_id: int
    name: str
    people: int
    behind: int
    near: int
    past_leaders: int = 0  # people with a leaders' requirement past its deadline
    near_leaders: int = 0  # … within COMPLIANCE_SOON_DAYS of it

    @property
    def compliant(self) -> int:
        return self.people - self.behind

    @property
    def share(self) -> int | None:
        """The share of its people behind on no requirement, in % (rounded down: 99.6 % is not everyone)."""
        return None if not self.people else self.compliant * 100 // self.people


def agency_shares(filters: Filters, requirements: list[TrainingRequirement] | None = None) -> list[AgencyShare]:
    """Per agency with people: how many, how many behind on at least one requirement, how many only near a
    deadline, and the leaders past or near their deadline. One aggregate query whatever the number of people (and
    one for the requirements unless given)."""
    requirements = filters.requirements() if requirements is None else requirements
    if filters.sees_nothing:
        return []
    people_sql, people_params = _sql(filters.people().values("id", "agency_id"))
    behind, behind_params = behind_sql(filters, requirements)
    marks = ", ".join(["%s"] * len(BEHIND_REASONS))
    sql = (
        f"SELECT a.id, a.name, COUNT(*) AS people, COALESCE(SUM(b.behind), 0) AS behind, "
        f"COUNT(b.trainee_id) - COALESCE(SUM(b.behind), 0) AS near, "
        f"COALESCE(SUM(b.past), 0) AS past_leaders, COALESCE(SUM(b.near_leader), 0) AS near_leaders "
        f"FROM ({people_sql}) p JOIN plans_agency a ON a.id = p.agency_id "
        f"LEFT JOIN (SELECT x.trainee_id, MAX(CASE WHEN x.reason IN ({marks}) THEN 1 ELSE 0 END) AS behind, "
        f"MAX(CASE WHEN x.reason = %s THEN 1 ELSE 0 END) AS past, "
        f"MAX(CASE WHEN x.reason = %s THEN 1 ELSE 0 END) AS near_leader "
        f"FROM ({behind}) x GROUP BY x.trainee_id) b ON b.trainee_id = p.id "
        f"GROUP BY a.id, a.name ORDER BY a.name"
    )
    reasons = [*BEHIND_REASONS, Reason.PAST_DEADLINE, Reason.NEAR_DEADLINE]
    params = [*people_params, *reasons, *behind_params]
    return [AgencyShare(*row) for row in _fetch(sql, params)]


def reason_counts(filters: Filters) -> dict[str, int]:
    """{reason: rows} under these filters, in one query (the dashboard's alerts)."""
    requirements = filters.requirements()
    if not requirements:
        return {}
    sql, params = behind_sql(filters, requirements)
    return dict(_fetch(f"SELECT b.reason, COUNT(*) FROM ({sql}) b GROUP BY b.reason", params))


# --- one person ---------------------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    requirement: TrainingRequirement
    reason: Reason
    done: int | None
    deadline: datetime.date | None
    message: str

    @property
    def met(self) -> bool:
        return self.reason == Reason.MET

    @property
    def missing(self) -> int | None:
        if self.requirement.periods is None or self.done is None:
            return None
        return max(self.requirement.periods - self.done, 0)

    @property
    def state(self) -> str:
        """met, behind, near (the deadline is within COMPLIANCE_SOON_DAYS) or not-yet-due: a CSS class and a label."""
        if self.reason == Reason.MET:
            return "met"
        if self.reason == Reason.NOT_YET_DUE:
            return "not-yet-due"
        return "near" if self.reason in NEAR_REASONS else "behind"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


STATE_LABELS = {
    "met": _("Met"),
    "behind": _("Behind"),
    "near": _("Near the deadline"),
    "not-yet-due": _("Not yet due"),
}


def evaluate_person(
    trainee: Trainee,
    *,
    year: int,
    today: datetime.date,
    positions: list[PositionChange] | None = None,
    periods: int | None = None,
) -> list[Evaluation]:
    """Which requirements in force apply to this person and whether each is met, with the reason, the periods still
    missing and the deadline: the lists' own SQL, for this one person (their row on a list, or MET / NOT_YET_DUE).

    Two queries: the requirements, then one that says which apply, the person's rows behind and which training was
    ever done. The record page gives the person's position history and the year's periods it has already read
    (the same definition, `courses.records`); without them, three more queries read them."""
    filters = Filters(year=year, today=today, agency_ids=(trainee.agency_id,), person_id=trainee.pk)
    requirements = filters.requirements()
    if not requirements:
        return []
    applies, listed, done_ever = _person_facts(filters, requirements)
    if positions is None:
        positions = list(PositionChange.objects.filter(trainee=trainee))
    if periods is None:
        periods = periods_by_year([trainee.pk], [year]).get((trainee.pk, year), 0)
    evaluations = []
    for requirement in requirements:
        since = _start_in(positions, trainee, requirement)
        if requirement.pk not in applies or (
            requirement.deadline == RequirementDeadline.AFTER_APPOINTMENT and since is None
        ):
            continue  # not for this person (a leaders' requirement applies from an appointment on)
        if requirement.pk in listed:
            done, since, reason = listed[requirement.pk]
        else:
            done, reason = None, Reason.MET
            if requirement.deadline != RequirementDeadline.YEARLY and requirement.pk not in done_ever:
                reason = Reason.NOT_YET_DUE
        if requirement.periods:
            done = periods
        row = Row(trainee, requirement, reason, done or 0, since, year, today)
        deadline = row.deadline
        message = reason_message(
            reason, what=row.what, done=done, required=requirement.periods, missing=row.missing, year=year,
            since=since, deadline=deadline, days=(deadline - today).days if deadline else None,
        )  # fmt: skip
        evaluations.append(Evaluation(requirement, reason, done, deadline, message))
    return evaluations


def _person_facts(filters: Filters, requirements: list[TrainingRequirement]):
    """One query for one person (`filters.person_id`): the requirements that apply to them (`applies_to`), their
    rows behind or near a deadline (`behind_sql`: {requirement id: (done, since, reason)}) and the requirements of a
    category or course whose training they have ever done (whenever; the deadlines after an appointment or a rank
    ask for it once)."""
    people = filters.people()
    parts, params = [], []
    for requirement in requirements:
        sql, p = _sql(people.filter(applies_to(requirement)).values("id"))
        parts.append(f"SELECT {int(requirement.pk)} AS requirement_id, 'applies' AS mark, 0 AS done, "
                     f"CAST(NULL AS DATE) AS since, '' AS reason FROM ({sql}) a{len(parts)}")  # fmt: skip
        params += p
        if requirement.deadline != RequirementDeadline.YEARLY:
            done_sql, done_params = _sql(_of_what(requirement, people, year=None))
            parts.append(f"SELECT {int(requirement.pk)}, 'done', 0, CAST(NULL AS DATE), '' "
                         f"WHERE EXISTS (SELECT 1 FROM ({done_sql}) d{len(parts)})")  # fmt: skip
            params += done_params
    behind, behind_params = behind_sql(filters, requirements)
    parts.append(f"SELECT b.requirement_id, 'listed', b.done, b.since, b.reason FROM ({behind}) b")
    params += behind_params
    applies, listed, done_ever = set(), {}, set()
    for rid, mark, done, since, reason in _fetch(" UNION ALL ".join(parts), params):
        if mark == "applies":
            applies.add(rid)
        elif mark == "done":
            done_ever.add(rid)
        else:
            listed[rid] = (int(done or 0), _date(since), Reason(reason))
    return applies, listed, done_ever


def _start_in(positions: list[PositionChange], trainee: Trainee, requirement: TrainingRequirement):
    """When the requirement's months started for this person, from their position history (as `_behind_sql` reads
    it): the latest appointment (to the requirement's level when it names one), or the latest change to the rank
    they hold; None for a yearly requirement or when nothing is recorded."""
    if requirement.deadline == RequirementDeadline.AFTER_APPOINTMENT:
        level = requirement.leadership_level
        dates = [p.date for p in positions if p.kind == PositionChangeKind.APPOINTMENT
                 and (not level or p.leadership_level == level)]  # fmt: skip
    elif requirement.deadline == RequirementDeadline.AFTER_RANK:
        dates = [p.date for p in positions if p.kind == PositionChangeKind.RANK and p.rank_id == trainee.rank_id]
    else:
        return None
    return max(dates, default=None)


# --- Excel: a list for the agencies' yearly evaluation of their staff ---------------------------------------------


class BehindExporter(Exporter):
    """The rows of a list as a workbook: who, in which unit and post, what is asked, done, missing, by when, why."""

    identifier = "behind"
    name = _("Who is behind")
    filename = "danh-sach-chua-dat-yeu-cau-boi-duong"
    columns = (
        (_("Full name"), "name"),
        (_("Agency"), "agency"),
        (_("Position"), "position"),
        (_("Requirement"), "requirement"),
        (_("Article"), "article"),
        (_("Periods done"), "done"),
        (_("Periods missing"), "missing"),
        (_("Due by"), "deadline"),
        (_("Reason"), "reason"),
    )

    def rows(self, filters: Filters):
        with translation.override(SHEET_LANGUAGE):
            for row in all_rows(filters):
                requirement = row.requirement
                yield [
                    row.trainee.full_name,
                    row.trainee.agency.name,
                    row.trainee.position,
                    requirement.name,
                    requirement.article or "",
                    row.done if requirement.periods else None,
                    row.missing,
                    row.deadline,
                    row.message,
                ]
