"""The agency portal, tried by every persona: its focal point, another agency's, staff, a leader, anyone."""

import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from courses import services
from courses.models import Nomination, NominationStatus, SeatAllotment, Trainee
from plans.models import TargetGroup
from tests.factories import RankFactory, TraineeFactory, TrainingClassFactory, UserFactory, open_class_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def open_class(agency):
    return open_class_for(agency, seats=2)


@pytest.fixture
def staff_member(agency):
    return TraineeFactory(agency=agency, full_name="Hoàng Thị Lan", personal_id="020190000001")


@pytest.fixture
def other_nomination(open_class, other_agency):
    services.allotment_set(training_class=open_class, agency=other_agency, seats=3)
    person = TraineeFactory(agency=other_agency)
    return services.nomination_submit(trainee=person, training_class=open_class)


def login(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


# --- who may see what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("focal_point", 200), ("other_focal_point", 200), ("staff_user", 403), ("leader", 403), ("anonymous", 302)],
)
def test_class_list_is_for_focal_points(client, request, open_class, persona, expected):
    response = login(client, request, persona).get(reverse("portal:class_list"))
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_focal_point_sees_only_classes_where_their_agency_has_seats(client, focal_point, other_focal_point, open_class):
    client.force_login(focal_point)
    assert open_class.code in client.get(reverse("portal:class_list")).content.decode()
    client.force_login(other_focal_point)
    assert open_class.code not in client.get(reverse("portal:class_list")).content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("focal_point", 200), ("other_focal_point", 404), ("anonymous", 302)]
)
def test_class_page_of_a_class_without_seats_is_not_found(client, request, open_class, persona, expected):
    response = login(client, request, persona).get(reverse("portal:class_detail", args=[open_class.pk]))
    assert response.status_code == expected


def test_class_page_shows_the_agencys_seats_and_left(client, focal_point, open_class, staff_member):
    client.force_login(focal_point)
    html = client.get(reverse("portal:class_detail", args=[open_class.pk])).content.decode()
    assert "Hoàng Thị Lan" in html
    assert 'name="trainee"' in html


@pytest.mark.parametrize(
    ("name", "method"),
    [("portal:class_list", "post"), ("portal:nomination_list", "post"), ("portal:nomination_export", "post")],
)
def test_read_only_pages_refuse_a_post(client, focal_point, name, method):
    client.force_login(focal_point)
    assert getattr(client, method)(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["portal:nominate", "portal:nominate_new"])
def test_nominating_refuses_a_get(client, focal_point, open_class, name):
    client.force_login(focal_point)
    assert client.get(reverse(name, args=[open_class.pk])).status_code == 405


def test_nominations_list_shows_only_the_agencys_own(client, focal_point, open_class, staff_member, other_nomination):
    services.nomination_submit(trainee=staff_member, training_class=open_class)
    client.force_login(focal_point)
    html = client.get(reverse("portal:nomination_list")).content.decode()
    assert "Hoàng Thị Lan" in html
    assert other_nomination.trainee.full_name not in html


