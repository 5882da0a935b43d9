"""Every refusal of the courses domain: a code, and one table of what it says.

A rule (`class_problems`, `allotment_problems`, `nomination_problem`, `window_state`…) answers with
codes; the portal, the console, the importers and any API turn them into words here and only here, so
one rule never reads two ways. A message names what it is about with named parameters (a class's code,
an agency, a date, a number), filled in by `Problem.message` or by `Refused` (a ValidationError, so
Django's forms and the console show it as any other).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from training_portal.constraints import CODE_TAKEN_IN_ANY_CASE


class Refusal(StrEnum):
    # A code (class, course, rank) differing only in capital letters from one that exists: the UNIQUE index on
    # lower(code) (training_portal.constraints.unique_code_in_any_case), as the importers match codes case-folded.
    CODE_TAKEN_IN_ANY_CASE = "code_taken_in_any_case"
    # A class (TrainingClass.clean, the console, the class importer: `class_problems`).
    END_BEFORE_START = "end_before_start"
    NO_SEAT_IN_CLASS = "class_has_no_seat"
    SEATS_BELOW_TAKEN = "seats_below_taken"
    SEATS_BELOW_ALLOTTED = "seats_below_allotted"
    CLOSES_BEFORE_OPENS = "closes_before_opens"
    DEADLINE_AFTER_START = "deadline_after_start"
    NO_ORGANISER = "no_organiser"
    # The class's CHECK constraints: the last guard of the rules above, in words without parameters.
    CLASS_TAKEN_ABOVE_SEATS = "class_taken_above_seats"
    CLASS_ALLOTTED_ABOVE_SEATS = "class_allotted_above_seats"
    # Seat allotments (`allotment_problems`: allotment_set, the console, the allotment importer).
    OVER_ALLOTTED = "over_allotted"
    BELOW_TAKEN = "below_taken"
    NEGATIVE_SEATS = "negative"
    AGENCY_TAKEN_ABOVE_SEATS = "agency_taken_above_seats"  # the allotment's CHECK constraint
    # The nomination window of a focal point (`window_state`).
    CLASS_NOT_OPEN = "not_open"
    WINDOW_NOT_OPEN = "window_not_open"
    WINDOW_CLOSED = "window_closed"
    # A new person added to an agency's staff list by its focal point (`new_person_problem`: the portal's form and
    # the nominee upload). Someone on another agency's list is refused in words that do not say so; staff resolve it.
    ALREADY_ON_STAFF_LIST = "already_on_staff_list"
    CANNOT_ADD_HERE = "cannot_add_here"
    # Staff resolving such an attempt (`refused_attempt_resolve`, the console's action).
    NOTE_TO_RESOLVE = "note_to_resolve"
    ALREADY_RESOLVED = "already_resolved"
    # Nominations (`nomination_problem`: one person from the portal or the console, a batch, an upload).
    UNKNOWN_CLASS = "unknown_class"
    UNKNOWN_PERSON = "unknown_person"
    CLASS_CLOSED = "class_closed"
    STATUS_NOT_NEW = "status_not_new"
    MOVED = "moved"
    DUPLICATE = "duplicate"
    NOT_TARGET_GROUP = "not_target_group"
    RANK_NOT_ELIGIBLE = "rank_not_eligible"
    CLASS_FULL = "class_full"
    NO_ALLOTMENT = "no_allotment"
    NO_SEATS_LEFT = "no_seats_left"
    ONCE_PER_CLASS = "once_per_class"  # the nomination's UNIQUE constraint: a double submit that lost the race
    # The workflow of a nomination and the moves of seats (services, the console, the review page).
    ILLEGAL_TRANSITION = "illegal_transition"
    REASON_TO_REFUSE = "reason_to_refuse"
    NOT_WAITLISTED = "not_waitlisted"
    REASON_TO_REORDER = "reason_to_reorder"
    REASON_TO_MOVE_SEATS = "reason_to_move_seats"
    SAME_AGENCY = "same_agency"
    AGENCY_NOT_ACTIVE = "agency_not_active"
    MOVE_NO_SEAT = "move_no_seat"
    NOT_ENOUGH_UNUSED = "not_enough_unused"
    BEFORE_DEADLINE = "before_deadline"
    # Delivery: a class's sessions (`session_problem`) and its attendance grid (`attendance_save`).
    SESSION_OUTSIDE_CLASS = "session_outside_class"
    NOT_ON_THE_GRID = "not_on_the_grid"
    BELOW_MIN_ATTENDANCE = "below_min_attendance"  # "completed" (`nomination_change_status`) without a reason
    # Results and the rest of the completion rule (`completion_problems`, `completion_verdicts`, `result_problems`:
    # the console, the results grid, the attendance and results imports, "complete by the rule").
    NO_RESULT = "no_result"
    RESULT_NOT_PASSING = "result_not_passing"
    NO_SESSIONS = "no_sessions"
    ATTENDANCE_INCOMPLETE = "attendance_incomplete"
    NEVER_PRESENT = "never_present"
    NOT_DECIDABLE_NOW = "not_decidable_now"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    GRADE_DISAGREES = "grade_disagrees"
    CERTIFICATE_INCOMPLETE = "certificate_incomplete"
    CERTIFICATE_NUMBER_TAKEN = "certificate_number_taken"
    NOT_ON_THE_CLASS = "not_on_the_class"
    SESSION_NOT_OF_THE_CLASS = "session_not_of_the_class"
    UNKNOWN_MARK = "unknown_mark"
    # Eligibility as data (`courses.eligibility`: a nomination, a proposal for a postgraduate place, the portal's
    # list of candidates, every import). Each message names the rule's legal basis as the rule's data gives it.
    AGE_ABOVE_LIMIT = "age_above_limit"
    SERVICE_TOO_SHORT = "service_too_short"
    SERVICE_START_UNKNOWN = "service_start_unknown"
    SERVICE_LEFT_TOO_SHORT = "service_left_too_short"
    RATING_MISSING = "rating_missing"
    RATING_TOO_LOW = "rating_too_low"
    LANGUAGE_NOT_RECORDED = "language_not_recorded"
    LANGUAGE_TOO_LOW = "language_too_low"
    LEADERSHIP_TOO_LOW = "leadership_too_low"
    FIELD_NOT_RECORDED = "field_not_recorded"
    FIELD_NOT_MATCHING = "field_not_matching"
    OVERLAPPING_CLASS = "overlapping_class"
    # The rules' own data and staff's exceptions (their CHECK constraints, the console).
    RULE_NEEDS_NUMBER = "rule_needs_number"
    RULE_NEEDS_LEVEL = "rule_needs_level"
    RULE_NEEDS_BASIS = "rule_needs_basis"
    RULE_DAYS_ORDER = "rule_days_order"
    RATING_TWICE = "rating_twice"
    RATING_YEAR = "rating_year"
    OVERRIDE_REASON = "override_reason"
    OVERRIDE_SCOPE = "override_scope"
    NOT_SELECTED = "not_selected"
    # A person's date of birth as typed (`birth_problem`: the trainee importer, the portal's new person and upload).
    BORN_IN_FUTURE = "born_in_future"
    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    # A person's identification number as typed in a file (`personal_id_problem`: the importers, the portal upload).
    NO_PERSONAL_ID = "no_personal_id"
    PERSONAL_ID_LENGTH = "personal_id_length"
    PERSONAL_ID_LOST_ZERO = "personal_id_lost_zero"
    # Postgraduate places, service commitments and reimbursement (`courses.places`, the console, the demo).
    PLACE_ALREADY_OPEN_AT_LEVEL = "place_already_open_at_level"
    PLACE_END_BEFORE_START = "place_end_before_start"
    PLACE_EXTENSION_NOT_LATER = "place_extension_not_later"
    PLACE_ENDED_WITHOUT_DAY = "place_ended_without_day"
    PLACE_NOT_DEGREE_TARGET = "place_not_degree_target"
    PLACE_ILLEGAL_TRANSITION = "place_illegal_transition"
    PLACE_NOT_STATE_FUNDED = "place_not_state_funded"
    AMOUNT_NEGATIVE = "amount_negative"
    COMMITMENT_TOO_SHORT = "commitment_too_short"
    COMMITMENT_EXISTS = "commitment_exists"
    COMMITMENT_NOT_OPEN = "commitment_not_open"
    COMMITMENT_SERVED = "commitment_served"
    CASE_ALREADY_OPEN = "case_already_open"
    CASE_NOT_PAID = "case_not_paid"
    CASE_SETTLED = "case_settled"
    INSTALMENTS_AT_LEAST_ONE = "instalments_at_least_one"
    PAYMENT_NOT_POSITIVE = "payment_not_positive"
    PAYMENT_ABOVE_BALANCE = "payment_above_balance"
    # A person's record: training outside the plan and its evidence (`courses.record_services`), position history.
    EVIDENCE_MISSING = "evidence_missing"
    EVIDENCE_TOO_BIG = "evidence_too_big"
    EVIDENCE_WRONG_TYPE = "evidence_wrong_type"
    EVIDENCE_NAME_MISMATCH = "evidence_name_mismatch"
    OUTSIDE_ALREADY_CHECKED = "outside_already_checked"
    REASON_TO_REFUSE_RECORD = "reason_to_refuse_record"
    OUTSIDE_END_BEFORE_START = "outside_end_before_start"
    OUTSIDE_IN_FUTURE = "outside_in_future"
    POSITION_NEEDS_LEVEL = "position_needs_level"
    POSITION_NEEDS_RANK = "position_needs_rank"
    POSITION_IN_FUTURE = "position_in_future"
    POSITION_SAME_DAY = "position_same_day"


MESSAGES: dict[Refusal, str] = {
    Refusal.CODE_TAKEN_IN_ANY_CASE: CODE_TAKEN_IN_ANY_CASE,
    Refusal.END_BEFORE_START: _("The class cannot end before it starts."),
    Refusal.NO_SEAT_IN_CLASS: _("A class needs at least one seat."),
    Refusal.SEATS_BELOW_TAKEN: _("%(taken)s people already hold a seat in this class: it cannot have fewer seats."),
    Refusal.SEATS_BELOW_ALLOTTED: _(
        "%(allotted)s seats are already allotted to agencies: reduce the allotments first."
    ),
    Refusal.CLOSES_BEFORE_OPENS: _("Nominations cannot close before they open."),
    Refusal.DEADLINE_AFTER_START: _("The nomination deadline cannot be after the class starts."),
    Refusal.NO_ORGANISER: _("Name the organising agency or the provider partner."),
    Refusal.CLASS_TAKEN_ABOVE_SEATS: _("The class has more nominations than seats."),
    Refusal.CLASS_ALLOTTED_ABOVE_SEATS: _("The seats allotted to agencies cannot exceed the class's seats."),
    Refusal.OVER_ALLOTTED: _("The class %(code)s has %(seats)s seats but its allotments would add up to %(total)s."),
    Refusal.BELOW_TAKEN: _(
        "%(agency)s already has %(taken)s nominations holding seats in this class; "
        "it cannot have fewer seats than that."
    ),
    Refusal.NEGATIVE_SEATS: _("The number of seats cannot be negative."),
    Refusal.AGENCY_TAKEN_ABOVE_SEATS: _("The agency has more nominations than seats."),
    Refusal.CLASS_NOT_OPEN: _("The class %(code)s is not open for nomination (%(status)s)."),
    Refusal.WINDOW_NOT_OPEN: _("Nominations open on %(date)s."),
    Refusal.WINDOW_CLOSED: _("The nomination deadline (%(date)s) has passed: ask the Department of Home Affairs."),
    Refusal.ALREADY_ON_STAFF_LIST: _(
        "This person is already on your agency's staff list: choose them from the list of people to nominate."
    ),
    Refusal.CANNOT_ADD_HERE: _("This person cannot be added here: contact the Department of Home Affairs."),
    Refusal.NOTE_TO_RESOLVE: _("Say how it was resolved."),
    Refusal.ALREADY_RESOLVED: _("This attempt is already resolved."),
    Refusal.UNKNOWN_CLASS: _("Unknown class code."),
    Refusal.UNKNOWN_PERSON: _("Nobody with this identification number is in the staff list: import them first."),
    Refusal.CLASS_CLOSED: _("The class is cancelled or finished."),
    Refusal.STATUS_NOT_NEW: _("A new nomination can only be Nominated or Approved."),
    Refusal.MOVED: _("This person has moved to another agency (%(agency)s)."),
    Refusal.DUPLICATE: _("This person is already nominated to this class (%(status)s)."),
    Refusal.NOT_TARGET_GROUP: _("This person is not in the target groups of the class."),
    Refusal.RANK_NOT_ELIGIBLE: _("This person's rank is not among the class's ranks."),
    Refusal.CLASS_FULL: _("The class is full: every seat is taken."),
    Refusal.NO_ALLOTMENT: _("The person's agency has no seats allotted in this class."),
    Refusal.NO_SEATS_LEFT: _("The person's agency has no seat left in this class."),
    Refusal.ONCE_PER_CLASS: _("This person is already nominated to this class."),
    Refusal.ILLEGAL_TRANSITION: _("A nomination that is “%(current)s” cannot become “%(target)s”."),
    Refusal.REASON_TO_REFUSE: _("Give a reason for rejecting or withdrawing the nomination."),
    Refusal.NOT_WAITLISTED: _("This person is not on the waiting list."),
    Refusal.REASON_TO_REORDER: _("Say why the order of the waiting list is changed."),
    Refusal.REASON_TO_MOVE_SEATS: _("Say why the seats are moved."),
    Refusal.SAME_AGENCY: _("Choose two different agencies."),
    Refusal.AGENCY_NOT_ACTIVE: _("%(agency)s does not exist on %(day)s: seats can only go to an agency that does."),
    Refusal.MOVE_NO_SEAT: _("Move at least one seat."),
    Refusal.NOT_ENOUGH_UNUSED: _("%(agency)s has only %(free)s unused seats in this class."),
    Refusal.BEFORE_DEADLINE: _(
        "%(agency)s may nominate until %(deadline)s: its seats can be moved back to the pool after that."
    ),
    Refusal.SESSION_OUTSIDE_CLASS: _("A session on %(date)s is outside the class's dates (%(start)s – %(end)s)."),
    Refusal.NOT_ON_THE_GRID: _(
        "The attendance names a session or a person not on this class's grid: reload the page and enter it again."
    ),
    Refusal.BELOW_MIN_ATTENDANCE: _(
        "This person was present at %(share)s%% of the sessions, under the %(minimum)s%% needed to complete the "
        "class: give a reason to mark them completed all the same."
    ),
    Refusal.NO_RESULT: _(
        "The class is assessed and this person has no result yet: enter it, or give a reason to mark them completed "
        "all the same."
    ),
    Refusal.RESULT_NOT_PASSING: _(
        "This person's result (%(result)s) is not a pass: give a reason to mark them completed all the same."
    ),
    Refusal.NO_SESSIONS: _("The class has no sessions: attendance cannot be judged."),
    Refusal.ATTENDANCE_INCOMPLETE: _("Attendance is not entered for %(missing)s of the %(sessions)s sessions."),
    Refusal.NEVER_PRESENT: _("Present at no session: withdraw the nomination or decide it by hand."),
    Refusal.NOT_DECIDABLE_NOW: _("Only an approved or attended nomination is decided by the rule (now: %(status)s)."),
    Refusal.SCORE_OUT_OF_RANGE: _("A score is a number from 0 to 10, e.g. 8,5."),
    Refusal.GRADE_DISAGREES: _(
        "The grade “%(grade)s” does not match the score %(score)s, which is “%(expected)s” on the usual scale "
        "(Excellent from 9, Very good from 8, Good from 7, Average from 5, Fail under 5)."
    ),
    Refusal.CERTIFICATE_INCOMPLETE: _("A certificate number needs its kind, its date and who issued it."),
    Refusal.CERTIFICATE_NUMBER_TAKEN: _("%(issuer)s has already issued the certificate number %(number)s."),
    Refusal.NOT_ON_THE_CLASS: _("This person holds no approved seat in the class %(code)s."),
    Refusal.SESSION_NOT_OF_THE_CLASS: _("The class %(code)s has no session on %(session)s."),
    Refusal.UNKNOWN_MARK: _(
        "Unknown mark: write C (present), P (excused absence) or K (absent without leave), or leave the cell empty."
    ),
    Refusal.AGE_ABOVE_LIMIT: _(
        "Born on %(born)s, this person is over %(maximum)s years old on %(start)s, the start (%(basis)s)."
    ),
    Refusal.SERVICE_TOO_SHORT: _(
        "In service since %(since)s, this person has under %(years)s years of service on %(start)s (%(basis)s)."
    ),
    Refusal.SERVICE_START_UNKNOWN: _(
        "The date this person entered the service is not recorded: it is needed to check %(years)s years of "
        "service (%(basis)s)."
    ),
    Refusal.SERVICE_LEFT_TOO_SHORT: _(
        "This person reaches retirement age on %(retires)s: less than %(months)s months of service are left after "
        "%(start)s (%(basis)s)."
    ),
    Refusal.RATING_MISSING: _(
        "No rating is recorded for this person for %(year)s; at least “%(level)s” is needed (%(basis)s)."
    ),
    Refusal.RATING_TOO_LOW: _(
        "This person was rated “%(rating)s” for %(year)s; at least “%(level)s” is needed (%(basis)s)."
    ),
    Refusal.LANGUAGE_NOT_RECORDED: _(
        "A foreign language at %(level)s or above is needed, and none is recorded for this person (%(basis)s)."
    ),
    Refusal.LANGUAGE_TOO_LOW: _(
        "A foreign language at %(level)s or above is needed; this person has %(has)s (%(basis)s)."
    ),
    Refusal.LEADERSHIP_TOO_LOW: _("A leadership post of %(level)s or above is needed (%(basis)s)."),
    Refusal.FIELD_NOT_RECORDED: _(
        "The fields of study matching this person's job are not recorded: they are needed to check “%(field)s” "
        "(%(basis)s)."
    ),
    Refusal.FIELD_NOT_MATCHING: _(
        "The field of study “%(field)s” does not match this person's job (%(fields)s) (%(basis)s)."
    ),
    Refusal.OVERLAPPING_CLASS: _(
        "This person already holds a seat in class %(code)s “%(title)s” (%(start)s – %(end)s), whose dates "
        "overlap: one person cannot sit two classes at once."
    ),
    Refusal.RULE_NEEDS_NUMBER: _("This rule needs its figure (years, months or years in a row)."),
    Refusal.RULE_NEEDS_LEVEL: _("This rule needs the lowest rating or leadership level it accepts."),
    Refusal.RULE_NEEDS_BASIS: _("Cite the article of the decree the rule comes from."),
    Refusal.RULE_DAYS_ORDER: _("The shortest length cannot be above the longest."),
    Refusal.RATING_TWICE: _("This person already has a rating for this year."),
    Refusal.RATING_YEAR: _("Enter a year between 1990 and 2100."),
    Refusal.OVERRIDE_REASON: _("Give the reason for the exception."),
    Refusal.OVERRIDE_SCOPE: _("Name the class, or the kind of training, the exception is for."),
    Refusal.NOT_SELECTED: _("Choose at least one person."),
    Refusal.BORN_IN_FUTURE: _("The date of birth %(born)s is in the future."),
    Refusal.TOO_YOUNG: _(
        "Born on %(born)s, this person would be under %(minimum)s years old on %(on)s: check the date of birth."
    ),
    Refusal.TOO_OLD: _(
        "Born on %(born)s, this person would be over %(maximum)s years old on %(on)s: check the date of birth."
    ),
    Refusal.NO_PERSONAL_ID: _("The identification number is missing."),
    Refusal.PERSONAL_ID_LENGTH: _("An identification number has 12 digits (or 9 for the old ID)."),
    Refusal.PERSONAL_ID_LOST_ZERO: _(
        "This number has 11 digits: the spreadsheet may have dropped a leading zero. Format the column as text "
        "and type the number as on the ID card."
    ),
    # Postgraduate places, service commitments and reimbursement.
    Refusal.PLACE_ALREADY_OPEN_AT_LEVEL: _(
        "This person already holds an open place at this level: close it (graduated or dropped out) first."
    ),
    Refusal.PLACE_END_BEFORE_START: _("The end must be after the start."),
    Refusal.PLACE_EXTENSION_NOT_LATER: _("The new end date must be after the expected end."),
    Refusal.PLACE_ENDED_WITHOUT_DAY: _(
        "A place graduated or dropped out has the day it ended, not before its start; an open place has none."
    ),
    Refusal.PLACE_NOT_DEGREE_TARGET: _("A place counts toward a postgraduate (degree) target of the plan."),
    Refusal.PLACE_ILLEGAL_TRANSITION: _("A place cannot go from %(from)s to %(to)s."),
    Refusal.PLACE_NOT_STATE_FUNDED: _("This place is not funded by the state: it carries no service commitment."),
    Refusal.AMOUNT_NEGATIVE: _("An amount cannot be negative, nor what is owed more than the cost."),
    Refusal.COMMITMENT_TOO_SHORT: _("The service required cannot be shorter than the study time."),
    Refusal.COMMITMENT_EXISTS: _("This place already has its service commitment."),
    Refusal.COMMITMENT_NOT_OPEN: _("This commitment is no longer open."),
    Refusal.COMMITMENT_SERVED: _("The committed time was served in full on %(day)s: nothing is owed."),
    Refusal.CASE_ALREADY_OPEN: _("This commitment already has a reimbursement case that is not settled."),
    Refusal.CASE_NOT_PAID: _("A case is settled only when it is paid in full, and then has the day it was settled."),
    Refusal.CASE_SETTLED: _("This case is already settled."),
    Refusal.INSTALMENTS_AT_LEAST_ONE: _("There is at least one instalment."),
    Refusal.PAYMENT_NOT_POSITIVE: _("A payment is more than zero."),
    Refusal.PAYMENT_ABOVE_BALANCE: _("This payment is more than the %(balance)s đồng still owed."),
    Refusal.EVIDENCE_MISSING: _("Attach the evidence: a scan of the certificate or of the decision (PDF, JPG or PNG)."),
    Refusal.EVIDENCE_TOO_BIG: _(
        "The file is %(size)s: the evidence may be at most %(maximum)s. Scan it again at a lower resolution."
    ),
    Refusal.EVIDENCE_WRONG_TYPE: _(
        "This file is not a PDF, JPG or PNG scan (its content was checked, not only its name): save the scan as one "
        "of these and attach it again."
    ),
    Refusal.EVIDENCE_NAME_MISMATCH: _(
        "The file's name says %(named)s but its content is %(found)s: rename it or save the scan again."
    ),
    Refusal.OUTSIDE_ALREADY_CHECKED: _("This training has already been checked (%(status)s)."),
    Refusal.REASON_TO_REFUSE_RECORD: _("Say why the training is not accepted: the agency will read it."),
    Refusal.OUTSIDE_END_BEFORE_START: _("The training cannot end before it starts."),
    Refusal.OUTSIDE_IN_FUTURE: _("The training ends on %(date)s, after today: record it once it is done."),
    Refusal.POSITION_NEEDS_LEVEL: _("An appointment says to which leadership level."),
    Refusal.POSITION_NEEDS_RANK: _("Say which rank was taken."),
    Refusal.POSITION_IN_FUTURE: _("The date %(date)s is after today: record the change once it has taken effect."),
    Refusal.POSITION_SAME_DAY: _("This person already has a change of this kind on %(date)s."),
}


def message(code: Refusal, /, **params) -> str:
    """The words of a refusal, in the active language."""
    text = str(MESSAGES[Refusal(code)])
    return text % params if params else text


@dataclass(frozen=True)
class Problem:
    """A refusal found by a rule: its code, the values its message names, and the field or column it is about."""

    code: Refusal
    params: Mapping = field(default_factory=dict)
    field: str | None = None

    @property
    def message(self) -> str:
        return message(self.code, **self.params)

    def error(self) -> "Refused":
        return Refused(self.code, **self.params)


class Refused(ValidationError):
    """A refusal raised by a service: a ValidationError whose `code` is a `Refusal`, worded from the table."""

    def __init__(self, code: Refusal, /, **params):
        code = Refusal(code)
        super().__init__(MESSAGES[code], code=code.value, params=params or None)
        self.refusal = code
