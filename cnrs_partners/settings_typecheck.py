"""The settings mypy's Django plugin loads the models with (pyproject.toml, `[tool.django-stubs]`).

The plugin names each model's manager after its class; django-modeltranslation replaces the managers with
classes it builds at run time, which no module defines. Without it, the models are checked as their
modules declare them; the translated fields (`name_fr`, `name_en`…) are annotated on the models. The admin
app goes too: its registry would build the translated models' admins, which need modeltranslation.
"""

from .settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in {"modeltranslation", "django.contrib.admin"}]  # noqa: F405
