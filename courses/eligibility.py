"""Who may be sent: the rules of Decree 171/2025/NĐ-CP as data (`EligibilityRule`), checked with a person's facts.

One rule set for every door: a nomination from the portal or the console (`services.nomination_submit`, a batch
of one), a staff batch and every import (`services.nomination_batch_problems`), the portal's list of candidates
(`selectors.candidates_for`), the overseas candidate list, and a proposal for a postgraduate place (`check`, which
needs no class). A rule answers with `Problem`s whose codes and words are in `courses.refusals`; the class's target
groups and ranks stay `eligibility_problems`' and are composed here, so that one exception model lifts any of them.

Reading for many people is a fixed number of queries (`load`): the rules, the people's ratings, their exceptions and
the seats they hold, whatever the number of people.
"""

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from courses.eligibility_models import RATING_ORDER
from courses.models import (
    SEAT_HOLDING_STATUSES,
    EligibilityOverride,
    EligibilityRule,
    LanguageLevel,
    LeadershipLevel,
    Nomination,
    OverridableRule,
    ProposalKind,
    Rating,
    RuleKind,
    Trainee,
    TrainingClass,
    YearlyRating,
    eligibility_problems,
)
from courses.refusals import Problem, Refusal
from courses.retirement import add_months, retirement_date
from plans.models import CategoryKind
from training_portal.spreadsheets import format_date

LEADERSHIP_ORDER = {
    LeadershipLevel.NONE: 0,
    LeadershipLevel.DIVISION: 1,
    LeadershipLevel.DEPARTMENT: 2,
    LeadershipLevel.PROVINCE: 3,
}

# Which rule (and so which exception) each refusal of eligibility belongs to.
RULE_OF: dict[Refusal, str] = {
    Refusal.AGE_ABOVE_LIMIT: OverridableRule.MAX_AGE,
    Refusal.SERVICE_TOO_SHORT: OverridableRule.MIN_SERVICE,
    Refusal.SERVICE_START_UNKNOWN: OverridableRule.MIN_SERVICE,
    Refusal.SERVICE_LEFT_TOO_SHORT: OverridableRule.SERVICE_LEFT,
    Refusal.RATING_MISSING: OverridableRule.RATING,
    Refusal.RATING_TOO_LOW: OverridableRule.RATING,
    Refusal.LANGUAGE_NOT_RECORDED: OverridableRule.LANGUAGE,
    Refusal.LANGUAGE_TOO_LOW: OverridableRule.LANGUAGE,
    Refusal.LEADERSHIP_TOO_LOW: OverridableRule.LEADERSHIP,
    Refusal.FIELD_NOT_RECORDED: OverridableRule.FIELD,
    Refusal.FIELD_NOT_MATCHING: OverridableRule.FIELD,
    Refusal.OVERLAPPING_CLASS: OverridableRule.OVERLAP,
    Refusal.NOT_TARGET_GROUP: OverridableRule.TARGET_GROUP,
    Refusal.RANK_NOT_ELIGIBLE: OverridableRule.RANK,
}
FACT_FIELDS = (
    "date_of_birth",
    "gender",
    "service_start_date",
    "language_level",
    "leadership_level",
    "study_fields",
)


@dataclass(frozen=True)
class Facts:
    """What the rules read of a person (the trainee's row, as locked when it is)."""

    date_of_birth: datetime.date
    gender: str
    service_start_date: datetime.date | None = None
    language_level: int | None = None
    leadership_level: str = LeadershipLevel.NONE
    study_fields: str = ""

    @classmethod
    def of(cls, trainee: Trainee) -> "Facts":
        return cls(*(getattr(trainee, name) for name in FACT_FIELDS))


@dataclass(frozen=True)
class Proposal:
    """What a person is nominated or proposed for: a class, or a postgraduate place (no class)."""

    kind: str
    start: datetime.date
    end: datetime.date | None = None
    language_level: int | None = None  # the course's, when it needs one
    field_of_study: str = ""
    class_id: int | None = None
    first_postgraduate: bool = True

    @property
    def days(self) -> int | None:
        return (self.end - self.start).days + 1 if self.end else None


