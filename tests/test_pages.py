import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "staff_user", "focal_point", "other_focal_point", "leader"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_opens_for_everyone_in_vietnamese_first(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_home_page_refuses_a_post(client):
    assert client.post(reverse("home")).status_code == 405


def test_language_switch_turns_the_interface_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in english
    assert "Training Portal" in english
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_dates_and_numbers_follow_vietnamese_conventions():
    import datetime

    from django.utils import formats, translation

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(datetime.date(2023, 5, 8), "SHORT_DATE_FORMAT") == "08/05/2023"
            assert formats.number_format(10635, force_grouping=True) == "10.635"


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "en"


def test_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert client.get(reverse("home"))["Content-Language"] == "vi"
