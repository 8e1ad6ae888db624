"""The two editorial groups: Editor (add, change, submit for review) and Reviewer (also
publish, unpublish and delete). Neither sees restricted person fields: an administrator
grants casework.view_restricted to the few people who must, one by one."""

from django.db import migrations

MODELS = (
    "organization",
    "person",
    "cohort",
    "asylumoutcome",
    "charge",
    "prosecution",
    "event",
    "statistic",
    "source",
    "citation",
)


def editor_codenames():
    codenames = {"view_country"}
    for model in MODELS:
        codenames |= {f"view_{model}", f"add_{model}", f"change_{model}"}
    # Removing a wrong citation is part of correcting a record.
    codenames.add("delete_citation")
    return codenames


def reviewer_codenames():
    return editor_codenames() | {f"delete_{model}" for model in MODELS} | {"publish"}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the last migration; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editor", editor_codenames()), ("Reviewer", reviewer_codenames())):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="casework", codename__in=codenames)
        missing = codenames - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
