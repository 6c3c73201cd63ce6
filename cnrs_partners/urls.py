from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from labs import urls as labs_urls

from . import backoffice_views, views
from .sitemaps import SITEMAPS

# The lab directory's pages that also show sites and agreements live in this package (an app may not
# import from an app to its right); they keep their `labs:` names beside the app's own routes.
labs_patterns = [
    path("labs/", views.LabListView.as_view(), name="lab_list"),
    path("labs/<slug:slug>/", views.lab_detail, name="lab_detail"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
    *labs_urls.urlpatterns,
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "sitemap.xml",
        cache_page(60 * 60)(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("admin/recent-changes/", backoffice_views.recent_changes, name="backoffice_recent_changes"),
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("", include((labs_patterns, labs_urls.app_name))),
    path("", include("agreements.urls")),
    path("", include("regions.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
