from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from regions import job_views

from . import backoffice_views, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("cnrs_partners.api.urls")),
    path(
        "sitemap.xml",
        cache_page(60 * 60)(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

urlpatterns += i18n_patterns(
    # The back-office home per role: Django's index with extra context (see backoffice_views.index).
    path("admin/", admin.site.admin_view(backoffice_views.index), name="backoffice_home"),
    path("admin/recent-changes/", backoffice_views.recent_changes, name="backoffice_recent_changes"),
    path("admin/imports/<uuid:job_id>/", job_views.import_job, name="backoffice_import_job"),
    path(
        "admin/imports/<uuid:job_id>/status/",
        job_views.import_job_status,
        name="backoffice_import_job_status",
    ),
    path("admin/", admin.site.urls),
    path("review/", include("agreements.urls")),
    path("", views.home, name="home"),
    path("", include("cnrs_partners.directory.urls")),
    path("", include("cnrs_partners.error_reports.urls")),
    prefix_default_language=False,
)
# No /media/ route, even in development: the only uploads, agreement documents, are private files served
# by agreements.workflow_views.agreement_document after checking who asks.
