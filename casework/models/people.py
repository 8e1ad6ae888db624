from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.fields import EncryptedCharField, EncryptedTextField
from casework.links import path_to
from casework.models.base import Cited, Publishable, russian_text
from casework.models.identifiers import wikidata_id_constraints, wikidata_id_field
from casework.querysets import CohortQuerySet, PersonQuerySet
from casework.vocabularies import CountQualifier, MilitaryBackground, Situation, Visibility

# Person fields that only staff with the casework.view_restricted permission may see.
# Every public path leaves them out; the API serializers list fields explicitly.
RESTRICTED_PERSON_FIELDS = (
    "legal_name",
    "current_location",
    "contact",
    "risk_notes",
    "internal_notes",
)


class Person(Publishable, Cited):
    """One person whose case Casework follows."""

    display_name = models.CharField(
        _("display name"),
        max_length=200,
        help_text=_("The name the source uses and the public sees; may be a first name or a pseudonym."),
    )
    # Three values: the sources say it is a pseudonym, say it is the real name, or say
    # neither. Most say neither, and "no" would then claim more than they do.
    name_is_pseudonym = models.BooleanField(
        _("name is a pseudonym"),
        null=True,
        blank=True,
        default=None,
        choices=[
            (None, _("Not stated")),
            (True, _("Yes, the sources say so")),
            (False, _("No, the sources give the real name")),
        ],
        help_text=_("Whether the sources say the display name is not the person's real name."),
    )
    name_native = models.CharField(
        _("name in native script"),
        max_length=200,
        blank=True,
        help_text=_("The display name in Cyrillic (or other native script), if the source gives it."),
    )
    citizenship = models.ForeignKey(
        "casework.Country",
        verbose_name=_("citizenship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citizens",
    )
    military_background = models.CharField(
        _("military background"),
        max_length=32,
        choices=MilitaryBackground.choices,
        default=MilitaryBackground.UNKNOWN,
    )
    situation = models.CharField(
        _("current situation"),
        max_length=32,
        choices=Situation.choices,
        default=Situation.UNKNOWN,
        help_text=_(
            "Where the person stands now, in broad terms only (HURIDOCS). Never a place more precise than a country."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))
    wikidata_id = wikidata_id_field(
        _(
            "The Wikidata item about this person, e.g. Q42; unique. Public: only for someone Wikidata already "
            "names as the display name does, never an item that would tie a pseudonym to a real identity."
        )
    )

    # Restricted: staff with casework.view_restricted only; never public. Encrypted at rest,
    # here and in the history rows (casework.crypto).
    legal_name = EncryptedCharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("Restricted. The person's real name when the display name is a pseudonym."),
    )
    # Staff find a legal name by exact match on this keyed hash; the name itself is encrypted.
    legal_name_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    current_location = EncryptedCharField(_("current location"), max_length=200, blank=True, help_text=_("Restricted."))
    contact = EncryptedTextField(_("contact"), blank=True, help_text=_("Restricted."))
    risk_notes = EncryptedTextField(
        _("risk notes"), blank=True, help_text=_("Restricted. Threats, pursuit, what must not be published.")
    )
    internal_notes = EncryptedTextField(_("internal notes"), blank=True, help_text=_("Restricted."))

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_name", "slug"]
        # The public lists' order over published rows only: page 1 reads 20 index entries.
        indexes = [
            models.Index(
                fields=["display_name", "slug"],
                name="person_public_name",
                condition=Q(visibility=Visibility.PUBLISHED),
            ),
            # The case list's order (casework.selectors.CaseRows).
            models.Index(
                Lower("display_name"), "id", name="person_public_folded", condition=Q(visibility=Visibility.PUBLISHED)
            ),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = wikidata_id_constraints("person")
        permissions = [
            ("view_restricted", _("Can see and edit restricted person fields")),
            ("publish", _("Can publish and unpublish records")),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return path_to("case-detail", self.slug)


class Cohort(Publishable, Cited):
    """People the source counts together ("six soldiers") without naming all of them.

    ``size`` is the count the source gives; ``members`` are only the people it names.
    Never invent people to fill the count.
    """

    name = models.CharField(_("name"), max_length=200)
    name_ru = russian_text(_("name (Russian)"), 200)
    size = models.PositiveIntegerField(_("size"), help_text=_("How many people the source counts."))
    size_qualifier = models.CharField(
        _("size qualifier"),
        max_length=16,
        choices=CountQualifier.choices,
        default=CountQualifier.EXACT,
    )
    members = models.ManyToManyField(
        "casework.Person",
        verbose_name=_("known members"),
        blank=True,
        related_name="cohorts",
        help_text=_("Only the people the sources identify; the rest stay a number."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name", "slug"]
        indexes = [
            models.Index(
                fields=["name", "slug"], name="cohort_public_name", condition=Q(visibility=Visibility.PUBLISHED)
            ),
            models.Index(
                Lower("name"), "id", name="cohort_public_folded", condition=Q(visibility=Visibility.PUBLISHED)
            ),
        ]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="cohort_size_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_to("cohort-detail", self.slug)

    @property
    def size_is_exact(self) -> bool:
        """False when the source gives the count loosely ("at least six", "about six")."""
        return self.size_qualifier == CountQualifier.EXACT
