"""The institution's attendance sheet and result sheet, imported through the staff import engine (all or nothing,
row-level errors, the marked error file, the confirmation step), and the per-class sheets to fill in.

**Attendance sheet** (bảng điểm danh), one row per person and class:

    Mã lớp | Số định danh cá nhân | Họ và tên | 02/06/2025 Sáng | 02/06/2025 Chiều | 03/06/2025 Sáng | …

A session column is headed by its date (dd/mm/yyyy) and its half-day (Sáng or Chiều; S/C, AM/PM and the English
words are read too). A cell holds the mark: C (có mặt, also "x" or the words "Có mặt"), P (vắng có phép, or the
words) or K (vắng không phép, also "V", "KP" or the words); an empty cell changes nothing. The name is there for
the eye and is not read. The class's own sheet, with its people and sessions and the marks already entered, is
downloaded from its attendance grid; the import's template is a blank example.

**Result sheet** (bảng kết quả học tập), one row per person and class: class code, ID number, name (not read),
score (0–10, "8,5"), grade (Xuất sắc, Giỏi, Khá, Trung bình, Không đạt), certificate kind (Chứng chỉ, Giấy chứng
nhận), number, date and issuing institution. A grade that disagrees with the score on the usual scale is an error
(see `courses.results`).

A row is refused, and so the whole file, for an unknown class code, an ID number nobody has, a person without an
approved seat in the class, a session the class does not have, an unknown mark, or a wrong result.
"""

import datetime
import io
import re
from collections import defaultdict
from dataclasses import replace

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from courses import services
from courses.models import (
    GRID_STATUSES,
    Attendance,
    AttendanceStatus,
    CertificateKind,
    ClassSession,
    Grade,
    HalfDay,
    Nomination,
    Result,
    Trainee,
    TrainingClass,
)
from courses.refusals import Refusal, message
from courses.resources import class_lookup, in_chunks, parse_personal_id, personal_id_column
from courses.results import (
    RESULT_FIELDS,
    completed_values,
    is_empty,
    parse_score,
    result_problems,
    results_grid,
    score_text,
)
from courses.results import taken_certificate_numbers as taken_numbers
from plans.models import ImportKind
from training_portal import importing, locking
from training_portal.importing import Change, ImportPlan, RowProblem, labels_of
from training_portal.names import file_name
from training_portal.spreadsheets import (
    SHEET_LANGUAGE,
    XLSX_MIMETYPE,
    Column,
    clean_text,
    date_column,
    fold,
    format_date,
    parse_date,
    template_workbook,
)

# The marks a cell may hold, folded: the codes of the usual paper sheet and the words in both languages.
MARK_CODES = {
    "c": AttendanceStatus.PRESENT,
    "x": AttendanceStatus.PRESENT,
    "co": AttendanceStatus.PRESENT,
    "co mat": AttendanceStatus.PRESENT,
    "p": AttendanceStatus.EXCUSED,
    "cp": AttendanceStatus.EXCUSED,
    "vang co phep": AttendanceStatus.EXCUSED,
    "k": AttendanceStatus.ABSENT,
    "v": AttendanceStatus.ABSENT,
    "kp": AttendanceStatus.ABSENT,
    "vang": AttendanceStatus.ABSENT,
    "vang khong phep": AttendanceStatus.ABSENT,
}
MARK_OF_STATUS = {AttendanceStatus.PRESENT: "C", AttendanceStatus.EXCUSED: "P", AttendanceStatus.ABSENT: "K"}
HALF_DAYS = {
    "sang": HalfDay.MORNING,
    "s": HalfDay.MORNING,
    "am": HalfDay.MORNING,
    "morning": HalfDay.MORNING,
    "buoi sang": HalfDay.MORNING,
    "chieu": HalfDay.AFTERNOON,
    "c": HalfDay.AFTERNOON,
    "pm": HalfDay.AFTERNOON,
    "afternoon": HalfDay.AFTERNOON,
    "buoi chieu": HalfDay.AFTERNOON,
}
SESSION_HEADER = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s*[-–(]?\s*([^)]+?)\)?$")
# Grades and certificate kinds as the institutions write them, besides the labels in each language.
GRADE_WORDS = {
    "xuat sac": Grade.EXCELLENT,
    "gioi": Grade.VERY_GOOD,
    "kha": Grade.GOOD,
    "trung binh": Grade.AVERAGE,
    "khong dat": Grade.FAIL,
}
CERTIFICATE_WORDS = {"chung chi": CertificateKind.CERTIFICATE, "giay chung nhan": CertificateKind.ATTESTATION}


