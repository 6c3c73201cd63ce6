"""Every URL pattern of the project, walked from the root URLconf (the admin's included), each turned into
real addresses on the records of `tests.one_of_each`.

`routes()` lists the patterns; `addresses(route, data)` gives the paths of a pattern on the dataset. A
pattern whose parameters this module does not know how to fill makes `addresses` raise `Uninstantiable`
with what to add, so that a new page is never left out of the tests that walk them silently.
"""

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from cnrs_partners.directory.statistics import MAP_STATS, STATS
from labs.models import Lab
from tests.one_of_each import Dataset

BACK_OFFICE_NAMESPACES = {"admin", "review"}


class Uninstantiable(AssertionError):
    pass


# Patterns that another one, earlier in the URLconf, answers for on purpose: name → why.
SHADOWED = {"admin:index": "backoffice_home serves /admin/ (Django's index with the home per role)"}


@dataclass(frozen=True)
class Route:
    """One URL pattern: its qualified name (or its pattern text, when it has no name), the patterns from
    the root to it, the model of the admin page it belongs to, and its parameters (names, or positions for
    a regular expression's unnamed groups)."""

    name: str
    chain: tuple = field(repr=False)
    model: type[Model] | None = None
    params: tuple[str | int, ...] = ()

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    @property
    def back_office(self) -> bool:
        return self.namespace in BACK_OFFICE_NAMESPACES or self.name.startswith("backoffice_")

    @property
    def leaf(self) -> URLPattern:
        return self.chain[-1]

    def __str__(self) -> str:
        return self.name


def _params(pattern) -> tuple[str | int, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        named = tuple(pattern.regex.groupindex)
        return named or tuple(range(pattern.regex.groups))
    return ()


_ADMIN_MODEL = re.compile(r"^(\w+)/(\w+)/$")


def _walk(patterns, chain: tuple, namespaces: tuple[str, ...], model) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found = _ADMIN_MODEL.match(str(pattern.pattern)) if "admin" in namespaces else None
            inner = model
            if found:
                try:
                    inner = apps.get_model(found[1], found[2])
                except LookupError:
                    inner = model
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern.url_patterns, (*chain, pattern), (*namespaces, *namespace), inner)
        else:
            params = tuple(param for part in (*chain, pattern) for param in _params(part.pattern))
            name = pattern.name or str(pattern.pattern)
            yield Route(":".join((*namespaces, name)), (*chain, pattern), model, params)


def routes() -> list[Route]:
    """Every URL pattern of the project, in the order the resolver tries them."""
    return list(_walk(get_resolver().url_patterns, (), (), None))


# --- filling the parameters ----------------------------------------------------------------------------

Values = Callable[[Dataset], list[str]]

# How to fill the parameters of the patterns that are not an admin model's page: (route name, parameter)
# → the values to try. An admin model page's `object_id` is its record's id, a history page's version its
# latest history row: see `_admin_value`.
PATH_VALUES: dict[tuple[str, str | int], Values] = {
    ("admin:view_on_site", "content_type_id"): lambda d: [str(ContentType.objects.get_for_model(Lab).pk)],
    ("admin:view_on_site", "object_id"): lambda d: [str(d.lab.pk)],
    ("admin:app_list", "app_label"): lambda d: ["regions", "labs", "agreements", "auth"],
    ("admin:(?P<url>.*)$", "url"): lambda d: ["no/such/page/"],
    ("review:dashboard_export", "fmt"): lambda d: ["csv", "xlsx"],
    ("review:site_detail", "slug"): lambda d: [d.site.slug],
    ("review:review_note_create", "slug"): lambda d: [d.site.slug],
    ("review:agreement_status", "pk"): lambda d: [str(d.agreement.pk)],
    ("review:agreement_renew", "pk"): lambda d: [str(d.agreement.pk)],
    ("review:agreement_document", "pk"): lambda d: [str(d.agreement.pk)],
    ("directory:lab_export", "fmt"): lambda d: ["csv", "json"],
    ("directory:partner_export", "fmt"): lambda d: ["csv", "json"],
    ("directory:site_export", "fmt"): lambda d: ["csv", "json"],
    ("directory:lab_detail", "slug"): lambda d: [d.lab.slug],
    ("directory:partner_detail", "slug"): lambda d: [d.partner.slug],
    ("directory:site_detail", "slug"): lambda d: [d.site.slug],
    ("directory:office_detail", "code"): lambda d: [d.office.code.lower()],
    ("directory:stats_csv", "chart"): lambda d: [*STATS, *MAP_STATS],
    ("reports:lab_report", "key"): lambda d: [d.lab.slug],
    ("reports:partner_report", "key"): lambda d: [d.partner.slug],
    ("reports:site_report", "key"): lambda d: [d.site.slug],
    ("reports:office_report", "key"): lambda d: [d.office.code.lower()],
    ("reports:report_detail", "reference"): lambda d: [d.error_report.reference],
    ("backoffice_import_job", "job_id"): lambda d: [str(d.import_job.pk)],
    ("backoffice_import_job_status", "job_id"): lambda d: [str(d.import_job.pk)],
    ("api:lab_detail", "rnsr"): lambda d: [d.lab.rnsr],
    ("api:partner_detail", "code"): lambda d: [d.partner.uai, d.partner.slug],
    ("api:site_detail", "slug"): lambda d: [d.site.slug],
    ("api:agreement_detail", "pk"): lambda d: [str(d.agreement.pk)],
    ("api:pia_project_detail", "pk"): lambda d: [str(d.pia_project.pk)],
    ("api:office_detail", "code"): lambda d: [d.office.code],
    ("api:institute_detail", "acronym"): lambda d: [d.institute.acronym],
}


