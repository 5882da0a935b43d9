"""Demo data: the province of Lạng Sơn since 2024, its current plan around today, for trying the product out.

This package is the only place in the code base that names a real province: every agency,
category, partner and number in it is data, loaded by `manage.py load_demo`.

What it reproduces comes from the source documents (see DESIGN.md, "Facts from the seeds"):
the 2025 plan of UBND tỉnh Lạng Sơn (postgraduate 55 places for 55 people, `places`; refresher 75 classes / 10,635
seats, of which domestic 74 / 10,625 and overseas 1 / 10), its legal bases and duties, the
LOGODI letter of May 2023 and the history of cooperation with LOGODI and KOICA.

Everything is deterministic for a given day: the 2025 plan has fixed dates; last year's plan (when after
2025) fixed days of that year; the current year's plan is placed around the day of the load
(`timezone.localdate()`, see `schedule`), its classes' statuses the ones their dates give; draws come
from `random.Random(SEED)`.
The load is idempotent (on the same day): rows are matched on their natural keys and saved only when something
differs, and nominations already present are skipped, so a second run changes nothing.
Seat allotments and nominations go through `courses.services`, which keep the seat counters.

The modules, from the data to the database:

- `reference`: target groups, funding sources, content areas, ranks, legal documents, categories;
- `agencies`: the province's agencies, with the 2025 mergers and the end of the district level;
- `partners`: partners, agreements, the history of cooperation and the LOGODI letter;
- `plans`: the 2025 plan's texts, duties and targets, and the recent plans';
- `catalogue`: the courses;
- `people`: the trainees (generated) and the demo accounts;
- `schedule`: which classes run when (the 2025 series, last year's and the current year's classes);
- `planner`: turns all of the above into classes with allotments and nominations (no database);
- `rows`: idempotent writes (upsert by natural key, m2m, history) and the load report;
- `loader`: writes everything to the database through the services.
"""

from .agencies import ROOT
from .loader import Loader, load_demo
from .partners import ACTIVITY_2014, ACTIVITY_2019, ACTIVITY_2024, LOGODI_YEAR_TITLE, NAPA_CSC_TITLE
from .people import ACCOUNTS
from .planner import SEED, Planner, split_total
from .rows import LoadReport

__all__ = [
    "ACCOUNTS",
    "ACTIVITY_2014",
    "ACTIVITY_2019",
    "ACTIVITY_2024",
    "LOGODI_YEAR_TITLE",
    "NAPA_CSC_TITLE",
    "ROOT",
    "SEED",
    "LoadReport",
    "Loader",
    "Planner",
    "load_demo",
    "split_total",
]