def parse_mark(value) -> str:
    """An attendance mark as typed; '' for an empty cell; RowProblem for anything else."""
    folded = fold(value)
    if not folded:
        return ""
    try:
        return MARK_CODES[folded]
    except KeyError:
        raise RowProblem(message(Refusal.UNKNOWN_MARK)) from None


def parse_session_header(header) -> tuple | None:
    """(date, half-day) of a session column's header ("02/06/2025 Sáng"), or None when it is not one."""
    match = SESSION_HEADER.match(clean_text(header))
    if not match:
        return None
    half = HALF_DAYS.get(fold(match.group(2)))
    if half is None:
        return None
    try:
        return parse_date(match.group(1)), half
    except ValueError:
        return None


def session_header(day, half_day) -> str:
    """A session column's header in the sheet's language: "02/06/2025 Sáng"."""
    with translation.override(SHEET_LANGUAGE):
        return f"{format_date(day)} {HalfDay(half_day).label}"


def class_code_column(name: str) -> Column:
    return Column(name, gettext_lazy("Class code"), gettext_lazy("Required."), True, 16)


def name_column(name: str) -> Column:
    return Column(name, gettext_lazy("Full name"), gettext_lazy("For the eye: not read."), width=26)


def _people(ids) -> set[str]:
    known = set()
    for chunk in in_chunks(sorted(ids)):
        known.update(Trainee.objects.filter(personal_id__in=chunk).values_list("personal_id", flat=True))
    return known


def _seats(class_ids, ids) -> dict[tuple[int, str], int]:
    """(class id, ID number) → the nomination holding an approved seat (the grid's statuses)."""
    found = {}
    for chunk in in_chunks(sorted(ids)):
        rows = Nomination.objects.filter(
            training_class_id__in=class_ids, trainee__personal_id__in=chunk, status__in=GRID_STATUSES
        ).values_list("training_class_id", "trainee__personal_id", "pk")
        found.update({(class_id, personal_id): pk for class_id, personal_id, pk in rows})
    return found


def _ids_in(table, name) -> set[str]:
    ids = set()
    for _number, values in table.rows:
        try:
            ids.add(parse_personal_id(values.get(name)))
        except RowProblem:
            continue
    return ids


def _lock_classes_of(nomination_ids) -> None:
    """Hold the classes of these nominations until the commit: every write of a class's attendance and results does
    (attendance_save, results_save), so the rows compared below do not change before the import writes."""
    class_ids = set()
    for chunk in in_chunks(sorted(nomination_ids)):
        class_ids.update(Nomination.objects.filter(pk__in=chunk).values_list("training_class_id", flat=True))
    locking.lock(TrainingClass, sorted(class_ids), values=())


def _on_grid(nomination_ids) -> set[int]:
    on = set()
    for chunk in in_chunks(sorted(nomination_ids)):
        on.update(Nomination.objects.filter(pk__in=chunk, status__in=GRID_STATUSES).values_list("pk", flat=True))
    return on


# --- attendance ----------------------------------------------------------------------------------------------------


