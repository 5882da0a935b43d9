"""No input gives a server error: every pattern of the URLconf, asked by every persona with junk ids, junk query
strings and junk form bodies, answers below 500 — a 4xx, or a page that says what is wrong.

Each pattern is tried with each kind of junk (`KINDS`). A request is sent by the persona who gets past the page's
door (`insiders`: the focal point on the portal, staff and the superuser in the console…) and by one more persona,
taken in turn from all six, so that every persona meets every kind of junk on some page
(`test_every_persona_meets_every_kind_of_junk` checks the plan itself, without a request). Pages, filters and form
fields are read from the URLconf and from the pages themselves (a changelist's filters, a form's fields): a new
view, filter or field is covered the day it is added.

The requests are undone (tests.urlconf_walk.ask's transaction), and made with `raise_request_exception=False`:
a view's exception is the 500 the visitor would get, reported with its exception.
"""

import re
import traceback
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms import BaseForm, BaseFormSet

from partners.models import DocumentKind
from tests.urlconf_walk import (
    ANON,
    FOCAL,
    LEADER,
    PERSONAS,
    ROOT,
    STAFF,
    argument_sets,
    clients,
    every_pattern,
    our_model_admins,
)
from tests.utils import rolled_back

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond a 64-bit integer, and a year no date can hold
NUL = "\x00"  # PostgreSQL refuses it in text
# What is put where an id goes: not a number, too big, negative, not ASCII, a NUL byte.
JUNK_IDS = ("abc", HUGE, "-1", "Lạng Sơn ✓", "a\x00b")
# The parameters the site's own pages read (a list page's filters and search, its page and order).
SITE_PARAMETERS = ("page", "year", "status", "agency", "quarter", "category", "sort", "all", "target", "stage", "class")
# The junk query strings every URL is asked with; a changelist's own filters come on top (`filter_junk`).
QUERIES = {
    "query:nul": {"q": NUL},
    "query:long": {"q": "x" * 5000},
    "query:junk": dict.fromkeys(SITE_PARAMETERS, "abc")
    | {"o": "junk.-99.1", "p": "999999", "record": "junk", "e": "abc", "next": "//evil.example/"}
    | {"_changelist_filters": "a=%00&b__year=" + HUGE},
    # a page far beyond the last one, and numbers no database column holds
    "query:huge": dict.fromkeys(SITE_PARAMETERS, HUGE) | {"p": HUGE, "o": HUGE, "record": HUGE},
    "query:negative": dict.fromkeys(SITE_PARAMETERS, "-1") | {"p": "-1", "o": "-1", "record": "-1"},
}
# Bodies posted to every URL: names the site's forms use, with junk (the page's own form fields come on top).
GENERIC_BODY_NAMES = ("pk", "agency", "trainee", "trainees", "form", "file", "reason", "seats", "record", "action")
GENERIC_BODY_NAMES += ("_selected_action", "select_across", "index", "post", "next", "q")
BODIES = {"body:text": "abc", "body:huge": HUGE}
KINDS = ("path", *QUERIES, "filters", "prefill", *BODIES, "body:nul")
# Every pattern, the console's pages of Django's own users and groups too.
PATTERNS = every_pattern()


def insiders(key: str, route: str) -> tuple[str, ...]:
    """The personas a page lets in: junk must reach the view, not stop at its door. In the console, staff (with
    every permission of our apps) and the superuser take turns, pattern by pattern."""
    if route.startswith("admin/"):
        return (ROOT,) if len(key) % 2 else (STAFF,)
    if key in ("portal:review", "portal:candidates_staff") or key.startswith(("partners:", "portal:staff_")):
        return (STAFF,)
    if key.startswith("portal:"):
        return (FOCAL,)
    if key.startswith("dashboard:"):
        return (LEADER,)
    return (ANON, FOCAL)


def personas_for(index: int, key: str, route: str) -> list[str]:
    """Who sends the `index`-th request of a pattern: its insiders and, in turn, one of all the personas."""
    return list(dict.fromkeys((*insiders(key, route), PERSONAS[index % len(PERSONAS)])))


