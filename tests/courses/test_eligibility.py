"""Eligibility as data: each rule at its edges, the retirement-age schedule, overlapping classes, staff's exceptions,
the overseas ranking and its pages, tried by every persona."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import eligibility, overseas, selectors, services
from courses.models import (
    EligibilityOverride,
    EligibilityRule,
    Nomination,
    NominationStatus,
    OverridableRule,
    ProposalKind,
    Rating,
    RuleKind,
    YearlyRating,
)
from courses.refusals import Refusal, Refused
from courses.resources import NominationExporter
from courses.retirement import add_months, months_of_service_left, retirement_age_in, retirement_date
from tests.factories import (
    CategoryFactory,
    CourseFactory,
    TargetFactory,
    TraineeFactory,
    open_class_for,
)

pytestmark = pytest.mark.django_db

D = datetime.date
BASIS = "Nghị định 171/2025/NĐ-CP"


def codes(problems):
    return [problem.code for problem in problems]


def only_rules(*rules):
    """The rules in force are exactly these (the migration's are replaced)."""
    EligibilityRule.objects.all().delete()
    for data in rules:
        EligibilityRule.objects.create(legal_basis=BASIS, **data)


def rate(trainee, **by_year):
    for year, rating in by_year.items():
        YearlyRating.objects.create(trainee=trainee, year=int(year.strip("y")), rating=rating)


# --- the retirement age (Decree 135/2020/NĐ-CP) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "gender", "retires"),
    [
        (D(1959, 6, 1), "M", D(2019, 6, 1)),  # before 2021: 60
        (D(1961, 1, 20), "M", D(2021, 4, 20)),  # 2021: 60 years 3 months
        (D(1961, 9, 15), "M", D(2021, 12, 15)),  # still in 2021
        (D(1961, 10, 15), "M", D(2022, 4, 15)),  # 60y3m falls in 2022, whose age is 60y6m
        (D(1966, 1, 31), "M", D(2027, 10, 31)),  # 61y9m: Appendix I of the decree
        (D(1966, 4, 1), "M", D(2028, 4, 1)),  # 62 from 2028
        (D(1980, 5, 1), "M", D(2042, 5, 1)),
        (D(1966, 1, 10), "F", D(2021, 5, 10)),  # 2021: 55 years 4 months
        (D(1966, 9, 10), "F", D(2022, 5, 10)),  # 55y4m falls in 2022, whose age is 55y8m
        (D(1975, 1, 1), "F", D(2034, 9, 1)),  # 59y8m
        (D(1975, 5, 1), "F", D(2035, 5, 1)),  # 60 from 2035
    ],
)
def test_retirement_date_follows_the_schedule_of_decree_135(born, gender, retires):
    assert retirement_date(born, gender) == retires


def test_retirement_age_rises_three_months_a_year_for_men_and_four_for_women_to_the_top():
    assert [retirement_age_in(year, "M") for year in (2020, 2021, 2022, 2027, 2028, 2040)] == [
        720,
        723,
        726,
        741,
        744,
        744,
    ]
    assert [retirement_age_in(year, "F") for year in (2020, 2021, 2022, 2034, 2035, 2040)] == [
        660,
        664,
        668,
        716,
        720,
        720,
    ]


def test_a_day_past_the_end_of_a_month_keeps_to_the_last_day_of_a_shorter_month():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert months_of_service_left(D(1980, 5, 1), "M", D(2040, 11, 1)) == 18
    assert months_of_service_left(D(1980, 5, 1), "M", D(2040, 11, 2)) == 17


# --- each rule at its edges ---------------------------------------------------------------------------------------


@pytest.fixture
def postgraduate_rules():
    only_rules(
        {"rule": RuleKind.MAX_AGE, "applies_to": ProposalKind.POSTGRADUATE, "number": 45},
        {"rule": RuleKind.MIN_SERVICE, "applies_to": ProposalKind.POSTGRADUATE, "number": 3},
        {"rule": RuleKind.RATING, "applies_to": ProposalKind.POSTGRADUATE, "number": 2, "level": Rating.GOOD},
        {"rule": RuleKind.FIELD, "applies_to": ProposalKind.POSTGRADUATE},
    )


@pytest.fixture
def candidate(agency):
    person = TraineeFactory(
        agency=agency, date_of_birth=D(1980, 6, 2), service_start_date=D(2010, 3, 1), study_fields="Luật; Quản lý công"
    )
    rate(person, y2023=Rating.GOOD, y2024=Rating.EXCELLENT)
    return person


