"""Public pages of the regional offices, and the base of every public directory list."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from . import selectors

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
    title = crumb = list_url = export_url = filter_label = export_label = caption = empty_message = ""
    http_method_names = ["get", "head", "options"]
    # Filters that narrow the list: when any is set, the empty state offers to reset them.
    default_values: dict[str, str] = {}

    def get_filterset(self):
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


def lowercase_redirect(view_name: str, value: str):
    """A permanent redirect to the lower-case address when `value` has capitals (DR04 → dr04), else None."""
    if value != value.lower():
        return redirect(view_name, value.lower(), permanent=True)
    return None


class OfficeListView(ListView):
    template_name = "regions/office_list.html"
    context_object_name = "offices"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.office_list()


@require_safe
def office_detail(request, code: str):
    if response := lowercase_redirect("regions:office_detail", code):
        return response
    if not code.startswith("dr"):
        raise Http404
    office = selectors.office_detail(code=code)
    context = {"office": office, "labs_by_institute": selectors.office_labs_by_institute(office=office)}
    return render(request, "regions/office_detail.html", context)
