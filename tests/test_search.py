"""Every search box finds people and places typed without diacritics or case: console, portal, Excel imports."""

import datetime
import unicodedata
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Nomination, Trainee
from plans.models import Agency
from plans.synthetic import generate
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory, open_class_for
from tests.spreadsheets import TRAINEE_HEADERS, check, in_sheets, upload, xlsx
from tests.utils import requires_postgres
from training_portal.admin_utils import CheapCountPaginator
from training_portal.folding import fold
from training_portal.importing import import_apply, import_check
from training_portal.search import fill_search_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def people(agency):
    """Two people with marks, one stored without (as some files spell names), one who matches nothing."""
    return {
        "van_an": TraineeFactory(agency=agency, full_name="Nguyễn Văn An", personal_id="020190000001"),
        "duc": TraineeFactory(agency=agency, full_name="Lê Minh Đức", personal_id="020190000002"),
        "plain_duc": TraineeFactory(agency=agency, full_name="Pham Van Duc", personal_id="020190000003"),
        "lan": TraineeFactory(agency=agency, full_name="Hoàng Thị Lan", personal_id="020190000004"),
    }


def names_found(client, url: str, query: str, people: dict) -> set[str]:
    html = client.get(url, {"q": query}).content.decode()
    return {key for key, person in people.items() if person.full_name in html}


def test_folding_drops_marks_case_and_extra_spaces_and_maps_d_with_stroke():
    assert fold("  Nguyễn   VĂN  Đức ") == "nguyen van duc"
    assert fold("đường") == fold("Đuong") == "duong"
    # The same name typed composed or with combining marks (another input method) folds the same.
    assert fold(unicodedata.normalize("NFD", "Hoàng Thị Lan")) == fold("Hoàng Thị Lan") == "hoang thi lan"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van", {"van_an"}),
        ("NGUYỄN văn", {"van_an"}),
        ("duc", {"duc", "plain_duc"}),
        ("đức", {"duc", "plain_duc"}),
        (unicodedata.normalize("NFD", "Đức"), {"duc", "plain_duc"}),
        ("van", {"van_an", "plain_duc"}),
        ("020190000004", {"lan"}),
    ],
)
def test_console_trainee_search_ignores_diacritics_and_case(staff_client, people, query, expected):
    assert names_found(staff_client, reverse("admin:courses_trainee_changelist"), query, people) == expected


def test_console_nomination_search_finds_the_trainee_by_a_name_typed_without_marks(staff_client, people, agency):
    training_class = open_class_for(agency, seats=5)
    for key in ("van_an", "duc", "lan"):
        services.nomination_submit(trainee=people[key], training_class=training_class)
    url = reverse("admin:courses_nomination_changelist")
    assert names_found(staff_client, url, "nguyen van", people) == {"van_an"}
    assert names_found(staff_client, url, "DUC", people) == {"duc"}


def test_console_agency_and_class_search_ignore_diacritics(staff_client, agency):
    other = AgencyFactory(name="Sở Nội vụ", code="LS-SNV")
    html = staff_client.get(reverse("admin:plans_agency_changelist"), {"q": "so tai chinh"}).content.decode()
    assert agency.code in html and other.code not in html
    wanted = TrainingClassFactory(title="Bồi dưỡng kỹ năng lãnh đạo", code="2025-LD-01")
    unwanted = TrainingClassFactory(title="Tiếng Anh B1", code="2025-TA-01")
    html = staff_client.get(reverse("admin:courses_trainingclass_changelist"), {"q": "lanh dao"}).content.decode()
    assert wanted.code in html and unwanted.code not in html


def test_console_search_autocomplete_ignores_diacritics(staff_client, people):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "duc", "app_label": "courses", "model_name": "nomination", "field_name": "trainee"},
    )
    assert {row["text"] for row in response.json()["results"]} == {"Lê Minh Đức", "Pham Van Duc"}


def test_portal_class_search_ignores_diacritics(client, focal_point, agency):
    wanted = open_class_for(agency, seats=2)
    wanted.title = "Quản lý nhà nước về đất đai"
    wanted.save()
    unwanted = open_class_for(agency, seats=2)
    client.force_login(focal_point)
    html = client.get(reverse("portal:class_list"), {"q": "quan ly dat dai"}).content.decode()
    assert wanted.code in html and unwanted.code not in html


@pytest.mark.parametrize(("query", "expected"), [("nguyen van", {"van_an"}), ("đức", {"duc", "plain_duc"})])
def test_portal_candidate_search_ignores_diacritics(client, focal_point, agency, people, query, expected):
    training_class = open_class_for(agency, seats=2)
    client.force_login(focal_point)
    url = reverse("portal:class_detail", args=[training_class.pk])
    assert names_found(client, url, query, people) == expected


def test_an_import_names_the_agency_without_diacritics(media, lang_son, staff_user):
    record, plan = check(
        "trainees", TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "nu", "so tai chinh"]]
    )
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    assert Trainee.objects.get(personal_id="020190001234").agency == lang_son