def postgraduate(person, start, **options):
    return codes(eligibility.check(person, kind=ProposalKind.POSTGRADUATE, start_date=start, **options))


def test_a_person_of_exactly_45_may_start_postgraduate_study_and_one_a_day_older_may_not(candidate, postgraduate_rules):
    assert postgraduate(candidate, D(2025, 6, 2)) == []
    assert postgraduate(candidate, D(2025, 6, 3)) == [Refusal.AGE_ABOVE_LIMIT]


def test_the_age_limit_holds_for_a_first_postgraduate_study_only(candidate, postgraduate_rules):
    assert postgraduate(candidate, D(2025, 6, 3), first_postgraduate=False) == []


def test_the_refusal_names_the_date_of_birth_the_limit_and_the_legal_basis(candidate, postgraduate_rules):
    problem = eligibility.check(candidate, kind=ProposalKind.POSTGRADUATE, start_date=D(2025, 9, 1))[0]
    assert "02/06/1980" in problem.message and "45" in problem.message and BASIS in problem.message


def test_three_years_of_service_are_counted_to_the_day(agency, postgraduate_rules):
    person = TraineeFactory(agency=agency, date_of_birth=D(1995, 1, 1), service_start_date=D(2022, 9, 1))
    rate(person, y2023=Rating.GOOD, y2024=Rating.GOOD)
    assert postgraduate(person, D(2025, 9, 1)) == []
    assert postgraduate(person, D(2025, 8, 31)) == [Refusal.SERVICE_TOO_SHORT]


def test_an_unknown_day_of_recruitment_is_refused_naming_what_is_missing(agency, postgraduate_rules):
    person = TraineeFactory(agency=agency, date_of_birth=D(1995, 1, 1))
    rate(person, y2023=Rating.GOOD, y2024=Rating.GOOD)
    assert postgraduate(person, D(2025, 9, 1)) == [Refusal.SERVICE_START_UNKNOWN]


def test_a_missing_rating_is_refused_naming_the_year(candidate, postgraduate_rules):
    YearlyRating.objects.filter(trainee=candidate, year=2023).delete()
    problems = eligibility.check(candidate, kind=ProposalKind.POSTGRADUATE, start_date=D(2025, 3, 1))
    assert codes(problems) == [Refusal.RATING_MISSING]
    assert "2023" in problems[0].message


def test_a_rating_below_well_fulfilled_in_one_of_the_two_years_is_refused(candidate, postgraduate_rules):
    YearlyRating.objects.filter(trainee=candidate, year=2024).update(rating=Rating.FULFILLED)
    assert postgraduate(candidate, D(2025, 3, 1)) == [Refusal.RATING_TOO_LOW]
    # The ratings read are those of the two years before the start: 2024's no longer counts for a start in 2027.
    rate(candidate, y2025=Rating.GOOD, y2026=Rating.EXCELLENT)
    assert postgraduate(candidate, D(2027, 1, 5), first_postgraduate=False) == []


def test_the_field_of_study_must_be_one_matching_the_job_whatever_the_accents(candidate, postgraduate_rules):
    assert postgraduate(candidate, D(2025, 6, 1), field_of_study="luat") == []
    assert postgraduate(candidate, D(2025, 6, 1), field_of_study="Kinh tế") == [Refusal.FIELD_NOT_MATCHING]
    candidate.study_fields = ""
    assert postgraduate(candidate, D(2025, 6, 1), field_of_study="Luật") == [Refusal.FIELD_NOT_RECORDED]


def test_a_rule_turned_off_by_staff_is_not_checked(candidate, postgraduate_rules):
    EligibilityRule.objects.filter(rule=RuleKind.MAX_AGE).update(active=False)
    assert postgraduate(candidate, D(2025, 6, 3)) == []


@pytest.fixture
def overseas_class(agency):
    category = CategoryFactory(is_overseas=True)
    training_class = open_class_for(agency, seats=3)
    training_class.target = TargetFactory(category=category)
    training_class.country = "Hàn Quốc"
    training_class.course = CourseFactory(category=category, required_language_level=3)
    training_class.save()
    return training_class


