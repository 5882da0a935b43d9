"""The rules of eligibility in force, as data (staff edit them in the console).

Each figure was checked with the search tool against public text; `verification` says against what. The full
text of Nghị định 171/2025/NĐ-CP (30/6/2025) could be read only in part: its age limit and service commitment are
confirmed by a Home Affairs department's summary of it, but the article numbers of its conditions were not seen,
so `legal_basis` names the decree and the condition; the conditions it keeps from Nghị định 101/2017/NĐ-CP (as
amended by Nghị định 89/2021/NĐ-CP) are cited to that decree, as verified.
"""

from django.db import migrations

DIENBIEN = (
    "https://snv.dienbien.gov.vn/vi/news/cong-chuc-vien-chuc/"
    "chinh-phu-ban-hanh-quy-dinh-moi-ve-dao-tao-boi-duong-cong-chuc-672.html"
)
KIENGIANG = (
    "https://snv.kiengiang.gov.vn/trang/TinTuc/116/1398/"
    "Sua-doi-dieu-kien-dao-tao-sau-dai-hoc-doi-voi-can-bo--cong-chuc.html"
)
KHANHHOA = (
    "http://beta.baokhanhhoa.vn/ban-doc-viet/van-de-ban-doc-quan-tam/201709/"
    "dieu-kien-de-can-bo-duoc-di-boi-duong-o-nuoc-ngoai-bang-ngan-sach-nha-nuoc-8052556/"
)
FULL_TEXT_171 = "https://thuviennhadat.vn/vbpl/nghi-dinh-171-2025-nd-cp-quy-dinh-ve-dao-tao-boi-duong-cong-chuc-663215.html"

