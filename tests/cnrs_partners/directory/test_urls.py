"""The public directory's addresses did not move when its pages took one namespace, `directory`: every page
of a former name answers at the same path, in French and in English."""

import pytest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import translation

# Former name (and arguments) → its name in the `directory` namespace and the path it has always had.
FORMER_NAMES = {
    ("labs:lab_list",): ("directory:lab_list", "/labs/"),
    ("labs:lab_export", "csv"): ("directory:lab_export", "/labs/export.csv"),
    ("labs:lab_export", "json"): ("directory:lab_export", "/labs/export.json"),
    ("labs:lab_detail", "umr-8502"): ("directory:lab_detail", "/labs/umr-8502/"),
    ("labs:partner_list",): ("directory:partner_list", "/partners/"),
    ("labs:partner_export", "csv"): ("directory:partner_export", "/partners/export.csv"),
    ("labs:partner_export", "json"): ("directory:partner_export", "/partners/export.json"),
    ("labs:partner_detail", "amu"): ("directory:partner_detail", "/partners/amu/"),
    ("agreements:site_list",): ("directory:site_list", "/sites/"),
    ("agreements:site_export", "csv"): ("directory:site_export", "/sites/export.csv"),
    ("agreements:site_export", "json"): ("directory:site_export", "/sites/export.json"),
    ("agreements:site_detail", "paris-saclay"): ("directory:site_detail", "/sites/paris-saclay/"),
    ("regions:office_list",): ("directory:office_list", "/regions/"),
    ("regions:office_detail", "dr04"): ("directory:office_detail", "/regions/dr04/"),
}


@pytest.mark.parametrize("former", FORMER_NAMES, ids=lambda former: "-".join(former))
def test_every_former_public_address_answers_at_the_same_path(client, directory, former):
    _, *args = former
    name, path = FORMER_NAMES[former]
    with translation.override("fr"):
        assert reverse(name, args=args) == path
        assert resolve(path).view_name == name
    assert client.get(path).status_code == 200
    with translation.override("en"):
        assert reverse(name, args=args) == f"/en{path}"
        assert resolve(f"/en{path}").view_name == name
    assert client.get(f"/en{path}").status_code == 200


@pytest.mark.parametrize("former", FORMER_NAMES, ids=lambda former: "-".join(former))
def test_the_former_names_are_gone(former):
    name, *args = former
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args)


@pytest.mark.parametrize("language, prefix", [("fr", ""), ("en", "/en")])
def test_the_models_link_to_their_directory_pages(directory, language, prefix):
    with translation.override(language):
        assert directory["lps"].get_absolute_url() == f"{prefix}/labs/umr-8502/"
        assert directory["marseille"].get_absolute_url() == f"{prefix}/partners/amu/"
        assert directory["site"].get_absolute_url() == f"{prefix}/sites/paris-saclay/"
        assert directory["lps"].regional_office.get_absolute_url() == f"{prefix}/regions/dr04/"
