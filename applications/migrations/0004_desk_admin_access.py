from django.db import migrations

from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS


def grant_admin_access(apps, schema_editor):
    # The desk lives in the Wagtail admin, which admits only holders of access_admin.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for name in (CASEWORKERS, SENIOR_CASEWORKERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def revoke_admin_access(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is None:
        return
    for group in Group.objects.filter(name__in=[CASEWORKERS, SENIOR_CASEWORKERS]):
        group.permissions.remove(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_applications"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant_admin_access, revoke_admin_access)]
