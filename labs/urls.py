from django.urls import path, re_path

from . import views

app_name = "labs"

urlpatterns = [
    path("labs/", views.LabListView.as_view(), name="lab_list"),
    re_path(r"^labs/export\.(?P<fmt>csv|json)$", views.lab_export, name="lab_export"),
    path("labs/<slug:slug>/", views.lab_detail, name="lab_detail"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    re_path(r"^partners/export\.(?P<fmt>csv|json)$", views.partner_export, name="partner_export"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
]
