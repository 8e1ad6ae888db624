from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models.base import Cited, Dated, Publishable, russian_text
from casework.querysets import StatisticQuerySet
from casework.vocabularies import EventType, StatisticQualifier


class Statistic(Publishable, Cited, Dated):
    """An aggregate figure a source reports that is not a prosecution count
    ("tens of thousands deserted or refused to fight"). ``date`` is the period it covers."""

    metric = models.CharField(_("what is counted"), max_length=300, help_text=_("In the source's own terms."))
    metric_ru = russian_text(_("what is counted (Russian)"), 300)
    value_low = models.PositiveBigIntegerField(
        _("lowest value"), null=True, blank=True, help_text=_("The figure, or the low end of a range.")
    )
    value_high = models.PositiveBigIntegerField(
        _("highest value"),
        null=True,
        blank=True,
        help_text=_("The high end of a range; empty for a single figure."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=16, choices=StatisticQualifier.choices, default=StatisticQualifier.EXACT
    )
    wording = models.CharField(
        _("source's wording"),
        max_length=200,
        blank=True,
        help_text=_("The figure as the source words it, e.g. 'tens of thousands'."),
    )
    wording_ru = russian_text(_("source's wording (Russian)"), 200)
    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statistics",
    )
    reported_by = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_statistics",
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))
    counts_event_types = models.JSONField(
        _("counts the same as events of type"),
        default=list,
        blank=True,
        help_text=_(
            "The event types whose people this figure counts, e.g. desertion and refusal to fight for "
            "“deserted or refused to fight”. The statistics page sets the figure beside the people whose "
            "published records hold such an event in its period, and nothing else; leave empty when no "
            "record counts the same thing."
        ),
    )

    objects = StatisticQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["metric", "slug"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(
                condition=Q(value_low__isnull=False) | Q(value_high__isnull=False),
                name="statistic_has_value",
            ),
            models.CheckConstraint(
                condition=Q(value_low__isnull=True)
                | Q(value_high__isnull=True)
                | Q(value_low__lte=models.F("value_high")),
                name="statistic_values_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.metric

    def clean(self) -> None:
        super().clean()
        types = self.counts_event_types
        if not isinstance(types, list) or any(value not in EventType.values for value in types):
            raise ValidationError(
                {
                    "counts_event_types": _("Give a list of event types: %(types)s.")
                    % {"types": ", ".join(EventType.values)}
                }
            )
