"""Which classes run when: the 2025 series (one class per month listed), last year's and the current year's."""

import datetime
from dataclasses import dataclass

from courses.models import ClassMode

from .agencies import SNV, TCT
from .reference import CAT_A, CAT_B, CAT_C, CAT_D, CAT_OVERSEAS, CAT_POSTGRAD

D = datetime.date


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


# -- the recent plans: built relative to the day the demo is loaded ------------------------------------
#
# The demo never goes stale: `load_demo` builds the plan of the current year (the year of the day it runs,
# `timezone.localdate()`) around that day, and last year's plan as a finished one (2025's is the seed's).
# The current plan's classes are placed by their distance in days from today, whatever the date: so on
# 1 January the plan's finished classes ran in November and December of the year before, and on 31 December
# its open and planned classes start in January and February. A real plan carries classes over the turn of
# the year the same way; what matters is that on any day a focal point finds classes open now. The seed's
# plan is 2025's, so the current year must be 2026 or later.


@dataclass(frozen=True)
class CurrentClass:
    """A class of the current year's plan, its dates in days from the day the demo is loaded.

    Its status is not set here: it is the one its dates give on that day (`courses.models.status_by_dates`).
    """

    number: str  # the code after the year: "A-01" is "<year>-A-01"
    course: str
    organiser: str
    opens: int
    closes: int
    start: int
    end: int
    seats: int
    mode: str = ClassMode.IN_PERSON
    provider: str | None = None
    pool: str = "province"
    both_focal_points: bool = False  # seats for both demo focal points' agencies (LS-STC and LS-TPLS)
    waiting_list: bool = False


CURRENT_CLASSES = (
    # finished
    CurrentClass("A-01", "BD-CV", TCT, -115, -80, -70, -40, 100),
    CurrentClass("C-01", "BD-CDS", "LS-SKHCN", -90, -60, -50, -48, 150, mode=ClassMode.ONLINE, pool="all"),
    CurrentClass("NN-01", "BD-NN-HQ", SNV, -150, -100, -75, -62, 12, provider="logodi", pool="leaders"),
    CurrentClass("C-02", "BD-VTLT", SNV, -60, -25, -16, -12, 120),
    # in progress
    CurrentClass("A-02", "BD-CVC", SNV, -50, -20, -9, 23, 110, provider="napa"),
    # nominations closed, not started yet
    CurrentClass("B-01", "BD-LDP", TCT, -35, -2, 6, 20, 70),
    # open now: one closing within days (with a waiting list), two closing in two and three weeks
    CurrentClass("A-03", "BD-CV", TCT, -24, 3, 10, 33, 90, both_focal_points=True, waiting_list=True),
    CurrentClass("C-03", "BD-CCHC", SNV, -12, 16, 25, 27, 200, mode=ClassMode.BLENDED, both_focal_points=True),
    CurrentClass("B-02", "BD-LDP", TCT, -6, 21, 30, 46, 70, both_focal_points=True),
    # planned: nominations open in nine days
    CurrentClass("C-04", "BD-TCKT", "LS-STC", 9, 24, 35, 38, 130),
)


@dataclass(frozen=True)
class LastYearClass:
    """A class of last year's plan (when last year is after the seed's 2025): fixed (month, day) dates."""

    number: str
    course: str
    organiser: str
    opens: tuple[int, int]
    closes: tuple[int, int]
    start: tuple[int, int]
    end: tuple[int, int]
    seats: int
    mode: str = ClassMode.IN_PERSON
    provider: str | None = None
    pool: str = "province"


LAST_YEAR_CLASSES = (
    LastYearClass("A-01", "BD-CV", TCT, (1, 26), (2, 27), (3, 9), (4, 10), 100),
    LastYearClass("B-01", "BD-LDP", TCT, (3, 2), (4, 3), (4, 13), (5, 8), 70),
    LastYearClass("C-01", "BD-CDS", "LS-SKHCN", (4, 6), (5, 8), (5, 18), (5, 20), 150, mode=ClassMode.ONLINE),
    LastYearClass("C-02", "BD-VTLT", SNV, (5, 4), (6, 5), (6, 15), (6, 19), 120),
    LastYearClass("NN-01", "BD-NN-HQ", SNV, (6, 15), (7, 31), (9, 7), (9, 20), 12, provider="logodi", pool="leaders"),
)

# Nominations per class (low, high) by category, and for the recent plans' classes. Kept small: every nomination
# goes through the services (3 to 4 calls each), and the demo must load in seconds.
NOMINATIONS_PER_CLASS = {
    CAT_POSTGRAD: (16, 20),
    CAT_A: (3, 6),
    CAT_B: (3, 5),
    CAT_C: (3, 6),
    CAT_D: (3, 5),
    CAT_OVERSEAS: (8, 8),
}
NOMINATIONS_PER_CLASS_RECENT = (5, 8)  # the classes of last year's and the current plan
AGENCIES_PER_CLASS = (3, 5)  # how many agencies get seats in a class (low, high)
# The recent plans' classes always give the first seats; the classes open now give seats to both, so each
# demo focal point has something to do. The city of Lạng Sơn (LS-TPLS) ended with the district level on
# 30 June 2025: its focal point stays the demo's second one, so the current classes give it seats regardless.
FOCAL_POINT_AGENCY = "LS-STC"
FOCAL_POINT_AGENCIES = ("LS-STC", "LS-TPLS")
