from django.db import migrations

from cms.roles import POLICY_APPROVERS, POLICY_EDITORS

# Policy staff keep the activity code lists: correct names, add a missing code.
ACTIONS = ("add", "change", "delete", "view")


def _permission(apps, codename):
    # As in 0002: on a fresh database the permissions are created after migrations.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="activitycode")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[POLICY_EDITORS, POLICY_APPROVERS]):
        for action in ACTIONS:
            group.permissions.add(_permission(apps, f"{action}_activitycode"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[POLICY_EDITORS, POLICY_APPROVERS]):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="cms", content_type__model="activitycode"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_activity_codes"), ("cms", "0002_policy_roles")]

    operations = [migrations.RunPython(grant, revoke)]
