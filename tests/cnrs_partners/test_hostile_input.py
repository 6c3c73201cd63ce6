"""Hostile input never makes a page fail (issue 10), and the back-office answers each role as it should.

Every URL pattern of the project, public and back-office (the admin's own included), is walked from the
URLconf (`tests.url_walk`, on one record of every model: `tests.one_of_each`), for every role: anonymous,
viewer, editor (DR04, the dataset's office), other editor (DR12), coordinator, national administrator.

**No server error.** Each pattern gets garbage in its path segments (non-numeric, negative, absurd and
overlong ids, NUL, invalid UTF-8), its query (NUL, invalid UTF-8, 10,000 characters, absurd numbers, dates
that do not exist, unknown parameters, the admin's own parameters) and every parameter its page offers (its
form fields and the query keys of its links: filters, date drill-down, sorting, pagination), and posted
forms of garbage. Every answer must be 200 (an empty or corrected result), a redirect, 400, 403, 404 or 405.
The corpus is shared out among the roles that reach the page (those that do not get a sample, to check that
a refusal stays a refusal) and sampled for each pattern (every parameter a page offers gets a value; two of
the values the input guard refuses, whose own tests send each of them: tests/cnrs_partners/
test_input_guard.py), so that the walk stays bounded in time: about a minute on SQLite. Each request runs in a
savepoint rolled back afterwards, so that a garbage POST never changes what the next request reads.

**Permission matrix** (the same walk: every back-office pattern, a plain GET for every role and an empty POST
for the roles in POSTING_ROLES), read from the scope rules (`regions.scope`) and the roles' permissions:

| role | expected |
|---|---|
| anonymous | never 200 (the login page excepted): a redirect to the login page, or 405 for a POST-only address |
| viewer | 403 to every POST that would write: add, change, delete, revert, imports, the workflow's actions |
| any staff | a list answers 200 exactly when the role reads its model; a record's pages (change, delete, history, versions) answer 403 when it is out of the user's scope (another office's, for a regional editor); a POST to change or delete a record the user may not edit, 403; reverting to a version, national administrators only |
| staff accounts, memberships, logins | national administrators' only (`NationalOnlyMixin`): 403 to anyone else |
| national administrator | 200 on every list, record, history page and export |
| anyone, public pages | never a login page nor 403 |
"""

import logging
import random
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client

from regions.backoffice import NationalOnlyMixin
from regions.scope import can_edit, can_view, is_national_admin, may_view_model
from tests.one_of_each import Dataset, one_of_each
from tests.url_walk import Route, Uninstantiable, addresses, build, offered, routes, subject

ROLES = ["anonymous", "viewer", "editor", "other_editor", "coordinator", "admin_user"]
ALLOWED = {200, 301, 302, 400, 403, 404, 405}
# The roles whose empty POST to every page the matrix checks (the others post garbage where they read).
POSTING_ROLES = ["anonymous", "viewer", "other_editor", "admin_user"]
# How many of the corpus's requests one pattern gets, besides one per parameter it offers.
SAMPLE = 8
REFUSED_SAMPLE = 2

# Values the input guard refuses whatever the page (REFUSED_SAMPLE of them a pattern).
REFUSED_VALUES = [
    "%00",
    "a%00b",
    "%ff",
    "%C3%28",
    "x" * 10_000,
    "99999999999999999999",
    "-99999999999999999999",
]
REFUSED_QUERIES = ["%00=1", "q%00=1", "%ff=%ff", "q=" + "y" * 10_000, "page=99999999999999999999"]
REFUSED_PATHS = ["%00", "a%00b"]
# Values that reach the pages: each parameter a page offers gets one of them.
NUMBERS = ["-1", "0", "9999", "99999", "1e999", "2147483648", "9223372036854775807", "1.5"]
TEXTS = ["abc", "NaN", "2025-13-45", "0000-00-00", "%27%22%3E%3Cscript%3E", "", "%20", "a,b,-1"]
# Whole query strings: unknown parameters and the admin's, whatever the page.
QUERIES = [
    "zzz=1",
    "page=-1",
    "page=0",
    "p=-1",
    "p=99999",
    "o=abc",
    "o=-99.99",
    "o=1.2.3.-4",
    "e=1",
    "all=1",
    "_to_field=",
    "_to_field=password",
    "_popup=1",
    "_changelist_filters=%25",
    "_facets=1",
    "q=%25%5F%5C",
    "on=99999-01-01",
    "on=0001-01-01",
    "on=2025-02-30",
    "sort=zzz",
    "fmt=zzz",
    "&&&==&=",
    "a=1&a=2&a=",
]
PATH_GARBAGE = [
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1.5",
    "x" * 300,
    "%ff",
    "%C0%AF",
    "1%20OR%201%3D1",
    "%3Cscript%3E",
    "..%2F..",
]
# Query strings a page needs to do anything (the admin's autocomplete reads which field it fills).
REAL_QUERIES = {
    "admin:autocomplete": [
        "app_label=labs&model_name=supervision&field_name=lab&term=lps",
        "app_label=labs&model_name=succession&field_name=predecessor&term=lps",
        "app_label=agreements&model_name=siteagreement&field_name=site&term=",
    ],
}
LOGIN_PAGES = {"admin:login"}
# Back-office addresses that answer anonymous visitors otherwise than with the login page: why.
ANONYMOUS_ANSWERS = {
    "admin:logout": "back to the back-office's home, which asks for a login",
    "review:agreement_document": "a public document is anyone's; any other is 404, not a login",
}


