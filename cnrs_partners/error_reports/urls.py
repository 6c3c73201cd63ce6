"""The public "Report an error" pages, beside the pages they report on (French without a prefix, English
under /en/), in a namespace of their own that the public pages' cache leaves alone."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("labs/<slug:key>/report/", views.report_form, {"kind": "lab"}, name="lab_report"),
    path("partners/<slug:key>/report/", views.report_form, {"kind": "partner"}, name="partner_report"),
    path("sites/<slug:key>/report/", views.report_form, {"kind": "site"}, name="site_report"),
    path("regions/<slug:key>/report/", views.report_form, {"kind": "office"}, name="office_report"),
    path("reports/<slug:reference>/", views.report_detail, name="report_detail"),
]
