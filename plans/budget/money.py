"""Money in whole đồng: the one rounding rule of the budget."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def amount_of(quantity, rate: int) -> int:
    """quantity × rate in whole đồng, rounded half up (2.5 đ → 3 đ; 2.49 đ → 2 đ), computed in decimals so that no
    binary fraction creeps in (0.1 × 3 is 0.3, not 0.30000000000000004)."""
    try:
        exact = Decimal(str(quantity)) * Decimal(int(rate))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"not an amount: {quantity!r} × {rate!r}") from exc
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per(total: int, count: int) -> int | None:
    """A total shared among `count` (trainees, periods), in whole đồng rounded half up; None when nothing to share."""
    if not count:
        return None
    return int((Decimal(total) / Decimal(count)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