@pytest.fixture
def overseas_rules():
    only_rules(
        {"rule": RuleKind.SERVICE_LEFT, "applies_to": ProposalKind.OVERSEAS, "number": 18, "max_days": 29},
        {"rule": RuleKind.SERVICE_LEFT, "applies_to": ProposalKind.OVERSEAS, "number": 24, "min_days": 30},
        {"rule": RuleKind.RATING, "applies_to": ProposalKind.OVERSEAS, "number": 1, "level": Rating.GOOD},
        {"rule": RuleKind.LANGUAGE, "applies_to": ProposalKind.OVERSEAS},
    )


# The classes of `open_class_for` start in 30 days: the rating read is that of the year before.
YEAR_BEFORE_START = (datetime.date.today() + datetime.timedelta(days=30)).year - 1


def ready_for_abroad(agency, **facts):
    person = TraineeFactory(agency=agency, **{"language_level": 3, **facts})
    rate(person, **{f"y{YEAR_BEFORE_START}": Rating.GOOD})
    return person


def test_service_left_is_checked_to_the_exact_retirement_day(agency, overseas_class, overseas_rules):
    start = overseas_class.start_date
    retires = add_months(start, 18)  # a man born 62 years before this day retires on it
    exact = ready_for_abroad(agency, date_of_birth=add_months(retires, -744))
    assert retirement_date(exact.date_of_birth, "M") == retires
    assert codes(eligibility.check(exact, training_class=overseas_class)) == []
    day_short = ready_for_abroad(agency, date_of_birth=add_months(retires, -744) - datetime.timedelta(days=1))
    assert codes(eligibility.check(day_short, training_class=overseas_class)) == [Refusal.SERVICE_LEFT_TOO_SHORT]


def test_a_course_of_a_month_or_more_asks_for_two_years_left(agency, overseas_class, overseas_rules):
    person = ready_for_abroad(agency, date_of_birth=add_months(add_months(overseas_class.start_date, 20), -744))
    assert codes(eligibility.check(person, training_class=overseas_class)) == []
    overseas_class.end_date = overseas_class.start_date + datetime.timedelta(days=29)  # 30 days
    overseas_class.save()
    assert codes(eligibility.check(person, training_class=overseas_class)) == [Refusal.SERVICE_LEFT_TOO_SHORT]


def test_the_language_level_of_the_course_is_needed(agency, overseas_class, overseas_rules):
    assert codes(eligibility.check(ready_for_abroad(agency, language_level=None), training_class=overseas_class)) == [
        Refusal.LANGUAGE_NOT_RECORDED
    ]
    low = ready_for_abroad(agency, language_level=2)
    assert codes(eligibility.check(low, training_class=overseas_class)) == [Refusal.LANGUAGE_TOO_LOW]
    assert codes(eligibility.check(ready_for_abroad(agency, language_level=4), training_class=overseas_class)) == []


def test_last_years_rating_is_needed_to_go_abroad(agency, overseas_class, overseas_rules):
    person = ready_for_abroad(agency)
    YearlyRating.objects.filter(trainee=person).delete()
    assert codes(eligibility.check(person, training_class=overseas_class)) == [Refusal.RATING_MISSING]


def test_a_leadership_rule_refuses_staff_without_a_post(agency, overseas_class):
    only_rules({"rule": RuleKind.LEADERSHIP, "applies_to": ProposalKind.OVERSEAS, "level": "division"})
    assert codes(eligibility.check(TraineeFactory(agency=agency), training_class=overseas_class)) == [
        Refusal.LEADERSHIP_TOO_LOW
    ]
    assert (
        codes(
            eligibility.check(
                TraineeFactory(agency=agency, leadership_level="department"), training_class=overseas_class
            )
        )
        == []
    )


def test_a_domestic_class_is_not_held_to_the_rules_of_going_abroad(agency, overseas_rules):
    domestic = open_class_for(agency, seats=2)
    assert services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=domestic)


def test_the_portal_nomination_refuses_a_rule_broken_in_plain_words(agency, overseas_class, overseas_rules):
    person = ready_for_abroad(agency, language_level=None)
    with pytest.raises(Refused) as refused:
        services.nomination_submit(trainee=person, training_class=overseas_class)
    assert refused.value.refusal == Refusal.LANGUAGE_NOT_RECORDED
    assert "Level 3 (B1)" in " ".join(refused.value.messages)


def test_a_staff_batch_and_an_import_run_the_same_rules(agency, overseas_class, overseas_rules):
    person = ready_for_abroad(agency, language_level=1)
    rows = [
        {
            "trainee_id": person.pk,
            "training_class_id": overseas_class.pk,
            "agency_id": agency.pk,
            "status": NominationStatus.NOMINATED,
        }
    ]
    problems = services.nomination_batch_problems(rows)
    assert list(problems) == [0] and "level" in problems[0][1].lower()


