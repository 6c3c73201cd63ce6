from django.urls import path, re_path

from . import views

app_name = "agreements"

urlpatterns = [
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    re_path(r"^sites/export\.(?P<fmt>csv|json)$", views.site_export, name="site_export"),
    path("sites/<slug:slug>/", views.site_detail, name="site_detail"),
]
