"""What the sources say about how a country treats deserters: its entry rules, the risk
of being sent or taken back, detention, penalties."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models.base import Cited, Dated, Publishable, choice_label, russian_text
from casework.querysets import CountryConditionQuerySet
from casework.vocabularies import ConditionTopic, Visibility


class CountryCondition(Publishable, Cited, Dated):
    """One claim the sources make about a country's treatment of deserters, as a pattern
    rather than one person's case ("deserters could enter Armenia without a passport").
    ``date`` is when the sources say it held; empty when they do not say."""

    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="conditions",
        help_text=_("The country whose treatment of deserters the sources describe."),
    )
    topic = models.CharField(_("topic"), max_length=32, choices=ConditionTopic.choices)
    summary = models.TextField(
        _("summary"),
        help_text=_("What the sources say, no more: keep their hedges (“reports of”, “many”)."),
    )
    summary_ru = russian_text(_("summary (Russian)"))

    objects = CountryConditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["country", "topic", "slug"]
        verbose_name = _("country condition")
        verbose_name_plural = _("country conditions")
        indexes = [
            # Dated.Meta's index, named within the 30 characters a name may have.
            models.Index(fields=["date_earliest", "date_latest"], name="condition_dates"),
            models.Index(
                fields=["country", "topic", "slug"],
                name="condition_public_country",
                condition=Q(visibility=Visibility.PUBLISHED),
            ),
        ]
        constraints = [*Dated.Meta.constraints]

    def __str__(self) -> str:
        return f"{self.country_id}: {choice_label(self, 'topic')}"

    def get_absolute_url(self) -> str:
        return self.country.get_absolute_url()