class AttendanceImporter(importing.Importer):
    """The institution's attendance sheet: one row per person and class, one column per session (see the module).

    A plan's change is one row of the file: `values["marks"]` maps each session to its mark, `before` the marks it
    replaces. A row whose marks are all new counts as created, one that changes a mark as updated."""

    kind = ImportKind.ATTENDANCE
    model = Attendance
    key = ("nomination_id",)
    title = gettext_lazy("Attendance (the institution's sheet)")
    sheet_title = gettext_lazy("Attendance")
    filename = "mau-diem-danh"
    intro = (
        gettext_lazy("One row per person: the class code, the ID number, then one column per session."),
        gettext_lazy(
            "A session column is headed by its date and half-day, e.g. “02/06/2025 Sáng” or “02/06/2025 Chiều”."
        ),
        gettext_lazy(
            "Marks: C = present (also x), P = excused absence, K = absent without leave (also V); an empty cell "
            "changes nothing."
        ),
        gettext_lazy("Download the sheet of a class, with its people and sessions, from its attendance grid."),
    )
    examples = {"class_code": "2025-QLNN-01", "personal_id": "020190001234", "full_name": "Hoàng Thị Lan"}

    def columns(self):
        return [class_code_column("class_code"), personal_id_column(width=18), name_column("full_name")]

    def read(self, uploaded):
        table = super().read(uploaded)
        # Session columns are the class's, so not in the fixed columns: every header that reads as a date and a
        # half-day is one; any other unknown header is still refused by the engine (its data would be lost).
        self.sessions = {}
        fixed = set(table.positions.values())
        for index, header in enumerate(table.headers):
            parsed = parse_session_header(header)
            if parsed and index not in fixed:
                self.sessions[index] = (header, *parsed)
        session_headers = {header for header, *_rest in self.sessions.values()}
        table.unknown = [(h, guess) for h, guess in table.unknown if h not in session_headers]
        return table

    def check(self, table):
        plan = ImportPlan(kind=self.kind, checksum=table.checksum, rows=len(table.rows))
        plan.errors += table.header_errors()
        headers = {name: table.headers[index] for name, index in table.positions.items()}

        def report(row, column, value, reason):
            plan.errors.append(importing.RowError(row=row, column=column, value=clean_text(value), reason=str(reason)))

        classes = class_lookup().parser()
        codes = dict(TrainingClass.objects.values_list("pk", "code"))
        ids = _ids_in(table, "personal_id")
        class_ids = set()
        for _number, values in table.rows:
            try:
                class_ids.add(classes(values.get("class_code")))
            except RowProblem:
                continue
        known, seats = _people(ids), _seats(class_ids, ids)
        sessions = {
            (class_id, day, half): pk
            for pk, class_id, day, half in ClassSession.objects.filter(training_class_id__in=class_ids).values_list(
                "pk", "training_class_id", "date", "half_day"
            )
        }
        marks = defaultdict(dict)
        for chunk in in_chunks(sorted(seats.values())):
            for nomination_id, session_id, status in Attendance.objects.filter(nomination_id__in=chunk).values_list(
                "nomination_id", "session_id", "status"
            ):
                marks[nomination_id][session_id] = status
        seen: dict[int, int] = {}
        for (number, values), raw in zip(table.rows, table.raw, strict=True):
            try:
                class_id = classes(values.get("class_code"))
            except RowProblem as exc:
                report(number, headers["class_code"], values.get("class_code"), exc)
                continue
            try:
                personal_id = parse_personal_id(values.get("personal_id"))
            except RowProblem as exc:
                report(number, headers["personal_id"], values.get("personal_id"), exc)
                continue
            nomination_id = seats.get((class_id, personal_id))
            if nomination_id is None:
                reason = (
                    message(Refusal.NOT_ON_THE_CLASS, code=codes[class_id])
                    if personal_id in known
                    else message(Refusal.UNKNOWN_PERSON)
                )
                report(number, headers["personal_id"], personal_id, reason)
                continue
            if nomination_id in seen:
                reason = _("The same row is already in the file, on row %(row)s.") % {"row": seen[nomination_id]}
                report(number, headers["personal_id"], personal_id, reason)
                continue
            seen[nomination_id] = number
            new, before, changed, ok = {}, {}, [], True
            for index, (header, day, half) in self.sessions.items():
                cell = raw[index] if index < len(raw) else None
                try:
                    mark = parse_mark(cell)
                except RowProblem as exc:
                    report(number, header, cell, exc)
                    ok = False
                    continue
                if not mark:
                    continue
                session_id = sessions.get((class_id, day, half))
                if session_id is None:
                    reason = message(
                        Refusal.SESSION_NOT_OF_THE_CLASS,
                        code=codes[class_id],
                        session=session_header(day, half),
                    )
                    report(number, header, cell, reason)
                    ok = False
                    continue
                stored = marks[nomination_id].get(session_id, "")
                if stored != mark:
                    new[str(session_id)] = mark
                    before[str(session_id)] = stored
                    changed.append(header)
            if not ok:
                continue
            if not new:
                plan.unchanged += 1
                continue
            change = Change(
                row=number,
                key=(nomination_id,),
                values={"marks": new, "training_class_id": class_id},
                pk=nomination_id,
                before={"marks": before},
                labels=(codes[class_id], personal_id, clean_text(values.get("full_name"))),
                changed=tuple(changed),  # the sessions whose marks the row sets, for the preview
            )
            (plan.updates if any(before.values()) else plan.creates).append(change)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()
        plan.errors.sort(key=lambda e: e.row)
        return plan

    def recheck(self, plan):
        changes = plan.creates + plan.updates
        nomination_ids = {c.key[0] for c in changes}
        _lock_classes_of(nomination_ids)
        on_grid = _on_grid(nomination_ids)
        session_ids = {int(s) for c in changes for s in c.values["marks"]}
        existing_sessions = set()
        for chunk in in_chunks(sorted(session_ids)):
            existing_sessions.update(ClassSession.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        stored = defaultdict(dict)
        for chunk in in_chunks(sorted(nomination_ids)):
            for nomination_id, session_id, status in Attendance.objects.filter(nomination_id__in=chunk).values_list(
                "nomination_id", "session_id", "status"
            ):
                stored[nomination_id][str(session_id)] = status
        refused = []
        for change in changes:
            nomination_id = change.key[0]
            if nomination_id not in on_grid:
                refused.append((change, _("It was changed by someone else since the check.")))
            elif any(int(s) not in existing_sessions for s in change.values["marks"]):
                refused.append((change, _("It was deleted by someone else since the check.")))
            elif any(stored[nomination_id].get(s, "") != old for s, old in change.before["marks"].items()):
                refused.append((change, _("It was changed by someone else since the check.")))
        return refused

    def write(self, plan, *, by, reason):
        Attendance.objects.bulk_create(
            [
                Attendance(nomination_id=change.key[0], session_id=int(session_id), status=status)
                for change in plan.creates + plan.updates
                for session_id, status in change.values["marks"].items()
            ],
            batch_size=importing.BATCH,
            update_conflicts=True,
            unique_fields=["nomination", "session"],
            update_fields=["status"],
        )

    def template(self):
        """The blank template, with two example session columns (a class's own sheet comes from its grid)."""
        day = datetime.date(2025, 6, 2)
        sessions = [(session_header(day, HalfDay.MORNING), "C"), (session_header(day, HalfDay.AFTERNOON), "P")]
        columns = [replace(c, example=self.examples.get(c.name, c.example)) for c in self.columns()]
        columns += [
            Column(f"s{i}", header, gettext_lazy("C, P or K."), width=11, example=mark)
            for i, (header, mark) in enumerate(sessions)
        ]
        data = template_workbook(title=self.title, sheet_title=self.sheet_title, columns=columns, intro=self.intro)
        return f"{self.filename}.xlsx", data


def attendance_sheet(training_class: TrainingClass) -> tuple[str, str, bytes]:
    """The class's own attendance sheet: its people (holding an approved seat), its sessions as columns, and the
    marks already entered, ready to fill in and import back."""
    rows, sessions, marks = services.attendance_grid(training_class)
    importer = AttendanceImporter()
    with translation.override(SHEET_LANGUAGE):
        columns = importer.columns() + [
            Column(f"s{s.pk}", session_header(s.date, s.half_day), s.topic, width=11) for s in sessions
        ]
        data = template_workbook(
            title=_("Attendance of the class %(code)s") % {"code": training_class.code},
            sheet_title=_("Attendance"),
            columns=columns,
            intro=[training_class.title, *importer.intro[1:3]],
        )
    lines = [
        [training_class.code, n.trainee.personal_id, n.trainee.full_name]
        + [MARK_OF_STATUS.get(marks.get((n.pk, s.pk)), "") for s in sessions]
        for n in rows
    ]
    return file_name("diem danh", training_class.code, extension="xlsx"), XLSX_MIMETYPE, filled(data, lines)


def filled(template: bytes, lines: list[list]) -> bytes:
    """A template with rows already on its sheet to fill in (the second sheet: the instructions come first)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[1]
    for number, line in enumerate(lines, start=2):
        for column, value in enumerate(line, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- results -------------------------------------------------------------------------------------------------------


class ResultImporter(importing.Importer):
    """The institution's result sheet, matched by ID number and class code (see the module)."""

    kind = ImportKind.RESULTS
    model = Result
    key = ("nomination_id",)
    title = gettext_lazy("Results (the institution's sheet)")
    sheet_title = gettext_lazy("Results")
    filename = "mau-ket-qua-hoc-tap"
    intro = (
        gettext_lazy("One row per person and class: the class code and the ID number find the nomination."),
        gettext_lazy(
            "A score is out of 10 (e.g. 8,5); a grade given with it must match it on the usual scale: Xuất sắc from 9, "
            "Giỏi from 8, Khá from 7, Trung bình from 5, Không đạt under 5. A score alone gets its grade."
        ),
        gettext_lazy("A certificate number needs its kind, its date and the issuing institution."),
    )
    examples = {
        "nomination__training_class__code": "2025-QLNN-01",
        "nomination__trainee__personal_id": "020190001234",
        "nomination__trainee__full_name": "Hoàng Thị Lan",
        "score": "8,5",
        "grade": "Giỏi",
        "certificate_kind": "Chứng chỉ",
        "certificate_number": "CC-2025-0123",
        "certificate_date": "30/06/2025",
        "issued_by": "Trường Chính trị Hoàng Văn Thụ",
    }
    extra_fields = ("nomination_id",)

    def columns(self):
        return [
            class_code_column("nomination__training_class__code"),
            personal_id_column("nomination__trainee__personal_id", width=18),
            name_column("nomination__trainee__full_name"),
            Column("score", gettext_lazy("Score"), gettext_lazy("From 0 to 10, e.g. 8,5."), width=8),
            Column(
                "grade",
                gettext_lazy("Grade"),
                gettext_lazy("Choose from the list; left empty, a score's grade."),
                width=12,
                choices=labels_of(Grade),
            ),
            Column(
                "certificate_kind",
                gettext_lazy("Certificate kind"),
                gettext_lazy("Choose from the list."),
                width=18,
                choices=labels_of(CertificateKind),
            ),
            Column("certificate_number", gettext_lazy("Certificate number"), "", width=16, number_format="@"),
            date_column("certificate_date", gettext_lazy("Certificate date")),
            Column("issued_by", gettext_lazy("Issuing institution"), "", width=28),
        ]

    def prepare(self, table):
        self.classes = class_lookup()
        self.codes = dict(TrainingClass.objects.values_list("pk", "code"))
        class_parse = self.classes.parser()
        class_ids = set()
        for _number, values in table.rows:
            try:
                class_ids.add(class_parse(values.get("nomination__training_class__code")))
            except RowProblem:
                continue
        ids = _ids_in(table, "nomination__trainee__personal_id")
        self.known, self.seats = _people(ids), _seats(class_ids, ids)
        self.blank_rows = 0

    def parsers(self):
        field = Result._meta.get_field
        grades = importing.choice(Grade.choices, required=False, default="")
        kinds = importing.choice(CertificateKind.choices, required=False, default="")

        def grade(value):
            return GRADE_WORDS.get(fold(value)) or grades(value)

        def kind(value):
            return CERTIFICATE_WORDS.get(fold(value)) or kinds(value)

        def score(value):
            try:
                return parse_score(value)
            except ValueError:
                raise RowProblem(message(Refusal.SCORE_OUT_OF_RANGE)) from None

        return {
            "nomination__training_class__code": self.classes.parser(),
            "nomination__trainee__personal_id": parse_personal_id,
            "score": score,
            "grade": grade,
            "certificate_kind": kind,
            "certificate_number": importing.text(field("certificate_number").max_length),
            "certificate_date": importing.date(),
            "issued_by": importing.text(field("issued_by").max_length),
        }

    def clean_row(self, number, values, raw, report):
        if is_empty(values):  # a person the institution gave nothing (yet): the row changes nothing
            self.blank_rows += 1
            return False
        class_id = values["nomination__training_class__code"]
        personal_id = values["nomination__trainee__personal_id"]
        nomination_id = self.seats.get((class_id, personal_id))
        if nomination_id is None:
            reason = (
                message(Refusal.NOT_ON_THE_CLASS, code=self.codes[class_id])
                if personal_id in self.known
                else message(Refusal.UNKNOWN_PERSON)
            )
            report(number, "nomination__trainee__personal_id", personal_id, reason)
            return False
        values["nomination__training_class__code"] = self.codes[class_id]
        values["nomination_id"] = nomination_id
        return True

    def _match(self, keys):
        found = {}
        for chunk in in_chunks(sorted(k[0] for k in keys)):
            for row in Result.objects.filter(nomination_id__in=chunk).values("pk", "nomination_id", *RESULT_FIELDS):
                found[(row["nomination_id"],)] = row
        return found

    def existing(self, keys, *, lock=False):
        if lock:
            _lock_classes_of({k[0] for k in keys})
        return self._match(keys)

    def result_rules(self, plan, existing) -> list[tuple[Change, str, str, str]]:
        """Every change whose result, as it would be stored, breaks a rule: (change, column, value, reason)."""
        broken = []
        merged_of = {}
        for change in plan.creates + plan.updates:
            stored = existing.get(change.key, {})
            merged = {name: stored.get(name) for name in RESULT_FIELDS if name in stored}
            merged.update({k: v for k, v in change.values.items() if k in RESULT_FIELDS})
            for problem in result_problems(merged):
                broken.append((change, problem.field, merged.get(problem.field), problem.message))
            merged_of[change.key] = completed_values(merged)
        pairs = {}
        for change in plan.creates + plan.updates:
            values = merged_of[change.key]
            pair = (values["issued_by"], values["certificate_number"])
            if not pair[1]:
                continue
            if pair in pairs:
                broken.append((change, "certificate_number", pair[1], self._taken(pair)))
            pairs.setdefault(pair, change)
        for pair in taken_numbers(pairs, besides=[k[0] for k in merged_of]):
            broken.append((pairs[pair], "certificate_number", pair[1], self._taken(pair)))
        return broken, merged_of

    @staticmethod
    def _taken(pair) -> str:
        return message(Refusal.CERTIFICATE_NUMBER_TAKEN, issuer=pair[0], number=pair[1])

    def check_whole(self, plan, existing, report):
        plan.unchanged += self.blank_rows
        broken, merged_of = self.result_rules(plan, existing)
        for change, column, value, reason in broken:
            report(change.row, column, value, reason)
        if plan.errors:
            plan.creates.clear()
            plan.updates.clear()
            return
        for change in plan.creates + plan.updates:  # a score given alone gets its grade
            grade = merged_of[change.key]["grade"]
            current = existing.get(change.key, {})
            if grade and current.get("grade", "") != grade and change.values.get("grade") != grade:
                change.values["grade"] = grade
                if change.before is not None:
                    change.before["grade"] = current.get("grade", "")

    def recheck(self, plan):
        refused, current = self.verify(plan)  # the classes locked, the results as they are now
        on_grid = _on_grid({c.key[0] for c in plan.creates + plan.updates})
        refused += [
            (c, _("It was changed by someone else since the check."))
            for c in plan.creates + plan.updates
            if c.key[0] not in on_grid
        ]
        broken, _merged = self.result_rules(plan, current)
        refused += [(change, reason) for change, _column, _value, reason in broken]
        return refused


IMPORTERS = {ImportKind.ATTENDANCE.value: AttendanceImporter, ImportKind.RESULTS.value: ResultImporter}


def results_sheet(training_class: TrainingClass) -> tuple[str, str, bytes]:
    """The class's own result sheet: its people and the results already entered, to fill in and import back."""
    rows, results = results_grid(training_class)
    importer = ResultImporter()
    columns = [replace(c, example=importer.examples.get(c.name, c.example)) for c in importer.columns()]
    with translation.override(SHEET_LANGUAGE):
        data = template_workbook(
            title=_("Results of the class %(code)s") % {"code": training_class.code},
            sheet_title=importer.sheet_title,
            columns=columns,
            intro=[training_class.title, *importer.intro[1:]],
        )
        lines = []
        for nomination in rows:
            result = results.get(nomination.pk)
            line = [training_class.code, nomination.trainee.personal_id, nomination.trainee.full_name]
            if result is not None:
                line += [
                    score_text(result.score) if result.score is not None else "",
                    result.get_grade_display() if result.grade else "",
                    result.get_certificate_kind_display() if result.certificate_kind else "",
                    result.certificate_number,
                    format_date(result.certificate_date),
                    result.issued_by,
                ]
            lines.append(line)
    return file_name("ket qua hoc tap", training_class.code, extension="xlsx"), XLSX_MIMETYPE, filled(data, lines)