# --- overlapping classes ------------------------------------------------------------------------------------------


@pytest.fixture
def june_classes(agency):
    only_rules()
    first = open_class_for(agency, seats=3)
    second = open_class_for(agency, seats=3)
    second.start_date = first.end_date  # the last day of one is the first of the other
    second.end_date = first.end_date + datetime.timedelta(days=3)
    second.save()
    third = open_class_for(agency, seats=3)
    third.start_date = first.end_date + datetime.timedelta(days=1)
    third.end_date = first.end_date + datetime.timedelta(days=4)
    third.save()
    return first, second, third


def test_a_person_cannot_hold_seats_in_two_classes_whose_dates_overlap(agency, june_classes):
    first, second, third = june_classes
    person = TraineeFactory(agency=agency)
    services.nomination_submit(trainee=person, training_class=first)
    with pytest.raises(Refused) as refused:
        services.nomination_submit(trainee=person, training_class=second)
    assert refused.value.refusal == Refusal.OVERLAPPING_CLASS
    assert first.code in " ".join(refused.value.messages)
    assert services.nomination_submit(trainee=person, training_class=third)  # the day after: no overlap


def test_a_withdrawn_nomination_frees_the_dates(agency, june_classes):
    first, second, _third = june_classes
    person = TraineeFactory(agency=agency)
    nomination = services.nomination_submit(trainee=person, training_class=first)
    services.nomination_withdraw(nomination=nomination, reason="Đi công tác")
    assert services.nomination_submit(trainee=person, training_class=second)


def test_two_rows_of_one_batch_cannot_give_a_person_overlapping_seats(agency, june_classes):
    first, second, _third = june_classes
    person = TraineeFactory(agency=agency)
    row = {"trainee_id": person.pk, "agency_id": agency.pk, "status": NominationStatus.NOMINATED}
    problems = services.nomination_batch_problems(
        [{**row, "training_class_id": first.pk}, {**row, "training_class_id": second.pk}]
    )
    assert list(problems) == [1] and first.code in problems[1][1]


def test_approving_a_nomination_made_before_the_rule_refuses_an_overlap(agency, june_classes):
    first, second, _third = june_classes
    person = TraineeFactory(agency=agency)
    services.nomination_submit(trainee=person, training_class=first)
    # A nomination from before the rule existed: written straight to the table, as old data would be.
    old = Nomination.objects.create(trainee=person, training_class=second, agency=agency)
    with pytest.raises(Refused) as refused:
        services.nomination_approve(nomination=old)
    assert refused.value.refusal == Refusal.OVERLAPPING_CLASS


def test_the_waiting_list_skips_a_person_busy_in_an_overlapping_class(agency, june_classes):
    first, second, _third = june_classes
    services.allotment_set(training_class=second, agency=agency, seats=1)
    holder = services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=second)
    busy = TraineeFactory(agency=agency)
    waiting = services.nomination_submit(trainee=busy, training_class=second, waitlist_if_full=True)
    free = services.nomination_submit(
        trainee=TraineeFactory(agency=agency), training_class=second, waitlist_if_full=True
    )
    services.nomination_submit(trainee=busy, training_class=first)
    services.nomination_withdraw(nomination=holder, reason="Nghỉ ốm")
    waiting.refresh_from_db()
    free.refresh_from_db()
    assert (waiting.status, free.status) == (NominationStatus.WAITLISTED, NominationStatus.NOMINATED)


# --- staff's exceptions -------------------------------------------------------------------------------------------


def test_an_exception_for_one_class_lifts_the_rule_for_that_class_only(agency, june_classes, staff_user):
    first, second, _third = june_classes
    person = TraineeFactory(agency=agency)
    services.nomination_submit(trainee=person, training_class=first)
    EligibilityOverride.objects.create(
        trainee=person,
        rule=OverridableRule.OVERLAP,
        training_class=second,
        reason="Lớp thứ hai học buổi tối, được Giám đốc Sở đồng ý.",
        decided_by=staff_user,
    )
    assert services.nomination_submit(trainee=person, training_class=second)
    assert codes(eligibility.check(TraineeFactory(agency=agency), training_class=second)) == []


