"""The case list's filter form. A value it does not know is a form error shown to the
reader, never a server error and never an unfiltered list passed off as a filtered one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import Country
from casework.search import validate_search_text
from casework.vocabularies import AsylumStatus, MilitaryBackground


def country_choices() -> list[tuple[str, str]]:
    """Countries that some public record mentions, by their name in the reader's language."""
    countries = sorted(Country.objects.mentioned(), key=lambda c: c.name)
    return [("", _("Any country")), *((c.code.lower(), c.name) for c in countries)]


class CountryField(forms.ChoiceField):
    """Lists the countries on record, but accepts any ISO country: a country with no
    case yet is an empty result, not a wrong question."""

    def valid_value(self, value: str) -> bool:
        if super().valid_value(value):
            return True
        if len(value) == 2 and Country.objects.filter(code=value.upper()).exists():
            self.choices = [*self.choices, (value, Country(code=value.upper()).name)]
            return True
        return False


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        validators=[validate_search_text],
        widget=forms.SearchInput,
    )
    country = CountryField(label=_("Country"), required=False)
    outcome = forms.ChoiceField(
        label=_("Asylum outcome"), required=False, choices=[("", _("Any outcome")), *AsylumStatus.choices]
    )
    background = forms.ChoiceField(
        label=_("Military background"),
        required=False,
        choices=[("", _("Any background")), *MilitaryBackground.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each message to its control, so a screen reader reads it with the field.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
