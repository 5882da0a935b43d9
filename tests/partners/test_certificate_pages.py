"""The certificates' pages: the PDF (one page per certificate, the fields printed), the staff's class page (issuing
after a confirmation, revoking) and the public verification page (what it shows, and never shows)."""

import io
import unicodedata

import pdfplumber
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from partners.certificates import pdf, services
from partners.documents.formatting import short_date
from partners.models import Certificate, CertificateRegister
from tests.factories import UserFactory
from tests.partners.certificates_world import ON, certified_class

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return certified_class()


@pytest.fixture
def issued(world):
    return services.certificates_issue(training_class=world.training_class, on=ON)


def pdf_pages(content: bytes) -> list[tuple[str, float, float]]:
    with pdfplumber.open(io.BytesIO(content)) as document:
        return [
            (unicodedata.normalize("NFC", page.extract_text() or ""), float(page.width), float(page.height))
            for page in document.pages
        ]


def pdf_letters(content: bytes) -> str:
    """Every letter drawn, rotated ones too (the text extraction leaves those out)."""
    with pdfplumber.open(io.BytesIO(content)) as document:
        return unicodedata.normalize("NFC", "".join(char["text"] for page in document.pages for char in page.chars))


# --- the PDF -----------------------------------------------------------------------------------------------------


def test_a_certificate_prints_its_fields_on_one_landscape_page(issued):
    certificate = issued[0]
    ((text, width, height),) = pdf_pages(pdf.certificate_pdf(certificate).content)

    assert width > height  # A4 landscape
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH LẠNG SƠN",
        "SỞ NỘI VỤ",
        "GIẤY CHỨNG NHẬN",
        "Chứng nhận Ông: Hoàng Thị An",
        f"Sinh ngày: {short_date(certificate.holder_birth_date)}",
        "Bồi dưỡng kỹ năng quản lý nhà nước",
        "Từ ngày 02/6/2025 đến ngày 06/6/2025 (40 tiết)",
        "Số: 0001/2025/GCN-SNV",
        "Lạng Sơn, ngày 10 tháng 6 năm 2025",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        f"/verify/{certificate.code}/",
    ):
        assert expected in flat, expected