def test_every_persona_meets_every_kind_of_junk():
    """The plan, not the requests: across the URLconf, each persona sends each kind of junk at least once."""
    met = set()
    for key, route, _converters in PATTERNS:
        for index, kind in enumerate(KINDS):
            met |= {(persona, kind) for persona in personas_for(index + len(key), key, route)}
    missing = {(persona, kind) for persona in PERSONAS for kind in KINDS} - met
    assert not missing, sorted(missing)


# --- URLs: the pattern with real and junk arguments ---------------------------------------------------------------


GROUP = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<regex_name>[^>]+)>[^)]*\)")


def fill(route: str, values: dict) -> str:
    """The route with each parameter replaced by its (quoted) value; the regex anchors of the console's
    patterns dropped."""

    def value(match):
        return quote(str(values[match["name"] or match["regex_name"]]), safe="")

    return "/" + GROUP.sub(value, route).replace("^", "").replace("$", "")


def parameters(route: str) -> list[str]:
    return [match["name"] or match["regex_name"] for match in GROUP.finditer(route)]


def real_arguments(world, key, route, converters) -> dict:
    """Arguments that name an object the page can show (the first of its model in the console)."""
    names = parameters(route)
    if not names:
        return {}
    if route.startswith("admin/"):
        model = model_of(route)
        first = model._default_manager.order_by("pk").first() if model else None
        values = {"object_id": first.pk if first else 1, "url": "plans/", "app_label": "plans"}
        values |= {"content_type_id": ContentType.objects.get_for_model(world["sources"]["plan"]).pk}
        values["record_id"] = values["object_id"]
        return {name: values.get(name, values["object_id"]) for name in names}
    sets = argument_sets(world, key, converters)
    return sets.get("own") or sets.get("obj") or next(iter(sets.values()))


def model_of(route: str):
    for _prefix, model, _model_admin in our_model_admins():
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def junk_urls(world, key, route, converters) -> list[str]:
    """The pattern with each parameter in turn replaced by each junk id, the others real; and, for a document's
    source, every kind with every source object (an incoming letter's preview, a plan as a letter…)."""
    real = real_arguments(world, key, route, converters)
    urls = [fill(route, real | {name: junk}) for name in real for junk in JUNK_IDS]
    if "kind" in real:
        sources = [*world["sources"].values()]
        urls += [fill(route, {"kind": kind, "source_pk": s.pk}) for kind in DocumentKind.values for s in sources]
    return urls


# --- what a page shows: its changelist filters and its form fields -------------------------------------------------


def filter_junk(response) -> list[dict]:
    """A changelist's filter and date-hierarchy parameters, each with junk that suits its lookup."""
    changelist = (response.context or {}).get("cl")
    if changelist is None:
        return []
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    # each parameter alone (a wrong one may stop the list before the next is read), then all of them too big
    queries = [{name: "not-a-date" if name.endswith(("__gte", "__lt", "__lte", "__gt")) else "abc"} for name in names]
    queries += [dict.fromkeys(names, HUGE)] if names else []
    if changelist.date_hierarchy:
        year = f"{changelist.date_hierarchy}__year"
        queries += [{year: HUGE}, {year: "-1"}, {year: "abc"}, {year: "2025", year.replace("year", "month"): HUGE}]
        queries += [{year: "2025", year.replace("year", "month"): "2", year.replace("year", "day"): "31"}]
    return queries


def forms_on(response) -> list[BaseForm]:
    """Every form a page shows, with its inlines' and formsets' forms."""
    context = response.context
    if context is None:
        return []
    found = []
    values = {id(v): v for c in (context if isinstance(context, list) else [context]) for v in c.flatten().values()}
    for value in values.values():
        if hasattr(value, "form") and isinstance(value.form, BaseForm):  # the console's AdminForm
            value = value.form
        if isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet):
            found += [value.management_form, *value.forms]
    for inline in context.get("inline_admin_formsets") or ():
        found += [inline.formset.management_form, *inline.formset.forms]
    return list({id(form): form for form in found}.values())


