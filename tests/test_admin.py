"""The staff console: every page of every model renders for staff, in a query count that does not grow with rows."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from courses.models import Nomination, SeatAllotment, Trainee, TrainingClass
from plans.models import FocalPoint, TrainingPlan
from tests.factories import AgencyFactory, UserFactory
from training_portal.search import Searchable

DOMAIN_APPS = {"plans", "courses", "partners"}
DOMAIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda model: model._meta.label,
)
# A changelist page shows up to 50 rows; the demo tables below hold more rows than this
# bound, so one query per row (an N+1) could not stay under it.
MAX_QUERIES_PER_PAGE = 16
# Written by the services (or database triggers) only: their add page is refused.
READ_ONLY_LOGS = {"plantransition", "nominationevent", "seatmove", "classtally", "importrecord", "refusedidattempt"}
READ_ONLY_LOGS |= {"attendance"}  # entered on its class's grid
READ_ONLY_LOGS |= {"servicecommitment", "reimbursementcase"}  # written by the places' services (enrolment, a break)
READ_ONLY_LOGS |= {"certificate", "certificateregister"}  # issued and revoked on a class's certificates page
READ_ONLY_LOGS |= {"recordtotal", "yeartotal"}  # kept by database triggers from the records
READ_ONLY_LOGS |= {"settlement", "settlementline"}  # made on a class's settlement page
# sent in the portal, accepted or returned by the services (issue 16's agencies' reports)
READ_ONLY_LOGS |= {"agencytrainingreport", "agencyreportline", "agencyreportevent"}


@pytest.fixture
def demo(demo_output):
    """The demo province (loaded once for the session, tests/conftest.py)."""


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_every_domain_model_is_in_the_staff_console():
    from django.apps import apps

    missing = [
        model._meta.label
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry and not model.__name__.startswith("Historical")
    ]
    assert missing == []


def test_demo_tables_are_bigger_than_the_query_bound(demo, db):
    for model in (TrainingClass, SeatAllotment, Trainee, Nomination):
        assert model.objects.count() > MAX_QUERIES_PER_PAGE * 2, model


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_renders_for_staff_in_bounded_queries(demo, staff_client, model, django_assert_max_num_queries):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        response = staff_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_change_page_of_a_demo_row_renders(demo, staff_client, model):
    obj = model.objects.order_by("pk").first()
    if obj is None:
        pytest.skip(f"the demo has no {model._meta.verbose_name}")
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_add_page_renders_for_staff_or_is_refused_for_read_only_logs(demo, staff_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = staff_client.get(url)
    assert response.status_code == (403 if model._meta.model_name in READ_ONLY_LOGS else 200)


def test_plan_page_shows_its_targets_and_fulfilment_in_vietnamese(demo, staff_client):
    plan = TrainingPlan.objects.get(year=2025)
    response = staff_client.get(reverse("admin:plans_trainingplan_change", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "10.635" in html  # refresher seats, grouped the Vietnamese way
    assert "10.625" in html
    assert "Đào tạo sau đại học" in html


def test_plan_changelist_does_not_group_the_year_like_a_number(demo, staff_client):
    html = staff_client.get(reverse("admin:plans_trainingplan_changelist")).content.decode()
    assert "2025" in html
    assert "2.025" not in html


def test_history_of_a_plan_is_visible(demo, staff_client):
    plan = TrainingPlan.objects.get(year=2025)
    response = staff_client.get(reverse("admin:plans_trainingplan_history", args=[plan.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [Nomination, SeatAllotment, TrainingClass, TrainingPlan], ids=lambda m: m.__name__)
def test_an_old_version_is_shown_but_never_saved_back(demo, staff_client, model):
    """A revert would write old seat counters or an old nomination status past the services that keep them true."""
    version = model.history.order_by("history_date").first()
    obj = model.objects.get(pk=version.id)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    before = model.objects.filter(pk=obj.pk).values().get()
    assert staff_client.post(url, {}).status_code == 405
    assert model.objects.filter(pk=obj.pk).values().get() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "focal_point", "leader"])
def test_staff_console_is_closed_to_non_staff(client, request, persona):
    if persona == "focal_point":
        # An agency of its own: the demo of this module may hold the shared fixtures' agency codes.
        user = UserFactory()
        FocalPoint.objects.create(user=user, agency=AgencyFactory())
        client.force_login(user)
    elif persona == "leader":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:plans_trainingplan_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


LOGIN_LOCKOUT_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "axes"), key=lambda m: m._meta.label
)


def test_failed_logins_and_lockouts_are_in_the_staff_console():
    assert {model._meta.model_name for model in LOGIN_LOCKOUT_MODELS} >= {"accessattempt", "accesslog"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", LOGIN_LOCKOUT_MODELS, ids=lambda m: m._meta.label)
def test_login_lockout_pages_render_for_a_superuser_and_refuse_adding_by_hand(client, superuser, model):
    AccessAttempt.objects.create(
        username="canbo",
        ip_address="10.0.0.9",
        user_agent="",
        http_accept="",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    client.force_login(superuser)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200


def test_every_searchable_row_of_the_demo_has_its_folded_key(demo):
    searchable = [model for model in apps.get_models() if issubclass(model, Searchable)]
    assert len(searchable) >= 20
    for model in searchable:
        assert not model.objects.filter(search_key="").exists(), model.__name__
