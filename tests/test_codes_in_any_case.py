"""Codes that differ only in capital letters (BAR-DUP-1, bar-dup-1) cannot both exist: a UNIQUE index on lower(code)
for agencies, training categories, ranks, courses and classes, which the importers match case-folded; the console's
form says so in plain words; the migration that adds the index stops, naming them, on existing clashes."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django.urls import reverse

from courses.models import TrainingClass
from courses.refusals import MESSAGES, Refusal
from plans.models import TargetGroup
from tests.factories import AgencyFactory, CategoryFactory, CourseFactory, RankFactory, TrainingClassFactory
from training_portal.constraints import no_codes_differing_only_in_case

pytestmark = pytest.mark.django_db

FACTORIES = {
    "agency": AgencyFactory,
    "category": CategoryFactory,
    "rank": RankFactory,
    "course": CourseFactory,
    "class": TrainingClassFactory,
}


@pytest.mark.parametrize("kind", sorted(FACTORIES))
def test_the_database_refuses_a_code_differing_only_in_capital_letters(kind):
    factory = FACTORIES[kind]
    factory(code="BAR-DUP-1")
    with pytest.raises(IntegrityError, match="code_unique_any_case"), transaction.atomic():
        factory(code="bar-dup-1")


def test_codes_differing_in_more_than_capital_letters_are_still_accepted():
    TrainingClassFactory(code="BAR-DUP-1")
    TrainingClassFactory(code="BAR-DUP-2")


def test_the_consoles_form_says_plainly_that_the_code_is_taken(client, superuser):
    existing = AgencyFactory(code="BAR-DUP-1")
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("admin:plans_agency_add"),
        {"name": "Sở Thử nghiệm", "code": "bar-dup-1", "abbreviation": "STN", "kind": existing.kind, "headcount": 0},
    )
    assert response.status_code == 200  # the form again, with its error
    assert str(MESSAGES[Refusal.CODE_TAKEN_IN_ANY_CASE]) in response.content.decode()
    assert not apps.get_model("plans.Agency").objects.filter(code="bar-dup-1").exists()


def test_a_class_form_says_it_with_the_words_of_the_refusals_table():
    TrainingClassFactory(code="BAR-DUP-1")
    other = TrainingClassFactory(code="BAR-DUP-2")
    form = modelform_factory(TrainingClass, fields=["code"])({"code": "bar-dup-1"}, instance=other)
    assert not form.is_valid()
    assert form.non_field_errors() == [MESSAGES[Refusal.CODE_TAKEN_IN_ANY_CASE]]


def test_the_migrations_check_names_codes_differing_only_in_capital_letters():
    # Target groups have no such index: the check is tried on them.
    TargetGroup.objects.create(code="ABC", name="Một")
    TargetGroup.objects.create(code="abc", name="Hai")
    TargetGroup.objects.create(code="xyz", name="Ba")
    with pytest.raises(ValueError, match=r"plans\.TargetGroup: ABC, abc$"):
        no_codes_differing_only_in_case("plans.TargetGroup")(apps, None)


def test_the_migrations_check_passes_on_clean_codes():
    AgencyFactory(code="BAR-DUP-1")
    AgencyFactory(code="BAR-DUP-2")
    no_codes_differing_only_in_case("plans.Agency", "courses.TrainingClass")(apps, None)