def field_names(form: BaseForm) -> list[str]:
    names = []
    for name, field in form.fields.items():
        html = form.add_prefix(name)
        widgets = getattr(field.widget, "widgets_names", None)
        names += [html + suffix for suffix in widgets] if widgets else [html]
    return names


def management(forms) -> dict:
    """A formset's management form keeps its real numbers, so that its forms are read (and their junk checked)."""
    return {
        form.add_prefix(name): form[name].value()
        for form in forms
        if type(form).__name__ == "ManagementForm"
        for name in form.fields
    }


def action_names(response) -> list[str]:
    action_form = (response.context or {}).get("action_form")
    if action_form is None:
        return []
    return [name for name, _label in action_form.fields["action"].choices if name]


# --- the walk ------------------------------------------------------------------------------------------------------


def where(trace) -> str:
    """The innermost frames of the traceback outside Django's database layer: where to look."""
    frames = [f for f in traceback.extract_tb(trace) if "/django/db/" not in f.filename][-3:]
    return " < ".join(f"{f.filename.split('site-packages/')[-1]}:{f.lineno}" for f in reversed(frames))


def ask(client, method, url, data):
    with rolled_back():
        response = getattr(client, method)(url, data)
    detail = ""
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        detail = f"{exc_info[0].__name__}: {exc_info[1]} at {where(exc_info[2])}" if exc_info else "no exception"
    return response, detail


@pytest.fixture(scope="module")
def module_sessions(world):
    return clients(world, raise_request_exception=False)


@pytest.fixture
def sessions(world, module_sessions, key):
    """The module's logged-in clients; fresh ones for a logout page, which ends its client's session."""
    return clients(world, raise_request_exception=False) if key.endswith("logout") else module_sessions


@pytest.mark.parametrize("key,route,converters", PATTERNS, ids=[key for key, _r, _c in PATTERNS])
def test_no_junk_request_gets_a_server_error(world, sessions, key, route, converters):
    real_url = fill(route, real_arguments(world, key, route, converters))
    insider = insiders(key, route)[0]
    with rolled_back():
        page = sessions[insider].get(real_url)
    forms = forms_on(page)
    fields = [name for form in forms for name in field_names(form)]
    body_names = [*GENERIC_BODY_NAMES, *fields]
    requests = {
        "path": [("get", url, {}) for url in junk_urls(world, key, route, converters)],
        **{kind: [("get", real_url, query)] for kind, query in QUERIES.items()},
        "filters": [("get", real_url, query) for query in filter_junk(page)],
        "prefill": [("get", real_url, dict.fromkeys(fields, junk)) for junk in ("abc", HUGE)] if fields else [],
        **{
            kind: [("post", real_url, dict.fromkeys(body_names, junk) | management(forms))]
            for kind, junk in BODIES.items()
        },
        "body:nul": [("post", real_url, dict.fromkeys(body_names[:3], NUL))],
    }
    requests["body:text"] += [
        ("post", real_url, {"action": action, "_selected_action": junk, "index": "0"})
        for action in action_names(page)
        for junk in ("abc", HUGE)
    ]
    if "export_xlsx" in key:  # an export takes its changelist's filters
        changelist = sessions[insider].get(real_url.removesuffix("export.xlsx"))
        requests["filters"] += [("get", real_url, query) for query in filter_junk(changelist)]
    failures = []
    for index, kind in enumerate(KINDS):
        for persona in personas_for(index + len(key), key, route):
            # a persona outside the page meets its door, the same for every request: one of a kind is enough
            todo = requests[kind] if persona in insiders(key, route) else requests[kind][:1]
            for method, url, data in todo:
                response, detail = ask(sessions[persona], method, url, data)
                if response.status_code >= 500:
                    failures.append(f"{kind}: {method.upper()} {url} {data!r:.200} as {persona}: {detail}")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)