RULES = (
    {
        "rule": "max_age",
        "applies_to": "postgraduate",
        "number": 45,
        "legal_basis": (
            "Nghị định 171/2025/NĐ-CP – điều kiện cử công chức đi đào tạo sau đại học (số điều, khoản chưa đối chiếu được)"
        ),
        "source_url": DIENBIEN,
        "verification": (
            "Đối chiếu: Sở Nội vụ Điện Biên tóm tắt Nghị định 171/2025/NĐ-CP: “Công chức không quá 45 tuổi tính từ "
            "thời điểm được cử đi đào tạo sau đại học lần đầu” (trước đây 40 tuổi theo Nghị định 101/2017/NĐ-CP). "
            f"Toàn văn ({FULL_TEXT_171}) chỉ đọc được phần đầu (đến Điều 2): số điều, khoản chưa đối chiếu được."
        ),
    },
    {
        "rule": "min_service",
        "applies_to": "postgraduate",
        "number": 3,
        "legal_basis": "Nghị định 101/2017/NĐ-CP, Điều 6 (được Nghị định 89/2021/NĐ-CP sửa đổi)",
        "source_url": KIENGIANG,
        "verification": (
            "Đối chiếu: “Có thời gian công tác từ đủ 03 năm trở lên (không kể thời gian tập sự)” (Nghị định "
            "101/2017/NĐ-CP, theo Sở Nội vụ Kiên Giang). Chưa đối chiếu được với toàn văn Nghị định 171/2025/NĐ-CP; "
            "bản tin về dự thảo cho biết điều kiện thời gian công tác được giữ như trước."
        ),
    },
    {
        "rule": "rating",
        "applies_to": "postgraduate",
        "number": 2,
        "level": "good",
        "legal_basis": "Nghị định 101/2017/NĐ-CP, Điều 6 (được Nghị định 89/2021/NĐ-CP sửa đổi)",
        "source_url": KIENGIANG,
        "verification": (
            "Đối chiếu: “02 năm liên tục liền kề trước thời điểm được cử đi đào tạo hoàn thành tốt nhiệm vụ” (Nghị "
            "định 101/2017/NĐ-CP, theo Sở Nội vụ Kiên Giang). Chưa đối chiếu được với toàn văn Nghị định 171/2025."
        ),
    },
    {
        "rule": "field",
        "applies_to": "postgraduate",
        "legal_basis": "Nghị định 101/2017/NĐ-CP, Điều 6; Nghị định 171/2025/NĐ-CP (đào tạo theo vị trí việc làm)",
        "source_url": KIENGIANG,
        "verification": (
            "Đối chiếu: “chuyên ngành đào tạo phù hợp với vị trí việc làm” (Nghị định 101/2017/NĐ-CP); Nghị định "
            "171/2025/NĐ-CP, Điều 2: đào tạo, bồi dưỡng phải căn cứ vào vị trí việc làm (đọc được trong toàn văn)."
        ),
    },
    {
        "rule": "service_left",
        "applies_to": "overseas",
        "number": 18,
        "max_days": 29,
        "legal_basis": (
            "Nghị định 101/2017/NĐ-CP – điều kiện cử đi bồi dưỡng ở nước ngoài (khóa dưới 01 tháng; số điều chưa đối "
            "chiếu được)"
        ),
        "source_url": KHANHHOA,
        "verification": (
            "Đối chiếu: “có đủ tuổi công tác còn lại ít nhất 18 tháng tính từ khi khóa bồi dưỡng bắt đầu (với khóa "
            "có thời gian dưới 1 tháng) và ít nhất 2 năm (với khóa có thời gian từ 1 tháng trở lên)” (Báo Khánh Hòa "
            "về Nghị định 101/2017/NĐ-CP). Số điều chưa đối chiếu được; chưa đối chiếu được với Nghị định 171/2025/NĐ-CP. "
            "01 tháng tính là 30 ngày."
        ),
    },
    {
        "rule": "service_left",
        "applies_to": "overseas",
        "number": 24,
        "min_days": 30,
        "legal_basis": (
            "Nghị định 101/2017/NĐ-CP – điều kiện cử đi bồi dưỡng ở nước ngoài (khóa từ 01 tháng; số điều chưa đối chiếu "
            "được)"
        ),
        "source_url": KHANHHOA,
        "verification": (
            "Như quy tắc 18 tháng: ít nhất 2 năm với khóa có thời gian từ 1 tháng trở lên. Số điều chưa đối chiếu được."
        ),
    },
    {
        "rule": "rating",
        "applies_to": "overseas",
        "number": 1,
        "level": "good",
        "legal_basis": "Nghị định 101/2017/NĐ-CP – điều kiện cử đi bồi dưỡng ở nước ngoài (số điều chưa đối chiếu được)",
        "source_url": KHANHHOA,
        "verification": (
            "Đối chiếu: “phải hoàn thành tốt nhiệm vụ được giao trong năm trước đó” (Báo Khánh Hòa). Số điều chưa đối "
            "chiếu được; chưa đối chiếu được với Nghị định 171/2025/NĐ-CP."
        ),
    },
    *(
        {
            "rule": "language",
            "applies_to": kind,
            "legal_basis": "Yêu cầu ngoại ngữ của khóa học (bậc theo Thông tư 01/2014/TT-BGDĐT)",
            "verification": (
                "Quy tắc của khóa học, không phải của Nghị định: chỉ áp dụng khi khóa học ghi trình độ ngoại ngữ cần có. "
                "Số điều của Thông tư 01/2014/TT-BGDĐT chưa đối chiếu được."
            ),
        }
        for kind in ("domestic", "overseas", "postgraduate")
    ),
    {
        "rule": "leadership",
        "applies_to": "overseas",
        "level": "division",
        "active": False,
        "legal_basis": (
            "Đề án đào tạo, bồi dưỡng ở nước ngoài của tỉnh (ưu tiên cán bộ lãnh đạo, quản lý; chưa đối chiếu được)"
        ),
        "verification": (
            "Không bật sẵn: đề án ưu tiên lãnh đạo, quản lý và cả cán bộ trẻ có năng lực (Đề án 19-ĐA/TU của Hà Nội, "
            "hồ sơ mẫu 001), nên danh sách ứng viên xếp hạng theo chức vụ thay vì loại người không giữ chức vụ."
        ),
    },
)


def seed(apps, schema_editor):
    EligibilityRule = apps.get_model("courses", "EligibilityRule")
    for data in RULES:
        key = {k: data.get(k) for k in ("rule", "applies_to", "min_days", "max_days")}
        if not EligibilityRule.objects.filter(**key).exists():
            EligibilityRule.objects.create(**data)


class Migration(migrations.Migration):
    dependencies = [("courses", "0012_eligibility")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
