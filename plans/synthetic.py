"""Synthetic data at a country's scale for the dashboard: provinces, agencies, classes, trainees, nominations.

Reproducible (one seeded random generator, rows made in a fixed order) and fast: the big tables
are written with COPY on PostgreSQL and with executemany elsewhere, ids assigned here so that
rows can point at each other without reading anything back. The counters the services keep
(seats allotted and taken on classes and allotments) are computed here to match the rows, so
every database constraint holds. No audit history is written for these rows.
"""

import datetime
import io
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from courses import tally
from courses.models import (
    SEAT_HOLDING_STATUSES,
    CivilServiceRank,
    ClassStatus,
    Course,
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingStatus,
    PositionChange,
    SeatAllotment,
    Trainee,
    TrainingClass,
)
from partners.models import Correspondence, CorrespondenceStatus, Direction, Partner, PartnerKind
from plans.demo.reference import CAT_A, CAT_B, CAT_C, CAT_D, CAT_OVERSEAS, CAT_POSTGRAD, CATEGORIES
from plans.models import Agency, AgencyKind, PlanStatus, PlanTarget, TrainingCategory, TrainingPlan
from training_portal.search import key_of

PREFIX = "GEN"  # every generated code starts with it: generated rows never collide with real or demo ones
# A country's worth: the default scale (1.0).
COUNTRY = {"provinces": 34, "agencies": 3_000, "classes": 20_000, "trainees": 500_000, "nominations": 1_000_000}
# Share of classes per category, and the seats of one class.
CLASS_MIX = ((CAT_A, 0.25), (CAT_B, 0.15), (CAT_C, 0.38), (CAT_D, 0.15), (CAT_OVERSEAS, 0.03), (CAT_POSTGRAD, 0.04))
CLASS_LETTERS = {CAT_POSTGRAD: "SDH", CAT_A: "A", CAT_B: "B", CAT_C: "C", CAT_D: "D", CAT_OVERSEAS: "NN"}
ALLOTMENTS_PER_CLASS = 5
# The length of each category's course in periods (tiết), which a completed class counts for on a person's record.
COURSE_PERIODS = {CAT_POSTGRAD: 400, CAT_A: 40, CAT_B: 56, CAT_C: 32, CAT_D: 24, CAT_OVERSEAS: 80}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Hà")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang", "Thanh", "Xuân")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam")
PARTNERS = (
    ("logodi", "Local Government Officials Development Institute", "LOGODI", "Hàn Quốc"),
    ("cscollege", "Civil Service College", "CSC", "Singapore"),
    ("koica", "Korea International Cooperation Agency", "KOICA", "Hàn Quốc"),
    ("jica", "Japan International Cooperation Agency", "JICA", "Nhật Bản"),
    ("ena", "Institut national du service public", "INSP", "Pháp"),
)


# Each person's rank (ngạch) and, for some, a leadership post: (share of people below, level, position).
RANKS = (("01.002", "Chuyên viên chính", 2), ("01.003", "Chuyên viên", 3), ("01.004", "Cán sự", 4))
RANK_WEIGHTS = (0.2, 0.7, 0.1)
LEADERS = (
    (0.01, "department", "Phó Giám đốc"),
    (0.04, "division", "Trưởng phòng"),
    (0.09, "division", "Phó Trưởng phòng"),
)
# Training outside the plan: the share of people with one in a year, and how staff decided it.
OUTSIDE_SHARE = 0.15
OUTSIDE_TITLES = (
    ("ministry", "Bồi dưỡng kiến thức quản lý nhà nước chuyên ngành", "Bộ chuyên ngành", 40),
    ("agency", "Tập huấn nghiệp vụ của cơ quan", "Cơ quan, đơn vị", 16),
    ("abroad", "Khóa bồi dưỡng ở nước ngoài do đối tác tài trợ", "Đối tác nước ngoài", 80),
    ("other", "Bồi dưỡng kỹ năng", "Cơ sở đào tạo khác", 24),
)


