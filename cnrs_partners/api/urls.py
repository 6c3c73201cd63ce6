"""The API's addresses, under /api/v1/ (not translated: one address per resource whatever the language;
the schema's descriptions follow `?lang=fr|en`, French by default)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("labs/", views.LabList.as_view(), name="lab_list"),
    path("labs/<str:rnsr>/", views.LabDetail.as_view(), name="lab_detail"),
    path("partners/", views.PartnerList.as_view(), name="partner_list"),
    path("partners/<str:code>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path("sites/", views.SiteList.as_view(), name="site_list"),
    path("sites/<str:slug>/", views.SiteDetail.as_view(), name="site_detail"),
    path("agreements/", views.AgreementList.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement_detail"),
    path("pia-projects/", views.PiaProjectList.as_view(), name="pia_project_list"),
    path("pia-projects/<int:pk>/", views.PiaProjectDetail.as_view(), name="pia_project_detail"),
    path("offices/", views.OfficeList.as_view(), name="office_list"),
    path("offices/<str:code>/", views.OfficeDetail.as_view(), name="office_detail"),
    path("institutes/", views.InstituteList.as_view(), name="institute_list"),
    path("institutes/<str:acronym>/", views.InstituteDetail.as_view(), name="institute_detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="swagger_ui",
    ),
    path("redoc/", views.Redoc.as_view(url_name="api:schema"), name="redoc"),
]