def test_nominations_export_is_the_agencys_own_as_excel(
    client, focal_point, open_class, staff_member, other_nomination
):
    services.nomination_submit(trainee=staff_member, training_class=open_class)
    client.force_login(focal_point)
    response = client.get(reverse("portal:nomination_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Họ và tên"] == "Hoàng Thị Lan"
    assert row["Ngày bắt đầu"].date() == open_class.start_date  # a date cell


# --- nominating --------------------------------------------------------------------------------


def test_focal_point_nominates_a_member_of_staff(client, focal_point, open_class, staff_member):
    client.force_login(focal_point)
    response = client.post(reverse("portal:nominate", args=[open_class.pk]), {"trainee": staff_member.pk})
    assert response.status_code == 302
    nomination = Nomination.objects.get(trainee=staff_member)
    assert (nomination.status, nomination.nominated_by) == (NominationStatus.NOMINATED, focal_point)


def test_double_submit_of_the_same_form_creates_one_nomination(client, focal_point, open_class, staff_member):
    client.force_login(focal_point)
    url = reverse("portal:nominate", args=[open_class.pk])
    client.post(url, {"trainee": staff_member.pk})
    response = client.post(url, {"trainee": staff_member.pk}, follow=True)
    assert Nomination.objects.filter(trainee=staff_member).count() == 1
    assert SeatAllotment.objects.get(training_class=open_class, agency=staff_member.agency).taken_seats == 1
    assert len(list(response.context["messages"])) == 2


def test_forged_trainee_of_another_agency_is_not_found(client, focal_point, open_class, other_agency):
    outsider = TraineeFactory(agency=other_agency)
    client.force_login(focal_point)
    response = client.post(reverse("portal:nominate", args=[open_class.pk]), {"trainee": outsider.pk})
    assert response.status_code == 404
    assert not Nomination.objects.exists()


def test_nomination_beyond_the_allotment_goes_to_the_waiting_list_when_asked(client, focal_point, open_class, agency):
    people = TraineeFactory.create_batch(3, agency=agency)
    client.force_login(focal_point)
    url = reverse("portal:nominate", args=[open_class.pk])
    for person in people:
        client.post(url, {"trainee": person.pk, "waitlist": "on"})
    statuses = [Nomination.objects.get(trainee=p).status for p in people]
    assert statuses == ["nominated", "nominated", "waitlisted"]


def test_nomination_beyond_the_allotment_is_refused_with_the_reason(client, focal_point, open_class, agency):
    people = TraineeFactory.create_batch(3, agency=agency)
    client.force_login(focal_point)
    url = reverse("portal:nominate", args=[open_class.pk])
    for person in people[:2]:
        client.post(url, {"trainee": person.pk})
    response = client.post(url, {"trainee": people[2].pk}, follow=True)
    assert not Nomination.objects.filter(trainee=people[2]).exists()
    assert any("no seat left" in str(m) or "hết" in str(m) for m in response.context["messages"])


def test_nomination_after_the_deadline_is_refused_for_a_focal_point(client, focal_point, open_class, staff_member):
    type(open_class).objects.filter(pk=open_class.pk).update(
        registration_opens=TODAY - datetime.timedelta(days=20), registration_closes=TODAY - datetime.timedelta(days=1)
    )
    client.force_login(focal_point)
    client.post(reverse("portal:nominate", args=[open_class.pk]), {"trainee": staff_member.pk})
    assert not Nomination.objects.exists()


def test_person_added_on_the_spot_joins_the_agency_and_is_nominated(client, focal_point, open_class, agency):
    RankFactory()
    client.force_login(focal_point)
    response = client.post(
        reverse("portal:nominate_new", args=[open_class.pk]),
        {"full_name": "Lý Văn Bình", "personal_id": "020199001122", "date_of_birth": "05/03/1990", "gender": "M"},
    )
    assert response.status_code == 302
    person = Trainee.objects.get(personal_id="020199001122")
    assert person.agency == agency
    assert person.date_of_birth == datetime.date(1990, 3, 5)
    assert Nomination.objects.filter(trainee=person, status="nominated").exists()


def test_person_added_with_a_wrong_date_is_explained_and_nothing_saved(client, focal_point, open_class):
    client.force_login(focal_point)
    response = client.post(
        reverse("portal:nominate_new", args=[open_class.pk]),
        {"full_name": "Lý Văn Bình", "personal_id": "020199001122", "date_of_birth": "31/02/1990", "gender": "M"},
    )
    assert response.status_code == 400
    assert response.context["new_form"].errors["date_of_birth"]
    assert not Trainee.objects.filter(personal_id="020199001122").exists()


def test_person_added_twice_at_once_is_explained_not_a_server_error(client, focal_point, open_class, monkeypatch):
    """Two submits of the same new person, both past the form's uniqueness check: the second meets the database."""
    from courses.forms import NewTraineeForm

    client.force_login(focal_point)
    form = {"full_name": "Lý Văn Bình", "personal_id": "020199001122", "date_of_birth": "05/03/1990", "gender": "M"}
    url = reverse("portal:nominate_new", args=[open_class.pk])
    assert client.post(url, form).status_code == 302
    monkeypatch.setattr(NewTraineeForm, "validate_unique", lambda self: None)  # as if checked before the first saved
    client.cookies["django_language"] = "en"
    response = client.post(url, form)
    assert response.status_code == 400
    assert "just been added to a staff list" in response.context["new_form"].errors["personal_id"][0]
    assert Trainee.objects.filter(personal_id="020199001122").count() == 1
    assert Nomination.objects.count() == 1


NEUTRAL = "This person cannot be added here: contact the Department of Home Affairs."


def test_person_on_another_agencys_list_is_refused_in_words_that_do_not_say_so_and_staff_are_told(
    client, focal_point, open_class, other_agency, caplog
):
    outsider = TraineeFactory(agency=other_agency, personal_id="020199004455")
    client.force_login(focal_point)
    client.cookies["django_language"] = "en"
    form = {
        "full_name": "Lý Văn Bình",
        "personal_id": outsider.personal_id,
        "date_of_birth": "05/03/1990",
        "gender": "M",
    }
    with caplog.at_level("WARNING", logger="courses.staff_lists"):
        response = client.post(reverse("portal:nominate_new", args=[open_class.pk]), form)
    assert response.status_code == 400
    assert response.context["new_form"].errors["personal_id"] == [NEUTRAL]
    html = response.content.decode()
    assert "already exists" not in html and other_agency.code not in html and other_agency.name not in html
    [record] = [r for r in caplog.records if r.name == "courses.staff_lists"]
    assert outsider.personal_id in record.getMessage() and other_agency.code in record.getMessage()
    assert "focal" in record.getMessage()
    outsider.refresh_from_db()
    assert outsider.agency == other_agency and outsider.full_name != "Lý Văn Bình"
    assert not Nomination.objects.exists()


def test_person_already_on_the_agencys_own_list_is_pointed_to_it(
    client, focal_point, open_class, staff_member, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language
    client.force_login(focal_point)
    form = {"full_name": "Hoàng Thị Lan", "personal_id": staff_member.personal_id, "date_of_birth": "05/03/1990"}
    response = client.post(reverse("portal:nominate_new", args=[open_class.pk]), form | {"gender": "F"})
    assert response.status_code == 400
    [error] = response.context["new_form"].errors["personal_id"]
    assert error.startswith("This person is already on your agency's staff list")
    assert Trainee.objects.filter(personal_id=staff_member.personal_id).count() == 1


# --- withdrawing -------------------------------------------------------------------------------


def test_focal_point_withdraws_with_a_reason_and_the_next_person_is_promoted(client, focal_point, open_class, agency):
    first, second, waiting = TraineeFactory.create_batch(3, agency=agency)
    focal_point.email = "daumoi@example.gov.vn"
    focal_point.save()
    nomination = services.nomination_submit(trainee=first, training_class=open_class)
    services.nomination_submit(trainee=second, training_class=open_class)
    queued = services.nomination_submit(trainee=waiting, training_class=open_class, waitlist_if_full=True)
    assert queued.status == NominationStatus.WAITLISTED
    client.force_login(focal_point)
    url = reverse("portal:withdraw", args=[nomination.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    with pytest.raises(AssertionError):
        assert Nomination.objects.get(pk=nomination.pk).status == "withdrawn"
    with django_capture_on_commit():
        response = client.post(url, {"reason": "Bận công tác đột xuất"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    queued.refresh_from_db()
    assert (nomination.status, nomination.reason) == ("withdrawn", "Bận công tác đột xuất")
    assert (queued.status, queued.waitlist_rank) == ("nominated", None)
    assert len(mail.outbox) == 1
    assert waiting.full_name in mail.outbox[0].body


def django_capture_on_commit():
    """Run on_commit callbacks (e-mails) at the end of the block, as a committed transaction would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_another_agencys_nomination_cannot_be_withdrawn(client, focal_point, other_nomination):
    client.force_login(focal_point)
    url = reverse("portal:withdraw", args=[other_nomination.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    other_nomination.refresh_from_db()
    assert other_nomination.status == "nominated"


# --- uploading a list --------------------------------------------------------------------------


def workbook_bytes(rows, headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        headers or ["Personal identification number", "Full name", "Date of birth", "Gender", "Position", "Rank code"]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, training_class, data, name="ds.xlsx", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    client.cookies["django_language"] = "en"  # the page in English, so messages can be asserted
    return client.post(reverse("portal:upload", args=[training_class.pk]), {"file": file, **extra})


def test_template_offers_vietnamese_headers_instructions_and_drop_downs(client, focal_point, open_class):
    RankFactory()
    client.force_login(focal_point)
    response = client.get(reverse("portal:upload_template", args=[open_class.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    sheet = workbook.worksheets[1]
    assert sheet["A1"].value == "Số định danh cá nhân"
    assert sheet.data_validations.dataValidation


def test_good_file_nominates_everyone(client, focal_point, open_class, staff_member):
    client.force_login(focal_point)
    data = workbook_bytes(
        [[staff_member.personal_id], ["020199000777", "Nông Văn Tú", "12/04/1992", "Nam", "Chuyên viên"]]
    )
    response = upload(client, open_class, data)
    assert response.status_code == 302
    assert Nomination.objects.filter(training_class=open_class).count() == 2
    assert Trainee.objects.get(personal_id="020199000777").full_name == "Nông Văn Tú"


def test_after_an_upload_the_focal_point_sees_the_people_it_nominated(
    client, focal_point, open_class, staff_member, other_nomination
):
    client.force_login(focal_point)
    data = workbook_bytes([["020199000777", "Nông Văn Tú", "12/04/1992", "Nam", "Chuyên viên"]])
    response = upload(client, open_class, data)
    assert response.url == reverse("portal:upload", args=[open_class.pk])
    page = client.get(response.url)
    assert [n.trainee.personal_id for n in page.context["nominated"]] == ["020199000777"]
    assert "Nông Văn Tú" in page.content.decode()
    assert other_nomination.trainee.full_name not in page.content.decode()
    assert client.get(response.url).context["nominated"] is None  # shown once, after the upload


def test_the_template_filled_in_as_downloaded_nominates(client, focal_point, open_class, staff_member):
    """The template opens on its instructions; the rows are read from the sheet that has the columns."""
    client.force_login(focal_point)
    workbook = load_workbook(io.BytesIO(client.get(reverse("portal:upload_template", args=[open_class.pk])).content))
    workbook.worksheets[1]["A2"] = staff_member.personal_id
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, open_class, buffer.getvalue())
    assert response.status_code == 302
    assert Nomination.objects.filter(training_class=open_class, trainee=staff_member).exists()


def test_file_with_one_bad_row_saves_nothing_and_lists_it(client, focal_point, open_class, staff_member):
    client.force_login(focal_point)
    data = workbook_bytes(
        [[staff_member.personal_id], ["020199000777", "Nông Văn Tú", "31/02/1992", "Nam"], ["02019900", "X", "", ""]]
    )
    response = upload(client, open_class, data)
    assert response.status_code == 400
    errors = response.context["outcome"].errors
    assert {(e.row, e.column) for e in errors} == {(3, "Date of birth"), (4, "Personal identification number")}
    assert not Nomination.objects.exists()
    assert not Trainee.objects.filter(personal_id="020199000777").exists()


def test_new_person_added_by_someone_else_meanwhile_is_named_and_nothing_saved(
    client, focal_point, open_class, staff_member, other_agency, monkeypatch
):
    """Between reading the file and saving, another upload (or a staff import) adds the same person."""
    original = Trainee.full_clean

    def added_meanwhile(trainee, *args, **kwargs):
        original(trainee, *args, **kwargs)
        if trainee.pk is None and not Trainee.objects.filter(personal_id=trainee.personal_id).exists():
            TraineeFactory(personal_id=trainee.personal_id, agency=other_agency)

    monkeypatch.setattr(Trainee, "full_clean", added_meanwhile)
    client.force_login(focal_point)
    data = workbook_bytes(
        [[staff_member.personal_id], ["020199000777", "Nông Văn Tú", "12/04/1992", "Nam", "Chuyên viên"]]
    )
    response = upload(client, open_class, data)
    assert response.status_code == 400
    [problem] = response.context["outcome"].errors
    assert (problem.row, problem.value) == (3, "020199000777")
    assert "added to a staff list meanwhile" in problem.reason
    assert not Nomination.objects.exists()
    assert Trainee.objects.get(personal_id="020199000777").agency == other_agency


def test_upload_naming_someone_on_another_agencys_list_is_refused_in_neutral_words_and_logged(
    client, focal_point, open_class, other_agency, caplog
):
    outsider = TraineeFactory(agency=other_agency, personal_id="020199004455")
    client.force_login(focal_point)
    data = workbook_bytes([[outsider.personal_id, "Lý Văn Bình", "05/03/1990", "Nam", "Chuyên viên"]])
    with caplog.at_level("WARNING", logger="courses.staff_lists"):
        response = upload(client, open_class, data)
    assert response.status_code == 400
    [problem] = response.context["outcome"].errors
    assert (problem.row, problem.reason) == (2, NEUTRAL)
    assert other_agency.code not in response.content.decode()
    assert any(outsider.personal_id in r.getMessage() for r in caplog.records if r.name == "courses.staff_lists")
    assert not Nomination.objects.exists()


def test_list_longer_than_a_class_could_take_is_refused_before_any_row_is_read(
    client, focal_point, open_class, settings
):
    settings.PORTAL_UPLOAD_MAX_ROWS = 3
    client.force_login(focal_point)
    rows = [[f"0201990007{n:02d}", "Nông Văn Tú", "12/04/1992", "Nam"] for n in range(4)]
    response = upload(client, open_class, workbook_bytes(rows))
    assert response.status_code == 400
    assert "more than 3 rows" in response.content.decode()
    assert not Trainee.objects.filter(personal_id__startswith="0201990007").exists()


def test_file_whose_rows_exceed_the_seats_saves_nothing(client, focal_point, open_class, agency):
    people = TraineeFactory.create_batch(3, agency=agency)
    client.force_login(focal_point)
    response = upload(client, open_class, workbook_bytes([[p.personal_id] for p in people]))
    assert response.status_code == 400
    assert response.context["outcome"].errors[0].row == 4
    assert not Nomination.objects.exists()
    assert SeatAllotment.objects.get(training_class=open_class, agency=agency).taken_seats == 0


def test_renamed_file_that_is_not_excel_is_refused(client, focal_point, open_class):
    client.force_login(focal_point)
    response = upload(client, open_class, b"Ho ten,CCCD\nA,1\n", name="ds.xlsx")
    assert response.status_code == 400
    assert "not an Excel workbook" in str(response.context["form"].errors["file"])


def test_oversized_file_is_refused(client, focal_point, open_class, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    client.force_login(focal_point)
    response = upload(client, open_class, workbook_bytes([["020199000777"]] * 5) + b"0" * 2000)
    assert response.status_code == 400
    assert "limit" in str(response.context["form"].errors["file"])


def test_file_without_the_identification_column_is_refused(client, focal_point, open_class):
    client.force_login(focal_point)
    response = upload(client, open_class, workbook_bytes([["A"]], headers=["Họ tên"]))
    assert response.status_code == 400
    assert "Missing column" in str(response.context["form"].errors["file"])


# --- query counts ------------------------------------------------------------------------------


def test_class_list_query_count_does_not_grow_with_classes(client, focal_point, agency, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            c = TrainingClassFactory(status="open", start_date=TODAY, end_date=TODAY)
            services.allotment_set(training_class=c, agency=agency, seats=2)

    client.force_login(focal_point)
    make(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:class_list"))
    make(20)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:class_list"))
    assert len(few) == len(many)


# --- staff review ------------------------------------------------------------------------------


def test_review_page_reads_the_same_number_of_queries_for_two_agencies_or_eight(client, staff_user, open_class):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AgencyFactory

    client.force_login(staff_user)
    url = reverse("portal:review", args=[open_class.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(6):
        services.allotment_set(training_class=open_class, agency=AgencyFactory(), seats=1)
    assert queries() == few


@pytest.mark.parametrize(
    ("persona", "expected"), [("staff_user", 200), ("focal_point", 403), ("leader", 403), ("anonymous", 302)]
)
def test_review_page_is_for_staff(client, request, open_class, persona, expected):
    response = login(client, request, persona).get(reverse("portal:review", args=[open_class.pk]))
    assert response.status_code == expected


def test_review_page_sends_an_anonymous_visitor_to_the_site_login_not_the_console_login(client, open_class):
    url = reverse("portal:review", args=[open_class.pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_review_page_refuses_staff_without_the_permission_with_the_403_page(client, open_class, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language
    client.force_login(UserFactory(username="staff-no-perms", is_staff=True))
    response = client.get(reverse("portal:review", args=[open_class.pk]))
    assert response.status_code == 403
    assert "does not have the permission" in response.content.decode()


def test_staff_approve_in_bulk_and_the_agency_is_told(client, staff_user, focal_point, open_class, agency):
    focal_point.email = "daumoi@example.gov.vn"
    focal_point.save()
    nominations = [
        services.nomination_submit(trainee=t, training_class=open_class)
        for t in TraineeFactory.create_batch(2, agency=agency)
    ]
    client.force_login(staff_user)
    with django_capture_on_commit():
        client.post(
            reverse("portal:review", args=[open_class.pk]),
            {"form": "review", "action": "approve", "nominations": [n.pk for n in nominations]},
        )
    assert set(Nomination.objects.values_list("status", flat=True)) == {"approved"}
    assert len(mail.outbox) == 2


def test_staff_rejection_needs_a_reason(client, staff_user, open_class, staff_member):
    nomination = services.nomination_submit(trainee=staff_member, training_class=open_class)
    client.force_login(staff_user)
    response = client.post(
        reverse("portal:review", args=[open_class.pk]),
        {"form": "review", "action": "reject", "nominations": [nomination.pk], "reason": ""},
    )
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_staff_transfer_seats_and_the_move_is_recorded(client, staff_user, open_class, agency, other_agency):
    client.force_login(staff_user)
    client.post(
        reverse("portal:review", args=[open_class.pk]),
        {
            "form": "transfer",
            "from_agency": agency.pk,
            "to_agency": other_agency.pk,
            "seats": 1,
            "reason": "Đơn vị đề nghị",
        },
    )
    assert SeatAllotment.objects.get(training_class=open_class, agency=agency).seats == 1
    assert SeatAllotment.objects.get(training_class=open_class, agency=other_agency).seats == 1
    move = open_class.seat_moves.get()
    assert (move.by, move.reason) == (staff_user, "Đơn vị đề nghị")


def test_unused_seats_go_back_to_the_pool_only_after_the_deadline(client, staff_user, open_class, agency):
    allotment = SeatAllotment.objects.get(training_class=open_class, agency=agency)
    client.force_login(staff_user)
    url = reverse("portal:review", args=[open_class.pk])
    client.post(url, {"form": "release", "allotment": allotment.pk, "seats": 2, "reason": "Không sử dụng"})
    assert SeatAllotment.objects.get(pk=allotment.pk).seats == 2
    SeatAllotment.objects.filter(pk=allotment.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    client.post(url, {"form": "release", "allotment": allotment.pk, "seats": 2, "reason": "Không sử dụng"})
    assert SeatAllotment.objects.get(pk=allotment.pk).seats == 0
    open_class.refresh_from_db()
    assert open_class.allotted_seats == 0


# --- every portal page, every persona ----------------------------------------------------------

PORTAL_PAGES = [
    ("portal:class_list", None),
    ("portal:nomination_list", None),
    ("portal:nomination_export", None),
    ("portal:class_detail", "class"),
    ("portal:upload", "class"),
    ("portal:upload_template", "class"),
    ("portal:withdraw", "nomination"),
]
EXPECTED = {"focal_point": 200, "other_focal_point": 404, "staff_user": 403, "leader": 403, "anonymous": 302}


@pytest.mark.parametrize(("name", "arg"), PORTAL_PAGES, ids=[p[0] for p in PORTAL_PAGES])
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_every_portal_page_answers_each_persona_as_it_should(
    client, request, open_class, staff_member, name, arg, persona
):
    nomination = services.nomination_submit(trainee=staff_member, training_class=open_class)
    args = {"class": [open_class.pk], "nomination": [nomination.pk], None: []}[arg]
    response = login(client, request, persona).get(reverse(name, args=args))
    expected = EXPECTED[persona]
    if persona == "other_focal_point" and arg is None:
        expected = 200  # their own (empty) lists
    assert response.status_code == expected
    if persona == "other_focal_point" and arg is None:
        assert staff_member.full_name not in response.content.decode(errors="ignore")


def test_focal_point_of_two_agencies_switches_between_them(client, focal_point, other_agency, open_class, staff_member):
    from plans.models import FocalPoint

    FocalPoint.objects.create(user=focal_point, agency=other_agency)
    client.force_login(focal_point)
    assert open_class.code in client.get(reverse("portal:class_list")).content.decode()
    client.post(reverse("portal:switch_agency"), {"agency": other_agency.pk, "next": "/portal/"})
    assert open_class.code not in client.get(reverse("portal:class_list")).content.decode()


def test_switching_agency_goes_back_to_our_page_but_never_to_another_site(client, focal_point, other_agency):
    from plans.models import FocalPoint

    FocalPoint.objects.create(user=focal_point, agency=other_agency)
    client.force_login(focal_point)
    url = reverse("portal:switch_agency")
    back = client.post(url, {"agency": other_agency.pk, "next": "/portal/nominations/?status=approved"})
    assert back["Location"] == "/portal/nominations/?status=approved"
    for forged in ("https://evil.example.com/portal/", "//evil.example.com/", "javascript:alert(1)"):
        response = client.post(url, {"agency": other_agency.pk, "next": forged})
        assert response["Location"] == reverse("portal:class_list")


def test_switching_to_an_agency_one_does_not_serve_is_not_found(client, focal_point, other_agency):
    client.force_login(focal_point)
    assert client.post(reverse("portal:switch_agency"), {"agency": other_agency.pk}).status_code == 404


def test_password_reset_sends_a_link_by_e_mail(client, focal_point):
    focal_point.email = "daumoi@example.gov.vn"
    focal_point.save()
    response = client.post(reverse("password_reset"), {"email": "daumoi@example.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


# --- the cost of a nomination ------------------------------------------------------------------


def test_nominating_one_person_reads_a_fixed_number_of_queries(client, focal_point, agency, open_class):
    """The one rule set of a nomination costs the portal's POST no query more (22; 23 when the rules were twice)."""
    group = TargetGroup.objects.create(code="cc", name="Công chức")
    agency.target_group = group
    agency.save()
    rank = RankFactory()
    open_class.target_groups.add(group)
    open_class.eligible_ranks.add(rank)
    person = TraineeFactory(agency=agency, rank=rank, target_group=group)
    client.force_login(focal_point)
    client.get(reverse("portal:class_list"))  # the session and the user's first reads, as on a real visit
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("portal:nominate", args=[open_class.pk]), {"trainee": person.pk})
    assert response.status_code == 302
    assert Nomination.objects.get(trainee=person).status == NominationStatus.NOMINATED
    # 22 with the rules of eligibility: the class's kind comes with the view's read of the class, the seats the
    # person holds with their nomination to it, the class's groups and ranks in one query; the rules in force one.
    assert len(queries) <= 22
