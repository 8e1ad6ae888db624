"""Reviewers triage readers' error reports (view, change the status, delete). Editors do
not see them: a report may carry a sender's contact, which is restricted like a person's."""

from django.db import migrations

CODENAMES = {"view_errorreport", "change_errorreport", "delete_errorreport"}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the last migration; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    reviewer.permissions.add(*Permission.objects.filter(content_type__app_label="casework", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Reviewer"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="casework", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0010_errorreport"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
