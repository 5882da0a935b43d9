"""Refused ID numbers: a focal point who tries to add someone on another agency's staff list is refused in neutral
words; the attempt is recorded (who, which agency, the number, when, the person and agency holding it) and shown to
staff in the console, read only, with the number masked in the list; staff mark it resolved with a note."""

import pytest
from django.conf import settings
from django.urls import reverse

from courses import services
from courses.models import Nomination, RefusedIdAttempt
from courses.refusals import Refusal, Refused
from tests.factories import TraineeFactory, open_class_for
from tests.spreadsheets import upload, xlsx

pytestmark = pytest.mark.django_db

OUTSIDER_ID = "020199004455"


@pytest.fixture
def outsider(other_agency):
    return TraineeFactory(agency=other_agency, personal_id=OUTSIDER_ID)


@pytest.fixture
def open_class(agency):
    return open_class_for(agency, seats=2)


def new_person(client, training_class, personal_id):
    form = {"full_name": "Lý Văn Bình", "personal_id": personal_id, "date_of_birth": "05/03/1990", "gender": "M"}
    return client.post(reverse("portal:nominate_new", args=[training_class.pk]), form)


def test_a_refused_new_person_is_recorded_for_staff_although_nothing_else_is_saved(
    client, focal_point, agency, other_agency, open_class, outsider
):
    client.force_login(focal_point)
    assert new_person(client, open_class, OUTSIDER_ID).status_code == 400
    attempt = RefusedIdAttempt.objects.get()
    assert (attempt.by, attempt.agency, attempt.personal_id) == (focal_point, agency, OUTSIDER_ID)
    assert (attempt.holder, attempt.holder_agency, attempt.resolved_at) == (outsider, other_agency, None)
    assert attempt.at is not None
    assert not Nomination.objects.exists()


def test_a_refused_row_of_an_upload_is_recorded_too(client, focal_point, agency, open_class, outsider):
    client.force_login(focal_point)
    headers = ["Personal identification number", "Full name", "Date of birth", "Gender", "Position"]
    data = xlsx(headers, [[OUTSIDER_ID, "Lý Văn Bình", "05/03/1990", "Nam", "Chuyên viên"]])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the English headers above
    response = client.post(reverse("portal:upload", args=[open_class.pk]), {"file": upload(data)})
    assert response.status_code == 400
    assert response.context["outcome"].errors[0].row == 2
    assert RefusedIdAttempt.objects.get().agency == agency


def test_a_person_new_to_every_list_or_already_on_the_agencys_own_is_not_recorded(
    client, focal_point, agency, open_class
):
    own = TraineeFactory(agency=agency)
    client.force_login(focal_point)
    new_person(client, open_class, own.personal_id)
    new_person(client, open_class, "020199009999")
    assert not RefusedIdAttempt.objects.exists()


def test_the_console_lists_attempts_with_the_number_masked_and_filters_them(
    client, staff_user, focal_point, agency, other_agency, outsider, django_assert_max_num_queries
):
    for _ in range(3):
        services.new_person_problem(personal_id=OUTSIDER_ID, agency=agency, by=focal_point)
    done = RefusedIdAttempt.objects.first()
    services.refused_attempt_resolve(attempt=done, note="Số nhập nhầm", by=staff_user)
    client.force_login(staff_user)
    url = reverse("admin:courses_refusedidattempt_changelist")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "••••••••4455" in html and OUTSIDER_ID not in html
    assert len(client.get(url, {"resolved": "no"}).context["cl"].result_list) == 2
    assert list(client.get(url, {"resolved": "yes"}).context["cl"].result_list) == [done]
    by_agency = client.get(url, {"holder_agency__id__exact": other_agency.pk}).context["cl"].result_list
    assert len(by_agency) == 3
    # The whole number is on the attempt's own page, read only.
    detail = client.get(reverse("admin:courses_refusedidattempt_change", args=[done.pk]))
    assert detail.status_code == 200 and OUTSIDER_ID in detail.content.decode()
    assert 'name="resolution_note"' not in detail.content.decode()


def test_the_list_costs_the_same_queries_for_many_attempts(
    client, staff_user, focal_point, agency, outsider, django_assert_max_num_queries
):
    for _ in range(30):
        services.new_person_problem(personal_id=OUTSIDER_ID, agency=agency, by=focal_point)
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:courses_refusedidattempt_changelist")).status_code == 200


def test_staff_mark_attempts_resolved_with_a_note(client, staff_user, focal_point, agency, outsider):
    services.new_person_problem(personal_id=OUTSIDER_ID, agency=agency, by=focal_point)
    attempt = RefusedIdAttempt.objects.get()
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:courses_refusedidattempt_changelist")
    chosen = {"action": "resolve", "_selected_action": [attempt.pk]}
    asked = client.post(url, chosen)
    assert asked.status_code == 200 and "How were these attempts resolved?" in asked.content.decode()
    done = client.post(url, chosen | {"apply": "1", "reason": "Chuyển công tác sang Sở Tài chính"}, follow=True)
    assert "1 attempt(s) marked resolved." in done.content.decode()
    attempt.refresh_from_db()
    assert attempt.resolved_by == staff_user and attempt.resolved_at is not None
    assert attempt.resolution_note == "Chuyển công tác sang Sở Tài chính"


def test_resolving_needs_a_note_and_happens_once(staff_user, focal_point, agency, outsider):
    services.new_person_problem(personal_id=OUTSIDER_ID, agency=agency, by=focal_point)
    attempt = RefusedIdAttempt.objects.get()
    with pytest.raises(Refused) as blank:
        services.refused_attempt_resolve(attempt=attempt, note="  ", by=staff_user)
    assert blank.value.refusal == Refusal.NOTE_TO_RESOLVE
    services.refused_attempt_resolve(attempt=attempt, note="Đã xử lý", by=staff_user)
    with pytest.raises(Refused) as again:
        services.refused_attempt_resolve(attempt=attempt, note="Lần hai", by=staff_user)
    assert again.value.refusal == Refusal.ALREADY_RESOLVED
    attempt.refresh_from_db()
    assert attempt.resolution_note == "Đã xử lý"


def test_focal_points_never_see_the_console_page(client, focal_point):
    client.force_login(focal_point)
    response = client.get(reverse("admin:courses_refusedidattempt_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
