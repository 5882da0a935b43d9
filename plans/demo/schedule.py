"""Which classes run when: the 2025 series (one class per month listed) and the fixed 2026 classes."""

import datetime
from dataclasses import dataclass

from courses.models import ClassMode, ClassStatus

from .agencies import SNV, TCT
from .reference import CAT_A, CAT_B, CAT_C, CAT_D, CAT_OVERSEAS, CAT_POSTGRAD

D = datetime.date

# The day the demo is written for: the 2026 classes' fixed dates make their statuses
# meaningful around it. Only used to keep generated timestamps in the past.
DEMO_TODAY = D(2026, 11, 23)


@dataclass(frozen=True)
class SeriesData:
    """Several classes of one course in a year: who organises them and in which months they start."""

    course: str
    organisers: tuple[str, ...]  # cycled
    months: tuple[int, ...]  # one per class
    mode: str = ClassMode.IN_PERSON
    funding: str = "nsnn-tinh"
    provider: str | None = None
    pool: str = "province"  # who gets seats: province, all, leaders, district


_ORDER_D = (
    "LS-TPLS", "LS-TRANGDINH", "LS-VANLANG", "LS-VANQUAN", "LS-BINHGIA", "LS-BACSON", "LS-HUULUNG", "LS-CHILANG",
    "LS-CAOLOC", "LS-LOCBINH", "LS-DINHLAP", "LS-HUULUNG", "LS-CAOLOC", "LS-LOCBINH", "LS-TRANGDINH", "LS-BINHGIA",
    "LS-VANLANG", "LS-CHILANG",
)  # fmt: skip

SERIES_2025 = {
    CAT_A: (
        SeriesData("BD-CV", (TCT, SNV), (3, 4, 5, 6, 8, 9, 10, 11)),
        SeriesData("BD-CVC", (SNV,), (4, 6, 9, 10), provider="napa"),
    ),
    CAT_B: (
        SeriesData("BD-LDP", (TCT,), (3, 5, 7, 9, 11)),
        SeriesData("BD-LDS", (SNV,), (8,), provider="napa", pool="leaders"),
    ),
    CAT_C: (
        SeriesData("BD-CDS", ("LS-STTTT",), (2, 4, 5, 6, 8, 9, 10), mode=ClassMode.ONLINE, pool="all"),
        SeriesData("BD-VTLT", (SNV,), (2, 5, 8, 10), pool="all"),
        SeriesData("BD-QPAN", (TCT,), (3, 6, 9, 11)),
        SeriesData("BD-HNQT", ("LS-SNGV",), (5, 10), pool="leaders"),
        SeriesData("BD-TCD", ("LS-TTT",), (4, 7, 10), pool="all"),
        SeriesData("BD-CCHC", (SNV,), (3, 6, 9, 11), mode=ClassMode.BLENDED, pool="all"),
        SeriesData("BD-TCKT", ("LS-STC",), (2, 7, 11)),
        SeriesData("BD-KTDT", ("LS-BDT",), (2, 4, 8, 10), funding="ctmtqg", pool="all"),
        SeriesData("BD-PBPL", ("LS-STP",), (4, 7, 10), pool="all"),
        SeriesData("BD-NTM", ("LS-SNNPTNT",), (2, 8), funding="ctmtqg", pool="all"),
        SeriesData("BD-DDCV", (SNV,), (6, 12)),
    ),
    CAT_D: (
        SeriesData(
            "BD-KCT", _ORDER_D, (3,) * 6 + (4,) * 5 + (5,) * 4 + (6,) * 3, funding="nsnn-huyen", pool="district"
        ),
    ),
    CAT_OVERSEAS: (SeriesData("BD-NN-HQ", (SNV,), (9,), provider="logodi", pool="leaders"),),
}
# Classes of the district-level kind (d) in mountain districts are paid from the national target programme.
CTMTQG_DISTRICTS = {"LS-BINHGIA", "LS-DINHLAP", "LS-VANQUAN"}


@dataclass(frozen=True)
class FixedClass:
    """A 2026 class with fixed dates, so its status is meaningful around DEMO_TODAY (2026-11-23)."""

    code: str
    course: str
    organiser: str
    start: datetime.date
    end: datetime.date
    opens: datetime.date
    closes: datetime.date
    seats: int
    status: str
    mode: str = ClassMode.IN_PERSON
    provider: str | None = None
    pool: str = "province"


CLASSES_2026 = (
    FixedClass("2026-A-01", "BD-CV", TCT, D(2026, 3, 9), D(2026, 4, 10), D(2026, 1, 26), D(2026, 2, 27), 100,
               ClassStatus.FINISHED),
    FixedClass("2026-B-01", "BD-LDP", TCT, D(2026, 4, 13), D(2026, 5, 8), D(2026, 3, 2), D(2026, 4, 3), 70,
               ClassStatus.FINISHED),
    FixedClass("2026-C-01", "BD-CDS", "LS-SKHCN", D(2026, 5, 18), D(2026, 5, 20), D(2026, 4, 6), D(2026, 5, 8), 150,
               ClassStatus.FINISHED, mode=ClassMode.ONLINE),
    FixedClass("2026-C-02", "BD-VTLT", SNV, D(2026, 6, 15), D(2026, 6, 19), D(2026, 5, 4), D(2026, 6, 5), 120,
               ClassStatus.FINISHED),
    FixedClass("2026-NN-01", "BD-NN-HQ", SNV, D(2026, 9, 7), D(2026, 9, 20), D(2026, 6, 15), D(2026, 7, 31), 12,
               ClassStatus.FINISHED, provider="logodi", pool="leaders"),
    FixedClass("2026-A-02", "BD-CVC", SNV, D(2026, 11, 9), D(2026, 12, 11), D(2026, 9, 28), D(2026, 10, 30), 110,
               ClassStatus.IN_PROGRESS, provider="napa"),
    FixedClass("2026-A-03", "BD-CV", TCT, D(2026, 12, 7), D(2026, 12, 30), D(2026, 11, 2), D(2026, 12, 1), 90,
               ClassStatus.OPEN),
    FixedClass("2026-B-02", "BD-LDP", TCT, D(2026, 12, 14), D(2026, 12, 30), D(2026, 11, 9), D(2026, 12, 4), 70,
               ClassStatus.OPEN),
    FixedClass("2026-C-03", "BD-CCHC", SNV, D(2026, 12, 8), D(2026, 12, 10), D(2026, 11, 5), D(2026, 12, 2), 200,
               ClassStatus.OPEN, mode=ClassMode.BLENDED),
    FixedClass("2026-C-04", "BD-TCKT", "LS-STC", D(2026, 12, 21), D(2026, 12, 24), D(2026, 11, 30), D(2026, 12, 14),
               130, ClassStatus.PLANNED),
)  # fmt: skip

# Nominations per class (low, high) by category, and for the 2026 classes. Kept small: every nomination
# goes through the services (3 to 4 calls each), and the demo must load in seconds.
NOMINATIONS_PER_CLASS = {
    CAT_POSTGRAD: (16, 20),
    CAT_A: (3, 6),
    CAT_B: (3, 5),
    CAT_C: (3, 6),
    CAT_D: (3, 5),
    CAT_OVERSEAS: (8, 8),
}
NOMINATIONS_PER_CLASS_2026 = (5, 8)
AGENCIES_PER_CLASS = (3, 5)  # how many agencies get seats in a class (low, high)
FOCAL_POINT_AGENCY = "LS-STC"  # the 2026 classes always give it seats, so its focal point has something to do
