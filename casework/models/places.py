from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords

from casework.links import path_to
from casework.querysets import CountryQuerySet


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, code: str) -> "Country":
        return self.get(code=code.upper())


class Country(models.Model):
    """A state, keyed by its ISO 3166-1 alpha-2 code. Names come from django-countries,
    translated into the reader's language."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. KZ for Kazakhstan."),
    )
    name_en = models.CharField(
        _("English name"),
        max_length=100,
        help_text=_("English short name, kept for search and sorting; pages show the translated name."),
    )

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return path_to("country-detail", self.code.lower(), kwarg="code")

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def name(self) -> str:
        """The country's name in the active language."""
        return str(countries.name(self.code)) or self.name_en
