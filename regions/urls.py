from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.OfficeListView.as_view(), name="office_list"),
    path("regions/<slug:code>/", views.office_detail, name="office_detail"),
]