@dataclass
class Answer:
    role: str
    method: str
    url: str
    status: int
    error: str = ""
    location: str = ""

    def __str__(self) -> str:
        shown = self.url if len(self.url) < 170 else self.url[:160] + "…"
        return f"{self.role}: {self.method} {shown} → {self.status} {self.error}".rstrip()


@dataclass
class Visit:
    """A page as each role found it: its answers to a plain GET and an empty POST, and what it offers."""

    route: Route
    path: str
    values: dict
    base: str
    get: dict[str, Answer] = field(default_factory=dict)
    post: dict[str, Answer] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    @property
    def readers(self) -> list[str]:
        return [role for role in ROLES if self.get[role].status == 200]


class Walker:
    """One client per role; each request in a savepoint rolled back afterwards (a garbage POST must not
    delete the record the next request reads, nor abort PostgreSQL's transaction)."""

    def __init__(self, users: dict):
        self.clients = {}
        self.users = users
        for role, user in users.items():
            self.clients[role] = Client(raise_request_exception=False)
            if user is not None:
                self.clients[role].force_login(user)
        self.answers: list[Answer] = []

    def send(self, role: str, method: str, path: str, query: str = "", data=None) -> tuple[Answer, object]:
        url = f"{path}?{query}" if query else path
        client = self.clients[role]
        with transaction.atomic():
            response = client.post(url, data or {}) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
        error = ""
        exc_info = getattr(response, "exc_info", None)  # the test client's record of the view's exception
        if response.status_code >= 500 and exc_info:
            exc = exc_info[1]
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
        answer = Answer(role, method, url, response.status_code, error, response.get("Location", ""))
        self.answers.append(answer)
        return answer, response

    def login_again(self):
        """After the logout page did its job."""
        for role, user in self.users.items():
            if user is not None:
                self.clients[role].force_login(user)


def garbage_requests(visit: Visit, form_names: set[str]) -> list[tuple[str, str, str | dict]]:
    """The hostile requests of one page, as (method, path, query or posted form): a few values the input
    guard refuses, one garbage value in each parameter the page offers, and a sample of the rest."""
    path, route = visit.path, visit.route
    prefix = f"{visit.base}&" if visit.base else ""
    draw = random.Random(route.name)
    refused: list[tuple[str, str, str | dict]] = [("GET", path, prefix + query) for query in REFUSED_QUERIES]
    refused += [("GET", path, prefix + f"zzz={value}") for value in REFUSED_VALUES]
    refused += [("POST", path, {"zzz": value}) for value in ("\x00", "9" * 30)]
    for param in visit.values:
        refused += [("GET", build(route, {**visit.values, param: garbage}), "") for garbage in REFUSED_PATHS]
    names = sorted(visit.names)
    each_name = [("GET", path, prefix + f"{quote(name)}={draw.choice(NUMBERS + TEXTS)}") for name in names]
    rest: list[tuple[str, str, str | dict]] = [("GET", path, prefix + query) for query in QUERIES]
    if names:
        rest += [("GET", path, prefix + "&".join(f"{quote(n)}={v}" for n in names)) for v in NUMBERS + TEXTS]
    for param in visit.values:
        rest += [("GET", build(route, {**visit.values, param: garbage}), "") for garbage in PATH_GARBAGE]
    posted = sorted(form_names)
    rest += [("POST", path, dict.fromkeys(posted, value)) for value in ("abc", "-1", "1.5", "", "0")]
    return [*draw.sample(refused, REFUSED_SAMPLE), *each_name, *draw.sample(rest, min(SAMPLE, len(rest)))]


def sections() -> dict[str, list[Route]]:
    """The patterns by part of the site: each admin app's pages, the admin's own, the review pages, the
    public directory, the rest."""
    grouped: dict[str, list[Route]] = {}
    for route in routes():
        key = f"admin:{route.model._meta.app_label}" if route.model else (route.namespace or "site")
        grouped.setdefault(key, []).append(route)
    return grouped


SECTIONS = sections()


@pytest.fixture
def data(db):
    return one_of_each()


@pytest.fixture
def walker(request, data):
    users = {role: None if role == "anonymous" else request.getfixturevalue(role) for role in ROLES}
    logging.disable(logging.WARNING)  # every 404 and 400 would be logged
    yield Walker(users)
    logging.disable(logging.NOTSET)


def send_garbage(walker: Walker, role: str, method: str, url: str, payload) -> None:
    if method == "POST":
        walker.send(role, method, url, data=payload)
    else:
        walker.send(role, method, url, payload or "")