def test_an_exception_for_a_kind_of_training_lifts_the_rule_for_a_place_without_a_class(
    candidate, postgraduate_rules, staff_user
):
    assert postgraduate(candidate, D(2025, 9, 1)) == [Refusal.AGE_ABOVE_LIMIT]
    EligibilityOverride.objects.create(
        trainee=candidate,
        rule=OverridableRule.MAX_AGE,
        applies_to=ProposalKind.POSTGRADUATE,
        reason="Chuyên gia đầu ngành, Ban Thường vụ Tỉnh ủy đồng ý.",
        decided_by=staff_user,
    )
    assert postgraduate(candidate, D(2025, 9, 1)) == []


def test_an_exception_needs_a_reason_and_a_class_or_kind(candidate, staff_user):
    with pytest.raises(ValidationError):
        EligibilityOverride(
            trainee=candidate, rule="max_age", applies_to="postgraduate", decided_by=staff_user
        ).full_clean()
    for values in ({"reason": ""}, {"applies_to": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            EligibilityOverride.objects.create(
                trainee=candidate,
                rule="max_age",
                decided_by=staff_user,
                **{"reason": "Lý do", "applies_to": "postgraduate", **values},
            )


def test_the_console_records_who_decided_an_exception_and_shows_it_on_the_persons_record(client, superuser, candidate):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courses_eligibilityoverride_add"),
        {"trainee": candidate.pk, "rule": "max_age", "applies_to": "postgraduate", "reason": "Đề nghị của Sở"},
    )
    assert response.status_code == 302
    assert EligibilityOverride.objects.get().decided_by == superuser
    page = client.get(reverse("admin:courses_trainee_change", args=[candidate.pk]))
    assert "Đề nghị của Sở" in page.content.decode()


def test_the_console_refuses_an_exception_without_a_reason(client, superuser, candidate):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courses_eligibilityoverride_add"),
        {"trainee": candidate.pk, "rule": "max_age", "applies_to": "postgraduate", "reason": "   "},
    )
    assert response.status_code == 200 and not EligibilityOverride.objects.exists()


def test_the_nominations_export_names_the_exception(agency, june_classes, staff_user):
    first, _second, _third = june_classes
    person = TraineeFactory(agency=agency)
    services.nomination_submit(trainee=person, training_class=first)
    EligibilityOverride.objects.create(
        trainee=person, rule="overlap", training_class=first, reason="Được Giám đốc Sở đồng ý", decided_by=staff_user
    )
    exporter = NominationExporter()
    rows = list(exporter.rows(Nomination.objects.all()))
    assert rows[0][-1].endswith("Được Giám đốc Sở đồng ý")


# --- the portal's list of candidates keeps a fixed number of queries ------------------------------------------------


def test_the_portals_candidate_list_reads_the_same_number_of_queries_for_5_or_25_people(agency, overseas_class):
    # One person refused in each: staff's exceptions are read (once) only when someone is refused.
    ready_for_abroad(agency, language_level=None)
    for _index in range(4):
        ready_for_abroad(agency)
    with CaptureQueriesContext(connection) as few:
        small = selectors.candidates_for(agency, overseas_class)
    for _index in range(20):
        ready_for_abroad(agency, language_level=None)
    with CaptureQueriesContext(connection) as many:
        large = selectors.candidates_for(agency, overseas_class)
    assert (len(small), len(large)) == (5, 25)
    assert len(many) == len(few)
    assert sum(1 for c in large if c.blockers) == 21


def test_the_candidate_lists_say_which_rule_an_exception_lifted_for_a_person(
    client, staff_user, focal_point, agency, overseas_class, overseas_rules
):
    excepted = ready_for_abroad(agency, full_name="Được miễn ngoại ngữ", language_level=None)
    plain = ready_for_abroad(agency, full_name="Đủ điều kiện")
    EligibilityOverride.objects.create(
        trainee=excepted, rule=OverridableRule.LANGUAGE, training_class=overseas_class,
        reason="Đoàn có phiên dịch đi kèm.", decided_by=staff_user,
    )  # fmt: skip
    ranked = {c.trainee: c for c in overseas.ranked_candidates(overseas_class, agency)}
    assert ranked[excepted].can_select and ranked[excepted].excepted == ["Foreign language level"]
    assert ranked[plain].excepted == []
    portal = {c.trainee: c for c in selectors.candidates_for(agency, overseas_class)}
    assert portal[excepted].can_nominate and portal[excepted].excepted == ["Foreign language level"]
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:candidates_staff", args=[overseas_class.pk]), {"agency": agency.pk})
    assert "By exception of the Department of Home Affairs: Foreign language level" in page.content.decode()


