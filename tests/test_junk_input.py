"""Each kind of junk input that used to give a server error (issue 12) now gives a 4xx or a page that says what is
wrong; tests/test_junk_requests.py walks the whole URLconf with every kind of junk, these pin each cause."""

import pytest
from django.conf import settings
from django.urls import reverse

from courses.models import Course
from partners import services as partner_services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind
from tests.factories import AgencyFactory, CourseFactory, PlanFactory, TrainingClassFactory
from training_portal.keys import is_key, query_int

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_nul_character_in_a_search_is_refused_with_the_400_page(client, focal_point):
    client.force_login(focal_point)
    training_class = TrainingClassFactory(status="open")
    response = client.get(reverse("portal:class_detail", args=[training_class.pk]), {"q": "\x00"})
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]
    assert reverse("home") in response.text  # the site's header and a way back


def test_a_nul_character_in_a_posted_form_is_refused_before_any_view(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("admin:plans_agency_add"), {"name": "a\x00b"})
    assert response.status_code == 400


def test_a_list_filtered_on_a_year_no_date_can_hold_is_shown_again_with_the_wrong_filter_notice(client, superuser):
    client.force_login(superuser)
    changelist = reverse("admin:courses_trainingclass_changelist")
    for url in (changelist, reverse("admin:courses_trainingclass_export_xlsx")):
        response = client.get(url, {"start_date__year": HUGE})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")


def test_the_history_of_an_object_whose_id_is_no_number_is_not_found(client, superuser):
    client.force_login(superuser)
    for junk in ("abc", "Lạng Sơn", HUGE):
        assert client.get(reverse("admin:plans_agency_history", args=[junk])).status_code == 404


def test_an_object_whose_id_is_too_big_for_the_database_is_not_found(client, superuser):
    """A class's tally is keyed by its class (one-to-one), where Django does not check an id's range."""
    client.force_login(superuser)
    assert client.get(reverse("admin:courses_classtally_history", args=[HUGE])).status_code == 404
    response = client.get(reverse("admin:courses_classtally_change", args=[HUGE]))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))  # Django's "no such object"
    assert client.get(reverse("admin:courses_classtally_delete", args=[HUGE])).status_code == 403  # read-only


def test_an_action_on_junk_ids_changes_nothing_and_shows_the_list_again(client, superuser):
    client.force_login(superuser)
    training_class = TrainingClassFactory()
    changelist = reverse("admin:courses_trainingclass_changelist")
    for junk in ("abc", HUGE):
        response = client.post(changelist, {"action": "delete_selected", "_selected_action": [junk], "index": "0"})
        assert response.status_code == 302
        assert response["Location"] == changelist
    assert type(training_class).objects.filter(pk=training_class.pk).exists()


def test_an_add_page_drops_a_junk_relation_from_its_address(client, superuser):
    client.force_login(superuser)
    for junk in ("abc", HUGE):
        response = client.get(reverse("admin:courses_trainingclass_add"), {"course": junk, "content_areas": junk})
        assert response.status_code == 200
        assert "course" not in response.context["adminform"].form.initial
        assert "content_areas" not in response.context["adminform"].form.initial
    response = client.get(reverse("admin:courses_trainingclass_add"), {"course": "-1"})  # a key, of no course
    assert response.status_code == 200


def test_a_form_with_junk_relations_is_shown_again_with_its_errors(client, superuser):
    client.force_login(superuser)
    course = CourseFactory()
    for junk in ("abc", HUGE):
        response = client.post(reverse("admin:courses_course_change", args=[course.pk]), {"category": junk})
        assert response.status_code == 200
        assert "category" in response.context["adminform"].form.errors
        response = client.post(reverse("admin:courses_course_add"), {"content_areas": [junk]})
        assert response.status_code == 200
        assert "content_areas" in response.context["adminform"].form.errors
    assert Course.objects.count() == 1


def test_the_import_form_answers_a_junk_record_as_not_found(client, superuser):
    client.force_login(superuser)
    for junk in ("abc", HUGE):
        response = client.post(reverse("admin:courses_trainingclass_import_xlsx"), {"record": junk})
        assert response.status_code == 404


def test_the_preview_or_issue_page_of_an_incoming_letter_says_on_the_letter_why_it_is_no_document(english, staff_user):
    english.force_login(staff_user)
    training_class = TrainingClassFactory()
    letter = Correspondence.objects.create(
        direction=Direction.INCOMING,
        symbol="SNgV",
        dated=training_class.start_date,
        received_on=training_class.start_date,
        sender_agency=AgencyFactory(),
        recipient_agency=training_class.organiser,
        subject="đề nghị phối hợp",
        status=CorrespondenceStatus.RECEIVED,
    )
    for name in ("partners:source_preview", "partners:source_preview_pdf", "partners:source_issue"):
        response = english.get(reverse(name, args=[DocumentKind.LETTER, letter.pk]), follow=True)
        assert response.redirect_chain == [(reverse("admin:partners_correspondence_change", args=[letter.pk]), 302)]
        assert [m.message for m in response.context["messages"]] == [
            "Only an outgoing letter sent by one of our agencies can be issued as a document."
        ]


@pytest.mark.parametrize("name", ["dashboard:classes", "dashboard:allotments", "dashboard:nominations"])
def test_the_dashboard_ignores_numbers_no_database_can_hold(client, leader, name):
    client.force_login(leader)
    TrainingClassFactory()  # a plan to look at, with a class
    parameters = ("year", "plan", "quarter", "category", "agency", "partner")
    for query in [{parameter: HUGE} for parameter in parameters] + [dict.fromkeys(parameters, HUGE)]:
        assert client.get(reverse(name), query).status_code == 200, query


def test_a_next_that_names_no_view_is_followed_as_an_address(client, staff_user):
    """`next=abc` used to be taken for a view's name (reverse() then failed); it is a relative address."""
    client.force_login(staff_user)
    draft = partner_services.document_prepare(kind=DocumentKind.PLAN, source=PlanFactory(), by=staff_user)
    response = client.post(reverse("partners:document_issue", args=[draft.pk]), {"next": "abc", "confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "abc"


def test_keys_and_query_integers_are_what_a_database_can_hold():
    pk = Course._meta.pk
    assert [is_key(pk, value) for value in ("12", "abc", HUGE, "-1", None)] == [True, False, False, True, False]
    assert [query_int(value) for value in ("12", "abc", HUGE, "", None)] == [12, None, None, None, None]
