"""The sitemap: every public page, in French and in English, with each page's language alternates."""

from typing import ClassVar

from django.contrib.sitemaps import Sitemap
from django.db.models import Model
from django.urls import reverse

from agreements.models import Site
from labs.models import Lab, Partner
from regions.models import RegionalOffice


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class DirectorySitemap(BilingualSitemap):
    """The home page, the directory lists and the statistics page."""

    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "directory:lab_list",
            "directory:partner_list",
            "directory:site_list",
            "directory:office_list",
            "directory:lab_map",
            "directory:stats",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(BilingualSitemap):
    changefreq = "monthly"
    model: ClassVar[type[Model] | None] = None

    def items(self):
        return self.model.objects.only("pk", "updated_at", *self.fields).order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class LabSitemap(ModelSitemap):
    model = Lab
    fields = ("slug",)
    priority = 0.6


class PartnerSitemap(ModelSitemap):
    model = Partner
    fields = ("slug",)
    priority = 0.5


class SiteSitemap(ModelSitemap):
    model = Site
    fields = ("slug",)
    priority = 0.5


class OfficeSitemap(ModelSitemap):
    model = RegionalOffice
    fields = ("code",)
    priority = 0.5


SITEMAPS = {
    "directory": DirectorySitemap,
    "labs": LabSitemap,
    "partners": PartnerSitemap,
    "sites": SiteSitemap,
    "offices": OfficeSitemap,
}
