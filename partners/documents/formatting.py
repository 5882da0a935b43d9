"""How numbers and dates are written in a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP)."""

import datetime

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")  # then tỷ, counted again from nghìn: 10^12 is "nghìn tỷ"


def document_day(day: datetime.date) -> str:
    """The day as written in a document: two digits below 10 (05), as is above."""
    return f"{day.day:02d}"


def document_month(day: datetime.date) -> str:
    """The month as written in a document: 01 and 02 take a leading zero, 3 to 12 do not.

    The rule of Nghị định 30/2020 (Phụ lục I): a zero is added to days below 10 and to
    months 1 and 2, so that "tháng 1" cannot later be turned into "tháng 11" or "tháng 12".
    """
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def date_line(place: str, day: datetime.date) -> str:
    """'Lạng Sơn, ngày 05 tháng 3 năm 2025': the place and date under the national motto."""
    return f"{place}, ngày {document_day(day)} tháng {document_month(day)} năm {day.year}"


def short_date(day: datetime.date) -> str:
    """'05/3/2025', '25/01/2016': a date cited in the text, with the same leading-zero rule."""
    return f"{document_day(day)}/{document_month(day)}/{day.year}"


def month_only_date(day: datetime.date) -> str:
    """'… tháng 5 năm 2023': a date whose day is unknown (a copy with the day left blank), written after 'ngày'
    as the paper leaves it, never with an invented day."""
    return f"… tháng {document_month(day)} năm {day.year}"


def group_digits(number: int) -> str:
    """10635 → '10.635': Vietnamese grouping with dots, whatever the interface language."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(int(number)):,}".replace(",", ".")


def count_text(number: int) -> str:
    """A count as official texts write it: '01', '03' below 10, then grouped ('75', '10.635')."""
    return f"{number:02d}" if 0 <= number < 10 else group_digits(number)


def _below_thousand(number: int, *, full: bool) -> list[str]:
    """Words for 0 < number < 1000; `full` says hundreds are spoken even when zero ('không trăm')."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def number_in_words(number: int) -> str:
    """75 → 'bảy mươi lăm', 10635 → 'mười nghìn sáu trăm ba mươi lăm' (northern usage: 'linh', 'nghìn')."""
    number = int(number)
    if number < 0:
        return "âm " + number_in_words(-number)
    if number == 0:
        return _DIGITS[0]
    billions, rest = divmod(number, 1_000_000_000)
    words = []
    if billions:
        words += [number_in_words(billions), "tỷ"]
    groups = []
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append(group)
    spoken_before = bool(billions)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _below_thousand(group, full=spoken_before)
        if _GROUPS[index]:
            words.append(_GROUPS[index])
        spoken_before = True
    return " ".join(words)


def count_with_words(number: int) -> str:
    """'75 (bảy mươi lăm)', '10.635 (mười nghìn sáu trăm ba mươi lăm)': a target in figures and words."""
    return f"{count_text(number)} ({number_in_words(number)})"