def subject(model: type[Model], data: Dataset) -> Model:
    """The record an admin page of `model` is tried on: the dataset's, else one already in the database
    (reference data, the records a login leaves)."""
    record = data.of(model) or model._default_manager.order_by("pk").first()
    if record is None:
        raise Uninstantiable(
            f"No {model._meta.label} to open its admin pages on: add one to tests/one_of_each.py."
        )
    return record


def _admin_value(route: Route, param: str | int, data: Dataset) -> list[str] | None:
    if route.model is None:
        return None
    record = subject(route.model, data)
    if param in ("object_id", "id", 0):
        return [str(record.pk)]
    if param == 1 and route.name.endswith("_simple_history"):
        latest = record.history.order_by("-history_date").first()  # type: ignore[attr-defined]
        if latest is None:
            raise Uninstantiable(f"{record!r} has no history row: save it once in tests/one_of_each.py.")
        return [str(latest.history_id)]
    return None


def values_for(route: Route, param: str | int, data: Dataset) -> list[str]:
    values = _admin_value(route, param, data)
    if values is None and (route.name, param) in PATH_VALUES:
        values = PATH_VALUES[route.name, param](data)
    if values is None:
        raise Uninstantiable(
            f"Cannot fill the parameter {param!r} of the URL pattern {route.name!r}: say which values to try "
            f"in tests/url_walk.py PATH_VALUES[({route.name!r}, {param!r})]."
        )
    return values


_NAMED_CONVERTER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
_GROUP = re.compile(r"\((?:\?P<(\w+)>)?[^()]*\)")


def _fill(pattern, values: dict) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return _NAMED_CONVERTER.sub(lambda match: values[match[1]], str(pattern))
    text = str(pattern).removeprefix("^").removesuffix("$")
    position = iter(range(pattern.regex.groups))

    def group(match):
        return values[match[1]] if match[1] else values[next(position)]

    text = _GROUP.sub(group, text).replace("\\.", ".")
    if re.search(r"[\\()\[\]*+?|^$]", text):
        raise Uninstantiable(f"Cannot write an address for the regular expression {str(pattern)!r}.")
    return text


def build(route: Route, values: dict[str | int, str]) -> str:
    """The path of `route` with `values` as its parameters (already URL-safe text)."""
    return "/" + "".join(_fill(part.pattern, values) for part in route.chain)


def addresses(route: Route, data: Dataset, language: str = "fr") -> list[tuple[str, dict[str | int, str]]]:
    """The paths of `route` on the dataset, in `language`, each with the values of its parameters; checked
    to resolve to the route itself."""
    combos: list[dict[str | int, str]] = [{}]
    for param in route.params:
        combos = [{**combo, param: value} for combo in combos for value in values_for(route, param, data)]
    paths = []
    with translation.override(language):
        for combo in combos:
            path = build(route, combo)
            if resolve(path).func is not route.leaf.callback:
                if route.name in SHADOWED:
                    return []
                raise Uninstantiable(
                    f"{path} does not resolve to {route.name}: another pattern hides it (say why in "
                    "tests/url_walk.py SHADOWED), or its values in PATH_VALUES do not match it."
                )
            paths.append((path, combo))
    return paths


# --- what a page offers ------------------------------------------------------------------------------

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
_FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"", re.IGNORECASE)
_QUERY_LINK = re.compile(r"href=\"[^\"]*?\?([^\"#]*)\"")
IGNORED_NAMES = {"csrfmiddlewaretoken"}


def offered(response) -> tuple[set[str], set[str]]:
    """The parameters a page offers in its address (its GET forms' fields and its links' query keys) and
    in the forms it posts."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set(), set()
    text = response.content.decode(errors="replace")
    in_query: set[str] = set()
    in_forms: set[str] = set()
    for attributes, body in _FORM.findall(text):
        names = set(_FIELD.findall(body)) - IGNORED_NAMES
        (in_forms if "post" in attributes.lower() else in_query).update(names)
    for query in _QUERY_LINK.findall(text):
        in_query.update(key for key, _ in parse_qsl(html.unescape(query), keep_blank_values=True))
    return in_query, in_forms