@dataclass
class GenerationReport:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class TableWriter:
    """Writes rows of one model straight to its table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        # A searchable model's folded key is written with its row, from the written fields it is made of.
        sources = [fields.index(name) for name in getattr(model, "search_key_sources", ()) if name in fields]
        self.key_sources = sources if sources and "search_key" not in fields else []
        fields = [*fields, "search_key"] if self.key_sources else list(fields)
        self.fields = [model._meta.get_field(name) for name in fields]
        self.columns = [f.column for f in self.fields]
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: Iterable[tuple], chunk: int = 50_000) -> int:
        count, batch = 0, []
        for row in rows:
            if self.key_sources:
                row = (*row, key_of(row[i] for i in self.key_sources))
            batch.append(row)
            if len(batch) >= chunk:
                count += self._flush(batch)
                batch = []
        return count + (self._flush(batch) if batch else 0)

    def _flush(self, batch: list[tuple]) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                for row in batch:
                    buffer.write("\t".join(r"\N" if value is None else str(value) for value in row))
                    buffer.write("\n")
                buffer.seek(0)
                columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
                cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            else:
                adapt = [self._adapter(f) for f in self.fields]
                columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    [tuple(a(v) for a, v in zip(adapt, row, strict=True)) for row in batch],
                )
        return len(batch)

    @staticmethod
    def _adapter(model_field):
        if isinstance(model_field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if isinstance(model_field, models.DateField):
            return connection.ops.adapt_datefield_value
        return lambda value: value


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _categories() -> dict[str, TrainingCategory]:
    """The plan's categories (as in the demo), created when missing."""
    found: dict[str, TrainingCategory] = {}
    for data in CATEGORIES:
        found[data.code], _created = TrainingCategory.objects.get_or_create(
            code=data.code,
            defaults={
                "name": data.name,
                "label": data.label,
                "order": data.order,
                "parent": found.get(data.parent) if data.parent else None,
                "kind": data.kind,
                "is_overseas": data.is_overseas,
            },
        )
    return found


def _ranks() -> list[int]:
    """The ranks people hold (as in the demo), created when missing: their ids, in RANKS' order."""
    return [
        CivilServiceRank.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0].pk
        for code, name, order in RANKS
    ]


