from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models.base import Cited, Publishable, russian_text
from casework.models.identifiers import wikidata_id_constraints, wikidata_id_field
from casework.querysets import OrganizationQuerySet
from casework.vocabularies import OrganizationKind


class Organization(Publishable, Cited):
    """An NGO, a news outlet, an authority or a service that acts in the cases."""

    name = models.CharField(_("name"), max_length=200)
    name_ru = russian_text(_("name (Russian)"), 200)
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Other spellings or translations of the name, separated by semicolons."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Where it is based, or whose state it belongs to."),
    )
    website = models.URLField(_("website"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))
    wikidata_id = wikidata_id_field(_("The Wikidata item about this organization, e.g. Q42; unique."))

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = wikidata_id_constraints("organization")

    def __str__(self) -> str:
        return self.name
