"""People: a few hundred generated trainees spread over the agencies, and the demo accounts."""

import datetime
import random
from dataclasses import dataclass

from courses.models import Gender, LeadershipLevel, PoliticalTheoryLevel
from plans.models import AgencyKind

from .agencies import AGENCIES, AgencyData

D = datetime.date


# --- trainees ----------------------------------------------------------------------------------

FAMILY_NAMES = (
    "Nguyễn", "Hoàng", "Lương", "Vi", "Nông", "Lăng", "Hà", "Chu", "Lộc", "Mông", "Triệu", "Đinh", "Lý", "Trần",
    "Lê", "Phạm", "Vũ", "Đặng", "Bế", "Hứa", "Dương", "Hoàng", "Nguyễn", "Nông", "Lương",
)  # fmt: skip
MIDDLE_NAMES = {
    Gender.MALE: ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Tiến", "Thanh", "Xuân", "Công"),
    Gender.FEMALE: ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương", "Kim"),
}
GIVEN_NAMES = {
    Gender.MALE: (
        "Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Quân", "Sơn", "Thắng", "Trung", "Nam", "Phong", "Khánh",
        "Đạt", "Hiếu", "Toàn", "Kiên", "Lâm", "Tùng", "Bình", "Chiến", "Hưng", "Tâm", "Vinh",
    ),
    Gender.FEMALE: (
        "Hương", "Lan", "Mai", "Hoa", "Huyền", "Thảo", "Trang", "Hằng", "Nhung", "Yến", "Linh", "Ngân", "Vân",
        "Dung", "Hà", "Giang", "Thủy", "Loan", "Phượng", "Quyên", "Hạnh", "Liên", "Oanh", "Tuyết",
    ),
}  # fmt: skip

_NONE, _DIV, _DEP = LeadershipLevel.NONE, LeadershipLevel.DIVISION, LeadershipLevel.DEPARTMENT

