"""Identifiers other databases give the same person or organization (Wikidata)."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"

validate_wikidata_id = RegexValidator(
    WIKIDATA_ID_PATTERN,
    message=_("Enter a Wikidata item ID: Q followed by its number, e.g. Q42 (not the whole address)."),
    code="invalid_wikidata_id",
)


def wikidata_id_field(help_text: str) -> models.CharField:
    # Room for a pasted address, so that the editor reads how to write the ID rather than
    # a bare length error; the format rule keeps the stored values to Q-numbers.
    return models.CharField(
        _("Wikidata ID"), max_length=64, blank=True, validators=[validate_wikidata_id], help_text=help_text
    )


def wikidata_id_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The format and uniqueness as database rules, so fixtures, imports and the shell obey them too."""
    return [
        models.UniqueConstraint(
            fields=["wikidata_id"],
            condition=~Q(wikidata_id=""),
            name=f"{prefix}_wikidata_id_unique",
            violation_error_message=_("Another record already has this Wikidata ID."),
        ),
        models.CheckConstraint(
            condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
            name=f"{prefix}_wikidata_id_format",
        ),
    ]
