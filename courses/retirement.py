"""The retirement age (tuổi nghỉ hưu) under the current schedule, as a small pure function.

Bộ luật Lao động 2019, Điều 169, and Nghị định 135/2020/NĐ-CP (Điều 4): in normal working conditions the
retirement age is 60 years 3 months for men and 55 years 4 months for women in 2021, then rises by 3 months a year
for men until 62 in 2028 and by 4 months a year for women until 60 in 2035 (checked with the search tool against a
public reproduction of the decree's text; the number of the article is as commonly cited, not seen in the text).
Before 2021 it was 60 and 55.

A person's retirement age is that of the year in which they reach it: the first year Y whose age, added to the
date of birth, falls in Y (so a man born in October 1961 does not reach 60y3m in 2021 but in January 2022, when the
age is already 60y6m: he retires at 60y6m, in April 2022 — the decree's Appendix I lists these pairs).
"""

import calendar
import datetime

MALE, FEMALE = "M", "F"

# (months in 2020, first year of the rise, months added a year, months at the top)
SCHEDULE = {
    MALE: (60 * 12, 2021, 3, 62 * 12),
    FEMALE: (55 * 12, 2021, 4, 60 * 12),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 29th, 30th or 31st of a shorter month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def retirement_age_in(year: int, gender: str) -> int:
    """The retirement age, in months, of a person of `gender` ("M" or "F") who reaches it in `year`."""
    base, first_year, step, top = SCHEDULE[gender]
    if year < first_year:
        return base
    return min(base + step * (year - first_year + 1), top)


def retirement_date(date_of_birth: datetime.date, gender: str) -> datetime.date:
    """The day the person reaches their retirement age (they retire at the end of that month)."""
    year = date_of_birth.year + SCHEDULE[gender][0] // 12
    while True:
        reached = add_months(date_of_birth, retirement_age_in(year, gender))
        if reached.year <= year:
            return reached
        year += 1


def months_of_service_left(date_of_birth: datetime.date, gender: str, on: datetime.date) -> int:
    """Whole months from `on` to the day the person reaches retirement age (negative once past it)."""
    retires = retirement_date(date_of_birth, gender)
    months = (retires.year - on.year) * 12 + retires.month - on.month
    if add_months(on, months) > retires:
        months -= 1
    return months
