"""casework.links.path_to gives what reverse() gives, for every view it serves."""

import pytest
from django.urls import reverse
from django.utils import translation

from casework.links import path_to


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "view_name,kwarg,keys",
    [
        ("case-detail", "slug", ["alexander", "mikhail-zhilin", "a", "cases", "x_1"]),
        ("cohort-detail", "slug", ["six-russian-soldiers-france-2024", "ru"]),
        ("country-detail", "code", ["kz", "fr", "ru"]),
        ("source-detail", "slug", ["the-article", "s"]),
        ("api:person-detail", "slug", ["alexander", "api", "v1"]),
        ("api:country-detail", "code", ["KZ", "fr"]),
    ],
)
def test_the_path_is_the_one_reverse_gives(language, view_name, kwarg, keys):
    with translation.override(language):
        for key in keys:
            assert path_to(view_name, key, kwarg=kwarg) == reverse(view_name, kwargs={kwarg: key})


def test_a_key_a_path_cannot_hold_as_it_is_goes_through_reverse():
    with pytest.raises(Exception, match="Reverse"):
        path_to("case-detail", "not a slug")
