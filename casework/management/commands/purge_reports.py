"""Delete error reports closed more than 90 days ago. Run it daily (cron, a systemd timer):

python manage.py purge_reports
"""

from django.core.management.base import BaseCommand

from casework.reports import reports_purge


class Command(BaseCommand):
    help = "Delete error reports that were closed (marked done) more than 90 days ago."

    def handle(self, *args, **options):
        deleted = reports_purge()
        self.stdout.write(f"Deleted {deleted} error report(s) closed more than 90 days ago.")