@dataclass(frozen=True)
class Rule:
    """A rule in force, as read from `EligibilityRule`."""

    rule: str
    applies_to: str
    number: int | None
    level: str
    min_days: int | None
    max_days: int | None
    basis: str

    def fits(self, proposal: Proposal) -> bool:
        days = proposal.days
        if days is None:  # a length not known yet: the rule for the longest courses holds
            return self.max_days is None
        return (self.min_days is None or days >= self.min_days) and (self.max_days is None or days <= self.max_days)


@dataclass(frozen=True)
class Seat:
    """A seat a person holds in a class (a nomination in a seat-holding status), with the class's dates."""

    class_id: int
    code: str
    title: str
    start: datetime.date
    end: datetime.date


@dataclass
class Context:
    """Everything the rules read beyond a person's row, for a set of people: loaded by `load` in fixed queries.

    Staff's exceptions are read once, for all the people, the first time a refusal needs them (most need none).
    """

    rules: dict[str, list[Rule]] = field(default_factory=dict)
    ratings: dict[int, dict[int, str]] = field(default_factory=dict)
    seats: dict[int, list[Seat]] = field(default_factory=dict)
    trainee_ids: list[int] = field(default_factory=list)
    overrides: dict[int, list[tuple[str, int | None, str]]] | None = None

    def lifted(self, trainee_id: int, proposal: Proposal) -> set[str]:
        """The rules staff lifted for this person and this proposal (its class, or its kind when no class)."""
        if self.overrides is None:
            self.overrides = {}
            for chunk in _chunks(self.trainee_ids or [trainee_id]):
                rows = EligibilityOverride.objects.filter(trainee_id__in=chunk)
                for pk, rule, class_id, kind in rows.values_list(
                    "trainee_id", "rule", "training_class_id", "applies_to"
                ):
                    self.overrides.setdefault(pk, []).append((rule, class_id, kind))
        return {
            rule
            for rule, class_id, kind in self.overrides.get(trainee_id, ())
            if (class_id is not None and class_id == proposal.class_id) or (class_id is None and kind == proposal.kind)
        }


