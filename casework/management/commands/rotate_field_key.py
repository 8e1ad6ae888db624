"""Re-encrypt every restricted value with the first FIELD_ENCRYPTION_KEY (docs/security.md).

1. Make a new key and set FIELD_ENCRYPTION_KEY="NEW,OLD" on every app server (restart).
2. python manage.py rotate_field_key
3. Set FIELD_ENCRYPTION_KEY="NEW" (restart). The old key decrypts nothing any more;
   backups taken before step 2 still need it.
"""

from django.core.management.base import BaseCommand

from casework.services import restricted_fields_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt restricted person fields (and their history) with the first FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options) -> None:
        written = restricted_fields_reencrypt()
        self.stdout.write(f"Re-encrypted {written} rows (persons and their history) with the first key.")
