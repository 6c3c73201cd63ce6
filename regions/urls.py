from django.urls import path
from django.views.generic import DetailView

from .models import RegionalOffice

app_name = "regions"

urlpatterns = [
    path("regions/<slug:code>/", DetailView.as_view(model=RegionalOffice), name="office_detail"),
]
