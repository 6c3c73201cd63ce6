from django.urls import path, re_path

from . import views

app_name = "labs"

# The lab list and the lab and partner pages are cross-app pages: cnrs_partners/urls.py adds them to this
# namespace.

urlpatterns = [
    re_path(r"^labs/export\.(?P<fmt>csv|json)$", views.lab_export, name="lab_export"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    re_path(r"^partners/export\.(?P<fmt>csv|json)$", views.partner_export, name="partner_export"),
]