# --- overseas: ranking and selection ------------------------------------------------------------------------------


def test_overseas_candidates_are_ranked_leaders_then_language_then_youth_and_refused_people_last(
    agency, overseas_class, overseas_rules
):
    young = ready_for_abroad(agency, full_name="Trẻ", date_of_birth=D(1996, 1, 1))
    older = ready_for_abroad(agency, full_name="Lớn tuổi", date_of_birth=D(1980, 1, 1))
    fluent = ready_for_abroad(agency, full_name="Giỏi ngoại ngữ", date_of_birth=D(1980, 1, 1), language_level=5)
    leader = ready_for_abroad(
        agency, full_name="Trưởng phòng", leadership_level="division", date_of_birth=D(1975, 1, 1)
    )
    no_language = ready_for_abroad(
        agency, full_name="Chưa có ngoại ngữ", leadership_level="department", language_level=None
    )
    ranked = overseas.ranked_candidates(overseas_class, agency)
    assert [c.trainee for c in ranked] == [leader, fluent, young, older, no_language]
    assert ranked[-1].reasons and not ranked[-1].can_select


def test_staff_nominate_the_chosen_candidates_as_a_batch(client, staff_user, agency, overseas_class, overseas_rules):
    first, second = ready_for_abroad(agency), ready_for_abroad(agency)
    client.force_login(staff_user)
    url = reverse("portal:candidates_staff", args=[overseas_class.pk])
    response = client.post(url, {"agency": agency.pk, "trainees": [first.pk, second.pk], "reason": "Họp xét chọn"})
    assert response.status_code == 302
    assert set(Nomination.objects.values_list("trainee_id", flat=True)) == {first.pk, second.pk}


def test_staff_cannot_choose_a_person_the_rules_keep_out(client, staff_user, agency, overseas_class, overseas_rules):
    refused = ready_for_abroad(agency, language_level=None)
    client.force_login(staff_user)
    url = reverse("portal:candidates_staff", args=[overseas_class.pk])
    assert client.post(url, {"agency": agency.pk, "trainees": [refused.pk]}).status_code == 400
    assert not Nomination.objects.exists()


def test_the_ranked_candidates_page_lists_the_agencys_staff_for_staff_and_its_focal_point(
    client, staff_user, focal_point, other_focal_point, agency, overseas_class, overseas_rules
):
    person = ready_for_abroad(agency, full_name="Hoàng Thị Lan")
    client.force_login(staff_user)
    assert "Hoàng Thị Lan" in client.get(reverse("portal:candidates_staff", args=[overseas_class.pk])).content.decode()
    client.force_login(focal_point)
    page = client.get(reverse("portal:candidates", args=[overseas_class.pk]))
    assert page.status_code == 200 and person.full_name in page.content.decode()
    client.force_login(other_focal_point)
    assert client.get(reverse("portal:candidates", args=[overseas_class.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "focal_point", "leader"])
def test_only_staff_reach_the_staff_ranking(client, request, persona, overseas_class):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("portal:candidates_staff", args=[overseas_class.pk]))
    assert response.status_code == (302 if persona == "anonymous" else 403)


def test_a_leader_cannot_open_the_portal_ranking(client, leader, overseas_class):
    client.force_login(leader)
    assert client.get(reverse("portal:candidates", args=[overseas_class.pk])).status_code == 403


def test_the_seeded_rules_cite_their_legal_basis(seeded_eligibility_rules):
    # The data migration's rules, as every database gets them.
    rules = EligibilityRule.objects.filter(active=True)
    assert rules.filter(rule=RuleKind.MAX_AGE, applies_to=ProposalKind.POSTGRADUATE, number=45).exists()
    assert all(rule.legal_basis and rule.verification for rule in rules)


def test_a_seeded_rule_cites_its_article_or_says_the_article_could_not_be_checked(seeded_eligibility_rules):
    # Where the decree's text could not be read, the rule's source says so ("chưa đối chiếu được"): no article is
    # made up. Decree 171/2025's age limit is one of them.
    for rule in EligibilityRule.objects.all():
        source = f"{rule.legal_basis} {rule.verification}".casefold()
        assert "điều" in rule.legal_basis.casefold() or "chưa đối chiếu được" in source, rule.legal_basis
    age = EligibilityRule.objects.get(rule=RuleKind.MAX_AGE, applies_to=ProposalKind.POSTGRADUATE)
    assert "chưa đối chiếu được" in age.legal_basis
