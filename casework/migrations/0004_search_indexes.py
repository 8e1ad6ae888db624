"""GIN indexes for full-text search (casework/search.py), PostgreSQL only.

Each index is built from the very expression the search filters on, so the planner can
use it. Other databases search with a plain substring match and get nothing here. The
field lists are frozen copies of casework.search.SEARCH_FIELDS; a test keeps them equal.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"

SEARCH_FIELDS = {
    "person": ("display_name", "name_native", "summary"),
    "cohort": ("name", "summary"),
    "organization": ("name", "aliases", "summary"),
    "event": ("summary",),
    "asylumoutcome": ("summary",),
    "charge": ("name", "legal_reference", "other_penalties", "summary"),
    "prosecution": ("sentence", "summary"),
    "statistic": ("metric", "wording", "summary"),
    "source": ("title", "publisher", "summary"),
    "country": ("code", "name_en"),
    "citation": ("quote",),
}


def index_name(model_name: str) -> str:
    return f"{model_name}_search"


def indexes(apps):
    for model_name, fields in SEARCH_FIELDS.items():
        model = apps.get_model("casework", model_name)
        yield model, GinIndex(SearchVector(*fields, config=CONFIG), name=index_name(model_name))


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_editorial_groups")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
