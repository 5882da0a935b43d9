import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_dmy_writes_a_date_as_vietnamese_documents_do_without_loading_anything():
    assert render("{{ d|dmy }}", d=datetime.date(2026, 3, 5)) == "05/03/2026"


def test_dmy_writes_the_same_as_the_date_filter_it_replaces():
    for day in (datetime.date(2025, 12, 31), datetime.date(1, 1, 1), datetime.date(2026, 11, 30)):
        assert render("{{ d|dmy }}", d=day) == render('{{ d|date:"d/m/Y" }}', d=day)


def test_dmy_shows_an_aware_moment_on_the_local_calendar():
    late_evening_utc = datetime.datetime(2026, 3, 5, 20, 30, tzinfo=ZoneInfo("UTC"))  # 03:30 on the 6th in Hà Nội
    assert render("{{ d|dmy }}", d=late_evening_utc) == "06/03/2026"


def test_dmy_of_nothing_is_empty_so_a_default_can_follow():
    assert render('{{ d|dmy|default:"–" }}', d=None) == "–"
    assert render("{{ d|dmy }}", d="not a date") == ""