def _chunks(values: list, size: int = 2000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def active_rules() -> dict[str, list[Rule]]:
    """The rules in force, by the kind of training they apply to (one query)."""
    rules: dict[str, list[Rule]] = defaultdict(list)
    for row in EligibilityRule.objects.filter(active=True).order_by("pk"):
        rules[row.applies_to].append(
            Rule(row.rule, row.applies_to, row.number, row.level, row.min_days, row.max_days, row.legal_basis)
        )
    return dict(rules)


def load(
    trainee_ids: Iterable[int],
    *,
    seats: bool = True,
    kinds: Collection[str] | None = None,
    rules: dict[str, list[Rule]] | None = None,
) -> Context:
    """The rules, and these people's ratings (when a rule reads them) and (with `seats`) the seats they hold: three
    queries a chunk of people at most; their exceptions follow when a refusal needs them (`Context.lifted`)."""
    ids = sorted(set(trainee_ids))
    context = Context(rules=active_rules() if rules is None else rules, trainee_ids=ids)
    needs_ratings = any(
        rule.rule == RuleKind.RATING
        for kind, rules in context.rules.items()
        if kinds is None or kind in kinds
        for rule in rules
    )
    for chunk in _chunks(ids):
        if needs_ratings:
            ratings = YearlyRating.objects.filter(trainee_id__in=chunk).values_list("trainee_id", "year", "rating")
            for trainee_id, year, rating in ratings:
                context.ratings.setdefault(trainee_id, {})[year] = rating
        if seats:
            held = Nomination.objects.filter(trainee_id__in=chunk, status__in=SEAT_HOLDING_STATUSES).values_list(
                "trainee_id",
                "training_class_id",
                "training_class__code",
                "training_class__title",
                "training_class__start_date",
                "training_class__end_date",
            )
            for trainee_id, *seat in held:
                context.seats.setdefault(trainee_id, []).append(Seat(*seat))
    return context


# --- the kind of a class ------------------------------------------------------------------------


def kind_of(category_kind: str | None, is_overseas: bool, country: str) -> str:
    """A class of a degree (postgraduate) category is postgraduate; one abroad (category or country) is overseas."""
    if category_kind == CategoryKind.DEGREE:
        return ProposalKind.POSTGRADUATE
    if is_overseas or (country and country.strip().casefold() not in ("việt nam", "viet nam", "vietnam")):
        return ProposalKind.OVERSEAS
    return ProposalKind.DOMESTIC


def class_proposals(class_ids: Iterable[int]) -> dict[int, Proposal]:
    """What nominating someone to each class proposes (kind, dates, the course's language level): one query."""
    proposals = {}
    for chunk in _chunks(sorted(set(class_ids))):
        rows = TrainingClass.objects.filter(pk__in=chunk).values_list(
            "pk",
            "start_date",
            "end_date",
            "country",
            "target__category__kind",
            "target__category__is_overseas",
            "course__required_language_level",
        )
        for pk, start, end, country, category_kind, overseas, language in rows:
            proposals[pk] = Proposal(
                kind=kind_of(category_kind, overseas, country),
                start=start,
                end=end,
                language_level=language,
                class_id=pk,
            )
    return proposals


def proposal_of(training_class: TrainingClass) -> Proposal | None:
    """What nominating someone to this class proposes: from the row itself when its target's category and its
    course were read with it (`select_related("target__category", "course")`, as the portal's POSTs read it), with
    no query; else one query (`class_proposals`). The dates are the row's: a caller holding a lock reads them there."""
    cache = training_class._state.fields_cache
    if "target" in cache and "course" in cache and "category" in cache["target"]._state.fields_cache:
        category = training_class.target.category
        return Proposal(
            kind=kind_of(category.kind, category.is_overseas, training_class.country),
            start=training_class.start_date,
            end=training_class.end_date,
            language_level=training_class.course.required_language_level,
            class_id=training_class.pk,
        )
    return class_proposals([training_class.pk]).get(training_class.pk)


# --- the rules ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip().casefold()


def _years(number: int) -> int:
    return number * 12


def rule_problems(facts: Facts, proposal: Proposal, rules: Sequence[Rule], ratings: dict[int, str]) -> list[Problem]:
    """The refusals of the data rules for one person and one proposal; pure (no query)."""
    problems = []
    start = proposal.start
    for rule in rules:
        if not rule.fits(proposal):
            continue
        basis = rule.basis
        if rule.rule == RuleKind.MAX_AGE:
            if proposal.first_postgraduate and start > add_months(facts.date_of_birth, _years(rule.number)):
                problems.append(
                    Problem(
                        Refusal.AGE_ABOVE_LIMIT,
                        {
                            "born": format_date(facts.date_of_birth),
                            "maximum": rule.number,
                            "start": format_date(start),
                            "basis": basis,
                        },
                        "trainee_id",
                    )
                )
        elif rule.rule == RuleKind.MIN_SERVICE:
            if facts.service_start_date is None:
                problems.append(
                    Problem(Refusal.SERVICE_START_UNKNOWN, {"years": rule.number, "basis": basis}, "trainee_id")
                )
            elif add_months(facts.service_start_date, _years(rule.number)) > start:
                params = {
                    "since": format_date(facts.service_start_date),
                    "years": rule.number,
                    "start": format_date(start),
                    "basis": basis,
                }
                problems.append(Problem(Refusal.SERVICE_TOO_SHORT, params, "trainee_id"))
        elif rule.rule == RuleKind.SERVICE_LEFT:
            retires = retirement_date(facts.date_of_birth, facts.gender)
            if add_months(start, rule.number) > retires:
                params = {
                    "retires": format_date(retires),
                    "months": rule.number,
                    "start": format_date(start),
                    "basis": basis,
                }
                problems.append(Problem(Refusal.SERVICE_LEFT_TOO_SHORT, params, "trainee_id"))
        elif rule.rule == RuleKind.RATING:
            lowest = RATING_ORDER.get(Rating(rule.level), 0) if rule.level in Rating.values else 0
            level = Rating(rule.level).label if rule.level in Rating.values else rule.level
            for year in range(start.year - 1, start.year - 1 - rule.number, -1):
                rating = ratings.get(year)
                if rating is None:
                    problems.append(
                        Problem(Refusal.RATING_MISSING, {"year": year, "level": level, "basis": basis}, "trainee_id")
                    )
                    break
                if RATING_ORDER.get(rating, 0) < lowest:
                    params = {"year": year, "rating": Rating(rating).label, "level": level, "basis": basis}
                    problems.append(Problem(Refusal.RATING_TOO_LOW, params, "trainee_id"))
                    break
        elif rule.rule == RuleKind.LANGUAGE:
            needed = proposal.language_level or rule.number
            if needed:
                label = LanguageLevel(needed).label if needed in LanguageLevel.values else str(needed)
                if facts.language_level is None:
                    problems.append(
                        Problem(Refusal.LANGUAGE_NOT_RECORDED, {"level": label, "basis": basis}, "trainee_id")
                    )
                elif facts.language_level < needed:
                    has = LanguageLevel(facts.language_level).label
                    problems.append(
                        Problem(Refusal.LANGUAGE_TOO_LOW, {"level": label, "has": has, "basis": basis}, "trainee_id")
                    )
        elif rule.rule == RuleKind.LEADERSHIP:
            lowest = LEADERSHIP_ORDER.get(rule.level, 0)
            if LEADERSHIP_ORDER.get(facts.leadership_level, 0) < lowest:
                label = LeadershipLevel(rule.level).label if rule.level in LeadershipLevel.values else rule.level
                problems.append(Problem(Refusal.LEADERSHIP_TOO_LOW, {"level": label, "basis": basis}, "trainee_id"))
        elif rule.rule == RuleKind.FIELD and proposal.field_of_study:
            fields = [f.strip() for f in facts.study_fields.split(";") if f.strip()]
            if not fields:
                params = {"field": proposal.field_of_study, "basis": basis}
                problems.append(Problem(Refusal.FIELD_NOT_RECORDED, params, "trainee_id"))
            elif _fold(proposal.field_of_study) not in {_fold(f) for f in fields}:
                params = {"field": proposal.field_of_study, "fields": "; ".join(fields), "basis": basis}
                problems.append(Problem(Refusal.FIELD_NOT_MATCHING, params, "trainee_id"))
    return problems


def overlap_problem(seats: Iterable[Seat], proposal: Proposal) -> Problem | None:
    """A seat the person holds in another class whose dates meet the proposal's (both days count), or None."""
    if proposal.class_id is None or proposal.end is None:
        return None
    for seat in sorted(seats, key=lambda s: (s.start, s.code)):
        if seat.class_id != proposal.class_id and seat.start <= proposal.end and seat.end >= proposal.start:
            return Problem(
                Refusal.OVERLAPPING_CLASS,
                {
                    "code": seat.code,
                    "title": seat.title,
                    "start": format_date(seat.start),
                    "end": format_date(seat.end),
                },
                "trainee_id",
            )
    return None


def problems(
    *,
    trainee_id: int,
    facts: Facts | None,
    proposal: Proposal,
    context: Context,
    group_id: int | None = None,
    rank_id: int | None = None,
    class_groups: Collection[int] = (),
    class_ranks: Collection[int] = (),
    extra_seats: Iterable[Seat] = (),
    excepted: list | None = None,
) -> list[Problem]:
    """Every refusal of eligibility for one person and one proposal, but those staff lifted for them (their rules'
    names are added to `excepted` when it is given).

    The class's target groups and ranks (`eligibility_problems`), the data rules of the proposal's kind, and
    the seats the person holds in classes whose dates overlap (`extra_seats`: those a batch gave them already).
    """
    found = [
        Problem(code, field="trainee_id")
        for code in eligibility_problems(
            group_id=group_id, rank_id=rank_id, class_groups=class_groups, class_ranks=class_ranks
        )
    ]
    if facts is not None:
        found += rule_problems(
            facts, proposal, context.rules.get(proposal.kind, ()), context.ratings.get(trainee_id, {})
        )
    overlap = overlap_problem([*context.seats.get(trainee_id, ()), *extra_seats], proposal)
    if overlap:
        found.append(overlap)
    if not found:
        return found
    lifted = context.lifted(trainee_id, proposal)
    if excepted is not None:  # the refusals an exception of staff's lifted: the lists say so beside the person
        excepted.extend(OverridableRule(RULE_OF[p.code]).label for p in found if RULE_OF.get(p.code) in lifted)
    return [problem for problem in found if RULE_OF.get(problem.code) not in lifted]


def check(
    trainee: Trainee,
    *,
    kind: str | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    course=None,
    training_class: TrainingClass | None = None,
    field_of_study: str = "",
    first_postgraduate: bool = True,
) -> list[Problem]:
    """The refusals of eligibility of nominating `trainee` to `training_class`, or proposing them for a place.

    For a class, its kind, dates and course are the class's (unless given), its target groups and ranks are
    checked, and so are the seats the person holds in classes whose dates overlap. For a postgraduate place (no
    model here), give `kind=ProposalKind.POSTGRADUATE`, the `start_date` (and `end_date`), the `field_of_study`,
    and whether it is the person's `first_postgraduate` study (the age limit is for the first); staff's
    exceptions are those recorded for the person and that kind. Five queries at most.
    """
    class_groups: Collection[int] = ()
    class_ranks: Collection[int] = ()
    class_id = None
    if training_class is not None:
        base = class_proposals([training_class.pk]).get(training_class.pk)
        if base is None:
            raise ValueError("The class does not exist.")
        class_id = training_class.pk
        kind = kind or base.kind
        start_date = start_date or base.start
        end_date = end_date or base.end
        language = base.language_level if course is None else course.required_language_level
        class_groups = set(training_class.target_groups.values_list("pk", flat=True))
        class_ranks = set(training_class.eligible_ranks.values_list("pk", flat=True))
    else:
        language = course.required_language_level if course is not None else None
    if kind is None or start_date is None:
        raise TypeError("check() needs a class, or the kind and the start date of the proposal.")
    proposal = Proposal(
        kind=kind,
        start=start_date,
        end=end_date,
        language_level=language,
        field_of_study=field_of_study,
        class_id=class_id,
        first_postgraduate=first_postgraduate,
    )
    group = trainee.target_group_id or trainee.agency.target_group_id
    return problems(
        trainee_id=trainee.pk,
        facts=Facts.of(trainee),
        proposal=proposal,
        context=load([trainee.pk], seats=class_id is not None, kinds={kind}),
        group_id=group,
        rank_id=trainee.rank_id,
        class_groups=class_groups,
        class_ranks=class_ranks,
    )


def overlap_refusals(trainee_ids: Iterable[int], training_class_id: int) -> dict[int, Problem]:
    """For the review, approval and waiting-list paths: who of these people holds a seat in another class whose
    dates overlap this class's (unless staff lifted that rule for them), with the refusal naming that class."""
    proposal = class_proposals([training_class_id]).get(training_class_id)
    if proposal is None:
        return {}
    ids = sorted(set(trainee_ids))
    context = Context()
    for chunk in _chunks(ids):
        held = Nomination.objects.filter(
            trainee_id__in=chunk,
            status__in=SEAT_HOLDING_STATUSES,
            training_class__start_date__lte=proposal.end,
            training_class__end_date__gte=proposal.start,
        ).values_list(
            "trainee_id",
            "training_class_id",
            "training_class__code",
            "training_class__title",
            "training_class__start_date",
            "training_class__end_date",
        )
        for trainee_id, *seat in held:
            context.seats.setdefault(trainee_id, []).append(Seat(*seat))
    found = {}
    for trainee_id in context.seats:
        problem = overlap_problem(context.seats[trainee_id], proposal)
        if problem is not None:
            found[trainee_id] = problem
    if found:
        context.trainee_ids = sorted(found)
        found = {pk: p for pk, p in found.items() if OverridableRule.OVERLAP not in context.lifted(pk, proposal)}
    return found