def test_the_key_follows_a_rename_by_save_by_update_and_by_import(media, lang_son, staff_user):
    person = TraineeFactory(agency=lang_son, full_name="Hoàng Thị Lan", personal_id="020190001234")
    assert Trainee.objects.get(pk=person.pk).search_key.startswith("hoang thi lan")
    person.full_name = "Đặng Thị Lan"
    person.save(update_fields=["full_name"])
    assert Trainee.objects.filter(pk=person.pk, search_key__contains="dang thi lan").exists()
    Trainee.objects.filter(pk=person.pk).update(full_name="Vũ Thị Lan")
    assert Trainee.objects.filter(pk=person.pk, search_key__contains="vu thi lan").exists()
    rows = [
        ["020190001234", "Đỗ Thị Lan", "14/03/1988", "Nữ", "LS-STC"],  # an update: bulk_update
        ["020190001235", "Nông Văn Tú", "02/01/1990", "Nam", "LS-STC"],  # a creation: bulk_create
    ]
    record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    keys = dict(Trainee.objects.values_list("personal_id", "search_key"))
    assert "do thi lan" in keys["020190001234"] and "nong van tu" in keys["020190001235"]


def test_generated_data_is_searchable_without_diacritics():
    generate(scale=0.0005, seed=3, year=datetime.date.today().year)
    assert not Trainee.objects.filter(search_key="").exists()
    assert not Agency.objects.filter(search_key="").exists()
    one = Trainee.objects.order_by("pk").first()
    assert one.search_key.startswith(fold(one.full_name))
    assert Nomination.objects.exists()


@requires_postgres
def test_postgresql_has_trigram_indexes_on_the_big_tables_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_search_trgm'")
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"courses_trainee_search_trgm", "courses_class_search_trgm", "plans_agency_search_trgm"}
    assert all("gin" in d and "gin_trgm_ops" in d for d in indexes.values())


def test_a_deep_page_reads_its_ids_first_and_shows_the_same_rows_in_the_same_order(people):
    queryset = Trainee.objects.order_by("full_name", "pk")
    paginator = CheapCountPaginator(queryset, 2)
    paginator.deep_from = 0
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2).object_list)
    assert rows == list(queryset[2:4])
    assert any("LIMIT 2 OFFSET 2" in q["sql"] and "full_name" not in q["sql"].split("FROM")[0] for q in queries)


@requires_postgres
def test_a_long_list_is_counted_from_the_planners_estimate_on_postgresql(people):
    paginator = CheapCountPaginator(Trainee.objects.order_by("pk"), 2)
    paginator.exact_up_to = 2
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count >= 3
    assert not any(q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "courses_trainee"') for q in queries)
    assert list(paginator.page(2).object_list) == list(Trainee.objects.order_by("pk")[2:4])


def test_the_consoles_row_checkbox_is_djangos_markup_without_the_template_engine(people):
    trainee_admin = admin.site._registry[Trainee]
    person = people["duc"]
    person.full_name = "Lê <b>Đức</b>"
    assert trainee_admin.action_checkbox(person) == ModelAdmin.action_checkbox(trainee_admin, person)


def test_the_import_records_are_found_by_a_file_name_typed_without_diacritics(
    media, lang_son, staff_client, staff_user
):
    rows = [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"]]
    import_check(kind="trainees", uploaded=upload(xlsx(TRAINEE_HEADERS, rows), "Danh sách cán bộ.xlsx"), by=staff_user)
    import_check(kind="trainees", uploaded=upload(xlsx(TRAINEE_HEADERS, rows), "Lớp học.xlsx"), by=staff_user)
    html = staff_client.get(reverse("admin:plans_importrecord_changelist"), {"q": "danh sach can bo"}).content.decode()
    assert "Danh sách cán bộ.xlsx" in html and "Lớp học.xlsx" not in html


def test_an_upsert_that_renames_rewrites_the_key(agency):
    person = TraineeFactory(agency=agency, full_name="Hoàng Thị Lan", personal_id="020190001234")
    renamed = Trainee(
        personal_id=person.personal_id,
        full_name="Đỗ Thị Lan",
        date_of_birth=person.date_of_birth,
        gender="F",
        agency=agency,
    )
    Trainee.objects.bulk_create(
        [renamed], update_conflicts=True, unique_fields=["personal_id"], update_fields=["full_name"]
    )
    assert Trainee.objects.get(pk=person.pk).search_key.startswith("do thi lan")


def test_the_migration_fills_the_keys_of_existing_rows(people):
    Trainee.objects.update(search_key="")  # as the rows were before the migration
    editor = SimpleNamespace(connection=connection)
    fill_search_keys("courses", {"trainee": ("full_name", "personal_id", "email")}, batch=3)(django_apps, editor)
    keys = dict(Trainee.objects.values_list("full_name", "search_key"))
    assert keys["Lê Minh Đức"] == "le minh duc | 020190000002"
    assert all(keys.values())


def test_an_import_reads_headers_typed_without_diacritics(media, lang_son, staff_user):
    headers = [fold(in_sheets(header)) for header in TRAINEE_HEADERS]  # "so dinh danh ca nhan", "ho va ten", …
    assert headers != [in_sheets(header) for header in TRAINEE_HEADERS]
    _record, plan = check("trainees", headers, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nu", "LS-STC"]])
    assert not plan.errors, plan.errors
