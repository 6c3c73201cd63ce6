from django.urls import path
from django.views.generic import DetailView

from .models import Lab, Partner

app_name = "labs"

urlpatterns = [
    path("labs/<slug:slug>/", DetailView.as_view(model=Lab), name="lab_detail"),
    path("partners/<slug:slug>/", DetailView.as_view(model=Partner), name="partner_detail"),
]