def _records(rng: random.Random, *, careers: list[tuple], years: range, today, tz) -> dict[str, int]:
    """Each person's record beyond the classes: training outside the plan over the years (mostly verified, some
    awaiting or refused) and their position history (the rank they hold, the leaders' appointment)."""
    outside_writer = TableWriter(OutsideTraining, ["id", "trainee_id", "agency_id", "kind", "title", "organiser",
                                                   "country", "start_date", "end_date", "periods", "result",
                                                   "certificate", "evidence", "status", "recorded_at", "checked_at",
                                                   "staff_note"])  # fmt: skip
    position_writer = TableWriter(PositionChange, ["id", "trainee_id", "kind", "date", "leadership_level", "rank_id",
                                                   "agency_id", "position", "decision"])  # fmt: skip
    outside_id, position_id = _next_id(OutsideTraining), _next_id(PositionChange)

    def outside_rows():
        nonlocal outside_id
        for year in years:
            last = min(datetime.date(year, 12, 20), today - datetime.timedelta(days=1))
            span = max((last - datetime.date(year, 1, 10)).days, 1)
            for trainee, agency, _rank, _level, _position in careers:
                if rng.random() >= OUTSIDE_SHARE:
                    continue
                kind, title, organiser, periods = rng.choice(OUTSIDE_TITLES)
                end = datetime.date(year, 1, 10) + datetime.timedelta(days=rng.randrange(span))
                start = end - datetime.timedelta(days=periods // 8)
                draw = rng.random()
                if year == years[-1] and draw < 0.1:
                    status, checked, note = OutsideTrainingStatus.SUBMITTED, None, ""
                elif draw > 0.95:
                    status, note = OutsideTrainingStatus.REJECTED, "Minh chứng không hợp lệ"
                    checked = timezone.make_aware(datetime.datetime.combine(end, datetime.time(10)), tz)
                else:
                    status, note = OutsideTrainingStatus.VERIFIED, ""
                    checked = timezone.make_aware(datetime.datetime.combine(end, datetime.time(10)), tz)
                recorded = timezone.make_aware(datetime.datetime.combine(end, datetime.time(9)), tz)
                yield (outside_id, trainee, agency, kind, title, organiser, "Việt Nam", start, end, periods, "Đạt",
                       "", f"evidence/{PREFIX.lower()}/{outside_id}.pdf", status, recorded, checked, note)  # fmt: skip
                outside_id += 1

    def position_rows():
        nonlocal position_id
        for trainee, agency, rank, level, position in careers:
            taken = today - datetime.timedelta(days=365 + rng.randrange(15 * 365))
            yield (position_id, trainee, "rank", taken, "", rank, agency, "", "")
            position_id += 1
            if level != "none":
                appointed = today - datetime.timedelta(days=rng.randrange(5 * 365))
                yield (position_id, trainee, "appointment", appointed, level, None, agency, position, "")
                position_id += 1

    return {
        "outside training": outside_writer.write(outside_rows()),
        "position changes": position_writer.write(position_rows()),
    }


def already_generated() -> bool:
    return Agency.objects.filter(code__startswith=f"{PREFIX}-").exists()


def generate(
    *, scale: float = 1.0, seed: int = 2025, year: int | None = None, today=None, years: int = 1
) -> GenerationReport:
    """Create the synthetic country: `years` plans per province, the last one for `year`, the earlier ones finished
    (each person's record over several years). Call inside a transaction, on a database without generated rows."""
    started = time.perf_counter()
    with tally.bulk_load():
        report = _generate(scale=scale, seed=seed, year=year, today=today, years=max(1, years))
    report.seconds = time.perf_counter() - started
    return report


def _generate(*, scale: float, seed: int, year: int | None, today, years: int = 1) -> GenerationReport:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    year = year or today.year
    counts = {name: max(1, round(n * scale)) for name, n in COUNTRY.items()}
    provinces = max(2, counts["provinces"])
    agencies_per_province = max(6, counts["agencies"] // provinces)
    classes_per_province = max(len(CLASS_MIX), counts["classes"] // provinces)
    trainees_per_agency = max(20, counts["trainees"] // (provinces * (agencies_per_province - 1)))
    # Seats per class chosen so that the nominations come out near the wanted number.
    seats_mean = max(10, round(counts["nominations"] / (provinces * classes_per_province) / 0.66))
    report = GenerationReport()
    categories = _categories()
    tz = timezone.get_current_timezone()

    partners = []
    for code, name, abbreviation, country in PARTNERS:
        partner, _created = Partner.objects.get_or_create(
            code=f"{PREFIX.lower()}-{code}",
            defaults={
                "name": name,
                "abbreviation": abbreviation,
                "country": country,
                "kind": PartnerKind.TRAINING_INSTITUTE,
            },
        )
        partners.append(partner)
    courses = {
        code: Course.objects.get_or_create(
            code=f"{PREFIX}-{CLASS_LETTERS[code]}",
            defaults={
                "title": f"Chương trình {categories[code].name.lower()}",
                "category": categories[code],
                "periods": COURSE_PERIODS[code],
            },
        )[0]
        for code, _share in CLASS_MIX
    }

    # Agencies: per province, its people's committee (the root: a province is a root agency), the
    # Department of Home Affairs, the political school, then departments and communes.
    agency_writer = TableWriter(Agency, ["id", "code", "name", "abbreviation", "kind", "parent_id", "place_name",
                                         "headcount"])  # fmt: skip
    agency_id = _next_id(Agency)
    agency_rows, roots, members, organisers, diligence = [], [], [], [], {}
    for p in range(1, provinces + 1):
        place = f"Tỉnh {p:02d}"
        root = agency_id
        roots.append(root)
        agency_rows.append((root, f"{PREFIX}-P{p:02d}", f"UBND {place.lower()}", "UBND",
                            AgencyKind.PEOPLES_COMMITTEE, None, place, 20))  # fmt: skip
        province_members = []
        for a in range(1, agencies_per_province):
            agency_id += 1
            if a == 1:
                kind, name, abbreviation = AgencyKind.DEPARTMENT, "Sở Nội vụ", "SNV"
            elif a == 2:
                kind, name, abbreviation = AgencyKind.TRAINING_INSTITUTION, "Trường Chính trị", "TCT"
            elif a < 22:
                kind, name, abbreviation = AgencyKind.DEPARTMENT, f"Sở số {a - 2}", f"S{a - 2}"
            else:
                kind, name, abbreviation = AgencyKind.COMMUNE, f"UBND xã số {a - 21}", "UBND"
            agency_rows.append((agency_id, f"{PREFIX}-P{p:02d}-{a:03d}", f"{name} – {place}", abbreviation, kind,
                                root, place, trainees_per_agency))  # fmt: skip
            province_members.append(agency_id)
            diligence[agency_id] = rng.choice((0.35, 0.6, 0.8, 0.9, 0.95, 1.0, 1.0))
        organisers.append(province_members[1])  # the political school organises the domestic classes
        members.append(province_members)
        agency_id += 1
    report.rows["agencies"] = agency_writer.write(agency_rows)

    # Trainees: the same number in every agency but the root; ids are consecutive per agency.
    trainee_writer = TableWriter(Trainee, ["id", "personal_id", "full_name", "date_of_birth", "gender", "agency_id",
                                           "position", "leadership_level", "political_theory_level",
                                           "foreign_language_level", "email", "phone", "rank_id"])  # fmt: skip
    ranks = _ranks()
    careers: list[tuple] = []  # (trainee, agency, rank, leadership level, position): their position history
    first_trainee = _next_id(Trainee)
    staff_of: dict[int, int] = {}  # agency id -> id of its first trainee

    def trainee_rows():
        trainee_id = first_trainee
        for province_members in members:
            for member in province_members:
                staff_of[member] = trainee_id
                for _n in range(trainees_per_agency):
                    born = datetime.date(1965 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28))
                    gender = rng.choice("FM")
                    name = f"{rng.choice(FAMILY)} {'Thị' if gender == 'F' else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                    rank = rng.choices(ranks, weights=RANK_WEIGHTS)[0]
                    draw = rng.random()
                    level, position = next(
                        ((lv, post) for share, lv, post in LEADERS if draw < share), ("none", "Chuyên viên")
                    )
                    careers.append((trainee_id, member, rank, level, position))
                    yield (trainee_id, f"9{trainee_id:011d}", name, born, gender, member, position, level,
                           "none", "", "", "", rank)  # fmt: skip
                    trainee_id += 1

    report.rows["trainees"] = trainee_writer.write(trainee_rows())

    all_plans: list[TrainingPlan] = []
    ids = {"class": _next_id(TrainingClass), "allotment": _next_id(SeatAllotment), "nomination": _next_id(Nomination)}
    counts_out = {"classes": 0, "allotments": 0, "nominations": 0}

    def make_year(year: int) -> None:
        plans = []
        for p, root in enumerate(roots, start=1):
            plans.append(
                TrainingPlan(
                    year=year,
                    title=f"Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {year} – Tỉnh {p:02d}",
                    issuing_agency_id=root,
                    status=PlanStatus.APPROVED,
                )
            )
        TrainingPlan.objects.bulk_create(plans)
        plans = list(TrainingPlan.objects.filter(issuing_agency_id__in=roots, year=year).order_by("issuing_agency_id"))

        # Classes, their allotments and nominations, province by province.
        class_writer = TableWriter(TrainingClass, ["id", "code", "title", "course_id", "target_id", "mode",
                                                   "location", "country", "start_date", "end_date", "planned_seats",
                                                   "allotted_seats", "taken_seats", "allow_overallotment",
                                                   "organiser_id", "provider_id", "registration_opens",
                                                   "registration_closes", "status"])  # fmt: skip
        allotment_writer = TableWriter(SeatAllotment, ["id", "training_class_id", "agency_id", "seats", "taken_seats",
                                                       "deadline"])  # fmt: skip
        nomination_writer = TableWriter(Nomination, ["id", "trainee_id", "training_class_id", "agency_id",
                                                     "status", "reason", "nominated_at", "decided_at",
                                                     "waitlist_rank"])  # fmt: skip
        class_rows, allotment_rows, nomination_rows = [], [], []
        jan1 = datetime.date(year, 1, 1)

        def flush():
            counts_out["classes"] += class_writer.write(class_rows)
            counts_out["allotments"] += allotment_writer.write(allotment_rows)
            counts_out["nominations"] += nomination_writer.write(nomination_rows)
            class_rows.clear()
            allotment_rows.clear()
            nomination_rows.clear()

        for p, plan in enumerate(plans, start=1):
            province_members = members[p - 1]
            made = {code: [0, 0] for code, _share in CLASS_MIX}  # classes, seats
            for n in range(classes_per_province):
                code = rng.choices([c for c, _s in CLASS_MIX], weights=[s for _c, s in CLASS_MIX])[0]
                class_id = ids["class"]
                ids["class"] += 1
                start = jan1 + datetime.timedelta(days=14 + rng.randrange(340))
                end = start + datetime.timedelta(days=rng.choice((4, 9, 20, 34)))
                closes = start - datetime.timedelta(days=rng.choice((5, 7, 10)))
                opens = closes - datetime.timedelta(days=30)
                seats = max(5, round(seats_mean * rng.uniform(0.6, 1.4)))
                overseas = code == CAT_OVERSEAS
                if overseas:
                    seats = max(5, seats // 4)
                if rng.random() < 0.03:
                    status = ClassStatus.CANCELLED
                elif end < today:
                    status = ClassStatus.FINISHED
                elif start <= today:
                    status = ClassStatus.IN_PROGRESS
                elif closes < today:
                    status = ClassStatus.CLOSED
                elif opens <= today:
                    status = ClassStatus.OPEN
                else:
                    status = ClassStatus.PLANNED
                # Some domestic classes are run by a partner, every overseas one is.
                provider = rng.choice(partners).pk if overseas or rng.random() < 0.02 else None
                organiser = None if overseas else organisers[p - 1]
                made[code][0] += status != ClassStatus.CANCELLED
                made[code][1] += seats if status != ClassStatus.CANCELLED else 0
                chosen = rng.sample(province_members, min(ALLOTMENTS_PER_CLASS, len(province_members)))
                shares = [seats // len(chosen)] * len(chosen)
                shares[0] += seats - sum(shares)
                class_taken = 0
                for agency, share in zip(chosen, shares, strict=True):
                    if share == 0:
                        continue
                    fill = diligence[agency]
                    if status == ClassStatus.PLANNED:
                        fill = 0.0
                    elif status == ClassStatus.OPEN:
                        fill *= rng.uniform(0.2, 0.9)
                    holding = min(share, round(share * fill * rng.uniform(0.8, 1.0)))
                    refused = rng.random() < 0.3  # someone rejected or withdrawn besides
                    people = rng.sample(range(trainees_per_agency), min(trainees_per_agency, holding + refused))
                    taken = 0
                    for k, person in enumerate(people):
                        nominated_at = timezone.make_aware(
                            datetime.datetime.combine(
                                opens + datetime.timedelta(days=rng.randrange(30)), datetime.time(9)
                            ),
                            tz,
                        )
                        if status == ClassStatus.CANCELLED:
                            state, reason = NominationStatus.WITHDRAWN, "Lớp không tổ chức"
                        elif k == holding:  # the extra person
                            state = rng.choice((NominationStatus.REJECTED, NominationStatus.WITHDRAWN))
                            reason = "Không đủ điều kiện" if state == NominationStatus.REJECTED else "Bận công tác"
                        elif status == ClassStatus.FINISHED:
                            state = NominationStatus.COMPLETED if rng.random() < 0.93 else NominationStatus.FAILED
                            reason = ""
                        elif status == ClassStatus.IN_PROGRESS:
                            state, reason = NominationStatus.ATTENDED, ""
                        elif status == ClassStatus.CLOSED:
                            state = NominationStatus.APPROVED if rng.random() < 0.9 else NominationStatus.NOMINATED
                            reason = ""
                        else:
                            state = NominationStatus.APPROVED if rng.random() < 0.4 else NominationStatus.NOMINATED
                            reason = ""
                        decided = (
                            None if state == NominationStatus.NOMINATED else nominated_at + datetime.timedelta(days=3)
                        )
                        taken += state in SEAT_HOLDING_STATUSES
                        nomination_rows.append((ids["nomination"], staff_of[agency] + person, class_id, agency, state,
                                                reason, nominated_at, decided, None))  # fmt: skip
                        ids["nomination"] += 1
                    allotment_rows.append((ids["allotment"], class_id, agency, share, taken, None))
                    ids["allotment"] += 1
                    class_taken += taken
                letter = CLASS_LETTERS[code]
                class_rows.append((class_id, f"{PREFIX}-P{p:02d}-{year}-{letter}-{n + 1:04d}",
                                   f"Lớp {categories[code].name.lower()} số {n + 1}", courses[code].pk, code,
                                   "in_person", "Nước ngoài" if overseas else f"Tỉnh {p:02d}",
                                   "Hàn Quốc" if overseas else "Việt Nam",
                                   start, end, seats, seats, class_taken, False, organiser, provider, opens, closes,
                                   status))  # fmt: skip
            # The plan's targets: what was scheduled, give or take, so that some provinces are behind and some ahead.
            plan_targets = []
            for code, (n_classes, n_seats) in made.items():
                ratio = rng.uniform(0.95, 1.2)
                planned_seats = max(1, round(n_seats * ratio))
                planned_classes = 0 if code == CAT_POSTGRAD else min(planned_seats, round(n_classes * ratio))
                plan_targets.append(
                    PlanTarget(
                        plan=plan,
                        category=categories[code],
                        planned_classes=planned_classes,
                        planned_seats=planned_seats,
                    )
                )
            PlanTarget.objects.bulk_create(plan_targets)
            # The classes were given their category's code where the target id goes: put the id in now.
            target_ids = dict(PlanTarget.objects.filter(plan=plan).values_list("category__code", "pk"))
            for i, row in enumerate(class_rows):
                if isinstance(row[4], str):
                    class_rows[i] = (*row[:4], target_ids[row[4]], *row[5:])
            if len(nomination_rows) > 100_000 or p == len(plans):
                flush()
        all_plans.extend(plans)

    for plan_year in range(year - years + 1, year + 1):
        make_year(plan_year)
    plans = all_plans
    report.rows["plans"] = len(plans)
    report.rows.update(counts_out)
    report.rows["targets"] = PlanTarget.objects.filter(plan__in=plans).count()

    report.rows.update(_records(rng, careers=careers, years=range(year - years + 1, year + 1), today=today, tz=tz))

    # Letters waiting for a reply, some past their deadline: one alert of the dashboard.
    letters = []
    for p, plan in enumerate(plans[-len(roots) :], start=1):
        for k in range(max(1, round(3 * min(scale, 1) ** 0.5))):
            dated = today - datetime.timedelta(days=rng.randrange(5, 60))
            letters.append(
                Correspondence(
                    direction=Direction.INCOMING,
                    dated=dated,
                    received_on=dated,
                    sender_partner=rng.choice(partners),
                    recipient_agency_id=roots[p - 1],
                    subject=f"Đề nghị phối hợp tổ chức khóa bồi dưỡng số {k + 1}",
                    plan=plan,
                    reply_due=dated + datetime.timedelta(days=rng.randrange(10, 40)),
                    status=CorrespondenceStatus.RECEIVED,
                )
            )
    Correspondence.objects.bulk_create(letters)
    report.rows["letters"] = len(letters)

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Agency, Trainee, TrainingClass, SeatAllotment, Nomination, OutsideTraining, PositionChange]
        ):
            cursor.execute(sql)
    return report
