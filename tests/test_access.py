"""The one access door (plans/access.py): who may see what, and the site's own refusal pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from courses import services
from plans import access
from plans.models import Agency
from tests.factories import TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def vietnamese(client):
    client.cookies["django_language"] = "vi"
    return client


def test_a_wrong_role_gets_the_sites_403_page_saying_why_in_vietnamese(client, staff_user):
    vietnamese(client).force_login(staff_user)
    response = client.get(reverse("portal:class_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page  # the site's layout, not a bare error
    assert "chưa được gắn với cơ quan, đơn vị nào" in page  # why: the account serves no agency
    assert f'href="{reverse("home")}"' in page  # a way back


def test_every_role_refusal_says_why(client, focal_point, leader, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language
    client.force_login(focal_point)
    assert (
        "for the Department of Home Affairs and the province" in client.get(reverse("dashboard:index")).content.decode()
    )
    client.force_login(leader)
    review = client.get(reverse("portal:review", args=[1])).content.decode()
    assert "for the staff of the Department of Home Affairs" in review
    document = client.get(reverse("partners:document_preview", args=[1])).content.decode()
    assert "for the staff of the Department of Home Affairs" in document


def test_not_found_is_the_sites_404_page(client, focal_point):
    vietnamese(client).force_login(focal_point)
    response = client.get(reverse("portal:class_detail", args=[999999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert f'href="{reverse("home")}"' in page


def test_another_agencys_object_is_not_found_like_one_that_does_not_exist(client, focal_point, other_agency):
    training_class = TrainingClassFactory(planned_seats=5, status="open")
    services.allotment_set(training_class=training_class, agency=other_agency, seats=2)
    nomination = services.nomination_submit(trainee=TraineeFactory(agency=other_agency), training_class=training_class)
    client.force_login(focal_point)
    for url in (
        reverse("portal:class_detail", args=[training_class.pk]),
        reverse("portal:withdraw", args=[nomination.pk]),
    ):
        missing = url.replace(f"/{training_class.pk}/", "/999999/").replace(f"/{nomination.pk}/", "/999999/")
        assert client.get(url).status_code == client.get(missing).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("anonymous", set()), ("focal_point", {"LS-STC"}), ("leader", {"LS-STC", "LS-TPLS"}), ("staff_user", None)],
)
def test_restrict_gives_each_persona_the_rows_of_their_agencies(request, agency, other_agency, persona, sees):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    codes = set(access.restrict(Agency.objects.all(), user, agency="pk").values_list("code", flat=True))
    assert codes == (sees if sees is not None else set(Agency.objects.values_list("code", flat=True)))


def test_a_focal_point_acts_only_for_an_agency_they_serve(rf, focal_point, agency, other_agency):
    request = rf.post("/")
    request.user, request.session = focal_point, {}
    assert access.act_for(request, agency.pk) == agency
    assert request.session[access.ACTING_AGENCY_SESSION_KEY] == agency.pk
    for wrong in (other_agency.pk, "abc", None):
        with pytest.raises(Http404):
            access.act_for(request, wrong)
