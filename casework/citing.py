"""How to cite Casework's records: one wording for the pages, the API and the snapshots."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _


def cite_as(record: models.Model, url: str, *, accessed: dt.date | None = None) -> str:
    """Who made the record, what it is, where it lives and under which licence.

    The API and the snapshots give no access date, so that the line stays the same while
    the record does (a daily delta would otherwise repeat every record); pages add the day
    the reader saw them."""
    licence = settings.DATA_LICENCE
    where = f"{url}, {_('accessed')} {accessed:%Y-%m-%d}" if accessed else url
    return f"{licence['attribution']}, “{record}”, Casework, {where} ({licence['name']})."
