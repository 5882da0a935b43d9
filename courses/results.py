"""Results (kết quả học tập) of a class's nominees: the rules of one result, and the class's results grid saved in one
transaction. The results import (`courses.delivery_excel`) checks each row by the same `result_problems`.

A result has a score out of 10 and/or a grade; with both, the grade must be the score's on the usual scale
(`models.GRADE_SCALE`: Xuất sắc from 9, Giỏi from 8, Khá from 7, Trung bình from 5, Không đạt under 5). A grade
that disagrees is an error, not a warning: it is what the certificate prints, and the institution's sheet is wrong
somewhere, so nothing is saved until it is corrected. A score without a grade is given its grade on the scale.
"""

import decimal
from collections.abc import Iterable, Mapping

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from courses import services
from courses.models import (
    GRID_STATUSES,
    Grade,
    Nomination,
    Result,
    TrainingClass,
    grade_for_score,
)
from courses.refusals import Problem, Refusal, Refused
from training_portal.history import create_with_history

# The fields of a result that staff enter (the grid's columns and the import's), in order.
RESULT_FIELDS = ("score", "grade", "certificate_kind", "certificate_number", "certificate_date", "issued_by")
EMPTY = {"score": None, "grade": "", "certificate_kind": "", "certificate_number": "", "certificate_date": None}


def score_text(score) -> str:
    return f"{score:.2f}".replace(".", ",")


def completed_values(values: Mapping) -> dict:
    """A result's values as stored: every field present, and the grade of a score given without one."""
    done = {**EMPTY, "issued_by": "", **values}
    if done["score"] is not None and not done["grade"]:
        done["grade"] = grade_for_score(done["score"])
    return done


def is_empty(values: Mapping) -> bool:
    return all(values.get(name) in (None, "") for name in RESULT_FIELDS)


def result_problems(values: Mapping) -> list[Problem]:
    """What is wrong with one result as entered (each with the field it is about): a score outside 0–10, a grade
    that disagrees with the score, a certificate number without its kind, date and issuer."""
    problems = []
    score, grade = values.get("score"), values.get("grade") or ""
    if score is not None and not (0 <= score <= 10):
        problems.append(Problem(Refusal.SCORE_OUT_OF_RANGE, field="score"))
    elif score is not None and grade and grade_for_score(score) != grade:
        params = {"grade": Grade(grade).label, "score": score_text(score), "expected": grade_for_score(score).label}
        problems.append(Problem(Refusal.GRADE_DISAGREES, params, field="grade"))
    if values.get("certificate_number") and not (
        values.get("certificate_kind") and values.get("certificate_date") and values.get("issued_by")
    ):
        problems.append(Problem(Refusal.CERTIFICATE_INCOMPLETE, field="certificate_number"))
    return problems


def taken_certificate_numbers(
    wanted: Iterable[tuple[str, str]], *, besides: Iterable[int] = ()
) -> set[tuple[str, str]]:
    """Which (issuer, number) pairs another result already holds, leaving out the results of `besides` nominations
    (those being rewritten). One query per 2,000 numbers."""
    wanted = {(issuer, number) for issuer, number in wanted if number}
    besides = set(besides)
    numbers = sorted({number for _issuer, number in wanted})
    taken = set()
    for start in range(0, len(numbers), 2000):
        rows = Result.objects.filter(certificate_number__in=numbers[start : start + 2000]).values_list(
            "issued_by", "certificate_number", "nomination_id"
        )
        taken |= {(issuer, number) for issuer, number, owner in rows if owner not in besides}
    return taken & wanted


# --- the results grid of a class ----------------------------------------------------------------------------------


def results_grid(training_class: TrainingClass) -> tuple[list[Nomination], dict[int, Result]]:
    """The nominees holding a seat past the nomination (as on the attendance grid), and their results. Two queries."""
    rows = list(
        Nomination.objects.filter(training_class=training_class, status__in=GRID_STATUSES)
        .select_related("trainee", "agency")
        .order_by("trainee__full_name", "pk")
    )
    results = {r.nomination_id: r for r in Result.objects.filter(nomination__in=rows)}
    return rows, results


class GridRefused(Refused):
    """The grid refused as a whole: `problems` maps each nomination id to what is wrong with its row."""

    def __init__(self, problems: dict[int, list[Problem]]):
        first = next(iter(problems.values()))[0]
        super().__init__(first.code, **first.params)
        self.problems = problems


@transaction.atomic
def results_save(*, training_class: TrainingClass, entries: dict[int, dict], by=None, reason: str = "") -> None:
    """Save a class's results grid in one transaction: each nomination id gets its result (a row left empty loses
    it), or nothing is saved when any row is wrong (GridRefused names every row). Holds the class, as every write
    of its attendance and results does."""
    services._lock_class(training_class)
    rows, current = results_grid(training_class)
    on_grid = {n.pk for n in rows}
    if set(entries) - on_grid:
        raise Refused(Refusal.NOT_ON_THE_GRID)
    problems: dict[int, list[Problem]] = {}
    wanted = {}
    for pk, values in entries.items():
        found = result_problems(values)
        if found:
            problems[pk] = found
        elif not is_empty(values):
            wanted[pk] = completed_values(values)
    pairs: dict[tuple[str, str], int] = {}
    for pk, values in wanted.items():
        pair = (values["issued_by"], values["certificate_number"])
        if not pair[1]:
            continue
        if pair in pairs:  # twice on the same grid
            problems.setdefault(pk, []).append(_number_taken(pair))
        pairs.setdefault(pair, pk)
    for pair in taken_certificate_numbers(pairs, besides=wanted):
        problems.setdefault(pairs[pair], []).append(_number_taken(pair))
    if problems:
        raise GridRefused(problems)
    emptied = [current[pk].pk for pk, values in entries.items() if is_empty(values) and pk in current]
    for result in Result.objects.filter(pk__in=emptied):
        result.delete()  # one by one: each deletion keeps its history record; a grid empties few rows
    write_results(wanted, current, by=by, reason=reason)


def _number_taken(pair: tuple[str, str]) -> Problem:
    return Problem(Refusal.CERTIFICATE_NUMBER_TAKEN, {"issuer": pair[0], "number": pair[1]}, field="certificate_number")


def write_results(wanted: dict[int, dict], current: dict[int, Result], *, by=None, reason: str = "") -> None:
    """Create or change the results of these nominations in bulk, each with its history record. A changed result
    frees its old certificate number before any takes it (two rows swapping numbers stay within the constraint)."""
    new = [Result(nomination_id=pk, **values) for pk, values in wanted.items() if pk not in current]
    changed = []
    for pk, values in wanted.items():
        result = current.get(pk)
        if result is None or all(getattr(result, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(result, name, value)
        changed.append(result)
    if changed:
        renumbered = [r.pk for r in changed if r.certificate_number]
        Result.objects.filter(pk__in=renumbered).update(certificate_number="")
        bulk_update_with_history(
            changed, Result, list(RESULT_FIELDS), batch_size=2000, default_user=by, default_change_reason=reason
        )
    if new:
        create_with_history(Result, new, by=by, reason=reason)


def parse_score(value) -> decimal.Decimal | None:
    """A score as typed: "8,5" or "8.5" (or an Excel number); None when empty; ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float | int):
        number = decimal.Decimal(str(value))
    else:
        try:
            number = decimal.Decimal(str(value).strip().replace(",", "."))
        except decimal.InvalidOperation as exc:
            raise ValueError(value) from exc
    if not number.is_finite() or abs(number) >= 1000:
        raise ValueError(value)
    return number.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
