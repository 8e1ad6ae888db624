from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework import public_cache, signals, sync

        signals.connect()
        public_cache.connect()
        sync.connect()
