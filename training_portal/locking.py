"""Row locks, taken one way by every service: `lock(...)` and `lock_one(...)`.

Two transactions that lock the same rows in opposite orders wait for each other for ever
(PostgreSQL breaks the tie by killing one of them: a crash page). The cure is one global
order: every transaction takes its locks in the order of `LOCK_ORDER`, and within one model
in the order of the primary key. This module is the only place that order is written down;
services call `lock()` and never `select_for_update()` themselves. The helper

- refuses to run outside a transaction (TransactionManagementError), on SQLite too where
  a row lock is a no-op: a lock taken in autocommit would be released at once. The wrapping
  transaction of a test case does not count, so a service that forgets `@transaction.atomic`
  fails its tests as it would fail in production;
- takes the rows of one call in primary-key order, and refuses (LockOrderError) to lock a
  model that comes earlier in `LOCK_ORDER` than one the transaction already locked, so that
  a wrong order fails in the tests instead of deadlocking in production. Locking again a row
  the transaction already holds is always allowed (it does not wait);
- turns PostgreSQL's "gave up waiting" (SQLSTATE 55P03, lock_not_available) into LockBusy,
  whose message the site shows on a "try again in a moment" page (503, see
  `training_portal.middleware.LockBusyMiddleware`) instead of a crash page.

The wait itself is bounded by `LOCK_TIMEOUT` (seconds), which settings.py gives every
PostgreSQL connection when it opens (`options=-c lock_timeout=…`, see `env.lock_timeout_option`).
A `SET LOCAL lock_timeout` before the first lock of each transaction would cost one more round
trip in every locking request (the portal's nomination among them); the connection's setting
costs nothing, and it also bounds the waits no `lock()` call announces: the conditional
UPDATEs that take seats, a migration waiting for a busy table.

How the order was chosen (from the orders the code already took; "→" is "before"):

- an import: its record, then the rows it writes (`plans.ImportRecord` → everything else):
  a second confirmation of the same file waits on the record and then finds it applied;
- agencies are locked only by their own import;
- seats: the class, then its agencies' allotments, then the people, then the nominations.
  Every change of a class's seats, allotments, nominations or waiting list holds the class
  first, so below it two transactions on the same class never interleave; a batch from staff
  locks its classes, their allotments, then the people it nominates (so nobody moves to
  another agency meanwhile); a change of a nomination holds the class, then the nomination
  (with its person, in the same statement, when it goes back to Nominated). Staff approving
  many nominations at once do it in one transaction: class, then nominations, so the person
  cannot come after the nomination. Two calls for one model may come in any primary-key order
  (an inline saving several allotments of a class, a list of nominees uploaded row by row):
  below a held class that is safe, except for people, who are shared between classes — a
  batch locks them all in one call;
- a plan after the classes: the one transaction holding both is the class import, which holds
  the classes it writes and then the plans they count against, so that none is closed before
  they are written. Nothing locks a plan and then its classes; a write that must (closing a
  plan only when its classes are over, say) moves `plans.TrainingPlan` before
  `courses.TrainingClass` and has the class import lock the plans first;
- documents: the source (a class, a plan, a letter and the letter it answers), then the
  outgoing document, then the issuing body's register for the year, the counter, last.
  (This order was found the hard way: issuing once locked the document before its source.)
- certificates: the class's completed nominations, then the certificate (to revoke it), then the issuing body's
  certificate register for the year, the counter, last.

The conditional UPDATEs that move seat counters take row locks too, always on rows of a class
whose row the transaction holds; they are not announced here.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import OperationalError, connections, router
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext_lazy

LOCK_ORDER: tuple[str, ...] = (
    "plans.ImportRecord",
    "plans.Agency",
    "courses.TrainingClass",
    "courses.SeatAllotment",
    "courses.Trainee",
    "courses.Nomination",
    # a postgraduate place, then its commitment, then its reimbursement case (a drop-out opens the case), then the
    # documents drawn from them (a decision locks its place or case first, as a class's locks the class)
    "courses.PostgraduatePlace",
    "courses.ServiceCommitment",
    "courses.ReimbursementCase",
    "plans.SpendingLine",  # after its class: a spending import locks the classes it names, then the lines
    "plans.TrainingPlan",
    "partners.Correspondence",
    "partners.OutgoingDocument",
    "partners.DocumentRegister",
    # Certificates: the class's nominations (above), then a certificate (revoking), then the body's register.
    "partners.Certificate",
    "partners.CertificateRegister",
)
_POSITION = {label: position for position, label in enumerate(LOCK_ORDER)}

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired (or NOWAIT)


class LockOrderError(RuntimeError):
    """A programming error: rows locked against `LOCK_ORDER`, which can deadlock under load."""


class LockBusy(OperationalError):
    """The rows were held by someone else for longer than LOCK_TIMEOUT: nothing of the transaction was saved."""

    message = gettext_lazy("Someone else is changing the same data right now. Please try again in a moment.")

    def __init__(self):
        super().__init__(str(self.message))


def is_lock_timeout(exc: BaseException) -> bool:
    """LockBusy, or the database's own "could not obtain lock" from a statement that waited (an UPDATE)."""
    if isinstance(exc, LockBusy):
        return True
    cause = exc.__cause__ if isinstance(exc, OperationalError) else None
    return getattr(cause, "pgcode", None) == LOCK_NOT_AVAILABLE


