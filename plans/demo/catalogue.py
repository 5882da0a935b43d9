"""The course catalogue: what each course teaches, to whom, for how long and at what cost per seat-day."""

from dataclasses import dataclass

from .reference import (
    CA_CDS,
    CA_LLCT,
    CA_QLNN,
    CA_QPAN,
    CA_VTVL,
    CAT_A,
    CAT_B,
    CAT_C,
    CAT_D,
    CAT_OVERSEAS,
    CAT_POSTGRAD,
    TG_ADMIN,
    TG_COMMUNE,
    TG_EMPLOYEE,
    TG_PARTY,
)


@dataclass(frozen=True)
class CourseData:
    code: str
    title: str
    category: str
    content_areas: tuple[str, ...]
    duration_days: int
    description: str = ""
    eligible: frozenset = frozenset({"civil", "leader", "commune", "employee"})  # trainee profiles
    target_groups: tuple[str, ...] = (TG_PARTY, TG_ADMIN)
    per_seat_day: int = 150_000  # VND, for the budget estimate
    language_level: int | None = None  # the foreign-language level the course needs (1–6), if any


_ALL_GROUPS = (TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE)

COURSES = (
    CourseData(
        "BD-CV",
        "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên",
        CAT_A,
        (CA_QLNN, CA_VTVL),
        35,
        "Chương trình bồi dưỡng theo tiêu chuẩn ngạch chuyên viên và tương đương.",
        eligible=frozenset({"civil", "commune"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-CVC",
        "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính",
        CAT_A,
        (CA_QLNN, CA_VTVL),
        42,
        "Chương trình bồi dưỡng theo tiêu chuẩn ngạch chuyên viên chính và tương đương.",
        eligible=frozenset({"civil", "leader"}),
    ),
    CourseData(
        "BD-LDP",
        "Bồi dưỡng lãnh đạo, quản lý cấp phòng",
        CAT_B,
        (CA_QLNN, CA_LLCT),
        21,
        "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý cấp phòng và tương đương.",
        eligible=frozenset({"civil", "leader"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-LDS",
        "Bồi dưỡng lãnh đạo, quản lý cấp sở và tương đương",
        CAT_B,
        (CA_QLNN, CA_LLCT),
        14,
        eligible=frozenset({"leader"}),
        per_seat_day=300_000,
    ),
    CourseData(
        "BD-CDS",
        "Bồi dưỡng kỹ năng chuyển đổi số cho cán bộ, công chức, viên chức",
        CAT_C,
        (CA_CDS,),
        3,
        target_groups=_ALL_GROUPS,
        per_seat_day=60_000,
    ),
    CourseData("BD-VTLT", "Bồi dưỡng nghiệp vụ văn thư, lưu trữ", CAT_C, (CA_VTVL,), 5, target_groups=_ALL_GROUPS),
    CourseData(
        "BD-QPAN",
        "Bồi dưỡng kiến thức quốc phòng và an ninh",
        CAT_C,
        (CA_QPAN,),
        5,
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-HNQT",
        "Bồi dưỡng kiến thức, kỹ năng hội nhập quốc tế",
        CAT_C,
        (CA_VTVL,),
        4,
        eligible=frozenset({"civil", "leader"}),
    ),
    CourseData(
        "BD-TCD",
        "Bồi dưỡng nghiệp vụ tiếp công dân, giải quyết khiếu nại, tố cáo",
        CAT_C,
        (CA_VTVL, CA_QLNN),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-CCHC",
        "Bồi dưỡng nghiệp vụ cải cách hành chính, kiểm soát thủ tục hành chính",
        CAT_C,
        (CA_QLNN, CA_CDS),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-TCKT",
        "Bồi dưỡng nghiệp vụ quản lý tài chính, kế toán",
        CAT_C,
        (CA_VTVL,),
        4,
        target_groups=(TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-KTDT",
        "Bồi dưỡng kiến thức dân tộc",
        CAT_C,
        (CA_VTVL, CA_QLNN),
        4,
        "Bồi dưỡng kiến thức dân tộc cho cán bộ, công chức, viên chức (nguồn Chương trình mục tiêu quốc gia).",
        target_groups=_ALL_GROUPS,
    ),
    CourseData(
        "BD-PBPL",
        "Bồi dưỡng nghiệp vụ phổ biến, giáo dục pháp luật và hộ tịch",
        CAT_C,
        (CA_VTVL,),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-NTM",
        "Bồi dưỡng kiến thức xây dựng nông thôn mới",
        CAT_C,
        (CA_VTVL,),
        4,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-DDCV",
        "Bồi dưỡng đạo đức công vụ, văn hóa công sở",
        CAT_C,
        (CA_QLNN,),
        2,
        target_groups=_ALL_GROUPS,
    ),
    CourseData(
        "BD-KCT",
        "Bồi dưỡng kiến thức, kỹ năng cho người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
        CAT_D,
        (CA_VTVL, CA_QLNN),
        5,
        eligible=frozenset({"nonpro"}),
        target_groups=(TG_COMMUNE,),
        per_seat_day=100_000,
    ),
    CourseData(
        "BD-NN-HQ",
        "Bồi dưỡng kinh nghiệm quản trị địa phương và phát triển bền vững tại Hàn Quốc",
        CAT_OVERSEAS,
        (CA_QLNN, CA_CDS),
        14,
        "Khóa bồi dưỡng ngắn hạn tại nước ngoài theo Đề án ban hành kèm theo Quyết định số 135/QĐ-UBND.",
        eligible=frozenset({"civil", "leader"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
        per_seat_day=6_500_000,
        language_level=3,  # level 3 (B1): the course is taught in English with interpreting only for visits
    ),
    CourseData(
        "DT-THS",
        "Đào tạo trình độ thạc sĩ",
        CAT_POSTGRAD,
        (CA_VTVL,),
        0,
        "Cử cán bộ, công chức, viên chức đi đào tạo trình độ thạc sĩ tại các cơ sở đào tạo trong nước.",
        eligible=frozenset({"civil", "leader", "employee"}),
        target_groups=_ALL_GROUPS,
    ),
)
COURSE_BY_CODE = {course.code: course for course in COURSES}
