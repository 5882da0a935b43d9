import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: row locks and real concurrency"
)


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction rolled back at the end: for data that many tests share (a module's or the session's), or for
    a request whose effects must not reach the next one.

    It is marked as Django's test cases mark their own transaction, so that inside it every service call is its
    own transaction for the row-lock order (training_portal.locking), as in production: without the mark, the
    locks of the set-up and of every test after it would count as one transaction's.
    """
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        yield
        transaction.set_rollback(True)


def race(jobs, *, keep_results: bool = False):
    """Run the callables at the same instant, each on its own connection (a barrier starts them together);
    return for each "ok" (or, with `keep_results`, what it returned) or the code of the ValidationError that
    refused it."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            result = job()
            return result if keep_results else "ok"
        except ValidationError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def change_form_data(response, **changes) -> dict:
    """What the browser posts back from an admin change page (the form and its inlines, as shown), with `changes`."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or ():  # none on a history revert page
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return {**data, **changes}
