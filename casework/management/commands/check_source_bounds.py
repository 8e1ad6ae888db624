"""List every record whose date reaches past the newest source that reports it, published
or not; exit with status 1 when there is any (for CI and a daily check):

python manage.py check_source_bounds
"""

from django.core.management.base import BaseCommand, CommandError

from casework.bounds import overreaching_records
from casework.sync import RESOURCE_NAMES


class Command(BaseCommand):
    help = "List the records whose date reaches past the newest source citing them; exit 1 if any."

    def handle(self, *args, **options):
        found = 0
        for overreach in overreaching_records():
            found += 1
            record = overreach.record
            self.stdout.write(f"{RESOURCE_NAMES[type(record)]}/{record.slug}: {overreach.message()}")
        if found:
            raise CommandError(f"{found} record(s) dated past the newest source that reports them.")
        self.stdout.write("Every dated record ends by the newest source that reports it.")
