"""People are named family name first, and downloads have names in Vietnamese without diacritics."""

import pytest
from django.core import mail
from django.urls import reverse

from partners.models import Partner
from tests.factories import PlanFactory
from training_portal.names import file_name, person_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def tuan(focal_point):
    focal_point.first_name, focal_point.last_name = "Tuấn", "Hoàng Văn"
    focal_point.save()
    return focal_point


def test_a_users_name_is_family_name_first(tuan):
    assert person_name(tuan) == "Hoàng Văn Tuấn"
    assert tuan.get_full_name() == "Tuấn Hoàng Văn"  # what Django would have shown


def test_a_user_without_a_name_is_named_by_their_user_name(focal_point):
    assert person_name(focal_point) == "focal"


def test_the_site_header_names_the_user_family_name_first(client, tuan):
    client.force_login(tuan)
    assert '<span class="who">Hoàng Văn Tuấn</span>' in client.get(reverse("home")).content.decode()


def test_the_consoles_accounts_list_names_people_family_name_first(client, superuser, tuan):
    client.force_login(superuser)
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Hoàng Văn Tuấn" in page


def test_the_consoles_focal_points_list_names_them_family_name_first(client, superuser, tuan):
    client.force_login(superuser)
    assert "Hoàng Văn Tuấn" in client.get(reverse("admin:plans_focalpoint_changelist")).content.decode()


def test_the_password_reset_mail_greets_the_person_family_name_first(client, settings, tuan):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("password_reset"), {"email": tuan.email})
    assert len(mail.outbox) == 1
    assert "Dear Hoàng Văn Tuấn," in mail.outbox[0].body


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("du thao", "Kế hoạch", 2026), "du-thao-ke-hoach-2026.pdf"),
        (("Quyết định", "05", "QĐ-UBND", "2025-03-05"), "quyet-dinh-05-qd-ubnd-2025-03-05.pdf"),
        (("Đào tạo, bồi dưỡng", None, "Đắk Lắk"), "dao-tao-boi-duong-dak-lak.pdf"),
    ],
)
def test_a_download_is_named_in_vietnamese_without_diacritics(parts, expected):
    assert file_name(*parts, extension="pdf") == expected


def test_a_console_export_is_named_by_the_list_in_vietnamese(client, superuser, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the name stays Vietnamese whatever the page's language
    client.force_login(superuser)
    response = client.get(reverse("admin:partners_partner_export_xlsx"))
    assert response.status_code == 200
    assert 'filename="doi-tac-' in response["Content-Disposition"]


def test_a_partner_is_named_by_its_vietnamese_name_first():
    napa = Partner(name="National Academy of Public Administration", name_vi="Học viện Hành chính Quốc gia")
    napa.abbreviation = "NAPA"
    assert str(napa) == "Học viện Hành chính Quốc gia (NAPA)"
    assert str(Partner(name="KOICA", abbreviation="KOICA")) == "KOICA"


def test_the_dashboards_exports_are_named_by_the_year_and_the_country_or_province(client, leader):
    plan = PlanFactory(year=2025, issuing_agency__name="UBND tỉnh Đắk Lắk")
    PlanFactory(year=2025, issuing_agency__name="UBND tỉnh Lạng Sơn")  # two provinces: the country by default
    client.force_login(leader)
    country = client.get(reverse("dashboard:export_xlsx"), {"year": "2025"})
    assert 'filename="bao-cao-dao-tao-2025-ca-nuoc.xlsx"' in country["Content-Disposition"]
    province = client.get(reverse("dashboard:export_pdf"), {"year": "2025", "plan": plan.pk})
    assert 'filename="bao-cao-dao-tao-2025-ubnd-tinh-dak-lak.pdf"' in province["Content-Disposition"]
