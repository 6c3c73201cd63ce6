"""The public directory's pages: the lists with their filters, the detail pages, and one export view that
downloads any list with its filters.

A view parses the request, calls one selector, renders. Each list reads through its app's selector (a
FilterSet), which its export shares: a download holds exactly the rows of the list.

A lab's, a partner's and a site's page show the day `?on=YYYY-MM-DD` asks for (`forms.as_of`): as it stood
then, with a banner and a link back to today. Such a page is not indexed (`noindex`, in the page and its
headers) and the sitemap never lists one. A date that cannot be read shows today's page with Django's own
message, answered 200 like the page itself.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView, View
from django_filters import FilterSet

from agreements import selectors as agreements_selectors
from labs import selectors as labs_selectors
from labs.facets import lab_facets
from labs.models import LabStatus
from labs.suggestions import FEW_RESULTS, search_suggestions
from regions.export_throttle import throttled_export
from regions.selectors import department_named

from . import exports, selectors
from .forms import AsOf, as_of
from .lab_list import facet_links, label_choices_with_counts, sort_headers
from .lab_map import lab_department_mark

PAGE_SIZE = 50


class DirectoryListView(ListView):
    """A public directory page: a FilterSet built by a selector, PAGE_SIZE rows a page.

    Subclasses give `get_filterset()` and the texts and routes of `templates/generic/directory_list.html`
    (title, breadcrumb, list and export URL names, labels). An invalid filter value (an unknown institute,
    say) shows no row and the form's error instead of silently ignoring the filter. Pagination links keep
    the filters.
    """

    paginate_by = PAGE_SIZE
    template_name = "generic/directory_list.html"
    title: str | Promise = ""
    crumb: str | Promise = ""
    list_url = export_url = ""
    filter_label: str | Promise = ""
    export_label: str | Promise = ""
    caption: str | Promise = ""
    empty_message: str | Promise = ""
    http_method_names = ["get", "head", "options"]
    # Filters that narrow the list: when any is set, the empty state offers to reset them.
    default_values: dict[str, str] = {}

    def get_filterset(self) -> FilterSet:
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.get_filterset()
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["filtered"] = any(
            value and key not in ("page", "sort") and self.default_values.get(key) != value
            for key, value in self.request.GET.items()
        )
        return context


class ExportView(View):
    """A directory list downloaded with its filters, streamed as CSV or JSON (`fmt`, from the URL).

    Configured through `as_view()`: `filterset` is the list's selector (query string → FilterSet, the one
    the HTML list uses), `export` gives what the list exports (fields and columns) for a request,
    `filename` names the file. An invalid filter value downloads an empty list, as the page shows no row.
    """

    http_method_names = ["get", "head"]
    filterset: Callable[..., FilterSet] | None = None
    export: Callable[[HttpRequest], exports.Export] | None = None
    filename = ""

    @method_decorator(throttled_export)
    def get(self, request, fmt: str):
        if self.filterset is None or self.export is None:
            raise ImproperlyConfigured("ExportView.as_view() needs a `filterset` and an `export`.")
        filterset = self.filterset(data=request.GET)
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        return exports.export_response(queryset, self.export(request), fmt=fmt, filename=self.filename)


def lowercase_redirect(view_name: str, value: str):
    """A permanent redirect to the lower-case address when `value` has capitals (DR04 → dr04), else None."""
    if value != value.lower():
        return redirect(view_name, value.lower(), permanent=True)
    return None


class LabListView(DirectoryListView):
    template_name = "directory/lab_list.html"
    title = _("Lab directory")
    crumb = _("Labs")
    list_url = "directory:lab_list"
    export_url = "directory:lab_export"
    filter_label = _("Filter the labs")
    export_label = _("labs")
    caption = _("Labs matching the filters")
    empty_message = _("No lab matches these criteria.")
    context_object_name = "labs"
    default_values = {"status": LabStatus.ACTIVE}

    def get_filterset(self):
        return labs_selectors.lab_list(data=self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.data
        # The partner, site and département filters arrive from other pages (the map) as codes: name them in the
        # active filters.
        context["partner_filter"] = labs_selectors.partner_named(slug=data.get("partner", ""))
        context["site_filter"] = agreements_selectors.site_named(slug=data.get("site", ""))
        context["department_filter"] = department_named(code=data.get("department", ""))
        # How many labs each choice of a filter would list, the other filters kept (a query per filter).
        context["facets"] = facets = lab_facets(filterset=self.filterset)
        context["facet_links"] = []
        if facets is not None:
            label_choices_with_counts(self.filterset.form, facets)
            context["facet_links"] = facet_links(self.request.GET, facets)
        # A search that lists few labs suggests the closest spellings of the directory's words.
        query = data.get("q", "")
        few = facets is not None and context["paginator"].count < FEW_RESULTS
        context["suggestions"] = search_suggestions(query=query) if few and query.strip() else []
        context["sort_headers"] = sort_headers(self.request.GET)
        return context


lab_export = ExportView.as_view(filterset=labs_selectors.lab_list, export=exports.lab_export, filename="labs")


def render_as_of(request, template: str, context: dict, day: AsOf):
    """A detail page shown as of `day`; not for search engines when the address asks for a day."""
    response = render(request, template, {**context, "as_of": day})
    if day.requested:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def lab_detail(request, slug: str):
    if response := lowercase_redirect("directory:lab_detail", slug):
        return response
    day = as_of(request.GET)
    page = selectors.lab_page(slug=slug, on=day.asked)
    context = {"lab": page.lab, "page": page, "department": lab_department_mark(page.lab)}
    return render_as_of(request, "directory/lab_detail.html", context, day)


class PartnerListView(DirectoryListView):
    template_name = "directory/partner_list.html"
    title = _("Partner directory")
    crumb = _("Partners")
    list_url = "directory:partner_list"
    export_url = "directory:partner_export"
    filter_label = _("Filter the partners")
    export_label = _("partners")
    caption = _("Partners matching the filters")
    empty_message = _("No partner matches these criteria.")
    context_object_name = "partners"

    def get_filterset(self):
        return labs_selectors.partner_list(data=self.request.GET)


partner_export = ExportView.as_view(
    filterset=labs_selectors.partner_list, export=exports.partner_export, filename="partners"
)


@require_safe
def partner_detail(request, slug: str):
    if response := lowercase_redirect("directory:partner_detail", slug):
        return response
    day = as_of(request.GET)
    page = selectors.partner_page(slug=slug, on=day.asked)
    context = {
        "partner": page.partner,
        "page": page,
        "supervised": page.supervised,
        "participating": page.participating,
    }
    return render_as_of(request, "directory/partner_detail.html", context, day)


class SiteListView(DirectoryListView):
    template_name = "directory/site_list.html"
    title = _("University sites")
    crumb = _("Sites")
    list_url = "directory:site_list"
    export_url = "directory:site_export"
    filter_label = _("Filter the sites")
    export_label = _("sites")
    caption = _("Sites matching the filters")
    empty_message = _("No site matches these criteria.")
    context_object_name = "sites"

    def get_filterset(self):
        return agreements_selectors.site_list(data=self.request.GET)


site_export = ExportView.as_view(
    filterset=agreements_selectors.site_list, export=exports.site_export, filename="sites"
)


@require_safe
def site_detail(request, slug: str):
    if response := lowercase_redirect("directory:site_detail", slug):
        return response
    day = as_of(request.GET)
    page = selectors.site_page(slug=slug, on=day.asked, page=request.GET.get("page"), per_page=PAGE_SIZE)
    return render_as_of(request, "directory/site_detail.html", {"site": page.site, "page": page}, day)


class OfficeListView(ListView):
    """The regional offices, few enough to be listed whole, without filters."""

    template_name = "directory/office_list.html"
    context_object_name = "offices"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.office_list()


@require_safe
def office_detail(request, code: str):
    if response := lowercase_redirect("directory:office_detail", code):
        return response
    if not code.startswith("dr"):
        raise Http404
    office = selectors.office_page(code=code)
    context = {"office": office, "labs_by_institute": selectors.office_labs_by_institute(office=office)}
    return render(request, "directory/office_detail.html", context)
