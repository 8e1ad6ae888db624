"""The full-text indexes of casework/search.py rebuilt with the Russian text of records
(0024), PostgreSQL only. The field lists are frozen copies of casework.search.SEARCH_FIELDS
for the models whose index changes; a test keeps them equal."""

from django.db import migrations

CONFIG = "english"

BEFORE = {
    "person": ("display_name", "name_native", "summary"),
    "cohort": ("name", "summary"),
    "organization": ("name", "aliases", "summary"),
    "event": ("summary",),
    "asylumoutcome": ("summary",),
    "charge": ("name", "legal_reference", "other_penalties", "summary"),
    "prosecution": ("sentence", "summary"),
    "statistic": ("metric", "wording", "summary"),
    "countrycondition": ("summary",),
    "source": ("title", "publisher", "summary"),
}

SEARCH_FIELDS = {
    "person": ("display_name", "name_native", "summary", "summary_ru"),
    "cohort": ("name", "summary", "name_ru", "summary_ru"),
    "organization": ("name", "aliases", "summary", "name_ru", "summary_ru"),
    "event": ("summary", "summary_ru"),
    "asylumoutcome": ("summary", "summary_ru"),
    "charge": ("name", "legal_reference", "other_penalties", "summary", "name_ru", "summary_ru"),
    "prosecution": ("sentence", "summary", "sentence_ru", "summary_ru"),
    "statistic": ("metric", "wording", "summary", "metric_ru", "wording_ru", "summary_ru"),
    "countrycondition": ("summary", "summary_ru"),
    "source": ("title", "publisher", "summary", "summary_ru"),
}


def _index(fields):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return lambda model_name: GinIndex(SearchVector(*fields, config=CONFIG), name=f"{model_name}_search")


def _swap(old_fields, new_fields):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for model_name in new_fields:
            model = apps.get_model("casework", model_name)
            schema_editor.remove_index(model, _index(old_fields[model_name])(model_name))
            schema_editor.add_index(model, _index(new_fields[model_name])(model_name))

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0024_record_text_in_russian")]

    operations = [migrations.RunPython(_swap(BEFORE, SEARCH_FIELDS), _swap(SEARCH_FIELDS, BEFORE))]