# (position, rank code, leadership level, profile, weight); profile decides which courses a person fits.
POSTS_DEPARTMENT = (
    ("Chuyên viên", "01.003", _NONE, "civil", 6),
    ("Chuyên viên chính", "01.002", _NONE, "civil", 2),
    ("Cán sự", "01.004", _NONE, "civil", 1),
    ("Phó Trưởng phòng", "01.003", _DIV, "leader", 1.5),
    ("Trưởng phòng", "01.002", _DIV, "leader", 1),
    ("{senior}", "01.002", _DEP, "leader", 0.4),
)
POSTS_DISTRICT = (
    ("Chuyên viên Phòng Nội vụ", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Phòng Tài chính - Kế hoạch", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Văn phòng HĐND và UBND", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Phòng Tài nguyên và Môi trường", "01.003", _NONE, "civil", 1.5),
    ("Chuyên viên chính Phòng Tư pháp", "01.002", _NONE, "civil", 1),
    ("Phó Trưởng Phòng Văn hóa và Thông tin", "01.003", _DIV, "leader", 1),
    ("Trưởng Phòng Nội vụ", "01.002", _DIV, "leader", 0.7),
    ("Phó Chánh Văn phòng HĐND và UBND", "01.003", _DIV, "leader", 0.7),
)
POSTS_COMMUNE = (
    ("Công chức Văn phòng - Thống kê", "01.003", _NONE, "commune", 1),
    ("Công chức Tư pháp - Hộ tịch", "01.003", _NONE, "commune", 1),
    ("Công chức Địa chính - Xây dựng", "01.003", _NONE, "commune", 1),
    ("Công chức Tài chính - Kế toán", "01.004", _NONE, "commune", 1),
    ("Công chức Văn hóa - Xã hội", "01.003", _NONE, "commune", 1),
)
POSTS_NON_PROFESSIONAL = (
    ("Phó Chỉ huy trưởng Ban Chỉ huy Quân sự", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc", None, _NONE, "nonpro", 1),
    ("Phó Bí thư Đoàn Thanh niên", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Liên hiệp Phụ nữ", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Nông dân", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Cựu chiến binh", None, _NONE, "nonpro", 0.7),
    ("Nhân viên thú y", None, _NONE, "nonpro", 0.7),
    ("{head_of_village}", None, _NONE, "nonpro", 2),
)
POSTS_INSTITUTION = (
    ("Giảng viên", None, _NONE, "employee", 3),
    ("Giảng viên chính", None, _NONE, "employee", 1),
    ("Phó Trưởng khoa", None, _DIV, "leader", 1),
    ("Chuyên viên Phòng Tổ chức - Hành chính", "01.003", _NONE, "civil", 1),
)
POSTS_HOSPITAL = (
    ("Bác sĩ", "V.08.01.03", _NONE, "employee", 4),
    ("Điều dưỡng", None, _NONE, "employee", 2),
    ("Phó Trưởng khoa", "V.08.01.03", _DIV, "leader", 1),
)
POSTS_ARCHIVES = (
    ("Lưu trữ viên", "V.01.02.02", _NONE, "employee", 3),
    ("Phó Giám đốc Trung tâm", "V.01.02.02", _DIV, "leader", 1),
)
THEORY_LEVELS = {
    "leader": (PoliticalTheoryLevel.ADVANCED, PoliticalTheoryLevel.ADVANCED, PoliticalTheoryLevel.INTERMEDIATE,
               PoliticalTheoryLevel.BACHELOR),
    "civil": (PoliticalTheoryLevel.INTERMEDIATE, PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.ELEMENTARY,
              PoliticalTheoryLevel.NONE),
    "commune": (PoliticalTheoryLevel.INTERMEDIATE, PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.ELEMENTARY),
    "nonpro": (PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.NONE, PoliticalTheoryLevel.NONE),
    "employee": (PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.NONE, PoliticalTheoryLevel.INTERMEDIATE),
}  # fmt: skip
LANGUAGES = ("", "", "", "Tiếng Anh B1", "Tiếng Anh B2", "Tiếng Trung HSK 3", "Tiếng Trung HSK 4")
PROVINCE_ID_PREFIX = "020"  # the first three digits of citizen IDs of people born in Lạng Sơn


@dataclass(frozen=True)
class TraineeData:
    personal_id: str
    full_name: str
    date_of_birth: datetime.date
    gender: str
    agency: str
    position: str
    rank: str | None
    leadership_level: str
    political_theory_level: str
    foreign_language_level: str
    profile: str
    # What the rules of eligibility read (courses.eligibility): drawn from a stream of their own (`person_facts`),
    # so that the people, classes and nominations drawn from the planner's stream stay as they were.
    service_start_date: datetime.date | None = None
    language_level: int | None = None
    ratings: tuple[tuple[int, str], ...] = ()
    study_fields: str = ""  # the field of study matching the job (`job_field`), which a postgraduate place asks


# The level of the national framework a certificate in the demo's words shows (Thông tư 01/2014/TT-BGDĐT).
LANGUAGE_LEVELS = {"Tiếng Anh B1": 3, "Tiếng Anh B2": 4, "Tiếng Trung HSK 3": 3, "Tiếng Trung HSK 4": 4}
RATED_YEARS = 6  # the yearly ratings the demo records, up to the year before the load day
# ... and at least from this year: the 2025 places read the ratings of 2023 and 2024 whatever the load day.
FIRST_RATED_YEAR = 2020

HVHC = "Học viện Hành chính Quốc gia"
HVCT = "Học viện Chính trị quốc gia Hồ Chí Minh"
DHQG = "Trường Đại học Khoa học Xã hội và Nhân văn, Đại học Quốc gia Hà Nội"
NEU = "Đại học Kinh tế Quốc dân"
HLU = "Trường Đại học Luật Hà Nội"
TNU_AGRI = "Trường Đại học Nông Lâm, Đại học Thái Nguyên"
TNU_MED = "Trường Đại học Y Dược, Đại học Thái Nguyên"
TNU_EDU = "Trường Đại học Sư phạm, Đại học Thái Nguyên"

# (words in the agency's name or the post, institution, field of study): the first that matches the person.
FIELDS = (
    (("Tư pháp",), HLU, "Luật Hiến pháp và Luật Hành chính"),
    (("Tài chính", "Kế hoạch", "Thuế", "Kho bạc"), NEU, "Quản lý kinh tế"),
    (("Nông nghiệp", "Tài nguyên", "Môi trường", "Địa chính"), TNU_AGRI, "Quản lý tài nguyên và môi trường"),
    (("Y tế", "Bệnh viện"), TNU_MED, "Y tế công cộng"),
    (("Giáo dục",), TNU_EDU, "Quản lý giáo dục"),
    (("Văn hóa", "Thông tin", "Du lịch"), DHQG, "Quản lý văn hóa"),
    (("Trưởng", "Giám đốc", "Chánh"), HVCT, "Chính trị học"),
    (("Nội vụ",), HVHC, "Quản lý công"),
)
DEFAULT_FIELD = (HVHC, "Quản lý công")


def job_field(agency_name: str, position: str) -> tuple[str, str]:
    """The institution and the field of study that match a person's job (their agency and post)."""
    words = f"{agency_name} {position}"
    for keys, institution, field in FIELDS:
        if any(key in words for key in keys):
            return institution, field
    return DEFAULT_FIELD


def person_facts(personal_id: str, born: datetime.date, language: str, last_year: int) -> dict:
    """A person's day of recruitment, language level and yearly ratings (mostly “well fulfilled”)."""
    rng = random.Random(f"eligibility-{personal_id}")
    start = D(born.year + rng.randint(22, 28), rng.randint(1, 12), 1)
    ratings = []
    for year in range(min(last_year - RATED_YEARS + 1, FIRST_RATED_YEAR), last_year + 1):
        if year < start.year:
            continue
        draw = rng.random()
        rating = (
            "excellent" if draw < 0.22 else "good" if draw < 0.9 else "fulfilled" if draw < 0.98 else "not_fulfilled"
        )
        ratings.append((year, rating))
    return {"service_start_date": start, "language_level": LANGUAGE_LEVELS.get(language), "ratings": tuple(ratings)}


def _posts_for(agency: AgencyData) -> tuple:
    if agency.code == "LS-BVDK":
        return POSTS_HOSPITAL
    if agency.code == "LS-TTLT":
        return POSTS_ARCHIVES
    if agency.kind == AgencyKind.TRAINING_INSTITUTION:
        return POSTS_INSTITUTION
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        return POSTS_DISTRICT
    return POSTS_DEPARTMENT


def build_trainees(rng: random.Random, last_rated_year: int = 2025) -> list[TraineeData]:
    """A few hundred civil servants spread over the agencies, with deterministic citizen IDs."""
    trainees, used_ids = [], set()
    for agency in AGENCIES:
        if agency.kind == AgencyKind.COMMUNE:
            # A third commune civil servants, two thirds non-professional workers (người hoạt động không chuyên trách).
            plan = [POSTS_COMMUNE] * (agency.trainees // 3) + [POSTS_NON_PROFESSIONAL] * (
                agency.trainees - agency.trainees // 3
            )
        else:
            plan = [_posts_for(agency)] * agency.trainees
        for posts in plan:
            position, rank, level, profile, _weight = rng.choices(posts, weights=[p[4] for p in posts])[0]
            position = position.format(
                senior=agency.senior_post,
                head_of_village="Tổ trưởng tổ dân phố" if "thị trấn" in agency.name else "Trưởng thôn",
            )
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            first_year, last_year = (1968, 1986) if profile == "leader" else (1970, 2000)
            born = D(first_year, 1, 1) + datetime.timedelta(days=rng.randrange((last_year - first_year) * 365))
            full_name = " ".join(
                (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[gender]), rng.choice(GIVEN_NAMES[gender]))
            )
            century_gender = (0 if born.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
            while True:
                personal_id = f"{PROVINCE_ID_PREFIX}{century_gender}{born.year % 100:02d}{rng.randrange(10**6):06d}"
                if personal_id not in used_ids:
                    used_ids.add(personal_id)
                    break
            theory = rng.choice(THEORY_LEVELS[profile])
            language = rng.choice(LANGUAGES) if profile != "nonpro" else ""
            trainees.append(
                TraineeData(
                    personal_id=personal_id,
                    full_name=full_name,
                    date_of_birth=born,
                    gender=gender,
                    agency=agency.code,
                    position=position,
                    rank=rank,
                    leadership_level=level,
                    political_theory_level=theory,
                    foreign_language_level=language,
                    profile=profile,
                    **person_facts(personal_id, born, language, last_rated_year),
                    study_fields=job_field(agency.name, position)[1],
                )
            )
    return trainees


# --- accounts ----------------------------------------------------------------------------------

STAFF_GROUP = "Chuyên viên Sở Nội vụ"
LEADER_GROUP = "Lãnh đạo"
STAFF_APPS = ("plans", "courses", "partners")
# Beyond our apps, the staff lift a login lockout (django-axes) and remove the two-factor device of a colleague who
# lost their phone (django-otp): they see and delete those rows, never add or change them.
STAFF_SECURITY_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accessfailurelog"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
)


@dataclass(frozen=True)
class AccountData:
    username: str
    password: str
    role: str  # superuser, staff, focal_point, leader
    first_name: str  # the given name ("Tuấn")
    last_name: str  # the family and middle names ("Hoàng Văn"): shown first, training_portal.names.person_name
    email: str  # approval mails and password resets go there; `.example` is a domain no mail can reach
    agency: str | None = None


ACCOUNTS = (
    AccountData("admin", "demo-2025-admin", "superuser", "", "", "quantri@snv.langson.example"),
    AccountData("chuyenvien", "demo-2025-chuyenvien", "staff", "Hương", "Nông Thị", "huongnt@snv.langson.example"),
    AccountData(
        "daumoi.sotaichinh",
        "demo-2025-daumoi-stc",
        "focal_point",
        "Tuấn",
        "Hoàng Văn",
        "tuanhv@stc.langson.example",
        agency="LS-STC",
    ),
    AccountData(
        "daumoi.tpls",
        "demo-2025-daumoi-tpls",
        "focal_point",
        "Lan",
        "Vi Thị",
        "lanvt@tpls.langson.example",
        agency="LS-TPLS",
    ),
    AccountData("lanhdao", "demo-2025-lanhdao", "leader", "Minh", "Lương Đức", "minhld@ubnd.langson.example"),
)
