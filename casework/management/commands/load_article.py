"""Load the article's records, as `make run` does, and start their history.

loaddata writes raw rows, which django-simple-history does not record, so editors would
open an article record and find no history at all. Each record without history gets one
entry saying where it came from; loading again adds nothing, so the command is
idempotent.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURE = "fixtures/article.json"
CHANGE_REASON = "Loaded from fixtures/article.json"


class Command(BaseCommand):
    help = "Load fixtures/article.json and record a first history entry for records that have none."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
            started = sum(self.start_history(model) for model in apps.get_app_config("casework").get_models())
        if options["verbosity"]:
            self.stdout.write(f"History started for {started} record(s) that had none.")

    @staticmethod
    def start_history(model) -> int:
        manager = getattr(model, "history", None)
        if manager is None or not hasattr(manager, "bulk_history_create"):
            return 0
        pk_name = model._meta.pk.attname
        recorded = manager.model.objects.values(pk_name)
        missing = list(model._default_manager.exclude(pk__in=recorded))
        if missing:
            manager.bulk_history_create(missing, default_change_reason=CHANGE_REASON)
        return len(missing)
