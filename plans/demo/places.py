"""The 2025 plan's postgraduate target as 55 places for 55 people (pure Python, no database; the loader writes them
through `courses.places`).

The places start in 2025 on fixed days, so their progress follows the load day: a place whose study ended before it
is graduated (or was extended, when its extension runs past it), the rest are studying. Two people dropped out in
2025 and owe the whole cost (one has paid it, one pays in instalments); one reports leaving soon with an open
commitment; one master's degree whose end passed without a result recorded stays on the alerts. Everyone is under
45 on their first day (Nghị định 171/2025/NĐ-CP: sent to postgraduate study for the first time at 45 at most).
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from courses.place_models import PlaceLevel, PlaceStatus, StudyMode

from .people import TraineeData

D = datetime.date
SEED = 20250115
PLACES_2025 = 55
MAX_AGE_AT_START = 45

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
# Cohorts: (start, months of a master's degree); a doctorate runs 36 months from the same start.
COHORTS = ((D(2025, 3, 3), 18), (D(2025, 9, 8), 24), (D(2025, 10, 6), 24))
MASTERS_COST = (Decimal(62_000_000), Decimal(68_000_000), Decimal(75_000_000))
DOCTORATE_COST = Decimal(180_000_000)


@dataclass(frozen=True)
class CaseData:
    reason: str
    on: datetime.date
    instalments: int
    payments: tuple[tuple[datetime.date, Decimal], ...]


@dataclass
class PlaceData:
    personal_id: str
    level: str
    mode: str
    institution: str
    field_of_study: str
    start: datetime.date
    expected_end: datetime.date
    funded_amount: Decimal
    extended_to: datetime.date | None = None
    dropped_on: datetime.date | None = None
    unrecorded_result: bool = False  # the study ended but its result was not reported yet
    leaving_in_days: int | None = None  # reports leaving this many days after the load day
    case: CaseData | None = None

    def status_on(self, today: datetime.date) -> str:
        """What the dates say on `today`: dropped out, graduated, extended or still enrolled."""
        if self.dropped_on is not None:
            return PlaceStatus.DROPPED_OUT
        if self.expected_end >= today or self.unrecorded_result:
            return PlaceStatus.ENROLLED
        if self.extended_to is not None and self.extended_to >= today:
            return PlaceStatus.EXTENDED
        return PlaceStatus.GRADUATED

    @property
    def graduated_on(self) -> datetime.date:
        return self.extended_to or self.expected_end

    @property
    def degree(self) -> str:
        prefix = "Tiến sĩ" if self.level == PlaceLevel.DOCTORATE else "Thạc sĩ"
        return f"{prefix} {self.field_of_study}"


def _field(trainee: TraineeData, agency_name: str) -> tuple[str, str]:
    words = f"{agency_name} {trainee.position}"
    for keys, institution, field in FIELDS:
        if any(key in words for key in keys):
            return institution, field
    return DEFAULT_FIELD


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def plan_places(trainees: list[TraineeData], agency_names: dict[str, str]) -> list[PlaceData]:
    """The 55 places of the 2025 plan, drawn from the trainees of departments and districts (not communes)."""
    rng = random.Random(SEED)
    latest_start = max(start for start, _months in COHORTS)
    pool = [
        t
        for t in trainees
        if t.profile in ("civil", "leader")
        and _age_on(t.date_of_birth, latest_start) < MAX_AGE_AT_START
        and _age_on(t.date_of_birth, D(2025, 1, 1)) >= 25
    ]
    chosen = rng.sample(pool, PLACES_2025)
    places = []
    for index, trainee in enumerate(sorted(chosen, key=lambda t: t.personal_id)):
        start, months = COHORTS[index % len(COHORTS)]
        institution, field = _field(trainee, agency_names[trainee.agency])
        level, mode = PlaceLevel.MASTER, StudyMode.PART_TIME
        cost = MASTERS_COST[index % len(MASTERS_COST)]
        if index % 11 == 5:  # five doctorates, full-time
            level, mode, months, cost = PlaceLevel.DOCTORATE, StudyMode.FULL_TIME, 36, DOCTORATE_COST
        end = _add_months(start, months) - datetime.timedelta(days=1)
        places.append(PlaceData(trainee.personal_id, level, mode, institution, field, start, end, cost))
    # The first cohort's people: two extended by six months, one whose result is not recorded yet.
    first = [p for p in places if p.start == COHORTS[0][0] and p.level == PlaceLevel.MASTER]
    for place in first[:2]:
        place.extended_to = _add_months(place.expected_end, 6)
    first[2].unrecorded_result = True
    # Two dropped out in 2025: one has paid the whole cost, the other pays in four instalments.
    later = [p for p in places if p.start == COHORTS[1][0] and p.level == PlaceLevel.MASTER]
    settled, owing = later[0], later[1]
    settled.dropped_on = D(2025, 11, 14)
    settled.case = CaseData("left_during_study", settled.dropped_on, 1, ((D(2025, 12, 19), settled.funded_amount),))
    owing.dropped_on = D(2025, 12, 1)
    owing.case = CaseData("left_during_study", owing.dropped_on, 4, ((D(2025, 12, 26), owing.funded_amount / 4),))
    later[2].leaving_in_days = 20  # the agency reports they move to a company: an open commitment
    return places


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return day.replace(year=day.year + total // 12, month=total % 12 + 1)
