"""The console's history pages (django-simple-history) speak the console's words: field labels, choice labels,
dates and people's names, never stored codes."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import TrainingClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_class(superuser):
    superuser.first_name, superuser.last_name = "Hương", "Nông Thị"
    superuser.save()
    training_class = TrainingClassFactory(status="open", planned_seats=30)
    training_class.status, training_class.planned_seats, training_class.end_date = "closed", 35, date(2025, 6, 13)
    training_class._history_user = superuser
    training_class.save()
    return training_class


def history_page(client, user, training_class, language):
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(reverse("admin:courses_trainingclass_history", args=[training_class.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_shows_the_choices_labels_not_their_codes(client, superuser, changed_class):
    page = history_page(client, superuser, changed_class, "en")
    assert "Open for nomination&nbsp;&rarr;&nbsp;Nomination closed" in page
    assert "open&nbsp;&rarr;" not in page


def test_a_change_shows_dates_as_vietnamese_write_them(client, superuser, changed_class):
    page = history_page(client, superuser, changed_class, "en")
    assert "06/06/2025&nbsp;&rarr;&nbsp;13/06/2025" in page


def test_a_change_says_who_made_it_family_name_first(client, superuser, changed_class):
    assert "Nông Thị Hương" in history_page(client, superuser, changed_class, "en")


def test_the_history_page_is_vietnamese_by_default(client, superuser, changed_class):
    page = history_page(client, superuser, changed_class, "vi")
    assert "Đang nhận đăng ký" in page  # the class's status "open", as the change page shows it
    assert "Thay đổi" in page  # "Changes"
    assert "Change reason" not in page
    assert "Changed by" not in page


def test_an_earlier_version_is_shown_with_a_way_back_and_no_revert(client, superuser, changed_class):
    client.cookies["django_language"] = "en"
    client.force_login(superuser)
    first = changed_class.history.earliest()
    response = client.get(
        reverse("admin:courses_trainingclass_simple_history", args=[changed_class.pk, first.history_id])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Back to the history" in page
    assert 'name="_save"' not in page


def test_the_consoles_selector_widgets_explain_themselves_in_vietnamese(client, superuser):
    client.cookies["django_language"] = "vi"
    client.force_login(superuser)
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", client.get(reverse("admin:jsi18n")).content.decode(), re.S)[1]
    )
    assert catalogue["Choose all %s"] == "Chọn tất cả %s"  # the filter_horizontal widget
    assert catalogue["Type into this box to filter down the list of selected %s."].startswith("Gõ vào ô này")
    assert catalogue["Sunday"] == "Chủ nhật"  # the calendar
