"""Ids and numbers that come from outside (a URL, a query string, a form), checked before they reach a query.

A junk id must answer "not found" or "not valid", never a server error: SQLite cannot bind an integer beyond 64 bits
(OverflowError), a text where a number goes fails before the query is even built (ValueError), and Django checks the
range of an integer only for some lookups (`exact`, not `in`).
"""

from django.core.exceptions import ValidationError
from django.db import connection, models

# What an integer column holds on every database the project runs on (SQLite and PostgreSQL bigint).
INTEGER_RANGE = (-(2**63), 2**63 - 1)


def query_int(value) -> int | None:
    """The integer a query-string parameter holds, or None when it holds none a database could store."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1] else None


def is_key(field: models.Field, value) -> bool:
    """Whether `value` is a value `field` (a primary key, or what a relation points to) can hold: a query with it
    finds a row or none, and raises nothing."""
    while field.is_relation:  # a primary key that is a relation (one-to-one) holds its target's values
        field = field.target_field
    try:
        python = field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    if python is None:
        return False
    if isinstance(python, int) and isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or python >= low) and (high is None or python <= high)
    return True


def are_keys(field: models.Field, values) -> bool:
    return all(is_key(field, value) for value in values)