@dataclass(eq=False)
class _Held:
    """What the current transaction has locked. It rides in the connection's on-commit callbacks: a commit runs
    and drops them, a rollback drops them (a rollback to a savepoint drops those registered inside it, whose locks
    PostgreSQL releases as well), so finding it there is proof the transaction it belongs to is still open.
    Django reuses the Atomic object of a decorated function for every call, so that object is no transaction id."""

    savepoint: str | None  # None in production; inside a test case, the savepoint of the service's transaction
    rows: set[tuple[str, object]] = field(default_factory=set)
    position: int = -1  # of the latest model locked, in LOCK_ORDER
    latest: str = ""
    ordered: bool = True  # False inside any_order()

    def __call__(self) -> None:
        """Nothing to do on commit: being dropped with the transaction is the point."""


def _transaction_savepoint(connection) -> str | None:
    """The savepoint that opened the outermost atomic block not opened by a test case (None when that block is the
    transaction itself); TransactionManagementError when there is no such block."""
    blocks = connection.atomic_blocks
    # Normally the outermost block has no savepoint; with autocommit switched off by hand it has one.
    offset = len(blocks) - len(connection.savepoint_ids)
    if connection.in_atomic_block:
        for depth, block in enumerate(blocks):
            if not getattr(block, "_from_testcase", False):
                return connection.savepoint_ids[depth - offset] if depth >= offset else None
    raise TransactionManagementError(
        "Rows are locked only inside a transaction (transaction.atomic): outside one, the lock would be released "
        "before the rows are written."
    )


def _held(connection) -> _Held:
    savepoint = _transaction_savepoint(connection)
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _Held) and callback.savepoint == savepoint:
            return callback
    held = _Held(savepoint)
    connection.on_commit(held)
    return held


def _position(model: type[Model]) -> int:
    label = model._meta.label
    if label not in _POSITION:
        raise LockOrderError(f"{label} has no place in LOCK_ORDER (training_portal/locking.py): add it there first.")
    return _POSITION[label]


def _related_model(model: type[Model], path: str) -> type[Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _related_row(row: Model, path: str) -> Model | None:
    for name in path.split("__"):
        row = getattr(row, name) if row is not None else None
    return row


def lock(
    rows: type[Model] | QuerySet,
    pks: Iterable | None = None,
    *,
    values: Sequence[str] | None = None,
    related: Sequence[str] = (),
) -> list:
    """Lock rows until the end of the transaction and return them as they are now, in primary-key order.

    `rows` is a model (with `pks`, the rows to lock) or a queryset (its rows, or those of `pks` among them).
    With `values`, each row comes back as a tuple (pk, *values) instead of a model instance; with `related`
    (foreign keys that are never null), those rows are read and locked in the same statement.
    """
    if isinstance(rows, QuerySet):
        queryset = rows
    else:
        if pks is None:
            raise TypeError("lock(Model, pks): name the rows to lock.")
        queryset = rows._default_manager.all()
    if values is not None and related:
        raise TypeError("lock() returns either values or rows with their related rows, not both.")
    model = queryset.model
    if pks is not None:
        queryset = queryset.filter(pk__in=sorted(set(pks)))
    models = {path: _related_model(model, path) for path in related}
    positions = {model: _position(model)} | {m: _position(m) for m in models.values()}
    held = _held(connections[router.db_for_write(model)])
    if related:
        queryset = queryset.select_related(*related)
    queryset = queryset.select_for_update(of=("self", *related)).order_by("pk")
    if values is not None:
        queryset = queryset.values_list("pk", *values)
    try:
        found = list(queryset)
    except OperationalError as exc:
        if is_lock_timeout(exc):
            raise LockBusy from exc
        raise
    taken: list[tuple[type[Model], object]] = []
    for row in found:
        if values is not None:
            taken.append((model, row[0]))
            continue
        taken.append((model, row.pk))
        for path, related_model in models.items():
            other = _related_row(row, path)
            if other is not None:
                taken.append((related_model, other.pk))
    _take(held, taken, positions)
    return found


def _take(held: _Held, taken: list[tuple[type[Model], object]], positions: dict) -> None:
    new = [(model, pk) for model, pk in taken if (model._meta.label, pk) not in held.rows]
    for model, _pk in new:
        if held.ordered and positions[model] < held.position:
            raise LockOrderError(
                f"{model._meta.label} locked after {held.latest} in the same transaction: take locks in the order "
                "of LOCK_ORDER (training_portal/locking.py), or two requests can wait for each other for ever."
            )
    for model, pk in new:
        held.rows.add((model._meta.label, pk))
        if positions[model] > held.position:
            held.position, held.latest = positions[model], model._meta.label


def lock_one(
    row: Model | type[Model] | QuerySet, pk=None, *, related: Sequence[str] = (), missing_ok: bool = False
) -> Model | None:
    """One row, locked and read again: `lock_one(instance)`, `lock_one(Model, pk)` or `lock_one(queryset)`.

    When there is no such row (deleted meanwhile, or not created yet): None with `missing_ok`, else
    Model.DoesNotExist, as `get()` would say.
    """
    if isinstance(row, Model):
        model, found = type(row), lock(type(row), [row.pk], related=related)
    elif isinstance(row, QuerySet):
        model, found = row.model, lock(row if pk is None else row.filter(pk=pk), related=related)
    else:
        model, found = row, lock(row, [pk], related=related)
    if not found:
        if missing_ok:
            return None
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    if len(found) > 1:
        raise model.MultipleObjectsReturned(f"lock_one() found {len(found)} {model._meta.object_name} rows.")
    return found[0]


@contextmanager
def any_order() -> Iterator[None]:
    """Lift the order check for the rest of the current transaction's block: for one long transaction that chains
    many services (loading the demo province: letters, then plans, then classes and their nominations), run by
    hand before the site is in use. Under load such a transaction could still deadlock, and PostgreSQL would then
    refuse it as a whole; the services a request calls never need this."""
    held = _held(connections["default"])
    previous, held.ordered = held.ordered, False
    try:
        yield
    finally:
        held.ordered = previous