def visit_all(walker: Walker, data: Dataset, section: str) -> list[Visit]:
    visits = []
    for rank, route in enumerate(SECTIONS[section]):
        language = "en" if rank % 3 == 0 else "fr"
        try:
            paths = addresses(route, data, language)
        except Uninstantiable:
            continue  # test_every_url_pattern_is_walked names it
        for path, values in paths:
            for base in REAL_QUERIES.get(route.name, [""]):
                visit = Visit(route, path, values, base)
                form_names: set[str] = set()
                for role in ROLES:
                    visit.get[role], response = walker.send(role, "GET", path, base)
                    in_query, in_forms = offered(response)
                    visit.names |= in_query
                    form_names |= in_forms
                    if role in POSTING_ROLES:
                        visit.post[role], _ = walker.send(role, "POST", path + (f"?{base}" if base else ""))
                readers = visit.readers or ["admin_user"]
                others = [role for role in ROLES if role not in readers]
                for index, (method, url, payload) in enumerate(garbage_requests(visit, form_names)):
                    send_garbage(walker, readers[index % len(readers)], method, url, payload)
                    if others and index % 10 == 0:  # a refusal stays a refusal, whatever the input
                        send_garbage(walker, others[index // 10 % len(others)], method, url, payload)
                visits.append(visit)
        if route.name == "admin:logout":
            walker.login_again()
    return visits


# Back-office addresses that write, for the matrix: a viewer posting to any of them gets 403.
WRITES = ("_add", "_change", "_delete", "_simple_history", "_import", "_process_import", "_confirm", "_rnsr")
WORKFLOW = {"review:review_note_create", "review:agreement_status", "review:agreement_renew"}
RECORD_PAGES = ("_change", "_delete", "_history", "_simple_history")


def national_only(model) -> bool:
    return isinstance(admin.site.get_model_admin(model), NationalOnlyMixin)


def may_view(user, model, record=None) -> bool:
    if national_only(model):
        return is_national_admin(user)
    return can_view(user, record) if record is not None else may_view_model(user, model)


def may_edit(user, model, record) -> bool:
    return is_national_admin(user) if national_only(model) else can_edit(user, record)


def matrix_problems(visits: list[Visit], users: dict, data: Dataset) -> list[str]:
    """What each role got that the permission matrix (module docstring) does not allow."""
    problems = []

    def expect(ok: bool, answer: Answer, rule: str) -> None:
        if not ok:
            problems.append(f"{answer} ({rule})")

    for visit in visits:
        route = visit.route
        name = route.name
        if not route.back_office:
            answer = visit.get["anonymous"]
            expect("/login/" not in answer.location and answer.status != 403, answer, "public page")
            continue
        for answer in (visit.get["anonymous"], visit.post["anonymous"]):
            if name in LOGIN_PAGES:
                continue
            expect(answer.status != 200, answer, "anonymous: never 200")
            if name not in ANONYMOUS_ANSWERS:
                expect(
                    answer.status == 405 or (answer.status == 302 and "/login/" in answer.location),
                    answer,
                    "anonymous: the login page, or 405",
                )
        writes = route.model is not None and name.endswith(WRITES)
        if writes or name in WORKFLOW:
            expect(visit.post["viewer"].status == 403, visit.post["viewer"], "viewer posting: 403")
        if route.model is None:
            continue
        model = route.model
        record = subject(model, data) if visit.values else None
        for role, user in users.items():
            if user is None:
                continue
            answer = visit.get[role]
            if name.endswith("_changelist"):
                expect((answer.status == 200) == may_view(user, model), answer, "list: 200 when readable")
            if record is not None and name.endswith(RECORD_PAGES) and not may_view(user, model, record):
                expect(answer.status == 403, answer, "record out of scope: 403")
            posted = visit.post.get(role)
            if posted and record is not None and name.endswith(("_change", "_delete")):
                if not may_edit(user, model, record):
                    expect(posted.status == 403, posted, "not editable: 403")
            if posted and name.endswith("_simple_history") and not is_national_admin(user):
                expect(posted.status == 403, posted, "revert: national administrators only")
            if role == "admin_user" and name.endswith(("_changelist", "_change", "_history", "_export")):
                expect(answer.status == 200, answer, "national administrator reads every record")
    return problems


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_no_url_fails_on_hostile_input_and_each_role_gets_its_answer(walker, data, section):
    visits = visit_all(walker, data, section)
    failures = [answer for answer in walker.answers if answer.status not in ALLOWED]
    assert not failures, f"{len(failures)} of {len(walker.answers)} requests failed:\n" + "\n".join(
        str(answer) for answer in failures[:60]
    )
    problems = matrix_problems(visits, walker.users, data)
    assert not problems, "Permission matrix:\n" + "\n".join(problems[:60])


def test_every_url_pattern_is_walked(data):
    """A new page is walked as soon as it exists; one whose parameters the walk cannot fill fails here,
    with what to add to tests/url_walk.py or tests/one_of_each.py."""
    problems = []
    for route in routes():
        try:
            addresses(route, data)
        except Uninstantiable as error:
            problems.append(f"{route.name}: {error}")
    assert not problems, "\n".join(problems)
