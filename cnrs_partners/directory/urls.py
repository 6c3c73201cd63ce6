"""The public directory's addresses, stable since they were first published: French without a prefix,
English under /en/ (the root URLconf wraps them in i18n_patterns). Each export comes before its detail
page, so that no slug can hide it."""

from django.urls import path, re_path

from . import map_views, stats_views, views

app_name = "directory"

urlpatterns = [
    path("labs/", views.LabListView.as_view(), name="lab_list"),
    re_path(r"^labs/export\.(?P<fmt>csv|json)$", views.lab_export, name="lab_export"),
    path("labs/<slug:slug>/", views.lab_detail, name="lab_detail"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    re_path(r"^partners/export\.(?P<fmt>csv|json)$", views.partner_export, name="partner_export"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    re_path(r"^sites/export\.(?P<fmt>csv|json)$", views.site_export, name="site_export"),
    path("sites/<slug:slug>/", views.site_detail, name="site_detail"),
    path("regions/", views.OfficeListView.as_view(), name="office_list"),
    path("regions/<slug:code>/", views.office_detail, name="office_detail"),
    path("map/", map_views.lab_map_page, name="lab_map"),
    path("stats/", stats_views.stats, name="stats"),
    re_path(r"^stats/(?P<chart>[a-z-]+)\.csv$", stats_views.stats_csv, name="stats_csv"),
]
