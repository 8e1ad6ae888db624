import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from casework import dates
from tests.factories import EventFactory


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("2023-22", "2023-06-01", "2023-08-31"),  # summer
        ("2022-12", "2022-12-01", "2022-12-31"),  # a month
        ("2024-02", "2024-02-01", "2024-02-29"),  # a leap February
        ("2024-05/2024-10", "2024-05-01", "2024-10-31"),  # an interval
        ("2024~", "2024-01-01", "2024-12-31"),  # approximate year
        ("2024-10-16", "2024-10-16", "2024-10-16"),  # a day the source gives
    ],
)
def test_bounds_of_vague_dates(value, earliest, latest):
    bounds = dates.bounds(value)
    assert (bounds.earliest, bounds.latest) == (dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest))


def test_an_open_start_has_no_earliest_day():
    assert dates.bounds("../2024-10") == dates.DateBounds(None, dt.date(2024, 10, 31))


@pytest.mark.parametrize("value", ["whenever", "2024-13", "2023-02-30", "2024-10/2023-01", "20233"])
def test_malformed_dates_are_rejected_with_what_edtf_expects(value):
    with pytest.raises(ValidationError) as excinfo:
        dates.validate_edtf(value)
    message = " ".join(excinfo.value.messages)
    assert value in message
    if "ends before" not in message:
        assert "2023-22 summer" in message and "2022-12" in message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2023-22", "summer 2023"),
        ("2022-12", "December 2022"),
        ("2024~", "about 2024"),
        ("2024?", "2024, uncertain"),
        ("2024-05/2024-10", "May 2024 to October 2024"),
        ("../2024-10", "by October 2024"),
        ("2024-10-16", "16 October 2024"),
        ("", ""),
    ],
)
def test_readable_rendering(value, text):
    with translation.override("en"):
        assert dates.display(value) == text


@pytest.mark.django_db
def test_saving_derives_the_bounds_and_a_bad_date_never_reaches_the_database():
    event = EventFactory(date="2023-22")
    event.refresh_from_db()
    assert (event.date_earliest, event.date_latest) == (dt.date(2023, 6, 1), dt.date(2023, 8, 31))

    event.date = "2024-02"
    event.save()
    event.refresh_from_db()
    assert event.date_latest == dt.date(2024, 2, 29)

    event.date = "last summer"
    with pytest.raises(ValidationError):
        event.save()
    event.refresh_from_db()
    assert event.date == "2024-02"


@pytest.mark.django_db
def test_model_validation_names_the_field():
    event = EventFactory.build(date="summer 2023")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean(exclude=["person", "from_country", "to_country", "slug"])
    assert "date" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("summer 2023", "2023-22"),
        ("spring 2024", "2024-21"),
        ("early 2026", "2026-01/2026-04"),
        ("circa 2025", "2025~"),
    ],
)
def test_a_date_in_words_is_rejected_with_the_edtf_for_it(value, suggestion):
    # "summer 2023" used to get the whole EDTF help; one suggestion is quicker to act on.
    with pytest.raises(ValidationError) as excinfo:
        dates.validate_edtf(value)
    (message,) = excinfo.value.messages
    assert f"write {suggestion} (it reads as" in message
    dates.validate_edtf(suggestion)


@pytest.mark.parametrize(
    "value",
    [
        "2023", "2022-12", "2024-02", "2023-02", "2024-02-29", "2024-10-16", "2023-21", "2023-22", "2023-23",
        "2023-24", "2024~", "2024?", "2024%", "2024-05~", "2024-05-03?", "2024-05/2024-10",
        "../2024-10", "2023-05/..", "2022/2023", "2024-22/2025", "2023-24/2024-21", "2024-05?/2024-10~",
        "2019-12-31/2020-01-01", " 2023-05 ",
    ],
)  # fmt: skip
def test_plain_forms_read_without_the_grammar_agree_with_it(value):
    parsed = dates.parse(value)
    expected = (dates._to_date(parsed.lower_strict()), dates._to_date(parsed.upper_strict()))
    if value.strip().startswith(".."):
        expected = (None, expected[1])
    if value.strip().endswith(".."):
        expected = (expected[0], None)
    assert dates._quick_bounds(value.strip()) == dates.DateBounds(*expected)
    assert dates.bounds(value) == dates.DateBounds(*expected)


@pytest.mark.parametrize(
    "value",
    ["2023-02-30", "2024-22~", "2023-13", "2023-00", "2024-25", "2023-21-01", "2024/2023", "../..", "2023-XX", "/2024"],
)
def test_other_forms_go_to_the_grammar(value):
    assert dates._quick_bounds(value) is None