def test_a_class_prints_in_one_pdf_a_page_per_certificate(world, issued, admin_client):
    response = admin_client.get(reverse("partners:class_certificates_pdf", args=[world.training_class.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert [page[0].count("GIẤY CHỨNG NHẬN") for page in pages] == [1, 1, 1]
    assert ["0001/2025/GCN-SNV" in pages[0][0], "0003/2025/GCN-SNV" in pages[2][0]] == [True, True]


def test_the_class_pdf_leaves_out_revoked_certificates_and_a_revoked_one_says_so(world, issued, admin_client):
    services.certificate_revoke(certificate=issued[0], reason="Mất bản gốc")
    pages = pdf_pages(
        admin_client.get(reverse("partners:class_certificates_pdf", args=[world.training_class.pk])).content
    )
    assert len(pages) == 2 and "0001/2025/GCN-SNV" not in " ".join(page[0] for page in pages)

    revoked = admin_client.get(reverse("partners:certificate_pdf", args=[issued[0].pk])).content
    valid = admin_client.get(reverse("partners:certificate_pdf", args=[issued[1].pk])).content
    assert "ĐÃ THU HỒI" in pdf_letters(revoked) and "ĐÃ THU HỒI" not in pdf_letters(valid)


def test_a_certificate_as_a_chung_chi_is_titled_so(world):
    world.certification.kind = "certificate"
    world.certification.save()
    certificate, *_rest = services.certificates_issue(training_class=world.training_class, on=ON)
    ((text, _w, _h),) = pdf_pages(pdf.certificate_pdf(certificate).content)
    assert "CHỨNG CHỈ" in text and certificate.reference == "0001/2025/CC-SNV"


# --- the staff's class page ------------------------------------------------------------------------------------------


@pytest.fixture
def clerk():
    user = UserFactory(username="cert-clerk", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__endswith="certificate"))
    return user


def test_the_class_page_says_who_gets_which_number_before_issuing(world, client, clerk):
    client.force_login(clerk)
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("partners:class_certificates", args=[world.training_class.pk]), {"issued_on": "10/06/2025"}
    )

    assert response.status_code == 200
    assert [reference for _c, reference in response.context["numbers"]] == [
        "0001/2025/GCN-SNV",
        "0002/2025/GCN-SNV",
        "0003/2025/GCN-SNV",
    ]
    assert not Certificate.objects.exists()  # looking issues nothing
    assert b"Issue 3 certificates" in response.content


def test_confirming_issues_them_all_at_once(world, client, clerk):
    client.force_login(clerk)
    url = reverse("partners:class_certificates", args=[world.training_class.pk])
    response = client.post(url, {"confirm": "yes", "issued_on": "10/06/2025"})

    assert response.status_code == 302
    assert Certificate.objects.filter(nomination__training_class=world.training_class).count() == 3
    assert CertificateRegister.objects.get().last_number == 3


def test_a_post_without_confirm_issues_nothing(world, client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("partners:class_certificates", args=[world.training_class.pk]), {"issued_on": "x"})
    assert response.status_code == 200 and not Certificate.objects.exists()


def test_staff_who_may_only_look_cannot_issue(world, client):
    viewer = UserFactory(username="cert-viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(viewer)
    url = reverse("partners:class_certificates", args=[world.training_class.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"confirm": "yes"})
    assert not Certificate.objects.exists()


def test_revoking_from_its_page_needs_a_reason(world, issued, client, clerk):
    client.force_login(clerk)
    url = reverse("partners:certificate_revoke", args=[issued[0].pk])
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert client.post(url, {"reason": "Cấp nhầm người"}).status_code == 302
    issued[0].refresh_from_db()
    assert issued[0].is_revoked and issued[0].revoked_by == clerk


@pytest.mark.parametrize("persona", ["anonymous", "focal_point", "leader"])
def test_only_staff_reach_the_certificates_staff_pages(world, issued, client, persona, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    urls = [
        reverse("partners:class_certificates", args=[world.training_class.pk]),
        reverse("partners:class_certificates_pdf", args=[world.training_class.pk]),
        reverse("partners:certificate_pdf", args=[issued[0].pk]),
        reverse("partners:certificate_revoke", args=[issued[0].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (302 if persona == "anonymous" else 403), url
    assert client.post(urls[0], {"confirm": "yes"}).status_code in (302, 403)
    assert client.post(urls[3], {"reason": "x"}).status_code in (302, 403)
    assert not Certificate.objects.filter(revoked_at__isnull=False).exists()
    assert Certificate.objects.count() == 3


# --- the public verification page ----------------------------------------------------------------------------------


def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_qr_address_shows_the_certificate_to_anyone_without_id_or_birth_date(issued, client, settings):
    certificate = issued[0]
    person = certificate.nomination.trainee
    response = english(client, settings).get(reverse("certificates:verify_code", args=[certificate.code]))

    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("Valid", "Hoàng Thị An", "Bồi dưỡng kỹ năng quản lý nhà nước", "0001/2025/GCN-SNV", "02/06/2025"):
        assert shown in page, shown
    born = person.date_of_birth
    for hidden in (
        person.personal_id,
        person.personal_id[-4:],
        born.strftime("%d/%m/%Y"),
        short_date(born),
        born.isoformat(),
        person.email or "@@",
    ):
        assert hidden not in page, hidden


def test_a_revoked_certificate_says_it_is_no_longer_valid(issued, client, settings):
    services.certificate_revoke(certificate=issued[1], reason="Cấp nhầm người")
    response = english(client, settings).get(reverse("certificates:verify_code", args=[issued[1].code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "no longer valid" in page and "Valid: this certificate" not in page
    assert "Cấp nhầm người" not in page  # the reason stays with the department


@pytest.mark.parametrize("code", ["zzz", "A" * 22, "a" * 200, "Lạng Sơn ✓", "%2e%2e"])
def test_an_unknown_code_says_so_plainly(issued, client, settings, code):
    response = english(client, settings).get(f"/verify/{code}/")
    assert response.status_code == 404
    assert "No certificate has this verification address" in response.content.decode()


def test_the_number_and_name_find_the_certificate_whatever_the_accents(issued, client, settings):
    response = english(client, settings).post(
        reverse("certificates:verify"), {"number": " 0002/2025/gcn-snv ", "name": "le van CUONG"}
    )
    assert response.status_code == 200
    assert response.context["certificate"] == issued[1]


@pytest.mark.parametrize(
    "number, name",
    [("0002/2025/GCN-SNV", "Someone Else"), ("9999/2025/GCN-SNV", "Lê Văn Cường"), ("0002/2025/GCN-SNV", "Lê Văn")],
)
def test_a_wrong_number_or_name_gets_the_same_answer_as_an_unknown_one(issued, client, settings, number, name):
    english(client, settings)
    response = client.post(reverse("certificates:verify"), {"number": number, "name": name})
    unknown = client.post(reverse("certificates:verify"), {"number": "nothing", "name": "nobody"})
    assert response.status_code == unknown.status_code == 200
    assert response.context["certificate"] is None
    assert "No certificate matches this number and name" in response.content.decode()
    assert "certificate-found" not in response.content.decode()


def test_look_ups_beyond_the_hourly_limit_are_refused(issued, client, settings):
    settings.CERTIFICATE_LOOKUPS_PER_HOUR = 3
    answers = [
        client.post(reverse("certificates:verify"), {"number": f"{n:04d}/2025/GCN-SNV", "name": "x"}).status_code
        for n in range(1, 6)
    ]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    "data",
    [{}, {"number": "x" * 5000, "name": "y"}, {"number": "", "name": ""}, {"number": ["a", "b"], "name": "\ufeff"}],
)
def test_junk_in_the_form_is_answered_with_the_form_again(issued, client, data):
    response = client.post(reverse("certificates:verify"), data)
    assert response.status_code in (200, 400)
    assert response.context["certificate"] is None


def test_the_verification_page_is_vietnamese_first(issued):
    response = Client().get(reverse("certificates:verify_code", args=[issued[0].code]))
    assert response.status_code == 200 and '<html lang="vi">' in response.content.decode()


def test_the_verification_page_reads_a_fixed_number_of_queries(issued, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("certificates:verify_code", args=[issued[0].code]))
