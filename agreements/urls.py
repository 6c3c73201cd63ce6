from django.urls import path
from django.views.generic import DetailView

from .models import Site

app_name = "agreements"

urlpatterns = [
    path("sites/<slug:slug>/", DetailView.as_view(model=Site), name="site_detail"),
]
