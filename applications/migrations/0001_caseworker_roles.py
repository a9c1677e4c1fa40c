from django.db import migrations

from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS


def create_caseworker_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (CASEWORKERS, SENIOR_CASEWORKERS):
        Group.objects.get_or_create(name=name)


def remove_caseworker_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[CASEWORKERS, SENIOR_CASEWORKERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_caseworker_roles, remove_caseworker_roles)]
