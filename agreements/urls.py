"""The coordinators' review pages, mounted at /review/ (namespace "review"), and the agreement workflow's
actions (`workflow_views`)."""

from django.urls import path

from . import views, workflow_views

app_name = "review"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("sites/<slug:slug>/", views.site_detail, name="site_detail"),
    path("sites/<slug:slug>/reviews/", views.review_note_create_view, name="review_note_create"),
    path("agreements/<int:pk>/status/", workflow_views.agreement_status, name="agreement_status"),
    path("agreements/<int:pk>/renew/", workflow_views.agreement_renew, name="agreement_renew"),
    path("agreements/<int:pk>/document/", workflow_views.agreement_document, name="agreement_document"),
]
